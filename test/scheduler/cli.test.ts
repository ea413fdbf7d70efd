/** The scheduler CLI's table commands against a real DynamoDB-compatible server (dynalite). */
import { main } from '../../bin/scheduler';
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { LocalDynamo } from '../helpers/dynalite';
import { kst } from './fixtures';

const dynamo = new LocalDynamo();
let store: SchedulerStore;

async function cli(args: string[], at = '2026-11-23 20:00') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--endpoint', dynamo.endpoint], { out: (t) => out.push(t), err: (t) => err.push(t), now: () => kst(at) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  await dynamo.start();
  store = new SchedulerStore(dynamo.client, await dynamo.createSchedulerTables('example'));
});
afterAll(() => dynamo.stop());

test('seed writes the configuration once and keeps what operators changed', async () => {
  const first = await cli(['seed']);
  expect(first.code).toBe(0);
  expect(first.out).toContain('schedule Development');
  expect(first.out).toContain('group GROUP5');
  expect(first.out).toContain('holiday COMPANY 2026-12-31');
  expect((await store.loadTables()).holidays).toEqual([{ Calendar: 'COMPANY', Date: '2026-12-31', Name: 'Year-end company holiday' }]);
  await store.updateSchedule('Development', { StopTime: '21:00' });
  const second = await cli(['seed']);
  expect(second.out).toMatch(/^written: nothing\nkept/);
  expect((await store.getSchedule('Development'))!.StopTime).toBe('21:00');
  await cli(['seed', '--overwrite']);
  expect(await store.getSchedule('Development')).toMatchObject({ StopTime: '22:00', SkipHolidays: 'KR,COMPANY', TagValue: 'Development' });
  expect((await store.loadTables()).groups.find((g) => g.GroupName === 'GROUP3')).toEqual({
    GroupName: 'GROUP3',
    ScheduleName: 'Development',
    InstanceType: 'EC2',
    Dependency: ['GROUP1', 'GROUP2'],
  });
});

test("extend postpones today's stop, by a time or a duration, replacing the earlier extension", async () => {
  const byTime = await cli(['extend', 'Development', '--until', '23:30']);
  expect(byTime).toMatchObject({ code: 0, out: expect.stringMatching(/^Development now stops at 23:30 on 2026-11-23/) });
  const byDuration = await cli(['extend', 'Development', '--for', '1h']);
  expect(byDuration.code).toBe(1);
  expect(byDuration.err).toBe('error: 23:30 + 1h is past midnight; extend until a time before 24:00, or add exceptions for tomorrow');
  const shorter = await cli(['extend', 'Development', '--for', '20m']);
  expect(shorter.out).toMatch(/^Development now stops at 23:50 on 2026-11-23/);
  const stops = (await store.loadTables()).exceptions.filter((e) => e.ExceptionType === 'stop' && e.ExceptionDate === '2026-11-23');
  expect(stops.map((e) => e.ExceptionValue)).toEqual(['23:50']);

  const list = await cli(['list', '--json']);
  const [development] = JSON.parse(list.out);
  expect(development).toMatchObject({ name: 'Development', desiredNow: 'running', next: { kind: 'stop', at: '2026-11-23T23:50:00+09:00' } });
});

test('skip, exception add and remove, force', async () => {
  expect((await cli(['skip', 'Development', '--date', '2026-11-25'])).out).toMatch(/^Development will not start on 2026-11-25/);
  const added = await cli(['exception', 'add', '--schedule', 'Development', '--date', '2026-11-26', '--type', 'start', '--value', '7:5']);
  expect(added.code).toBe(1);
  expect(added.err).toBe('error: value "7:5" is neither None nor a time HH:MM');
  const ok = await cli(['exception', 'add', '--schedule', 'Development', '--date', '2026-11-26', '--type', 'start', '--value', '7:05']);
  const id = /exception ([0-9a-f-]{36})/.exec(ok.out)![1];
  expect(ok.out).toContain('Development start 07:05 on 2026-11-26');
  expect((await cli(['exception', 'remove', '--id', id])).code).toBe(0);
  expect((await cli(['exception', 'remove', '--id', id])).err).toBe(`error: no exception with id "${id}"`);

  expect((await cli(['force', 'Development', 'start'])).out).toBe('Development is kept running until `force Development none`');
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStart: true, ForceStop: false });
  const listed = await cli(['list']);
  expect(listed.out).toContain('Development (tag Development): weekdays 09:30-22:00, skipping KR,COMPANY holidays, Asia/Seoul, forced to start');
  await cli(['force', 'Development', 'none']);
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStart: false, ForceStop: false });
});

test('force with an end: --until the next time the clock shows it, --for from now; the listing shows it; none drops it', async () => {
  // 20:00 in Seoul: 23:00 is tonight, 08:00 tomorrow morning.
  expect((await cli(['force', 'Development', 'start', '--until', '23:00'])).out).toBe('Development is kept running until 2026-11-23T23:00:00+09:00');
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStart: true, ForceStop: false, ForceUntil: '2026-11-23T23:00:00+09:00' });
  const listed = await cli(['list']);
  expect(listed.out).toContain('forced to start until 2026-11-23T23:00:00+09:00');
  expect(listed.out).toContain('next: force-ends at 2026-11-23T23:00:00+09:00');
  expect((await cli(['list'], '2026-11-23 23:00')).out).not.toContain('forced');

  expect((await cli(['force', 'Development', 'stop', '--until', '08:00'])).out).toBe('Development is kept stopped until 2026-11-24T08:00:00+09:00');
  expect((await cli(['force', 'Development', 'start', '--for', '3h'])).out).toBe('Development is kept running until 2026-11-23T23:00:00+09:00');
  expect((await cli(['force', 'Development', 'start', '--for', '3 hours'])).err).toBe(
    'error: "3 hours" is not a duration such as 2h, 90m or 1h30m (under 24h)',
  );
  expect(await cli(['force', 'Development', 'none', '--for', '3h'])).toMatchObject({
    code: 2,
    err: 'error: force SCHEDULE none takes no --until or --for (see --help)',
  });

  await cli(['force', 'Development', 'none']);
  const released = await store.getSchedule('Development');
  expect(released).toMatchObject({ ForceStart: false, ForceStop: false });
  expect(released).not.toHaveProperty('ForceUntil');
});

test('holiday add, list and remove: KR by default, other calendars by --calendar, built-in days neither added twice nor removed', async () => {
  expect((await cli(['holiday', 'add', '2027-03-15', '임시공휴일'])).out).toBe('added KR holiday 2027-03-15 임시공휴일');
  expect((await cli(['holiday', 'add', '2027-01-04', 'Founding', 'day', '--calendar', 'COMPANY'])).out).toBe('added COMPANY holiday 2027-01-04 Founding day');
  expect(await cli(['holiday', 'add', '2027-03-15', 'again'])).toMatchObject({
    code: 1,
    err: 'error: KR already has 2027-03-15 in the holidays table; remove it first to rename it',
  });
  expect((await cli(['holiday', 'add', '2027-03-01', 'dup'])).err).toBe('error: 2027-03-01 is already a KR public holiday (Independence Movement Day)');
  expect((await cli(['holiday', 'add', '2027-02-29', 'x'])).err).toBe('error: holiday "KR 2027-02-29": Date "2027-02-29" is not a date YYYY-MM-DD');
  expect((await cli(['holiday', 'add', '2027-03-16', 'x', '--calendar', 'company'])).err).toMatch(
    /^error: holiday "company 2027-03-16": Calendar "company" is not a calendar name/,
  );

  const listed = await cli(['holiday', 'list', '--year', '2027']);
  expect(listed.out).toContain('2027-03-15  KR       임시공휴일  (added)');
  expect(listed.out).toContain('2027-01-04  COMPANY  Founding day  (added)');
  expect(listed.out).toContain('2027-03-01  KR       Independence Movement Day');
  const company = JSON.parse((await cli(['holiday', 'list', '--year', '2027', '--calendar', 'COMPANY', '--json'])).out);
  expect(company).toEqual([{ calendar: 'COMPANY', date: '2027-01-04', name: 'Founding day', source: 'table' }]);

  expect((await cli(['holiday', 'remove', '2027-03-01'])).err).toBe(
    'error: 2027-03-01 is a built-in KR holiday (Independence Movement Day), which cannot be removed; to work that day, add a start exception',
  );
  expect((await cli(['holiday', 'remove', '2027-03-15'])).out).toBe('removed KR holiday 2027-03-15 임시공휴일');
  expect((await cli(['holiday', 'remove', '2027-03-15'])).err).toBe('error: the holidays table has no KR day on 2027-03-15');
  expect((await cli(['holiday', 'remove', '2027-01-04', '--calendar', 'COMPANY'])).code).toBe(0);
  expect(await cli(['holiday', 'frob'])).toMatchObject({ code: 2, err: 'error: holiday needs add, remove or list (see --help)' });
});

test('mistakes get a clear message and change nothing', async () => {
  const before = await store.loadTables();
  expect(await cli(['extend', 'Staging', '--for', '1h'])).toMatchObject({ code: 1, err: 'error: no schedule named "Staging"; schedules: Development' });
  expect((await cli(['extend', 'Development', '--for', 'two hours'])).err).toBe('error: "two hours" is not a duration such as 2h, 90m or 1h30m (under 24h)');
  expect((await cli(['extend', 'Development', '--until', '19:00'])).err).toBe('error: 19:00 has already passed today in Asia/Seoul');
  expect((await cli(['skip', 'Development', '--date', '2026-02-30'])).err).toBe('error: date "2026-02-30" is not a date YYYY-MM-DD');
  expect(await cli(['force', 'Development', 'maybe'])).toMatchObject({ code: 2, err: 'error: force needs SCHEDULE and one of start, stop, none (see --help)' });
  expect(await cli(['frobnicate'])).toMatchObject({ code: 2, out: '', err: 'error: unknown command "frobnicate" (see --help)' });
  // What a command lacks is a usage error too, before any table is read.
  expect(await cli(['extend'])).toMatchObject({ code: 2, err: 'error: extend needs a schedule name (see --help)' });
  expect(await cli(['skip', 'Development'])).toMatchObject({ code: 2, err: 'error: skip needs --date YYYY-MM-DD (see --help)' });
  expect(await cli(['exception', 'add', '--schedule', 'Development'])).toMatchObject({ code: 2, err: 'error: exception needs --date (see --help)' });
  expect((await cli(['list', '--env', 'staging'])).err).toMatch(/^error: Invalid configuration .*: no configuration file for environment "staging"/);
  expect(await store.loadTables()).toEqual(before);
});

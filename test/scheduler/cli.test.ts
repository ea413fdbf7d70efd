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
  expect(byDuration.err).toBe('23:30 + 1h is past midnight; extend until a time before 24:00, or add exceptions for tomorrow');
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
  expect(added.err).toBe('value "7:5" is neither None nor a time HH:MM');
  const ok = await cli(['exception', 'add', '--schedule', 'Development', '--date', '2026-11-26', '--type', 'start', '--value', '7:05']);
  const id = /exception ([0-9a-f-]{36})/.exec(ok.out)![1];
  expect(ok.out).toContain('Development start 07:05 on 2026-11-26');
  expect((await cli(['exception', 'remove', '--id', id])).code).toBe(0);
  expect((await cli(['exception', 'remove', '--id', id])).err).toBe(`no exception with id "${id}"`);

  expect((await cli(['force', 'Development', 'start'])).out).toBe('Development is kept running until `force Development none`');
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStart: true, ForceStop: false });
  const listed = await cli(['list']);
  expect(listed.out).toContain('forced to start');
  await cli(['force', 'Development', 'none']);
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStart: false, ForceStop: false });
});

test('mistakes get a clear message and change nothing', async () => {
  const before = await store.loadTables();
  expect(await cli(['extend', 'Staging', '--for', '1h'])).toMatchObject({ code: 1, err: 'no schedule named "Staging"; schedules: Development' });
  expect((await cli(['extend', 'Development', '--for', 'two hours'])).err).toBe('"two hours" is not a duration such as 2h, 90m or 1h30m (under 24h)');
  expect((await cli(['extend', 'Development', '--until', '19:00'])).err).toBe('19:00 has already passed today in Asia/Seoul');
  expect((await cli(['skip', 'Development', '--date', '2026-02-30'])).err).toBe('date "2026-02-30" is not a date YYYY-MM-DD');
  expect((await cli(['force', 'Development', 'maybe'])).err).toBe('force needs SCHEDULE and one of start, stop, none');
  expect((await cli(['frobnicate'])).code).toBe(2);
  expect((await cli(['list', '--env', 'staging'])).err).toMatch(/no configuration file for environment "staging"/);
  expect(await store.loadTables()).toEqual(before);
});

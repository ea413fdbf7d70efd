/** The scheduler's DynamoDB access against a real DynamoDB-compatible server (dynalite). */
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { LocalDynamo } from '../helpers/dynalite';
import { exception, group, scheduleItem } from './fixtures';

const dynamo = new LocalDynamo();
let store: SchedulerStore;
let run = 0;

beforeAll(() => dynamo.start());
afterAll(() => dynamo.stop());
beforeEach(async () => {
  run++;
  store = new SchedulerStore(dynamo.client, await dynamo.createSchedulerTables(`t${run}`));
});

test('tables round-trip in their public item shapes', async () => {
  await store.putSchedule(scheduleItem({ SkipHolidays: 'KR', WarnMinutes: 15 }));
  await store.putGroup(group('GROUP5', ['GROUP1', 'GROUP2']));
  const e = exception('2026-11-23', 'stop', '23:30');
  await store.putException(e);

  const tables = await store.loadTables();
  expect(tables.schedules).toEqual([scheduleItem({ SkipHolidays: 'KR', WarnMinutes: 15 })]);
  expect(tables.groups).toEqual([group('GROUP5', ['GROUP1', 'GROUP2'])]);
  expect(tables.exceptions).toEqual([e]);
  expect(await store.getSchedule('Development')).toEqual(scheduleItem({ SkipHolidays: 'KR', WarnMinutes: 15 }));
});

test('scans read every page', async () => {
  // 60 items of 20 KB exceed the 1 MB a Scan page returns.
  for (let i = 0; i < 60; i++) await store.putGroup({ ...group(`G${i}`), Notes: 'x'.repeat(20_000) } as never);
  expect((await store.loadTables()).groups).toHaveLength(60);
});

test('seeding only if absent keeps what operators changed', async () => {
  expect(await store.putSchedule(scheduleItem(), { onlyIfAbsent: true })).toBe(true);
  await store.updateSchedule('Development', { StopTime: '23:00' });
  expect(await store.putSchedule(scheduleItem(), { onlyIfAbsent: true })).toBe(false);
  expect((await store.getSchedule('Development'))!.StopTime).toBe('23:00');
});

test('updating a schedule that does not exist changes nothing', async () => {
  expect(await store.updateSchedule('Nope', { ForceStart: true })).toBe(false);
  expect(await store.getSchedule('Nope')).toBeUndefined();
});

test('exceptions are removed by id', async () => {
  const e = exception('2026-11-24', 'start', 'None');
  await store.putException(e);
  expect(await store.deleteException(e.ExceptionUuid)).toBe(true);
  expect(await store.deleteException(e.ExceptionUuid)).toBe(false);
  expect((await store.loadTables()).exceptions).toEqual([]);
});

test('states are saved only when they change', async () => {
  const now = new Date('2026-11-23T00:30:00Z');
  const states = { Development: { lastDesired: 'running' as const, warnedStopAt: '2026-11-23T13:00:00.000Z' } };
  expect(await store.saveStates(states, {}, now)).toBe(1);
  const loaded = (await store.loadStateTable()).states;
  expect(loaded).toEqual(states);
  expect(await store.saveStates(loaded, loaded, now)).toBe(0);
  expect(await store.saveStates({ Development: { lastDesired: 'stopped' } }, loaded, now)).toBe(1);
  expect((await store.loadStateTable()).states).toEqual({ Development: { lastDesired: 'stopped' } });
});

test('the lease lets one invocation in at a time, and expires', async () => {
  const now = new Date('2026-11-23T00:30:00Z');
  expect(await store.acquireLease('a', now, 60_000)).toBe(true);
  expect(await store.acquireLease('b', new Date(now.getTime() + 59_000), 60_000)).toBe(false);
  await store.releaseLease('b'); // not b's lease: nothing happens
  expect(await store.acquireLease('b', new Date(now.getTime() + 30_000), 60_000)).toBe(false);
  expect(await store.acquireLease('b', new Date(now.getTime() + 61_000), 60_000)).toBe(true);
  await store.releaseLease('b');
  expect(await store.acquireLease('c', new Date(now.getTime() + 62_000), 60_000)).toBe(true);
});

test('two invocations racing for the lease: exactly one wins', async () => {
  const now = new Date('2026-11-23T00:30:00Z');
  const results = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => store.acquireLease(owner, now, 60_000)));
  expect(results.filter(Boolean)).toHaveLength(1);
});

test("an Auto Scaling group's saved sizes round-trip in the state table, apart from the schedules' states", async () => {
  expect(await store.loadAsgCapacity('dev-workers')).toBeUndefined();
  await store.saveStates({ Development: { lastDesired: 'stopped' } }, {}, new Date('2026-11-23T13:00:00Z'));
  await store.saveAsgCapacity(
    'dev-workers',
    { minSize: 1, maxSize: 4, desiredCapacity: 2, instanceTypes: ['t3.large', 't3.large'] },
    new Date('2026-11-23T13:00:00Z'),
  );
  await store.saveAsgCapacity('dev-batch', { minSize: 0, maxSize: 2, desiredCapacity: 1 }, new Date('2026-11-23T13:00:00Z'));
  expect(await store.loadAsgCapacity('dev-workers')).toEqual({ minSize: 1, maxSize: 4, desiredCapacity: 2, instanceTypes: ['t3.large', 't3.large'] });
  expect(await store.loadAsgCapacity('dev-batch')).toEqual({ minSize: 0, maxSize: 2, desiredCapacity: 1 });
  // The tick's one scan gives the states and every group's saved sizes.
  expect(await store.loadStateTable()).toEqual({
    states: { Development: { lastDesired: 'stopped' } },
    asgCapacities: new Map([
      ['dev-workers', { minSize: 1, maxSize: 4, desiredCapacity: 2, instanceTypes: ['t3.large', 't3.large'] }],
      ['dev-batch', { minSize: 0, maxSize: 2, desiredCapacity: 1 }],
    ]),
  });
  // A later stop saves what the group ran then.
  await store.saveAsgCapacity('dev-workers', { minSize: 2, maxSize: 4, desiredCapacity: 3 }, new Date('2026-11-24T13:00:00Z'));
  expect(await store.loadAsgCapacity('dev-workers')).toEqual({ minSize: 2, maxSize: 4, desiredCapacity: 3 });
});

/**
 * Two weeks of 5-minute ticks through the real Lambda handler: DynamoDB is a real local server (dynalite);
 * EC2, RDS, Auto Scaling and SNS are aws-sdk-client-mock stubs backed by a fleet that takes time to start and
 * stop, with one instance that finds no capacity until the last day and an Auto Scaling group stopped to 0 and
 * restored. Someone forces the schedule on for an evening with an expiry. Every start and stop time, their
 * order, and every alert are checked.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { localParts } from '../../lambda/core/zoned-time';
import { LocalDynamo } from '../helpers/dynalite';
import { FakeFleet, type FakeAsg, type FakeInstance } from './fake-fleet';
import { exception, group, kst, scheduleItem } from './fixtures';

const dynamo = new LocalDynamo();
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:ap-northeast-2:123456789012:sim-notifications';
let clock = 0;

const tagged = (group: string, name?: string) => ({ ScheduleName: 'Development', ScheduleGroup: group, ...(name ? { Name: name } : {}) });
const fleetInstances = (): FakeInstance[] => [
  { id: 'dev-aurora', kind: 'AURORA', tags: tagged('DB'), state: 'stopped' },
  { id: 'dev-cache', kind: 'RDS', tags: tagged('CACHE'), state: 'stopped' },
  { id: 'i-api1', kind: 'EC2', tags: tagged('API', 'api-1'), state: 'stopped' },
  { id: 'i-api2', kind: 'EC2', tags: tagged('API', 'api-2'), state: 'stopped' },
  { id: 'i-batch1', kind: 'EC2', tags: tagged('BATCH', 'batch-1'), state: 'stopped' },
  { id: 'i-batch2', kind: 'EC2', tags: tagged('BATCH', 'batch-2'), state: 'stopped', failsToStart: true },
  { id: 'i-staging', kind: 'EC2', tags: { ScheduleName: 'Staging', ScheduleGroup: 'API' }, state: 'running' },
  { id: 'i-untagged', kind: 'EC2', tags: { Name: 'untagged' }, state: 'running' },
];
/** Left running over the weekend before: the first tick stops it, saving its sizes for every start after. */
const workers = (): FakeAsg => ({
  name: 'dev-workers',
  tags: tagged('WORKERS'),
  min: 1,
  max: 3,
  desired: 2,
  instanceType: 't3.large',
  instances: [
    { id: 'i-w1', lifecycle: 'InService' },
    { id: 'i-w2', lifecycle: 'InService' },
  ],
});

const local = (ms: number) => {
  const p = localParts(new Date(ms), 'Asia/Seoul');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
};
const plus = (date: string, time: string, minutes: number) => local(kst(`${date} ${time}`).getTime() + minutes * 60_000);

interface Day {
  date: string;
  /** First tick that sees the start (later than 09:30 after an outage). */
  start?: string;
  stop: string;
  apiAtStop?: string[];
  /** The stop is the end of a forced start (ForceUntil), and the warning says so. */
  forceEnds?: boolean;
  /** Capacity for i-batch2 came back: the try that started it, and the failures before. */
  batch2Starts?: { at: string; failures: number };
}

const BATCH2 = 'batch-2 (i-batch2) of BATCH (Development)';

/**
 * What one working day must look like, derived from the fleet's timings (RDS/Aurora take two ticks, EC2 and the
 * Auto Scaling group one). i-batch2 is refused at +15 (announced), +20 and +30 (alerted), +50, +80 and every
 * 30 minutes after, its group not held back; WORKERS, an Auto Scaling group, comes up and goes down beside BATCH.
 */
function expectedDay(day: Day): { calls: string[]; alerts: string[] } {
  const start = day.start ?? '09:30';
  const api = day.apiAtStop ?? ['i-api1', 'i-api2'];
  const batch = day.batch2Starts ? ['i-batch1', 'i-batch2'] : ['i-batch1'];
  const at = (time: string, minutes: number) => plus(day.date, time, minutes);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const running = 3 + api.length + batch.length;
  const back = day.batch2Starts;
  return {
    calls: [
      `${at(start, 0)} start dev-aurora`,
      `${at(start, 0)} start dev-cache`,
      `${at(start, 10)} start i-api1,i-api2`,
      `${at(start, 15)} start i-batch1`,
      `${at(start, 15)} start dev-workers`,
      ...(back ? [`${at(back.at, 0)} start i-batch2`] : []),
      `${at(day.stop, 0)} stop ${batch.join(',')}`,
      `${at(day.stop, 0)} stop dev-workers`,
      `${at(day.stop, 5)} stop ${api.join(',')}`,
      `${at(day.stop, 10)} stop dev-aurora`,
      `${at(day.stop, 10)} stop dev-cache`,
    ],
    alerts: [
      `${at(start, 0)} info Starting DB of Development: 1 instance`,
      `${at(start, 0)} info Starting CACHE of Development: 1 instance`,
      `${at(start, 10)} info Starting API of Development: 2 instances`,
      `${at(start, 15)} info Starting BATCH of Development: 2 instances`,
      `${at(start, 15)} info Starting WORKERS of Development: 1 instance`,
      `${at(start, 15)} warning No capacity to start ${BATCH2}; retrying`,
      `${at(start, 30)} failure ${BATCH2} still cannot start after 3 attempts: no capacity`,
      ...(back
        ? [
            `${at(back.at, 5)} success ${BATCH2} started after ${back.failures} capacity failures`,
            `${at(back.at, 5)} success Development is up: 7 instances running`,
          ]
        : []),
      `${at(day.stop, -10)} warning Development stops at ${day.stop}${day.forceEnds ? ', when its forced start ends' : ''}: ${running} instances still running`,
      `${at(day.stop, 0)} info Stopping BATCH of Development: ${n(batch.length, 'instance')}`,
      `${at(day.stop, 0)} info Stopping WORKERS of Development: 1 instance`,
      `${at(day.stop, 5)} info Stopping API of Development: ${n(api.length, 'instance')}`,
      `${at(day.stop, 10)} info Stopping DB of Development: 1 instance`,
      `${at(day.stop, 10)} info Stopping CACHE of Development: 1 instance`,
      `${at(day.stop, 20)} success Development is down: 7 instances stopped`,
    ],
  };
}

beforeAll(() => dynamo.start());
afterAll(() => dynamo.stop());

test('two weeks around Chuseok 2026: every action and alert at its time and in dependency order', async () => {
  const tables = await dynamo.createSchedulerTables('sim');
  const store = new SchedulerStore(dynamo.client, tables);
  await store.putSchedule(scheduleItem({ SkipHolidays: 'KR' }));
  for (const g of [
    group('DB', [], { InstanceType: 'AURORA' }),
    group('CACHE', [], { InstanceType: 'RDS' }),
    group('API', ['DB', 'CACHE']),
    group('BATCH', ['API']),
    group('WORKERS', ['API'], { InstanceType: 'ASG' }),
  ]) {
    await store.putGroup(g);
  }
  await store.putException(exception('2026-09-22', 'stop', '23:30')); // someone postponed Tuesday's stop
  await store.putException(exception('2026-09-29', 'start', 'None')); // and skipped next Tuesday

  Object.assign(process.env, {
    SCHEDULES_TABLE: tables.schedules,
    GROUPS_TABLE: tables.groups,
    EXCEPTIONS_TABLE: tables.exceptions,
    STATE_TABLE: tables.state,
    HOLIDAYS_TABLE: tables.holidays,
    NOTIFICATIONS_TOPIC_ARN: TOPIC,
    SCHEDULE_TAG_KEY: 'ScheduleName',
    GROUP_TAG_KEY: 'ScheduleGroup',
    DEFAULT_TIMEZONE: 'Asia/Seoul',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    // No log line or metric is checked here, and 4,000 invocations of them would only be written to the void below.
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const alerts: string[] = [];
  sns.on(PublishCommand).callsFake(({ Message }) => {
    const n = JSON.parse(Message!) as { severity: string; title: string };
    alerts.push(`${local(clock)} ${n.severity} ${n.title}`);
    return { MessageId: String(alerts.length) };
  });
  const fleet = new FakeFleet(fleetInstances(), () => clock, [workers()]);
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const { handler } = require('../../lambda/scheduler/handler') as typeof import('../../lambda/scheduler/handler');

  const from = kst('2026-09-21 00:00').getTime();
  const to = kst('2026-10-05 00:00').getTime();
  const outage = [kst('2026-09-30 09:25').getTime(), kst('2026-09-30 09:50').getTime()];
  let ticks = 0;
  const restored: string[] = [];
  let stoppedOnHoliday: Record<string, number> | undefined;
  try {
    for (clock = from; clock < to; clock += 5 * 60_000) {
      jest.setSystemTime(clock);
      fleet.advance();
      if (clock === kst('2026-09-28 14:00').getTime()) fleet.manual('i-api1', 'stopped'); // stopped by hand: left alone
      if (clock === kst('2026-10-01 20:00').getTime()) {
        // Someone keeps the servers up for the evening, until 23:30; the force ends by itself.
        await store.updateSchedule('Development', { ForceStart: true, ForceUntil: '2026-10-01T23:30:00+09:00' });
      }
      if (clock === kst('2026-10-02 11:00').getTime()) fleet.instances.get('i-batch2')!.failsToStart = false; // capacity is back
      if (local(clock).endsWith(' 12:00')) {
        const g = fleet.groups.get('dev-workers')!;
        restored.push(`${local(clock).slice(0, 10)} ${g.min}/${g.max}/${g.desired} ${g.instances.filter((m) => m.lifecycle === 'InService').length}`);
      }
      if (clock >= outage[0] && clock <= outage[1]) continue; // the Lambda did not run
      const context = { awsRequestId: `tick-${ticks}`, getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
      const summary = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);
      if (clock === kst('2026-09-25 12:00').getTime()) stoppedOnHoliday = summary.stoppedBySize;
      ticks++;
      // The checks read the fleet's own record; the stubs' call history (every command, its result and a stack)
      // would otherwise grow for 4,000 ticks.
      for (const stub of [fleet.ec2, fleet.rds, fleet.autoScaling, sns]) stub.resetHistory();
    }
  } finally {
    jest.useRealTimers();
    jest.restoreAllMocks();
  }

  const days: Day[] = [
    { date: '2026-09-21', stop: '22:00' },
    { date: '2026-09-22', stop: '23:30' },
    { date: '2026-09-23', stop: '22:00' },
    // 24-26: Chuseok; 27: Sunday
    // i-api1 stopped by hand at 14:00: its group had come up, so the transition kept open for i-batch2 leaves it alone.
    { date: '2026-09-28', stop: '22:00', apiAtStop: ['i-api2'] },
    // 29: start skipped by an exception
    { date: '2026-09-30', start: '09:55', stop: '22:00' },
    // Forced on at 20:00 until 23:30: no warning before 22:00, one before the force ends, the stop when it ends.
    { date: '2026-10-01', stop: '23:30', forceEnds: true },
    // The schedule runs as before the force; capacity for i-batch2 is back at 11:00, its next try (the 6th) starts it.
    { date: '2026-10-02', stop: '22:00', batch2Starts: { at: '11:20', failures: 5 } },
  ];
  const expected = days.map(expectedDay);
  // The first tick finds the Auto Scaling group left running and stops it, saving its sizes.
  const firstTick = {
    calls: ['2026-09-21 00:00 stop dev-workers'],
    alerts: ['2026-09-21 00:00 info Stopping WORKERS of Development: 1 instance', '2026-09-21 00:05 success Development is down: 7 instances stopped'],
  };
  const calls = fleet.calls.map((c) => `${local(c.at)} ${c.action} ${[...c.ids].sort().join(',')}`);
  expect(ticks).toBe(14 * 288 - 6);
  expect([...calls].sort()).toEqual([...firstTick.calls, ...expected.flatMap((d) => d.calls)].sort());
  expect([...alerts].sort()).toEqual([...firstTick.alerts, ...expected.flatMap((d) => d.alerts)].sort());
  // Each working day at noon the group runs with the sizes saved at the first stop; at the end it is at 0 again.
  expect(restored.filter((r) => !r.endsWith('0/0/0 0'))).toEqual(days.map((d) => `${d.date} 1/3/2 2`));
  expect(fleet.groups.get('dev-workers')).toMatchObject({ min: 0, max: 0, desired: 0, instances: [] });
  expect(await store.loadAsgCapacity('dev-workers')).toEqual({ minSize: 1, maxSize: 3, desiredCapacity: 2, instanceTypes: ['t3.large', 't3.large'] });
  // On Chuseok everything is down; the group counts the instances it ran, from the sizes the tick's state scan found.
  expect(stoppedOnHoliday).toEqual({ 'unknown-ec2': 4, 'unknown-rds': 1, 'unknown-aurora': 1, 't3.large': 2 });
  // Every call is pinned to its tick, so the order between dependency levels is checked too; within a tick
  // (DB and CACHE together) the order does not matter.
  expect(fleet.instances.get('i-staging')!.state).toBe('running');
  expect(fleet.instances.get('i-untagged')!.state).toBe('running');
}, 300_000);

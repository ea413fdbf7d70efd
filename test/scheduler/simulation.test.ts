/**
 * Two weeks of 5-minute ticks through the real Lambda handler: DynamoDB is a real local server (dynalite);
 * EC2, RDS and SNS are aws-sdk-client-mock stubs backed by a fleet that takes time to start and stop, with one
 * instance that never starts. Every start and stop time, their order, and every alert are checked.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { localParts } from '../../lambda/core/zoned-time';
import { LocalDynamo } from '../helpers/dynalite';
import { FakeFleet, type FakeInstance } from './fake-fleet';
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
  stopAt?: string;
  apiAtStop?: string[];
}

/** What one working day must look like, derived from the fleet's timings (RDS/Aurora take two ticks, EC2 one). */
function expectedDay(day: Day): { calls: string[]; alerts: string[] } {
  const start = day.start ?? '09:30';
  const api = day.apiAtStop ?? ['i-api1', 'i-api2'];
  const at = (time: string, minutes: number) => plus(day.date, time, minutes);
  const stopLabel = day.stopAt ?? day.stop;
  return {
    calls: [
      `${at(start, 0)} start dev-aurora`,
      `${at(start, 0)} start dev-cache`,
      `${at(start, 10)} start i-api1,i-api2`,
      `${at(start, 15)} start i-batch1`,
      `${at(day.stop, 0)} stop i-batch1`,
      `${at(day.stop, 5)} stop ${api.join(',')}`,
      `${at(day.stop, 10)} stop dev-aurora`,
      `${at(day.stop, 10)} stop dev-cache`,
    ],
    alerts: [
      `${at(start, 0)} info Starting DB of Development: 1 instance`,
      `${at(start, 0)} info Starting CACHE of Development: 1 instance`,
      `${at(start, 10)} info Starting API of Development: 2 instances`,
      `${at(start, 15)} info Starting BATCH of Development: 2 instances`,
      `${at(start, 15)} failure Could not start 1 instance of BATCH (Development)`,
      `${at(start, 40)} failure BATCH of Development did not reach running within 20 minutes`,
      `${at(day.stop, -10)} warning Development stops at ${stopLabel}: ${3 + api.length} instances still running`,
      `${at(day.stop, 0)} info Stopping BATCH of Development: 1 instance`,
      `${at(day.stop, 5)} info Stopping API of Development: ${api.length === 1 ? '1 instance' : `${api.length} instances`}`,
      `${at(day.stop, 10)} info Stopping DB of Development: 1 instance`,
      `${at(day.stop, 10)} info Stopping CACHE of Development: 1 instance`,
      `${at(day.stop, 20)} success Development is down: 6 instances stopped`,
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
  });
  const alerts: string[] = [];
  sns.on(PublishCommand).callsFake(({ Message }) => {
    const n = JSON.parse(Message!) as { severity: string; title: string };
    alerts.push(`${local(clock)} ${n.severity} ${n.title}`);
    return { MessageId: String(alerts.length) };
  });
  const fleet = new FakeFleet(fleetInstances(), () => clock);
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
  try {
    for (clock = from; clock < to; clock += 5 * 60_000) {
      jest.setSystemTime(clock);
      fleet.advance();
      if (clock === kst('2026-09-28 14:00').getTime()) fleet.manual('i-api1', 'stopped'); // stopped by hand: left alone
      if (clock >= outage[0] && clock <= outage[1]) continue; // the Lambda did not run
      const context = { awsRequestId: `tick-${ticks}`, getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
      await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);
      ticks++;
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
    { date: '2026-09-28', stop: '22:00', apiAtStop: ['i-api2'] },
    // 29: start skipped by an exception
    { date: '2026-09-30', start: '09:55', stop: '22:00' },
    { date: '2026-10-01', stop: '22:00' },
    { date: '2026-10-02', stop: '22:00' },
  ];
  const expected = days.map(expectedDay);
  const calls = fleet.calls.map((c) => `${local(c.at)} ${c.action} ${[...c.ids].sort().join(',')}`);
  expect(ticks).toBe(14 * 288 - 6);
  expect([...calls].sort()).toEqual(expected.flatMap((d) => d.calls).sort());
  expect([...alerts].sort()).toEqual(expected.flatMap((d) => d.alerts).sort());
  // Every call is pinned to its tick, so the order between dependency levels is checked too; within a tick
  // (DB and CACHE together) the order does not matter.
  expect(fleet.instances.get('i-staging')!.state).toBe('running');
  expect(fleet.instances.get('i-untagged')!.state).toBe('running');
}, 300_000);

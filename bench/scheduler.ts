/**
 * One scheduler tick at growing fleet sizes: the decision time (pure core) and the AWS API calls a whole tick
 * makes (EC2 and RDS through the real AwsFleet on stubbed clients that page like the real APIs; DynamoDB
 * through a counting in-memory store). Figures should grow linearly; 10,000 instances should decide well
 * under a second.
 *
 *   npm run --silent bench:scheduler
 */
import { DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, StartDBClusterCommand, StartDBInstanceCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsFleet } from '../lambda/scheduler/adapters/fleet';
import { decideTick, type ObservedInstance, type ScheduleState } from '../lambda/scheduler/core/decide';
import { createHolidayCalendar } from '../lambda/scheduler/core/holidays';
import type { GroupItem, ScheduleItem, SchedulerTables } from '../lambda/scheduler/core/model';
import { runTick, type TickStore } from '../lambda/scheduler/tick';

const GROUPS_PER_SCHEDULE = 10;
const holidays = createHolidayCalendar();

interface World {
  tables: SchedulerTables;
  instances: ObservedInstance[];
}

/** `groups` groups in chains of ten per schedule: the last group of each chain holds 2 RDS instances, the others 22 EC2 (20 a group on average). */
function world(groups: number): World {
  const schedules: ScheduleItem[] = [];
  const groupItems: GroupItem[] = [];
  const instances: ObservedInstance[] = [];
  for (let g = 0; g < groups; g++) {
    const s = Math.floor(g / GROUPS_PER_SCHEDULE);
    const level = g % GROUPS_PER_SCHEDULE;
    if (level === 0) {
      schedules.push({
        ScheduleName: `S${s}`,
        TagValue: `S${s}`,
        DaysActive: 'weekdays',
        Enabled: true,
        StartTime: '09:30',
        StopTime: '22:00',
        SkipHolidays: 'KR',
      });
    }
    const kind = level === GROUPS_PER_SCHEDULE - 1 ? 'RDS' : 'EC2';
    groupItems.push({ GroupName: `G${g}`, ScheduleName: `S${s}`, InstanceType: kind, Dependency: level === 0 ? [] : [`G${g - 1}`] });
    for (let i = 0; i < (kind === 'RDS' ? 2 : 22); i++) {
      instances.push({
        id: kind === 'EC2' ? `i-${g}-${i}` : `db-${g}-${i}`,
        kind,
        name: `n${g}-${i}`,
        scheduleTag: `S${s}`,
        groupTag: `G${g}`,
        state: 'stopped',
      });
    }
  }
  return { tables: { schedules, groups: groupItems, exceptions: [] }, instances };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function decisionMs(w: World, now: Date, states: Record<string, ScheduleState>): number {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = process.hrtime.bigint();
    decideTick({ now, defaultTimezone: 'Asia/Seoul', tables: w.tables, instances: w.instances, states, holidays });
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(runs);
}

async function apiCalls(w: World, now: Date, states: Record<string, ScheduleState>): Promise<{ aws: Map<string, number>; dynamo: number }> {
  const ec2 = mockClient(EC2Client);
  const rds = mockClient(RDSClient);
  const ec2Instances = w.instances.filter((i) => i.kind === 'EC2');
  const dbs = w.instances.filter((i) => i.kind === 'RDS');
  const tags = (i: ObservedInstance) => [
    { Key: 'ScheduleName', Value: i.scheduleTag },
    { Key: 'ScheduleGroup', Value: i.groupTag! },
    { Key: 'Name', Value: i.name! },
  ];
  ec2.on(DescribeInstancesCommand).callsFake(({ Filters, NextToken, MaxResults }) => {
    const values = new Set(Filters?.[0]?.Values ?? []);
    const matching = ec2Instances.filter((i) => values.has(i.scheduleTag));
    const start = Number(NextToken ?? 0);
    const end = start + (MaxResults ?? 1000);
    return {
      Reservations: [{ Instances: matching.slice(start, end).map((i) => ({ InstanceId: i.id, State: { Name: 'stopped' }, Tags: tags(i) })) }],
      NextToken: end < matching.length ? String(end) : undefined,
    };
  });
  rds.on(DescribeDBInstancesCommand).callsFake(({ Marker, MaxRecords }) => {
    const start = Number(Marker ?? 0);
    const end = start + (MaxRecords ?? 100);
    return {
      DBInstances: dbs.slice(start, end).map((i) => ({ DBInstanceIdentifier: i.id, DBInstanceStatus: 'stopped', TagList: tags(i) })),
      Marker: end < dbs.length ? String(end) : undefined,
    };
  });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
  for (const command of [StartInstancesCommand, StopInstancesCommand]) ec2.on(command).resolves({});
  rds.on(StartDBInstanceCommand).resolves({});
  rds.on(StartDBClusterCommand).resolves({});

  let dynamo = 0;
  const store: TickStore = {
    acquireLease: async () => {
      dynamo++;
      return true;
    },
    releaseLease: async () => void dynamo++,
    loadTables: async () => {
      dynamo += 3;
      return w.tables;
    },
    loadStateTable: async () => {
      dynamo++;
      return { states, asgCapacities: new Map() };
    },
    saveStates: async (next, loaded) => {
      const changed = Object.keys(next).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(loaded[k])).length;
      dynamo += changed;
      return changed;
    },
  };
  const fleet = new AwsFleet(new EC2Client({ region: 'ap-northeast-2' }), new RDSClient({ region: 'ap-northeast-2' }), {
    schedule: 'ScheduleName',
    group: 'ScheduleGroup',
  });
  const quiet = () => undefined;
  await runTick(
    {
      store,
      fleet,
      publish: async () => undefined,
      holidays,
      defaultTimezone: 'Asia/Seoul',
      settleMinutes: 20,
      messages: {},
      logger: { info: quiet, warn: quiet, error: quiet },
      owner: 'bench',
      leaseMs: 300_000,
    },
    now,
  );
  ec2.restore();
  rds.restore();
  return { aws: fleet.calls, dynamo };
}

async function main(): Promise<void> {
  const transition = new Date('2026-11-23T00:30:00Z'); // Monday 09:30 KST: every schedule starts its first groups
  const steady = new Date('2026-11-23T05:00:00Z'); // 14:00 KST: nothing to do
  console.log(
    `node ${process.version}; chains of ${GROUPS_PER_SCHEDULE} groups per schedule (9 of 22 EC2 instances, 1 of 2 RDS); decision time is the median of 7 runs\n`,
  );
  console.log('instances  groups  schedules  decide@09:30  decide@14:00  AWS calls in the 09:30 tick (EC2/RDS; DynamoDB)');
  for (const groups of [50, 125, 250, 500, 1000]) {
    const w = world(groups);
    const settledStates = Object.fromEntries(w.tables.schedules.map((s) => [s.ScheduleName, { lastDesired: 'stopped' as const }]));
    const runningStates = Object.fromEntries(w.tables.schedules.map((s) => [s.ScheduleName, { lastDesired: 'running' as const }]));
    const atTransition = decisionMs(w, transition, settledStates);
    const atSteady = decisionMs(w, steady, runningStates);
    const calls = await apiCalls(w, transition, settledStates);
    const total = [...calls.aws.values()].reduce((a, b) => a + b, 0);
    const detail = [...calls.aws.entries()].map(([op, n]) => `${op} ${n}`).join(', ');
    console.log(
      `${String(w.instances.length).padStart(9)}  ${String(groups).padStart(6)}  ${String(w.tables.schedules.length).padStart(9)}  ${atTransition.toFixed(1).padStart(9)} ms  ${atSteady.toFixed(1).padStart(9)} ms  ${total} (${detail}; DynamoDB ${calls.dynamo})`,
    );
  }
}

void main();

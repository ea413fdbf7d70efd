/**
 * The fleet adapter against aws-sdk-client-mock stubs of EC2, RDS and Auto Scaling (which cannot run here), with
 * the saved sizes of Auto Scaling groups in a real DynamoDB-compatible server (dynalite); and whole ticks through
 * it for starts that fail: no capacity, and an instance that falls back to stopped.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, StopDBClusterCommand, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import type { Notification } from '../../lambda/core/notification';
import { AwsFleet } from '../../lambda/scheduler/adapters/fleet';
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { runTick } from '../../lambda/scheduler/tick';
import { LocalDynamo } from '../helpers/dynalite';
import { group, holidays, instance, kst, scheduleItem } from './fixtures';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const autoScaling = mockClient(AutoScalingClient);
const dynamo = new LocalDynamo();
let store: SchedulerStore;
let run = 0;
const TAGS = { schedule: 'ScheduleName', group: 'ScheduleGroup' };
const fleet = () => new AwsFleet(new EC2Client({}), new RDSClient({}), TAGS, { client: new AutoScalingClient({}), store });
const tags = (schedule: string, group?: string, name?: string) => [
  { Key: 'ScheduleName', Value: schedule },
  ...(group ? [{ Key: 'ScheduleGroup', Value: group }] : []),
  ...(name ? [{ Key: 'Name', Value: name }] : []),
];

beforeAll(() => dynamo.start());
afterAll(() => dynamo.stop());
beforeEach(async () => {
  ec2.reset();
  rds.reset();
  autoScaling.reset();
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
  autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  run++;
  store = new SchedulerStore(dynamo.client, await dynamo.createSchedulerTables(`fleet${run}`));
});

test('EC2: filtered by the schedule tag (200 values a call), every page read, states mapped, terminated left out', async () => {
  ec2
    .on(DescribeInstancesCommand)
    .callsFake(({ NextToken }) =>
      NextToken
        ? { Reservations: [{ Instances: [{ InstanceId: 'i-2', State: { Name: 'pending' }, Tags: tags('S1') }] }] }
        : { Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, Tags: tags('S1', 'API', 'web-1') }] }], NextToken: 'page-2' },
    );
  const values = Array.from({ length: 250 }, (_, i) => `S${i}`);
  const found = await fleet().describe(values);

  const calls = ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input);
  // Two pages for each of the two filter chunks (the paginator reuses its input object, so count by the filter).
  expect(calls.map((c) => c.Filters![0].Values!.length)).toEqual([200, 200, 50, 50]);
  expect(calls[0].Filters![1]).toEqual({ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'shutting-down', 'stopped'] });
  expect(found.filter((i) => i.id === 'i-1')[0]).toEqual({ id: 'i-1', kind: 'EC2', name: 'web-1', scheduleTag: 'S1', groupTag: 'API', state: 'running' });
  expect(found.find((i) => i.id === 'i-2')!.state).toBe('starting');
});

test('RDS: tagged instances and Aurora clusters; cluster members and other engines are not managed one by one', async () => {
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      { DBInstanceIdentifier: 'cache', DBInstanceStatus: 'available', TagList: tags('S1', 'CACHE'), DBInstanceClass: 'db.t4g.medium' },
      {
        DBInstanceIdentifier: 'aurora-writer',
        DBClusterIdentifier: 'dev-aurora',
        DBInstanceStatus: 'available',
        TagList: tags('S1', 'DB'),
        DBInstanceClass: 'db.r6g.large',
      },
      {
        DBInstanceIdentifier: 'aurora-reader',
        DBClusterIdentifier: 'dev-aurora',
        DBInstanceStatus: 'available',
        TagList: tags('S1', 'DB'),
        DBInstanceClass: 'db.r6g.large',
      },
      { DBInstanceIdentifier: 'backup', DBInstanceStatus: 'backing-up', TagList: tags('S1', 'CACHE') },
      { DBInstanceIdentifier: 'other', DBInstanceStatus: 'available', TagList: tags('Staging') },
      { DBInstanceIdentifier: 'untagged', DBInstanceStatus: 'available' },
    ],
  });
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [
      { DBClusterIdentifier: 'dev-aurora', Engine: 'aurora-postgresql', Status: 'stopped', TagList: tags('S1', 'DB') },
      { DBClusterIdentifier: 'docs', Engine: 'docdb', Status: 'available', TagList: tags('S1', 'DB') },
    ],
  });
  const found = await fleet().describe(['S1']);
  expect(found.map((i) => `${i.kind} ${i.id} ${i.state}`)).toEqual(['RDS cache running', 'RDS backup unavailable', 'AURORA dev-aurora stopped']);
  // Sizes price the hours the scheduler saves: an instance's class, a cluster's member classes.
  expect(found.map((i) => i.size)).toEqual(['db.t4g.medium', undefined, 'db.r6g.large+db.r6g.large']);
});

test('a refused EC2 batch is retried one instance at a time; only the bad one fails', async () => {
  ec2.on(StartInstancesCommand).callsFake(({ InstanceIds }) => {
    if (InstanceIds.includes('i-bad')) throw Object.assign(new Error('Insufficient capacity'), { name: 'InsufficientInstanceCapacity' });
    return {};
  });
  const instances = ['i-1', 'i-bad', 'i-3'].map((id) => instance(id, 'API', 'stopped'));
  const failures = await fleet().start(instances);
  // The error's name travels with it: the core tells a capacity failure from others by it.
  expect(failures).toEqual([{ instance: instances[1], error: 'InsufficientInstanceCapacity: Insufficient capacity', code: 'InsufficientInstanceCapacity' }]);
  expect(ec2.commandCalls(StartInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-1', 'i-bad', 'i-3'], ['i-1'], ['i-bad'], ['i-3']]);
});

test('EC2 is stopped in batches of 50; databases one call each, by kind', async () => {
  ec2.on(StopInstancesCommand).resolves({});
  rds.on(StopDBInstanceCommand).resolves({});
  rds.on(StopDBClusterCommand).rejects(Object.assign(new Error('cluster is not in available state'), { name: 'InvalidDBClusterStateFault' }));
  const ec2Instances = Array.from({ length: 120 }, (_, i) => instance(`i-${i}`, 'API', 'running'));
  const db = instance('cache', 'CACHE', 'running', { kind: 'RDS' });
  const cluster = instance('dev-aurora', 'DB', 'running', { kind: 'AURORA' });
  const f = fleet();
  const failures = await f.stop([...ec2Instances, db, cluster]);
  expect(ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input.InstanceIds!.length)).toEqual([50, 50, 20]);
  expect(rds.commandCalls(StopDBInstanceCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: 'cache' });
  expect(failures).toEqual([{ instance: cluster, error: 'InvalidDBClusterStateFault: cluster is not in available state', code: 'InvalidDBClusterStateFault' }]);
  expect(Object.fromEntries(f.calls)).toEqual({ 'ec2:StopInstances': 3, 'rds:StopDBInstance': 1, 'rds:StopDBCluster': 1 });
});

test('EC2: why an instance last changed state is kept, so a start that fell back can be reported with its cause', async () => {
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-1',
            State: { Name: 'stopped' },
            StateReason: { Code: 'Client.InternalError', Message: 'Client.InternalError: Client error on launch' },
            Tags: tags('S1'),
          },
          { InstanceId: 'i-2', State: { Name: 'running' }, Tags: tags('S1') },
        ],
      },
    ],
  });
  const [stopped, running] = await fleet().describe(['S1']);
  expect(stopped.stateReason).toEqual({ code: 'Client.InternalError', message: 'Client.InternalError: Client error on launch' });
  expect(running.stateReason).toBeUndefined();
});

describe('Auto Scaling groups', () => {
  const member = (id: string, LifecycleState: string, InstanceType = 't3.large') => ({
    InstanceId: id,
    LifecycleState,
    InstanceType,
    AvailabilityZone: 'ap-northeast-2a',
    HealthStatus: 'Healthy',
    ProtectedFromScaleIn: false,
  });
  const asg = (name: string, min: number, max: number, desired: number, instances: ReturnType<typeof member>[], extra: Partial<AutoScalingGroup> = {}) =>
    ({
      AutoScalingGroupName: name,
      MinSize: min,
      MaxSize: max,
      DesiredCapacity: desired,
      Instances: instances,
      Tags: tags('S1', 'WORKERS').map((t) => ({ ...t, ResourceId: name, ResourceType: 'auto-scaling-group' })),
      ...extra,
    }) as AutoScalingGroup;

  test('found by the schedule tag (key and value together), every page read; state from the sizes and the instances in service', async () => {
    await store.saveAsgCapacity('idle', { minSize: 1, maxSize: 2, desiredCapacity: 2, instanceTypes: ['m5.xlarge', 'm5.xlarge'] }, kst('2026-11-20 22:00'));
    autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(({ NextToken }) =>
      NextToken
        ? {
            AutoScalingGroups: [
              asg('draining', 0, 0, 0, [member('i-d', 'Terminating')]),
              asg('never', 0, 0, 0, []),
              asg('scaled-to-zero', 0, 4, 0, []),
              asg('deleting', 0, 0, 0, [], { Status: 'Delete in progress' }),
              // Not what the filter asked for; never acted on even if the API returned it.
              asg('staging', 1, 1, 1, [], { Tags: [{ Key: 'ScheduleName', Value: 'Staging', ResourceId: 'staging', ResourceType: 'auto-scaling-group' }] }),
            ],
          }
        : {
            AutoScalingGroups: [
              asg('web', 1, 4, 2, [member('i-a', 'InService'), member('i-b', 'InService'), member('i-c', 'Terminating')]),
              asg('scaling', 1, 4, 3, [member('i-e', 'InService', 'c5.large'), member('i-f', 'Pending')]),
              asg('idle', 0, 0, 0, []),
            ],
            NextToken: 'page-2',
          },
    );
    const found = await fleet().describe(['S1']);
    const calls = autoScaling.commandCalls(DescribeAutoScalingGroupsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0].Filters).toEqual([{ Name: 'tag:ScheduleName', Values: ['S1'] }]);
    expect(found.map((i) => `${i.kind} ${i.id} ${i.state} ${i.size ?? '-'}`)).toEqual([
      'ASG web running t3.large+t3.large',
      'ASG scaling starting c5.large',
      // Stopped: what it saves is what ran when the scheduler stopped it.
      'ASG idle stopped m5.xlarge+m5.xlarge',
      'ASG draining stopping -',
      'ASG never stopped -',
      // Nothing runs, whatever its maximum.
      'ASG scaled-to-zero stopped -',
      'ASG deleting unavailable -',
    ]);
    expect(found[0]).toMatchObject({ name: 'web', scheduleTag: 'S1', groupTag: 'WORKERS' });
  });

  test('without Auto Scaling access (the benchmark) groups are not looked for', async () => {
    await new AwsFleet(new EC2Client({}), new RDSClient({}), TAGS).describe(['S1']);
    expect(autoScaling.commandCalls(DescribeAutoScalingGroupsCommand)).toHaveLength(0);
  });

  test('a stop saves min, max and desired in the state table before setting them to 0; a start restores them', async () => {
    let sizes = { min: 1, max: 4, desired: 2 };
    const savedWhenUpdated: unknown[] = [];
    autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(() => ({
      AutoScalingGroups: [asg('web', sizes.min, sizes.max, sizes.desired, sizes.desired > 0 ? [member('i-a', 'InService'), member('i-b', 'InService')] : [])],
    }));
    autoScaling.on(UpdateAutoScalingGroupCommand).callsFake(async ({ MinSize, MaxSize, DesiredCapacity }) => {
      savedWhenUpdated.push(await store.loadAsgCapacity('web'));
      sizes = { min: MinSize!, max: MaxSize!, desired: DesiredCapacity! };
      return {};
    });
    const web = instance('web', 'WORKERS', 'running', { kind: 'ASG' });
    const f = fleet();

    expect(await f.stop([web])).toEqual([]);
    const saved = { minSize: 1, maxSize: 4, desiredCapacity: 2, instanceTypes: ['t3.large', 't3.large'] };
    expect(savedWhenUpdated).toEqual([saved]);
    expect(autoScaling.commandCalls(DescribeAutoScalingGroupsCommand)[0].args[0].input).toEqual({ AutoScalingGroupNames: ['web'] });
    expect(sizes).toEqual({ min: 0, max: 0, desired: 0 });

    // Stopped again while already at zero (someone else stopped it): the saved sizes are kept, not zeros.
    expect(await f.stop([web])).toEqual([]);
    expect(await store.loadAsgCapacity('web')).toEqual(saved);

    expect(await f.start([{ ...web, state: 'stopped' }])).toEqual([]);
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input)).toEqual([
      { AutoScalingGroupName: 'web', MinSize: 0, MaxSize: 0, DesiredCapacity: 0 },
      { AutoScalingGroupName: 'web', MinSize: 0, MaxSize: 0, DesiredCapacity: 0 },
      { AutoScalingGroupName: 'web', MinSize: 1, MaxSize: 4, DesiredCapacity: 2 },
    ]);
    expect(Object.fromEntries(f.calls)).toEqual({ 'autoscaling:DescribeAutoScalingGroups': 2, 'autoscaling:UpdateAutoScalingGroup': 3 });
  });

  test('a group the scheduler never stopped is not started, and the failure says what to do; a refused update fails alone', async () => {
    autoScaling.on(UpdateAutoScalingGroupCommand).rejects(Object.assign(new Error('Scaling activity in progress'), { name: 'ScalingActivityInProgressFault' }));
    await store.saveAsgCapacity('busy', { minSize: 1, maxSize: 1, desiredCapacity: 1 }, kst('2026-11-20 22:00'));
    const never = instance('never', 'WORKERS', 'stopped', { kind: 'ASG' });
    const busy = instance('busy', 'WORKERS', 'stopped', { kind: 'ASG' });
    const failures = await fleet().start([never, busy]);
    expect(failures.map((f) => [f.instance.id, f.code])).toEqual([
      ['never', 'NoSavedCapacity'],
      ['busy', 'ScalingActivityInProgressFault'],
    ]);
    expect(failures[0].error).toMatch(/^no saved sizes for Auto Scaling group never: .*update-auto-scaling-group --auto-scaling-group-name never/);
    expect(autoScaling.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input.AutoScalingGroupName)).toEqual(['busy']);
  });
});

describe('starts that fail, through whole ticks', () => {
  /** EC2 as the ticks see it: each instance's state and reason; StartInstances runs `onStart` for the ids it gets. */
  const world = new Map<string, { state: string; group: string; reason?: { Code: string; Message: string } }>();
  let onStart: (ids: string[]) => void;
  let now = kst('2026-11-23 09:30');
  let heard: string[] = [];

  beforeEach(async () => {
    world.clear();
    heard = [];
    ec2.on(DescribeInstancesCommand).callsFake(() => ({
      Reservations: [
        {
          Instances: [...world].map(
            ([id, i]): Instance => ({
              InstanceId: id,
              State: { Name: i.state as never },
              ...(i.reason ? { StateReason: i.reason } : {}),
              Tags: tags('Development', i.group, id.replace('i-', 'server-')),
            }),
          ),
        },
      ],
    }));
    ec2.on(StartInstancesCommand).callsFake(({ InstanceIds }) => {
      onStart(InstanceIds);
      return {};
    });
    await store.putSchedule(scheduleItem());
  });

  const tick = async (time: string) => {
    now = kst(time);
    const quiet = () => undefined;
    return runTick(
      {
        store,
        fleet: fleet(),
        publish: async (n: Notification) => void heard.push(`${time.slice(11)} ${n.severity} ${n.title}${n.text ? ` | ${n.text.split('\n')[0]}` : ''}`),
        holidays,
        defaultTimezone: 'Asia/Seoul',
        settleMinutes: 20,
        retry: { tickMinutes: 5, alertAfter: 3 },
        messages: {},
        logger: { info: quiet, warn: quiet, error: quiet },
        owner: `tick-${time}`,
        leaseMs: 60_000,
      },
      now,
    );
  };
  const startCalls = () => ec2.commandCalls(StartInstancesCommand).map((c) => `${c.args[0].input.InstanceIds!.join(',')}`);

  test('no capacity: retried with backoff, announced once and alerted once, the rest unaffected; dependents wait and start after it', async () => {
    await store.putGroup(group('API'));
    await store.putGroup(group('WEB', ['API']));
    world.set('i-1', { state: 'stopped', group: 'API' }).set('i-2', { state: 'stopped', group: 'API' }).set('i-3', { state: 'stopped', group: 'WEB' });
    let capacity = false;
    onStart = (ids) => {
      if (ids.includes('i-2') && !capacity) {
        throw Object.assign(new Error('We currently do not have sufficient t3.large capacity in the Availability Zone you requested.'), {
          name: 'InsufficientInstanceCapacity',
        });
      }
      for (const id of ids) world.get(id)!.state = 'running';
    };
    const triedAt: string[] = [];
    for (let t = kst('2026-11-23 09:30').getTime(); t <= kst('2026-11-23 10:45').getTime(); t += 5 * 60_000) {
      const time = new Date(t + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      if (time.endsWith('10:30')) capacity = true;
      const before = startCalls().length;
      await tick(time);
      if (
        startCalls()
          .slice(before)
          .some((ids) => ids.includes('i-2'))
      )
        triedAt.push(time.slice(11));
    }
    // After 1, 2, 4 ticks, then every 30 minutes (6 ticks); the try at 10:35 finds capacity.
    expect(triedAt).toEqual(['09:30', '09:35', '09:45', '10:05', '10:35']);
    expect(heard).toEqual([
      '09:30 info Starting API of Development: 2 instances',
      '09:30 warning No capacity to start server-2 (i-2) of API (Development); retrying | InsufficientInstanceCapacity: We currently do not have sufficient t3.large capacity in the Availability Zone you requested.',
      '09:45 failure server-2 (i-2) of API (Development) still cannot start after 3 attempts: no capacity | InsufficientInstanceCapacity: We currently do not have sufficient t3.large capacity in the Availability Zone you requested.',
      // WEB waits for API as for any group that has not come up, and is reported once; API itself is not timed out.
      '09:55 failure WEB of Development cannot start: waiting for API',
      '10:40 success server-2 (i-2) of API (Development) started after 4 capacity failures',
      '10:40 info Starting WEB of Development: 1 instance',
      '10:45 success Development is up: 3 instances running',
    ]);
    expect(world.get('i-1')!.state).toBe('running');
  });

  test('an instance EC2 accepted but that fell back to stopped (a KMS key the role may not use) is reported once, with the reason', async () => {
    await store.putGroup(group('API'));
    world.set('i-1', { state: 'stopped', group: 'API' });
    onStart = (ids) => {
      for (const id of ids) world.get(id)!.state = 'pending';
    };
    for (const time of ['09:30', '09:35', '09:40', '09:45', '09:50', '09:55', '10:00']) {
      if (time !== '09:30')
        world.set('i-1', { state: 'stopped', group: 'API', reason: { Code: 'Client.InternalError', Message: 'Client.InternalError: Client error on launch' } });
      await tick(`2026-11-23 ${time}`);
    }
    expect(heard).toEqual([
      '09:30 info Starting API of Development: 1 instance',
      '09:35 failure server-1 (i-1) of API (Development) stopped again after it was started | Reason: Client.InternalError: Client error on launch',
      '09:55 failure API of Development did not reach running within 20 minutes',
    ]);
    // Started again within the transition, as any instance found stopped then, and given up with it.
    expect(startCalls()).toEqual(['i-1', 'i-1', 'i-1', 'i-1', 'i-1', 'i-1']);
  });
});

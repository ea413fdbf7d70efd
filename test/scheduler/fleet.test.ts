/** The EC2/RDS fleet adapter against aws-sdk-client-mock stubs. */
import { DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, StopDBClusterCommand, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsFleet } from '../../lambda/scheduler/adapters/fleet';
import { instance } from './fixtures';

const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const fleet = () => new AwsFleet(new EC2Client({}), new RDSClient({}), { schedule: 'ScheduleName', group: 'ScheduleGroup' });
const tags = (schedule: string, group?: string, name?: string) => [
  { Key: 'ScheduleName', Value: schedule },
  ...(group ? [{ Key: 'ScheduleGroup', Value: group }] : []),
  ...(name ? [{ Key: 'Name', Value: name }] : []),
];

beforeEach(() => {
  ec2.reset();
  rds.reset();
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
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
  expect(failures).toEqual([{ instance: instances[1], error: 'InsufficientInstanceCapacity: Insufficient capacity' }]);
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
  expect(failures).toEqual([{ instance: cluster, error: 'InvalidDBClusterStateFault: cluster is not in available state' }]);
  expect(Object.fromEntries(f.calls)).toEqual({ 'ec2:StopInstances': 3, 'rds:StopDBInstance': 1, 'rds:StopDBCluster': 1 });
});

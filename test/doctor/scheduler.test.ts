/** Check 8: the scheduler's tables are seeded and it ticked within the last three intervals. */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { parseConfig } from '../../lib/config/load';
import { schedulerProbes } from '../../lib/doctor/checks/scheduler';
import { runProbes } from '../../lib/doctor/runner';
import { exampleConfig } from '../helpers/platform';
import { awsError, contextFor, healthyAccount, mocks, NOW } from './fakes';

const config = exampleConfig();
beforeEach(() => {
  healthyAccount(config);
});

const run = (c = config) => runProbes(schedulerProbes(contextFor(c)));

test('PASS: one item read from schedules and groups, the holidays table described, ticks in the last 15 minutes', async () => {
  expect(await run()).toEqual([
    {
      check: 'scheduler tables',
      status: 'PASS',
      detail: 'example-scheduler-schedules and example-scheduler-groups have items, example-scheduler-holidays exists',
    },
    { check: 'scheduler tick', status: 'PASS', detail: 'ticked 2 times in the last 15 minutes (latest data point 5 min ago)' },
  ]);
  expect(mocks.dynamodb.commandCalls(ScanCommand).map((c) => c.args[0].input)).toEqual([
    { TableName: 'example-scheduler-schedules', Limit: 1 },
    { TableName: 'example-scheduler-groups', Limit: 1 },
  ]);
  expect(mocks.dynamodb.commandCalls(DescribeTableCommand)[0].args[0].input).toEqual({ TableName: 'example-scheduler-holidays' });
  expect(mocks.cloudwatch.commandCalls(GetMetricStatisticsCommand)[0].args[0].input).toEqual({
    Namespace: 'AdPlatform',
    MetricName: 'TickDuration',
    Dimensions: [{ Name: 'service', Value: 'instance-scheduler' }],
    StartTime: new Date(NOW.getTime() - 15 * 60_000),
    EndTime: NOW,
    Period: 300,
    Statistics: ['SampleCount'],
  });
});

test('FAIL: an empty table the configuration has items for; the fix seeds it', async () => {
  mocks.dynamodb.on(ScanCommand, { TableName: 'example-scheduler-groups' }).resolves({ Count: 0, Items: [] });
  expect((await run())[0]).toEqual({
    check: 'scheduler tables',
    status: 'FAIL',
    detail: 'example-scheduler-groups is empty, the configuration has 5',
    fix: 'seed them from the configuration: npm run --silent scheduler -- seed --env example',
  });
});

test('PASS: empty tables when the configuration has no schedules or groups', async () => {
  mocks.dynamodb.on(ScanCommand).resolves({ Count: 0, Items: [] });
  const bare = parseConfig({ ...config, scheduler: { ...config.scheduler, schedules: [], groups: [] } }, 'test');
  expect((await run(bare))[0]).toMatchObject({ status: 'PASS' });
});

test('FAIL: a table missing; the fix deploys the scheduler stack', async () => {
  mocks.dynamodb.on(DescribeTableCommand).rejects(awsError('ResourceNotFoundException', 'Requested resource not found'));
  expect((await run())[0]).toEqual({
    check: 'scheduler tables',
    status: 'FAIL',
    detail: 'missing: example-scheduler-holidays',
    fix: 'npx cdk deploy -c env=example example-scheduler',
  });
});

test('FAIL: no tick in three intervals', async () => {
  mocks.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Label: 'TickDuration', Datapoints: [] });
  expect((await run())[1]).toEqual({
    check: 'scheduler tick',
    status: 'FAIL',
    detail: 'no tick in the last 15 minutes (it runs every 5)',
    fix: "a deployment younger than one interval has not ticked yet; otherwise see the instance-scheduler function's errors and log group, and that its EventBridge tick rule is enabled",
  });
});

test('FAIL: the metric cannot be read', async () => {
  mocks.cloudwatch.on(GetMetricStatisticsCommand).rejects(awsError('AccessDenied', 'not authorized'));
  expect((await run())[1]).toEqual({
    check: 'scheduler tick',
    status: 'FAIL',
    detail: 'cannot read the tick metric: AccessDenied: not authorized',
    fix: 'your credentials need cloudwatch:GetMetricStatistics',
  });
});

import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, exampleTemplate } from '../helpers/platform';

const config = exampleConfig();
const template = exampleTemplate('example-observability');
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

test('the digest runs daily at 09:00 in the app time zone and knows every stream, job and price', () => {
  template.hasResourceProperties('AWS::Scheduler::Schedule', {
    Name: 'example-daily-digest',
    ScheduleExpression: 'cron(0 9 * * ? *)',
    ScheduleExpressionTimezone: 'Asia/Seoul',
    Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 } }),
  });
  const fn = ofType('AWS::Lambda::Function').find((f) => f.Properties.FunctionName === 'example-daily-digest')!;
  const spec = JSON.parse(fn.Properties.Environment.Variables.DIGEST_SPEC);
  expect(spec.streams.map((s: { deliveryStream: string }) => s.deliveryStream)).toEqual(config.firehose.streams.map((s) => `example-${s.name}`));
  expect(spec.mysqlJobs).toEqual(config.mysql.jobs.map((j) => j.name));
  expect(spec.athenaJobs).toEqual(['lockscreen-daily', 'ad-allocation-hourly']);
  expect(spec).toMatchObject({ tickMinutes: 5, hourlyPrices: { 't3.large': 0.104, 'db.r6g.large': 0.26 } });
  expect(fn.Properties.Environment.Variables.APP_TIMEZONE).toBe('Asia/Seoul');
});

test('the digest may read metrics and publish to the notifier, nothing else', () => {
  const statements = ofType('AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const actions = statements.flatMap((s) => [s.Action].flat());
  expect(actions).toEqual(expect.arrayContaining(['cloudwatch:GetMetricData', 'sns:Publish', 'lambda:InvokeFunction']));
  expect(
    actions.filter(
      (a) =>
        !/^(cloudwatch:GetMetricData|sns:Publish|lambda:InvokeFunction|logs:CreateLogStream|logs:PutLogEvents|kms:Decrypt|kms:GenerateDataKey\*?)$/.test(a),
    ),
  ).toEqual([]);
  expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual(['cloudwatch:GetMetricData']);
});

test('one platform dashboard: every route, the scheduler, the notifier and its dead letters', () => {
  const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
  expect(dashboard.Properties.DashboardName).toBe('example-platform');
  const body = JSON.stringify(dashboard.Properties.DashboardBody);
  for (const s of config.firehose.streams) expect(body).toContain(`example-${s.name}`);
  for (const j of [...config.mysql.jobs, ...config.athena.jobs]) expect(body).toContain(j.name);
  for (const metric of [
    'DeliveryToRedshift.Success',
    'RowsWritten',
    'LagSeconds',
    'CostUSD',
    'ExecutionsFailed',
    'InstancesStopped',
    'ActionFailures',
    'StoppedInstances',
    'ApproximateNumberOfMessagesVisible',
  ]) {
    expect(body).toContain(metric);
  }
  expect(body).toContain('example-notifications-dlq');
  expect(body).toContain('example-jandi-notifier');
  expect(body).toContain('stopped * 5 / 60');
});

import { Match, Template } from 'aws-cdk-lib/assertions';
import { examplePlatform } from '../helpers/platform';

const { platform, config } = examplePlatform();
const template = Template.fromStack(platform.sync!);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const fn = (name: string) => Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === name)!;

test("one function per source, in the source VPC's subnets and security groups, with its jobs", () => {
  template.resourceCountIs('AWS::Lambda::Function', 2);
  for (const source of config.mysql.sources) {
    const f = fn(`example-mysql-sync-${source.name}`);
    expect(f.Properties).toMatchObject({ Timeout: 900, MemorySize: 1024, Runtime: 'nodejs24.x' });
    expect(f.Properties.VpcConfig).toEqual({ SubnetIds: config.network!.privateSubnetIds, SecurityGroupIds: source.securityGroupIds });
    const jobs = JSON.parse(f.Properties.Environment.Variables.SYNC_JOBS);
    expect(jobs.map((j: { name: string }) => j.name)).toEqual(config.mysql.jobs.filter((j) => j.source === source.name).map((j) => j.name));
    expect(JSON.parse(f.Properties.Environment.Variables.SYNC_SOURCE)).toEqual({
      name: source.name,
      host: source.host,
      port: 3306,
      database: source.database,
      secretArn: source.secretArn,
      timezone: 'UTC',
      tls: true,
    });
  }
  expect(JSON.parse(fn('example-mysql-sync-ads-db').Properties.Environment.Variables.SYNC_JOBS)[0]).toEqual({
    name: 'ads',
    table: 'ads',
    mode: 'UPDATE_LATEST_COPY',
    key: 'id',
    updatedAt: 'updated_at',
    overlapMinutes: 5,
    oversizeText: 'error',
    stateSchema: 'sync_meta',
    target: { schema: 'mysql_ads', table: 'ads' },
  });
});

test("one schedule per job, read in the app time zone, starting its source's run loop with the job name and no stale retries", () => {
  template.resourceCountIs('AWS::Scheduler::Schedule', config.mysql.jobs.length);
  for (const job of config.mysql.jobs) {
    const schedule = Object.values(resources).find((r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Name === `example-mysql-sync-${job.name}`)!;
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: job.schedule,
      ScheduleExpressionTimezone: 'Asia/Seoul',
      Target: { Input: JSON.stringify({ job: job.name, round: 1 }), RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 } },
    });
    // The target is the state machine of the job's source.
    const machine = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineName === `example-mysql-sync-${job.source}`,
    )!;
    expect(schedule.Properties.Target.Arn).toEqual({ Ref: machine[0] });
  }
});

describe('the run loop: a state machine per source runs a job until it is caught up', () => {
  const machines = Object.values(resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  const definition = (machine: (typeof machines)[number]) => {
    const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
    return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'ARN')).join('')) as { StartAt: string; States: Record<string, any> };
  };

  test('one per source with jobs', () => {
    const sources = new Set(config.mysql.jobs.map((j) => j.source));
    expect(machines.map((m) => m.Properties.StateMachineName).sort()).toEqual([...sources].map((s) => `example-mysql-sync-${s}`).sort());
  });

  test("it invokes the source's function with the job, loops while it is not done, and gives up after 12 runs", () => {
    const { StartAt, States } = definition(machines[0]);
    expect(StartAt).toBe('Run');
    expect(States.Run).toMatchObject({ Type: 'Task', Parameters: { 'job.$': '$.job' }, ResultPath: '$.result', Next: 'Outcome' });
    const choices = States.Outcome.Choices as { Variable: string; Next: string }[];
    expect(choices.map((c) => [c.Variable, c.Next])).toEqual([
      ['$.result.status', 'FailureReported'],
      ['$.result.status', 'AnotherRunHoldsTheJob'],
      ['$.result.done', 'CaughtUp'],
      ['$.round', 'NotCaughtUp'],
    ]);
    expect(States.Outcome.Default).toBe('NextRound');
    expect(States.NextRound).toMatchObject({ Type: 'Pass', Parameters: { 'round.$': 'States.MathAdd($.round, 1)' }, Next: 'Run' });
    expect(choices[3]).toMatchObject({ NumericGreaterThanEquals: 12 });
    expect(States.NotCaughtUp).toMatchObject({ Type: 'Fail', Error: 'SyncNotCaughtUp' });
  });

  test("Lambda's errors are retried with full jitter; a function that keeps failing ends the execution", () => {
    const { States } = definition(machines[0]);
    expect(States.Run.Retry).toEqual([
      expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException']), JitterStrategy: 'FULL', MaxAttempts: 6 }),
      expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], JitterStrategy: 'FULL', MaxAttempts: 2 }),
    ]);
    expect(States.Run.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'RunCrashed' }]);
  });

  test('an execution that fails (not caught up, or crashing) or times out alarms to JANDI', () => {
    for (const source of new Set(config.mysql.jobs.map((j) => j.source))) {
      for (const [suffix, metric] of [
        ['not-caught-up', 'ExecutionsFailed'],
        ['timed-out', 'ExecutionsTimedOut'],
      ]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `example-mysql-sync-${source}-${suffix}`,
          MetricName: metric,
          Namespace: 'AWS/States',
          AlarmActions: Match.anyValue(),
        });
      }
    }
  });
});

test("the staging bucket: private, encrypted, files expire after a week, readable by the cluster's COPY role only", () => {
  template.hasResourceProperties('AWS::S3::Bucket', {
    LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-staged-files', ExpirationInDays: 7 })]) },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Sid: 'RedshiftCopyReadsStagedFiles',
          Effect: 'Allow',
          Principal: { AWS: config.warehouse.copyRoleArn },
          Action: ['s3:GetObject', 's3:ListBucket'],
        }),
      ]),
    },
  });
});

test("IAM: exactly the source and warehouse secrets, the cluster for statements, the source's own staging prefix", () => {
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Action: string | string[]; Resource: unknown }>);
  const secretResources = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue')).map((s) => s.Resource);
  expect(new Set(secretResources.flat())).toEqual(new Set([...config.mysql.sources.map((s) => s.secretArn), config.warehouse.secretArn]));
  for (const s of statements.filter((s) => s.Sid === 'RunStatements')) {
    expect(s.Resource).toBe('arn:aws:redshift:ap-northeast-2:123456789012:cluster:analytics');
  }
  const puts = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
  expect(puts.map((s) => JSON.stringify(s.Resource))).toEqual(
    expect.arrayContaining([expect.stringContaining('/ads-db/*'), expect.stringContaining('/partners-db/*')]),
  );
  expect(statements.filter((s) => s.Resource === '*').map((s) => s.Sid ?? [s.Action].flat().join(','))).toEqual(
    expect.arrayContaining(['ReadStatementResults']),
  );
});

test('time-outs and crashes, which the handler cannot report, alarm JANDI per source', () => {
  for (const source of config.mysql.sources) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `example-mysql-sync-${source.name}-errors`,
      MetricName: 'Errors',
      Threshold: 1,
      AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('JandiNotifierTopic') }],
    });
  }
});

import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, exampleTemplate } from '../helpers/platform';

const config = exampleConfig();
const template = exampleTemplate('example-sync');
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const fn = (name: string) => Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === name)!;

test("one function per source, in the source VPC's subnets and security groups, with its jobs", () => {
  template.resourceCountIs('AWS::Lambda::Function', 2);
  for (const source of config.mysql.sources) {
    const f = fn(`example-mysql-sync-${source.name}`);
    expect(f.Properties).toMatchObject({ Timeout: 900, MemorySize: 1024, Runtime: 'nodejs24.x' });
    expect(f.Properties.VpcConfig).toEqual({ SubnetIds: config.network!.privateSubnetIds, SecurityGroupIds: source.securityGroupIds });
    const jobs = JSON.parse(f.Properties.Environment.Variables.SYNC_JOBS);
    // Load files in sets of the cluster's slices: the configuration's, or 8 by default.
    expect(f.Properties.Environment.Variables.WAREHOUSE_SLICES).toBe('8');
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
  const publishers = JSON.parse(fn('example-mysql-sync-partners-db').Properties.Environment.Variables.SYNC_JOBS)[1];
  expect(publishers).toMatchObject({ name: 'ad-publishers', mode: 'FULL_COPY', workers: 4 });
});

test("one schedule per job, read in the app time zone, starting its source's run loop with the job name and no stale retries", () => {
  template.resourceCountIs('AWS::Scheduler::Schedule', config.mysql.jobs.length);
  for (const job of config.mysql.jobs) {
    const schedule = Object.values(resources).find((r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Name === `example-mysql-sync-${job.name}`)!;
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: job.schedule,
      ScheduleExpressionTimezone: 'Asia/Seoul',
      Target: { RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 } },
    });
    // A FULL_COPY with workers fans out; every other job runs until caught up.
    const input = JSON.parse(schedule.Properties.Target.Input);
    expect(input).toEqual(job.name === 'ad-publishers' ? { job: job.name, round: 1, mode: null, fanOut: true } : { job: job.name, round: 1, mode: null });
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
    expect(StartAt).toBe('FanOut');
    expect(States.FanOut).toMatchObject({ Type: 'Choice', Choices: [{ Variable: '$.fanOut', IsPresent: true, Next: 'PlanRanges' }], Default: 'Run' });
    // The job and this execution's mode (null: the job's own), kept from round to round.
    expect(States.Run).toMatchObject({ Type: 'Task', Parameters: { 'job.$': '$.job', 'mode.$': '$.mode' }, ResultPath: '$.result', Next: 'Outcome' });
    const choices = States.Outcome.Choices as { Variable: string; Next: string }[];
    expect(choices.map((c) => [c.Variable, c.Next])).toEqual([
      ['$.result.status', 'FailureReported'],
      ['$.result.status', 'AnotherRunHoldsTheJob'],
      ['$.result.done', 'CaughtUp'],
      ['$.round', 'NotCaughtUp'],
    ]);
    expect(States.Outcome.Default).toBe('NextRound');
    expect(States.NextRound).toMatchObject({
      Type: 'Pass',
      Parameters: { 'job.$': '$.job', 'mode.$': '$.mode', 'round.$': 'States.MathAdd($.round, 1)' },
      Next: 'Run',
    });
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

  test('a fanned-out FULL_COPY: plan, a Map of extracts at most `workers` at a time, one load, then the same outcome', () => {
    const { States } = definition(machines[0]);
    expect(States.PlanRanges).toMatchObject({
      Type: 'Task',
      Parameters: { 'job.$': '$.job', 'mode.$': '$.mode', action: 'plan' },
      ResultPath: '$.plan',
      Next: 'ExtractRanges',
    });
    const map = States.ExtractRanges;
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.plan.ranges', MaxConcurrencyPath: '$.plan.workers', ResultPath: null, Next: 'LoadRanges' });
    expect(map.ItemSelector).toEqual({
      'job.$': '$.job',
      'mode.$': '$.mode',
      action: 'extract',
      'runId.$': '$$.Execution.Name',
      'index.$': '$$.Map.Item.Value.index',
      'last.$': '$$.Map.Item.Value.last',
      'range.$': '$$.Map.Item.Value',
    });
    const extract = map.ItemProcessor.States[map.ItemProcessor.StartAt];
    // The item, as the ItemSelector made it, is the function's event.
    expect(extract).toMatchObject({ Type: 'Task', Resource: expect.stringContaining('ARN') });
    expect(extract.Parameters).toBeUndefined();
    expect(States.LoadRanges).toMatchObject({
      Parameters: { 'job.$': '$.job', 'mode.$': '$.mode', action: 'load', 'runId.$': '$$.Execution.Name', 'ranges.$': 'States.ArrayLength($.plan.ranges)' },
      ResultPath: '$.result',
      Next: 'Outcome',
    });
    // Every step retries Lambda's errors and crashes with full jitter.
    for (const step of [States.PlanRanges, extract, States.LoadRanges]) {
      expect(step.Retry.map((r: { JitterStrategy: string; ErrorEquals: string[] }) => [r.JitterStrategy, r.ErrorEquals.includes('States.TaskFailed')])).toEqual(
        [
          ['FULL', false],
          ['FULL', true],
        ],
      );
    }
    // A plan or extract that keeps failing is reported to JANDI by the function, then fails the execution (and alarms).
    for (const step of [States.PlanRanges, map])
      expect(step.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFanOutFailure' }]);
    expect(States.ReportFanOutFailure).toMatchObject({
      Parameters: { 'job.$': '$.job', 'mode.$': '$.mode', action: 'failed', 'error.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)" },
      Next: 'FanOutFailed',
    });
    expect(States.FanOutFailed).toMatchObject({ Type: 'Fail', Error: 'SyncFanOutFailed' });
    expect(States.LoadRanges.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'LoadCrashed' }]);
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

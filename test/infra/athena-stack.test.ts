import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, exampleTemplate } from '../helpers/platform';

const config = exampleConfig();
const template = exampleTemplate('example-athena');
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const stepFunctionId = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === 'example-athena-step')![0];
const resultsBucketId = ofType('AWS::S3::Bucket').find(([, r]) =>
  r.Properties.LifecycleConfiguration?.Rules?.some((rule: { Id: string }) => rule.Id === 'expire-unload-output'),
)![0];
const statementsOf = (roleRefPrefix: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(roleRefPrefix)))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Sid?: string; Action: string | string[]; Resource: unknown }[]);

test('the workgroup enforces the per-query scan limit, publishes metrics and encrypts results', () => {
  template.hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: 'example-athena-jobs',
    State: 'ENABLED',
    WorkGroupConfiguration: {
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      BytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQueryGB * 1024 ** 3,
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: resultsBucketId }, '/athena-results/']] },
        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
      },
    },
  });
  expect(config.athena.bytesScannedCutoffPerQueryGB).toBe(200);
});

test("the results bucket: encrypted, private, results and UNLOAD output expire; the cluster's COPY role reads unload/ only", () => {
  const bucket = resources[resultsBucketId].Properties;
  expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  expect(bucket.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
  const rules = Object.fromEntries(
    bucket.LifecycleConfiguration.Rules.map((r: { Id: string; Prefix?: string; ExpirationInDays?: number }) => [r.Id, [r.Prefix, r.ExpirationInDays]]),
  );
  expect(rules).toMatchObject({ 'expire-query-results': ['athena-results/', 30], 'expire-unload-output': ['unload/', 30] });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: resultsBucketId },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Sid: 'RedshiftCopyReadsUnloadedParquet',
          Principal: { AWS: config.warehouse.copyRoleArn },
          Resource: [{ 'Fn::GetAtt': [resultsBucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [resultsBucketId, 'Arn'] }, '/unload/*']] }],
        }),
      ]),
    },
  });
});

test('one schedule per job, in the app time zone, starting the state machine with the job name only (the step runs the deployed SQL)', () => {
  template.resourceCountIs('AWS::Scheduler::Schedule', config.athena.jobs.length);
  for (const job of config.athena.jobs) {
    const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, s]) => s.Properties.Name === `example-athena-${job.name}`)!;
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: job.schedule, ScheduleExpressionTimezone: 'Asia/Seoul' });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ job: job.name, partition: 'scheduled' });
    expect(schedule.Properties.Target.Arn).toEqual({ Ref: ofType('AWS::StepFunctions::StateMachine')[0][0] });
  }
  // The SQL and targets are deployed with the step function, in a layer it reads at /opt.
  const step = resources[stepFunctionId].Properties;
  expect(step.Environment.Variables.ATHENA_JOBS_FILE).toBe('/opt/athena-jobs.json');
  const [layerId] = ofType('AWS::Lambda::LayerVersion').find(([, l]) => /Athena jobs/.test(l.Properties.Description))!;
  expect(step.Layers).toEqual([{ Ref: layerId }]);
});

test('the orchestration: a Lambda step in a loop with waits, so no Lambda waits for a query; logged and traced', () => {
  const [, machine] = ofType('AWS::StepFunctions::StateMachine')[0];
  expect(machine.Properties.StateMachineName).toBe('example-athena-jobs');
  expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
  const definition = JSON.parse(
    (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'ARN')).join(''),
  );
  expect(definition.StartAt).toBe('Step');
  expect(definition.States.Step.Parameters).toEqual({ 'state.$': '$', 'runId.$': '$$.Execution.Name' });
  expect(definition.States['RunFinished?'].Choices.map((c: { StringEquals: string; Next: string }) => [c.StringEquals, c.Next])).toEqual([
    ['done', 'PartitionLoaded'],
    ['failed', 'RunFailed'],
  ]);
  expect(definition.States['RunFinished?'].Default).toBe('WaitBeforeNextStep');
  expect(definition.States.WaitBeforeNextStep).toEqual({ Type: 'Wait', SecondsPath: '$.run.waitSeconds', Next: 'Step' });
  expect(definition.TimeoutSeconds).toBe((180 + 60) * 60);
  template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'example-athena-step', Timeout: 300 });
});

test('least privilege: Athena on the workgroup, Glue on the source database, S3 on the source prefixes and results, Data API on the cluster', () => {
  const statements = statementsOf(stepFunctionId.replace(/[0-9A-F]{8}$/, ''));
  const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
  expect(bySid('RunQueries')).toMatchObject({
    Action: ['athena:GetQueryExecution', 'athena:StartQueryExecution'],
    Resource: 'arn:aws:athena:ap-northeast-2:123456789012:workgroup/example-athena-jobs',
  });
  expect(bySid('ReadAndDeclareSourceTables').Resource).toEqual([
    'arn:aws:glue:ap-northeast-2:123456789012:catalog',
    'arn:aws:glue:ap-northeast-2:123456789012:database/raw_logs',
    'arn:aws:glue:ap-northeast-2:123456789012:table/raw_logs/*',
  ]);
  expect(bySid('RunStatements')).toMatchObject({
    Action: ['redshift-data:BatchExecuteStatement', 'redshift-data:ExecuteStatement'],
    Resource: 'arn:aws:redshift:ap-northeast-2:123456789012:cluster:analytics',
  });
  expect(bySid('StartCatchUpRuns')).toMatchObject({
    Action: 'states:StartExecution',
    Resource: 'arn:aws:states:ap-northeast-2:123456789012:stateMachine:example-athena-jobs',
  });
  const s3Resources = JSON.stringify(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:'))).map((s) => s.Resource));
  expect(s3Resources).toContain(':s3:::example-raw-logs/lockscreen/*');
  expect(s3Resources).toContain(':s3:::example-raw-logs/ad-allocation/*');
  expect(s3Resources).not.toContain(':s3:::example-raw-logs/*');
  expect(s3Resources).toContain('/athena-results/*');
  expect(s3Resources).toContain('/unload/*');
  // Only the read-only Data API calls without resource-level permissions use *.
  expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual([
    ['redshift-data:DescribeStatement', 'redshift-data:GetStatementResult'],
    'redshift-data:CancelStatement',
  ]);
  // CancelStatement has no resource type: only the role's own statements.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, as the template holds it.
  expect(bySid('CancelOwnStatements')).toMatchObject({ Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } } });
  const env = resources[stepFunctionId].Properties.Environment.Variables;
  expect(env).toMatchObject({
    ATHENA_WORKGROUP: 'example-athena-jobs',
    COPY_ROLE_ARN: config.warehouse.copyRoleArn,
    META_SCHEMA: 'athena_meta',
    APP_TIMEZONE: 'Asia/Seoul',
  });
  expect(JSON.stringify(env)).not.toMatch(/password/i);
});

test('crashes and time-outs, which a run cannot report itself, alarm to JANDI', () => {
  for (const name of ['example-athena-step-errors', 'example-athena-runs-timed-out']) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      Threshold: 1,
      AlarmActions: Match.arrayWith([Match.objectLike({ 'Fn::ImportValue': Match.anyValue() })]),
    });
  }
});

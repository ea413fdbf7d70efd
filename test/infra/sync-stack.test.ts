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

test('one schedule per job, read in the app time zone, invoking with the job name and no stale retries', () => {
  template.resourceCountIs('AWS::Scheduler::Schedule', config.mysql.jobs.length);
  for (const job of config.mysql.jobs) {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: `example-mysql-sync-${job.name}`,
      ScheduleExpression: job.schedule,
      ScheduleExpressionTimezone: 'Asia/Seoul',
      Target: Match.objectLike({ Input: JSON.stringify({ job: job.name }), RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 } }),
    });
  }
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

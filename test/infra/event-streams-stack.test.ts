import { Match } from 'aws-cdk-lib/assertions';
import { freshnessThresholdSeconds } from '../../lib/firehose/firehose-route';
import { exampleConfig, exampleTemplate } from '../helpers/platform';

const config = exampleConfig();
const template = exampleTemplate('example-event-streams');
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const streams = ofType('AWS::KinesisFirehose::DeliveryStream');
const streamNamed = (name: string) => streams.find(([, r]) => r.Properties.DeliveryStreamName === name)!;
const bucketId = ofType('AWS::S3::Bucket').find(([, r]) =>
  r.Properties.LifecycleConfiguration?.Rules?.some((rule: { Id: string }) => rule.Id === 'expire-delivered-files'),
)![0];
const roleId = ofType('AWS::IAM::Role').find(([, r]) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'firehose.amazonaws.com')![0];

test('one Direct PUT delivery stream per configured stream, named <env>-<name>, encrypted', () => {
  expect(streams.map(([, r]) => r.Properties.DeliveryStreamName).sort()).toEqual(config.firehose.streams.map((s) => `example-${s.name}`).sort());
  for (const [, r] of streams) {
    expect(r.Properties.DeliveryStreamType).toBe('DirectPut');
    expect(r.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: 'AWS_OWNED_CMK' });
  }
});

test.each(config.firehose.streams.map((s) => [s.name, s] as const))(
  'stream %s: Redshift destination with its COPY, secret, buffering, retries, backup and logging',
  (name, stream) => {
    const destination = streamNamed(`example-${name}`)[1].Properties.RedshiftDestinationConfiguration;
    expect(destination.ClusterJDBCURL).toBe(`jdbc:redshift://${config.warehouse.host}:5439/analytics`);
    // Quoted: Firehose puts both into its COPY as given, and columns such as timestamp are Redshift reserved words.
    expect(destination.CopyCommand.DataTableName).toBe(`"${stream.schema}"."${stream.table}"`);
    expect(destination.CopyCommand.DataTableColumns).toBe(stream.columns.map((c) => `"${c.name}"`).join(','));
    expect(destination.CopyCommand.CopyOptions).toEqual({
      'Fn::Join': ['', ["FORMAT AS JSON 's3://", { Ref: bucketId }, `/jsonpaths/${name}.jsonpaths' ${stream.copyOptions}`]],
    });
    expect(stream.copyOptions).toContain("GZIP TIMEFORMAT AS 'YYYY-MM-DDTHH:MI:SS' ACCEPTINVCHARS TRUNCATECOLUMNS COMPUPDATE OFF STATUPDATE OFF");
    // Credentials by reference only: no user name or password in the template.
    expect(destination.SecretsManagerConfiguration).toEqual({
      Enabled: true,
      SecretARN: config.warehouse.secretArn,
      RoleARN: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    expect(destination.Password).toBeUndefined();
    expect(destination.Username).toBeUndefined();
    expect(destination.RetryOptions).toEqual({ DurationInSeconds: 3600 });
    expect(destination.S3Configuration).toMatchObject({
      BucketARN: { 'Fn::GetAtt': [bucketId, 'Arn'] },
      Prefix: `data/${name}/`,
      ErrorOutputPrefix: `errors/${name}/`,
      CompressionFormat: 'GZIP',
      BufferingHints: { SizeInMBs: stream.buffering.sizeMB, IntervalInSeconds: stream.buffering.intervalSeconds },
    });
    expect(destination.S3BackupMode).toBe('Enabled');
    expect(destination.S3BackupConfiguration).toMatchObject({ Prefix: `backup/${name}/`, CompressionFormat: 'GZIP' });
    expect(destination.CloudWatchLoggingOptions.Enabled).toBe(true);
    expect(resources[destination.CloudWatchLoggingOptions.LogStreamName.Ref].Properties.LogStreamName).toBe(`${name}-RedshiftDelivery`);
  },
);

test('buffering defaults to 64 MB / 60 s and a stream may override it', () => {
  const click = streamNamed('example-click')[1].Properties.RedshiftDestinationConfiguration.S3Configuration.BufferingHints;
  const device = streamNamed('example-device')[1].Properties.RedshiftDestinationConfiguration.S3Configuration.BufferingHints;
  expect(click).toEqual({ SizeInMBs: 64, IntervalInSeconds: 60 });
  expect(device).toEqual({ SizeInMBs: 128, IntervalInSeconds: 300 });
});

test('the delivery bucket: private, encrypted, TLS only, staged files and manifests expire, backup kept longer', () => {
  const bucket = resources[bucketId].Properties;
  expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  expect(bucket.PublicAccessBlockConfiguration).toEqual({
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const rules = Object.fromEntries(
    bucket.LifecycleConfiguration.Rules.map((r: { Id: string; Prefix?: string; ExpirationInDays?: number }) => [r.Id, [r.Prefix, r.ExpirationInDays]]),
  );
  expect(rules).toMatchObject({ 'expire-delivered-files': ['data/', 14], 'expire-error-manifests': ['errors/', 14], 'expire-source-backup': ['backup/', 90] });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId },
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
  });
});

test('the delivery role is assumable by Firehose of this account only and reads just the warehouse secret', () => {
  expect(resources[roleId].Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': '123456789012' } });
  const policies = ofType('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId));
  const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  const secretStatement = statements.find((s: { Action: string | string[] }) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
  expect(secretStatement.Resource).toBe(config.warehouse.secretArn);
  for (const s of statements) expect(s.Resource).not.toBe('*');
});

test('tables and JSONPaths are deployed by a custom resource before the delivery streams exist', () => {
  const [schemaId, schema] = ofType('Custom::EventTables')[0];
  for (const [, r] of streams) expect(r.DependsOn).toContain(schemaId);
  const spec = schema.Properties.Spec;
  // The JSON text, with the bucket name resolved by CloudFormation.
  const text = JSON.stringify(spec);
  expect(text).toContain('"Streams\\":[{\\"name\\":\\"impression\\",\\"schema\\":\\"events\\",\\"table\\":\\"impressions\\"');
  template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'example-firehose-schema', Runtime: 'nodejs24.x', Timeout: 300 });
  const schemaRole = ofType('AWS::IAM::Policy')
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .find((s: { Sid?: string }) => s.Sid === 'RunStatements' && JSON.stringify(s).includes('ExecuteStatement'));
  expect(schemaRole.Resource).toBe('arn:aws:redshift:ap-northeast-2:123456789012:cluster:analytics');
});

test('the Fluentd policy allows exactly PutRecord and PutRecordBatch on these delivery streams', () => {
  const [, policy] = ofType('AWS::IAM::ManagedPolicy').find(([, p]) => p.Properties.ManagedPolicyName === 'example-fluentd-firehose-put')!;
  const statements = policy.Properties.PolicyDocument.Statement;
  expect(statements).toHaveLength(1);
  expect(statements[0].Action).toEqual(['firehose:PutRecord', 'firehose:PutRecordBatch']);
  expect(statements[0].Resource).toEqual(expect.arrayContaining(streams.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }))));
  expect(statements[0].Resource).toHaveLength(streams.length);
  template.hasOutput('*', { Value: { Ref: Object.keys(resources).find((id) => resources[id].Type === 'AWS::IAM::ManagedPolicy') } });
});

test('alarms per stream (failed COPY, freshness from the buffering interval, throttling) go to the JANDI notifier', () => {
  for (const stream of config.firehose.streams) {
    const name = `example-${stream.name}`;
    const dims = [{ Name: 'DeliveryStreamName', Value: name }];
    const action = Match.arrayWith([Match.objectLike({ 'Fn::ImportValue': Match.anyValue() })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `example-firehose-${stream.name}-copy-failures`,
      MetricName: 'DeliveryToRedshift.Success',
      Namespace: 'AWS/Firehose',
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      Dimensions: dims,
      AlarmActions: action,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `example-firehose-${stream.name}-freshness`,
      MetricName: 'DeliveryToS3.DataFreshness',
      Statistic: 'Maximum',
      Threshold: freshnessThresholdSeconds(stream.buffering.intervalSeconds),
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: dims,
      AlarmActions: action,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `example-firehose-${stream.name}-throttled`,
      MetricName: 'ThrottledRecords',
      Statistic: 'Sum',
      Threshold: 0,
      Dimensions: dims,
      AlarmActions: action,
    });
  }
  expect(freshnessThresholdSeconds(60)).toBe(420);
  expect(freshnessThresholdSeconds(300)).toBe(900);
});

test('a dashboard shows records delivered, freshness, COPY success and throttling per stream', () => {
  const [, dashboard] = ofType('AWS::CloudWatch::Dashboard')[0];
  expect(dashboard.Properties.DashboardName).toBe('example-event-streams');
  const body = JSON.stringify(dashboard.Properties.DashboardBody);
  for (const metric of ['DeliveryToRedshift.Records', 'DeliveryToS3.DataFreshness', 'DeliveryToRedshift.Success', 'ThrottledRecords'])
    expect(body).toContain(metric);
  for (const stream of config.firehose.streams) expect(body).toContain(`example-${stream.name}`);
});

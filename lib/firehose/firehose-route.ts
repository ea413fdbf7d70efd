import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, AlarmStatusWidget, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { LogGroup, LogStream, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { firehoseCopyCommand } from '../../lambda/firehose/core/copy';
import type { FirehoseStreamConfig, WarehouseConfig } from '../config/schema';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { AccessLogsBucket, SecureBucket } from '../storage/secure-bucket';
import { deliveryStreamName, streamSpec } from './streams';
import { grantDataApi, redshiftConnection } from '../config/warehouse';

export interface FirehoseRouteProps {
  readonly envName: string;
  readonly streams: readonly FirehoseStreamConfig[];
  /** The warehouse; `host` (its endpoint) is required. */
  readonly warehouse: WarehouseConfig;
  /** Where alarms are reported. */
  readonly notifier: JandiNotifier;
  /** Days delivered files and errors/ manifests are kept for replays. @default 14 */
  readonly intermediateRetentionDays?: number;
  /** Days the source-record backup is kept. @default 90 */
  readonly backupRetentionDays?: number;
}

/** Alarm when the oldest undelivered record is older than two buffering intervals plus five minutes. */
export function freshnessThresholdSeconds(bufferingIntervalSeconds: number): number {
  return 2 * bufferingIntervalSeconds + 300;
}

const NAMESPACE = 'AWS/Firehose';

/**
 * Event streams into Redshift: per configured stream a Firehose delivery stream (Direct PUT) that stages gzip
 * files in an encrypted bucket and COPYs them with the stream's generated JSONPaths, credentials from Secrets
 * Manager; the tables and JSONPaths deployed as code by a custom resource; a policy for the Fluentd agents;
 * alarms to JANDI and a dashboard.
 */
export class FirehoseRoute extends Construct {
  readonly bucket: SecureBucket;
  readonly deliveryStreams = new Map<string, CfnDeliveryStream>();
  readonly fluentdPolicy: ManagedPolicy;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: FirehoseRouteProps) {
    super(scope, id);
    const { region, account } = Stack.of(this);
    const warehouse = props.warehouse;
    if (!warehouse.host) throw new Error('FirehoseRoute needs warehouse.host (validated at load)');

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.bucket = new SecureBucket(this, 'Delivery', {
      accessLogs: accessLogs.bucket,
      accessLogsPrefix: 'firehose-delivery/',
      lifecycleRules: [
        { id: 'expire-delivered-files', prefix: 'data/', expiration: Duration.days(props.intermediateRetentionDays ?? 14) },
        { id: 'expire-error-manifests', prefix: 'errors/', expiration: Duration.days(props.intermediateRetentionDays ?? 14) },
        { id: 'expire-source-backup', prefix: 'backup/', expiration: Duration.days(props.backupRetentionDays ?? 90) },
      ],
    });
    const bucket = this.bucket.bucket;

    const logGroup = new LogGroup(this, 'DeliveryLogs', {
      logGroupName: `/aws/kinesisfirehose/${props.envName}-event-streams`,
      retention: RetentionDays.THREE_MONTHS,
    });
    const role = new Role(this, 'DeliveryRole', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': account } } }),
      description: 'Firehose delivery streams of the event route: stage files in S3, COPY into Redshift',
    });
    bucket.grantReadWrite(role);
    const secret = Secret.fromSecretCompleteArn(this, 'WarehouseSecret', warehouse.secretArn);
    secret.grantRead(role);
    logGroup.grantWrite(role);

    // Tables and JSONPaths are deployed before any delivery stream exists, so the first COPY finds both.
    const schemaFunction = new PlatformFunction(this, 'SchemaFunction', {
      handler: 'firehose-schema',
      functionName: `${props.envName}-firehose-schema`,
      description: 'Creates and evolves the event tables in Redshift and writes their JSONPaths files (deploy time)',
      serviceName: 'firehose-schema',
      metricsNamespace: 'AdPlatform',
      timeout: Duration.minutes(5),
    });
    bucket.grantPut(schemaFunction, 'jsonpaths/*');
    secret.grantRead(schemaFunction);
    grantDataApi(schemaFunction, warehouse, region, account, { batch: false });
    // The framework's own function logs each CloudFormation event it relays; its group expires like every other.
    const providerLogs = new LogGroup(this, 'SchemaProviderLogs', {
      logGroupName: `/aws/lambda/${props.envName}-firehose-schema-provider`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The framework's own role would get AWSLambdaBasicExecutionRole (logs in every group); this one writes its group only.
    const providerRole = new Role(this, 'SchemaProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.envName}-firehose-schema-provider`,
    });
    providerLogs.grantWrite(providerRole);
    const provider = new Provider(this, 'SchemaProvider', {
      onEventHandler: schemaFunction,
      providerFunctionName: `${props.envName}-firehose-schema-provider`,
      logGroup: providerLogs,
      frameworkOnEventRole: providerRole,
    });
    const schema = new CustomResource(this, 'Schema', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::EventTables',
      properties: {
        // JSON text, so CloudFormation cannot turn numbers or booleans into strings; toJsonString resolves the bucket name.
        Spec: Stack.of(this).toJsonString({
          Bucket: bucket.bucketName,
          Warehouse: redshiftConnection(warehouse),
          Streams: props.streams.map(streamSpec),
        }),
      },
    });

    for (const stream of props.streams) {
      const name = deliveryStreamName(props.envName, stream.name);
      const redshiftLog = new LogStream(this, `${stream.name}RedshiftLog`, { logGroup, logStreamName: `${stream.name}-RedshiftDelivery` });
      const backupLog = new LogStream(this, `${stream.name}BackupLog`, { logGroup, logStreamName: `${stream.name}-BackupDelivery` });
      const copy = firehoseCopyCommand(streamSpec(stream), bucket.bucketName);
      const deliveryStream = new CfnDeliveryStream(this, `${stream.name}Stream`, {
        deliveryStreamName: name,
        deliveryStreamType: 'DirectPut',
        deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
        redshiftDestinationConfiguration: {
          clusterJdbcurl: `jdbc:redshift://${warehouse.host}:${warehouse.port}/${warehouse.database}`,
          roleArn: role.roleArn,
          secretsManagerConfiguration: { enabled: true, secretArn: warehouse.secretArn, roleArn: role.roleArn },
          copyCommand: copy,
          retryOptions: { durationInSeconds: stream.retrySeconds },
          s3Configuration: {
            bucketArn: bucket.bucketArn,
            roleArn: role.roleArn,
            prefix: `data/${stream.name}/`,
            errorOutputPrefix: `errors/${stream.name}/`,
            compressionFormat: 'GZIP',
            bufferingHints: { sizeInMBs: stream.buffering.sizeMB, intervalInSeconds: stream.buffering.intervalSeconds },
            encryptionConfiguration: { noEncryptionConfig: 'NoEncryption' }, // the bucket's default encryption applies
          },
          s3BackupMode: 'Enabled',
          s3BackupConfiguration: {
            bucketArn: bucket.bucketArn,
            roleArn: role.roleArn,
            prefix: `backup/${stream.name}/`,
            errorOutputPrefix: `errors/${stream.name}-backup/`,
            compressionFormat: 'GZIP',
            bufferingHints: { sizeInMBs: stream.buffering.sizeMB, intervalInSeconds: stream.buffering.intervalSeconds },
            cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: backupLog.logStreamName },
          },
          cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: redshiftLog.logStreamName },
        },
      });
      deliveryStream.node.addDependency(schema, role);
      this.deliveryStreams.set(stream.name, deliveryStream);
      this.addAlarms(props.envName, stream, name, props.notifier);
    }

    this.fluentdPolicy = new ManagedPolicy(this, 'FluentdPolicy', {
      managedPolicyName: `${props.envName}-fluentd-firehose-put`,
      description: "Attach to the app servers' roles: lets Fluentd put records into the event delivery streams, nothing else",
      statements: [
        new PolicyStatement({
          sid: 'PutEventRecords',
          actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          resources: [...this.deliveryStreams.values()].map((s) => s.attrArn),
        }),
      ],
    });
    new CfnOutput(this, 'FluentdPolicyArn', { value: this.fluentdPolicy.managedPolicyArn, description: "Attach to the app servers' instance roles (Fluentd)" });
    new CfnOutput(this, 'DeliveryBucketName', {
      value: bucket.bucketName,
      description: 'Staged files (data/), failed-COPY manifests (errors/), source backup (backup/), JSONPaths (jsonpaths/)',
    });

    this.dashboard = this.buildDashboard(props.envName, props.streams);

    Validations.of(role).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'Firehose writes and COPY reads objects of this one bucket (bucket grant).' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'Part of the bucket read grant for this one bucket.' },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: 'Part of the bucket read grant for this one bucket.' },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'Part of the bucket write grant (Firehose may overwrite or clean up its own staged objects).',
      },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'Part of the bucket write grant (aborting its own multipart uploads).' },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as never)}.Arn>/*]`,
        reason: 'Objects of the delivery bucket only (staged files, backup, manifests, JSONPaths).',
      },
    );
    Validations.of(schemaFunction.role!).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'redshift-data:DescribeStatement and GetStatementResult support no resource-level permissions.' },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as never)}.Arn>/jsonpaths/*]`,
        reason: 'Writes the JSONPaths files under jsonpaths/ only.',
      },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'Part of the S3 put grant (aborting its own multipart uploads).' },
      ...(warehouse.type === 'serverless'
        ? [
            {
              id: `AwsSolutions-IAM5[Resource::arn:aws:redshift-serverless:${region}:${account}:workgroup/*]`,
              reason: 'Workgroup ARNs end in a generated id, not the configured name.',
            },
          ]
        : []),
    );
    Validations.of(providerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(schemaFunction.node.defaultChild as never)}.Arn>:*]`,
      reason: 'The framework invokes exactly the schema function (and its versions).',
    });
    Validations.of(provider).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(schemaFunction.node.defaultChild as never)}.Arn>:*]`,
        reason: 'The framework invokes exactly the schema function (and its versions).',
      },
      { id: 'AwsSolutions-L1', reason: "The CDK Provider framework pins its own function's runtime; it only relays CloudFormation events." },
    );
  }

  private addAlarms(envName: string, stream: FirehoseStreamConfig, name: string, notifier: JandiNotifier): void {
    const metric = (metricName: string, statistic: string) =>
      new Metric({ namespace: NAMESPACE, metricName, dimensionsMap: { DeliveryStreamName: name }, statistic, period: Duration.minutes(5) });
    const freshness = freshnessThresholdSeconds(stream.buffering.intervalSeconds);
    const alarms = [
      new Alarm(this, `${stream.name}CopyFailures`, {
        alarmName: `${envName}-firehose-${stream.name}-copy-failures`,
        alarmDescription: notifier.messages.alarms.firehoseCopyFailed(`${stream.schema}.${stream.table}`, name),
        metric: metric('DeliveryToRedshift.Success', 'Minimum'),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, `${stream.name}Freshness`, {
        alarmName: `${envName}-firehose-${stream.name}-freshness`,
        alarmDescription: notifier.messages.alarms.firehoseFreshness(name, freshness, stream.buffering.intervalSeconds),
        metric: metric('DeliveryToS3.DataFreshness', 'Maximum'),
        threshold: freshness,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, `${stream.name}Throttled`, {
        alarmName: `${envName}-firehose-${stream.name}-throttled`,
        alarmDescription: notifier.messages.alarms.firehoseThrottled(name),
        metric: metric('ThrottledRecords', 'Sum'),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(notifier.alarmAction);
    this.alarms.push(...alarms);
  }

  private buildDashboard(envName: string, streams: readonly FirehoseStreamConfig[]): Dashboard {
    const perStream = (metricName: string, statistic: string): IMetric[] =>
      streams.map(
        (s) =>
          new Metric({
            namespace: NAMESPACE,
            metricName,
            dimensionsMap: { DeliveryStreamName: deliveryStreamName(envName, s.name) },
            statistic,
            label: s.name,
            period: Duration.minutes(5),
          }),
      );
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${envName}-event-streams` });
    dashboard.addWidgets(
      new GraphWidget({ title: 'Records delivered to Redshift', left: perStream('DeliveryToRedshift.Records', 'Sum'), width: 12 }),
      new GraphWidget({ title: 'Data freshness (s, oldest record not yet in S3)', left: perStream('DeliveryToS3.DataFreshness', 'Maximum'), width: 12 }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'COPY success ratio (1 = every COPY succeeded)', left: perStream('DeliveryToRedshift.Success', 'Minimum'), width: 12 }),
      new GraphWidget({ title: 'Throttled records', left: perStream('ThrottledRecords', 'Sum'), width: 12 }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
    return dashboard;
  }
}

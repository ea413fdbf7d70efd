import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { ArnPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { MysqlSourceConfig, SyncJobConfig, WarehouseConfig } from '../config/schema';
import { grantDataApi, redshiftConnection } from '../config/warehouse';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { AccessLogsBucket, SecureBucket } from '../storage/secure-bucket';
import { syncExecutionInput, syncFunctionName } from './names';
import { SyncRunLoop } from './sync-run-loop';

export interface MysqlSyncProps {
  readonly envName: string;
  readonly sources: readonly MysqlSourceConfig[];
  readonly jobs: readonly SyncJobConfig[];
  /** The sources' VPC, taken by id. */
  readonly network: { readonly vpcId: string; readonly availabilityZones: readonly string[]; readonly privateSubnetIds: readonly string[] };
  readonly warehouse: WarehouseConfig;
  /** Where failures are reported. */
  readonly notifier: JandiNotifier;
  /** Schema of the sync_state table. @default 'sync_meta' */
  readonly stateSchema?: string;
  /** Time zone in which the jobs' cron expressions are read. */
  readonly timezone: string;
  /** Days staged files are kept (they are only needed until COPY ran). @default 7 */
  readonly stagingRetentionDays?: number;
  /** Runs one execution makes of a job before it alarms as not caught up. @default 12 */
  readonly maxRunsPerExecution?: number;
}

/**
 * Copies MySQL tables into Redshift on schedules: one function per source (in the source's VPC and security
 * groups), a state machine per source that runs a job until it is caught up, one EventBridge Scheduler schedule per
 * job starting it, a staging bucket that the cluster's COPY role may read.
 */
export class MysqlSync extends Construct {
  readonly stagingBucket: SecureBucket;
  readonly functions = new Map<string, PlatformFunction>();
  readonly schedules = new Map<string, Schedule>();
  /** Per source: the state machine that runs a job until it is caught up. */
  readonly runLoops = new Map<string, SyncRunLoop>();

  constructor(scope: Construct, id: string, props: MysqlSyncProps) {
    super(scope, id);
    const { region, account } = Stack.of(this);
    if (!props.warehouse.copyRoleArn) throw new Error('MysqlSync needs warehouse.copyRoleArn');

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.stagingBucket = new SecureBucket(this, 'Staging', {
      accessLogs: accessLogs.bucket,
      accessLogsPrefix: 'mysql-sync-staging/',
      lifecycleRules: [{ id: 'expire-staged-files', expiration: Duration.days(props.stagingRetentionDays ?? 7) }],
    });
    const bucket = this.stagingBucket.bucket;
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'RedshiftCopyReadsStagedFiles',
        principals: [new ArnPrincipal(props.warehouse.copyRoleArn)],
        actions: ['s3:GetObject', 's3:ListBucket'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      }),
    );

    const vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: props.network.vpcId,
      availabilityZones: [...props.network.availabilityZones],
      privateSubnetIds: [...props.network.privateSubnetIds],
    });
    // The functions only need subnets to place their network interfaces; routes are the VPC owner's business.
    Validations.of(vpc).acknowledge({ id: '@aws-cdk/aws-ec2:noSubnetRouteTableId', reason: 'Subnets are taken by id; no route table is read.' });
    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: 'Lets EventBridge Scheduler start the MySQL sync run loops',
    });
    const warehouseSecret = Secret.fromSecretCompleteArn(this, 'WarehouseSecret', props.warehouse.secretArn);
    const warehouse = redshiftConnection(props.warehouse);

    for (const source of props.sources) {
      const jobs = props.jobs.filter((j) => j.source === source.name);
      if (jobs.length === 0) continue;
      const sourceSecret = Secret.fromSecretCompleteArn(this, `${source.name}Secret`, source.secretArn);
      const securityGroups = source.securityGroupIds.map((sg, i) => SecurityGroup.fromSecurityGroupId(this, `${source.name}Sg${i}`, sg, { mutable: false }));
      const fn = new PlatformFunction(this, `${source.name}Function`, {
        handler: 'sync',
        functionName: syncFunctionName(props.envName, source.name),
        description: `Copies tables of MySQL source ${source.name} into Redshift`,
        serviceName: 'mysql-sync',
        metricsNamespace: 'AdPlatform',
        timeout: Duration.minutes(15),
        memorySize: 1024,
        overrides: { vpc, vpcSubnets: { subnets: vpc.privateSubnets }, securityGroups },
        environment: {
          SYNC_SOURCE: JSON.stringify({
            name: source.name,
            host: source.host,
            port: source.port,
            database: source.database,
            secretArn: source.secretArn,
            timezone: source.timezone,
            tls: source.tls,
          }),
          SYNC_JOBS: JSON.stringify(
            jobs.map((j) => ({
              name: j.name,
              table: j.table,
              mode: j.mode,
              key: j.primaryKey,
              updatedAt: j.updatedAtColumn,
              overlapMinutes: j.overlapMinutes,
              oversizeText: j.oversizeText,
              excludeColumns: j.excludeColumns.length > 0 ? j.excludeColumns : undefined,
              workers: j.workers > 1 ? j.workers : undefined,
              fullCopySwap: j.fullCopySwap === 'rename' ? 'rename' : undefined,
              stateSchema: props.stateSchema ?? 'sync_meta',
              target: { schema: j.target.schema, table: j.target.table ?? j.table },
            })),
          ),
          SYNC_WAREHOUSE: JSON.stringify(warehouse),
          STAGING_BUCKET: bucket.bucketName,
          WAREHOUSE_SLICES: String(props.warehouse.slices),
          COPY_ROLE_ARN: props.warehouse.copyRoleArn,
          NOTIFICATIONS_TOPIC_ARN: props.notifier.topic.topicArn,
          ...props.notifier.languageEnvironment,
        },
      });
      sourceSecret.grantRead(fn);
      warehouseSecret.grantRead(fn);
      bucket.grantPut(fn, `${source.name}/*`);
      // A fanned-out load reads the lists of parts its extracts left: GetObject alone (grantRead adds List and GetBucket*).
      fn.addToRolePolicy(new PolicyStatement({ sid: 'ReadFanOutLists', actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${source.name}/*`)] }));
      props.notifier.grantPublish(fn);
      grantDataApi(fn, props.warehouse, region, account, { batch: true });
      this.functions.set(source.name, fn);
      // Failures the handler catches are alerted by the handler; this alarm covers what it cannot: time-outs, crashes.
      props.notifier.alarmOnAny(this, `${source.name}Errors`, {
        alarmName: `${props.envName}-mysql-sync-${source.name}-errors`,
        alarmDescription: props.notifier.messages.alarms.syncErrors(source.name),
        metric: fn.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
      });

      const loop = new SyncRunLoop(this, `${source.name}RunLoop`, {
        envName: props.envName,
        function: fn,
        sourceName: source.name,
        notifier: props.notifier,
        maxRuns: props.maxRunsPerExecution,
      });
      this.runLoops.set(source.name, loop);
      for (const job of jobs) {
        this.schedules.set(
          job.name,
          new Schedule(this, `${job.name}Schedule`, {
            scheduleName: `${props.envName}-mysql-sync-${job.name}`,
            description: `MySQL sync job ${job.name}: ${source.name}.${job.table} (${job.mode})`,
            schedule: ScheduleExpression.expression(job.schedule, TimeZone.of(props.timezone)),
            // One execution runs the job until it is caught up; the next scheduled one picks up whatever is left.
            target: new StepFunctionsStartExecution(loop.stateMachine, {
              role: scheduleRole,
              input: ScheduleTargetInput.fromObject(syncExecutionInput(job)),
              retryAttempts: 0,
              maxEventAge: Duration.minutes(15),
            }),
          }),
        );
      }

      const role = fn.role!;
      Validations.of(role).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'redshift-data:DescribeStatement and GetStatementResult support no resource-level permissions; Lambda ENI management in a VPC needs *.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as never)}.Arn>/${source.name}/*]`,
          reason: `Writes staged files, and reads the fan-out's lists of them, under this source's prefix ${source.name}/ only.`,
        },
        { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: "Part of the S3 put grant (aborting this function's own multipart uploads)." },
      );
      if (props.warehouse.type === 'serverless') {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:aws:redshift-serverless:${region}:${account}:workgroup/*]`,
          reason: 'Workgroup ARNs end in a generated id, not the name the configuration gives.',
        });
      }
    }
  }
}

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { ArnPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Choice, Condition, DefinitionBody, Fail, LogLevel, StateMachine, Succeed, TaskInput, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { WarehouseConfig } from '../config/schema';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { AccessLogsBucket, SecureBucket } from '../storage/secure-bucket';
import { athenaJobSpec, stateMachineName, workgroupName, type AthenaJobConfig } from './jobs';
import { grantDataApi, redshiftConnection } from '../config/warehouse';

export interface AthenaJobsProps {
  readonly envName: string;
  readonly jobs: readonly AthenaJobConfig[];
  readonly warehouse: WarehouseConfig;
  readonly notifier: JandiNotifier;
  /** Time zone the schedules are read in and scheduled partitions are counted in. */
  readonly timezone: string;
  /** The workgroup cancels any query that would scan more. */
  readonly bytesScannedCutoffPerQueryGB: number;
  /** Days query results and UNLOAD output are kept. @default 30 */
  readonly resultsRetentionDays?: number;
  /** Schema of the athena_runs table. @default 'athena_meta' */
  readonly metaSchema?: string;
}

/** Where the step function finds the deployed jobs: the file of its layer (layers are extracted under /opt). */
export const DEPLOYED_JOBS_FILE = '/opt/athena-jobs.json';

/**
 * A directory holding `athena-jobs.json` with these specs, named by its content (the same jobs, the same directory
 * and asset); the layer's code.
 */
export function jobSpecsDirectory(specs: unknown): string {
  const text = JSON.stringify(specs);
  const dir = path.join(tmpdir(), `athena-job-specs-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, path.basename(DEPLOYED_JOBS_FILE)), text);
  return dir;
}

/** `s3://bucket/prefix/` → the bucket and the prefix. */
function s3Location(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (!match) throw new Error(`${url} is not an s3:// location`);
  return { bucket: match[1], prefix: match[2] };
}

/**
 * Scheduled Athena preprocessing loaded into Redshift: a workgroup with an enforced bytes-scanned limit, CloudWatch
 * metrics and encrypted results; a results bucket with lifecycle rules; one state machine that runs a job for one
 * partition by looping over a short Lambda step (start, watch, retry with backoff, load) with waits in between, so
 * no Lambda waits on a query; one schedule per job; alarms to JANDI.
 */
export class AthenaJobs extends Construct {
  readonly resultsBucket: SecureBucket;
  readonly workgroup: CfnWorkGroup;
  readonly stateMachine: StateMachine;
  readonly stepFunction: PlatformFunction;
  readonly schedules = new Map<string, Schedule>();

  constructor(scope: Construct, id: string, props: AthenaJobsProps) {
    super(scope, id);
    const { region, account } = Stack.of(this);
    const warehouse = props.warehouse;
    if (!warehouse.copyRoleArn) throw new Error('AthenaJobs needs warehouse.copyRoleArn (validated at load)');
    const metaSchema = props.metaSchema ?? 'athena_meta';

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.resultsBucket = new SecureBucket(this, 'Results', {
      accessLogs: accessLogs.bucket,
      accessLogsPrefix: 'athena-results/',
      lifecycleRules: [
        { id: 'expire-query-results', prefix: 'athena-results/', expiration: Duration.days(props.resultsRetentionDays ?? 30) },
        { id: 'expire-unload-output', prefix: 'unload/', expiration: Duration.days(props.resultsRetentionDays ?? 30) },
      ],
    });
    const bucket = this.resultsBucket.bucket;
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'RedshiftCopyReadsUnloadedParquet',
        principals: [new ArnPrincipal(warehouse.copyRoleArn)],
        actions: ['s3:GetObject', 's3:ListBucket'],
        resources: [bucket.bucketArn, bucket.arnForObjects('unload/*')],
      }),
    );

    const name = workgroupName(props.envName);
    this.workgroup = new CfnWorkGroup(this, 'Workgroup', {
      name,
      description: 'Scheduled preprocessing queries: per-query scan limit enforced, results encrypted',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQueryGB * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${bucket.bucketName}/athena-results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    const workgroupArn = `arn:aws:athena:${region}:${account}:workgroup/${name}`;
    // By name, not by reference: the state machine invokes the function that starts catch-up runs of it.
    const stateMachineArn = `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName(props.envName)}`;

    // The jobs as deployed: runs name a job and a partition, and the step takes the SQL and the target from here,
    // never from its input. A layer rather than environment variables, which hold 4 KB in all.
    const jobSpecs = new LayerVersion(this, 'JobSpecs', {
      code: Code.fromAsset(jobSpecsDirectory(props.jobs.map((job) => athenaJobSpec(job)))),
      compatibleArchitectures: [Architecture.ARM_64],
      description: `The Athena jobs of ${props.envName} (SQL, target, limits) as deployed, read by the step function`,
    });
    this.stepFunction = new PlatformFunction(this, 'StepFunction', {
      handler: 'athena-step',
      functionName: `${props.envName}-athena-step`,
      description: 'One step of an Athena job run: start, watch or load; Step Functions loops over it',
      serviceName: 'athena-jobs',
      metricsNamespace: 'AdPlatform',
      timeout: Duration.minutes(5),
      memorySize: 512,
      overrides: { layers: [jobSpecs] },
      environment: {
        ATHENA_JOBS_FILE: DEPLOYED_JOBS_FILE,
        ATHENA_WORKGROUP: name,
        OUTPUT_BUCKET: bucket.bucketName,
        COPY_ROLE_ARN: warehouse.copyRoleArn,
        META_SCHEMA: metaSchema,
        APP_TIMEZONE: props.timezone,
        WAREHOUSE: JSON.stringify(redshiftConnection(warehouse)),
        NOTIFICATIONS_TOPIC_ARN: props.notifier.topic.topicArn,
        ...props.notifier.languageEnvironment,
        STATE_MACHINE_ARN: stateMachineArn,
      },
    });
    const fn = this.stepFunction;
    fn.addToRolePolicy(new PolicyStatement({ sid: 'StartCatchUpRuns', actions: ['states:StartExecution'], resources: [stateMachineArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({ sid: 'RunQueries', actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution'], resources: [workgroupArn] }),
    );
    const databases = [...new Set(props.jobs.map((j) => j.source.database))];
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadAndDeclareSourceTables',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:CreateTable'],
        resources: [
          `arn:aws:glue:${region}:${account}:catalog`,
          ...databases.map((d) => `arn:aws:glue:${region}:${account}:database/${d}`),
          ...databases.map((d) => `arn:aws:glue:${region}:${account}:table/${d}/*`),
        ],
      }),
    );
    const sources = props.jobs.map((j) => s3Location(j.source.location));
    for (const [i, source] of [...new Map(sources.map((s) => [`${s.bucket}/${s.prefix}`, s])).values()].entries()) {
      Bucket.fromBucketName(this, `Source${i}`, source.bucket).grantRead(fn, `${source.prefix}*`);
    }
    bucket.grantReadWrite(fn, 'athena-results/*');
    bucket.grantReadWrite(fn, 'unload/*');
    Secret.fromSecretCompleteArn(this, 'WarehouseSecret', warehouse.secretArn).grantRead(fn);
    grantDataApi(fn, warehouse, region, account, { batch: true });
    props.notifier.grantPublish(fn);

    // The run loop: step, then finish or wait the step's waitSeconds and step again.
    const step = new LambdaInvoke(this, 'Step', {
      lambdaFunction: fn,
      payload: TaskInput.fromObject({ 'state.$': '$', 'runId.$': '$$.Execution.Name' }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    step.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(20), maxAttempts: 3, backoffRate: 2, jitterStrategy: undefined });
    const crashed = new Fail(this, 'StepCrashed', { error: 'AthenaStepCrashed', cause: 'The step function failed repeatedly; see its log group' });
    step.addCatch(crashed, { errors: ['States.ALL'] });
    const wait = new Wait(this, 'WaitBeforeNextStep', { time: WaitTime.secondsPath('$.run.waitSeconds') });
    const finished = new Choice(this, 'RunFinished?')
      .when(Condition.stringEquals('$.run.phase', 'done'), new Succeed(this, 'PartitionLoaded'))
      .when(Condition.stringEquals('$.run.phase', 'failed'), new Fail(this, 'RunFailed', { error: 'AthenaRunFailed', causePath: '$.run.error' }))
      .otherwise(wait.next(step));
    const logs = new LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName(props.envName)}`,
      retention: RetentionDays.THREE_MONTHS,
    });
    const longest = Math.max(60, ...props.jobs.map((j) => j.deadlineMinutes));
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: stateMachineName(props.envName),
      definitionBody: DefinitionBody.fromChainable(step.next(finished)),
      // The deadline ends retries; the load that may follow gets another hour.
      timeout: Duration.minutes(longest + 60),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });

    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: 'Lets EventBridge Scheduler start Athena job runs',
    });
    for (const job of props.jobs) {
      this.schedules.set(
        job.name,
        new Schedule(this, `${job.name}Schedule`, {
          scheduleName: `${props.envName}-athena-${job.name}`,
          description: `Athena job ${job.name} (${job.partition}): the ${job.partition === 'daily' ? 'day' : 'hour'} before the run`,
          schedule: ScheduleExpression.expression(job.schedule, TimeZone.of(props.timezone)),
          target: new StepFunctionsStartExecution(this.stateMachine, {
            role: scheduleRole,
            // The job's name only: its SQL and target are the deployed ones.
            input: ScheduleTargetInput.fromObject({ job: job.name, partition: 'scheduled' }),
            retryAttempts: 3,
            maxEventAge: Duration.hours(1),
          }),
        }),
      );
    }

    // Runs that fail report themselves to JANDI; these alarms cover what cannot: crashes and time-outs.
    props.notifier.alarmOnAny(this, 'StepErrors', {
      alarmName: `${props.envName}-athena-step-errors`,
      alarmDescription: props.notifier.messages.alarms.athenaStepErrors,
      metric: fn.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
    });
    props.notifier.alarmOnAny(this, 'RunsTimedOut', {
      alarmName: `${props.envName}-athena-runs-timed-out`,
      alarmDescription: props.notifier.messages.alarms.athenaRunsTimedOut,
      metric: this.stateMachine.metricTimedOut({ period: Duration.minutes(15), statistic: 'Sum' }),
    });

    const bucketId = Stack.of(this).getLogicalId(bucket.node.defaultChild as never);
    Validations.of(fn.role!).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "redshift-data:DescribeStatement, GetStatementResult and CancelStatement support no resource-level permissions (CancelStatement is limited to the role's own statements by condition).",
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/athena-results/*]`,
        reason: 'Athena writes and reads query results under athena-results/ of the results bucket only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/unload/*]`,
        reason: 'UNLOAD writes Parquet under unload/ of the results bucket only; the step lists it before COPY.',
      },
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'Part of the S3 read grants on named buckets and prefixes (source data, results).' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'Part of the S3 read grants on named buckets and prefixes (source data, results).' },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: 'Part of the S3 read grants on named buckets and prefixes (source data, results).' },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'Part of the S3 write grant on the results prefixes (Athena replaces its own result objects).',
      },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'Part of the S3 write grant on the results prefixes (aborting its own multipart uploads).' },
      ...[...new Set(sources.map((s) => `${s.bucket}/${s.prefix}`))].map((where) => ({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${where}*]`,
        reason: `Reads the raw files under the job source prefix s3://${where} only.`,
      })),
      ...databases.map((d) => ({
        id: `AwsSolutions-IAM5[Resource::arn:aws:glue:${region}:${account}:table/${d}/*]`,
        reason: `The tables of the source database ${d} only; a job may declare its table there.`,
      })),
      ...(warehouse.type === 'serverless'
        ? [
            {
              id: `AwsSolutions-IAM5[Resource::arn:aws:redshift-serverless:${region}:${account}:workgroup/*]`,
              reason: 'Workgroup ARNs end in a generated id, not the configured name.',
            },
          ]
        : []),
    );
    Validations.of(this.stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as never)}.Arn>:*]`,
        reason: 'The state machine invokes exactly the step function (and its versions).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing and CloudWatch Logs delivery (the state machine log) support no resource-level permissions.',
      },
    );
  }
}

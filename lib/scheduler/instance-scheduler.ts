import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { schedulerTableNames } from './tables';

export interface InstanceSchedulerProps {
  /** Prefix of physical names. */
  readonly envName: string;
  /** Where the scheduler reports (starts, stops, warnings, failures) and where its alarm goes. */
  readonly notifier: JandiNotifier;
  /** IANA zone of schedules without their own Timezone. */
  readonly defaultTimezone: string;
  /** Tag naming an instance's schedule (its value is the schedule's TagValue). @default 'ScheduleName' */
  readonly scheduleTagKey?: string;
  /** Tag naming an instance's server group. @default 'ScheduleGroup' */
  readonly groupTagKey?: string;
  /** Minutes between ticks. @default 5 */
  readonly intervalMinutes?: number;
  /** How long a group may take to start or stop before it is reported. @default 20 */
  readonly settleMinutes?: number;
  /** The JANDI keyword people type to postpone a stop, quoted in warnings. @default '/scheduler' */
  readonly chatCommand?: string;
  /**
   * Customer managed KMS keys (key ARNs) encrypting scheduled instances' EBS volumes. Starting such an instance
   * makes EC2 create a grant on the key with the caller's permission; without it the instance falls back to
   * stopped. The role may create grants on these keys for AWS resources only. @default [] (none)
   */
  readonly kmsKeyArns?: readonly string[];
  /** Capacity failures in a row after which an instance that cannot start is alerted (once). @default 3 */
  readonly capacityAlertAfter?: number;
}

/**
 * Starts and stops tagged EC2 instances, RDS instances, Aurora clusters and Auto Scaling groups on the schedules
 * in its DynamoDB tables, in dependency order, every few minutes; may act only on resources that carry the
 * schedule tag.
 */
export class InstanceScheduler extends Construct {
  readonly schedulesTable: TableV2;
  readonly groupsTable: TableV2;
  readonly exceptionsTable: TableV2;
  readonly holidaysTable: TableV2;
  readonly stateTable: TableV2;
  readonly function: PlatformFunction;
  readonly rule: Rule;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: InstanceSchedulerProps) {
    super(scope, id);
    const scheduleTag = props.scheduleTagKey ?? 'ScheduleName';
    const groupTag = props.groupTagKey ?? 'ScheduleGroup';
    const interval = props.intervalMinutes ?? 5;
    const names = schedulerTableNames(props.envName);
    const table = (tableId: string, tableName: string, key: string, removalPolicy: RemovalPolicy, sortKey?: string) =>
      new TableV2(this, tableId, {
        tableName,
        partitionKey: { name: key, type: AttributeType.STRING },
        ...(sortKey ? { sortKey: { name: sortKey, type: AttributeType.STRING } } : {}),
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
        removalPolicy,
      });
    this.schedulesTable = table('Schedules', names.schedules, 'ScheduleName', RemovalPolicy.RETAIN);
    this.groupsTable = table('Groups', names.groups, 'GroupName', RemovalPolicy.RETAIN);
    this.exceptionsTable = table('Exceptions', names.exceptions, 'ExceptionUuid', RemovalPolicy.RETAIN);
    // Temporary public holidays and company days off, read at every tick: a day off needs no deploy.
    this.holidaysTable = table('Holidays', names.holidays, 'Calendar', RemovalPolicy.RETAIN, 'Date');
    // What the scheduler remembers between ticks; rebuilt from the fleet if lost.
    this.stateTable = table('State', names.state, 'Id', RemovalPolicy.DESTROY);

    const timeout = Duration.minutes(Math.min(interval, 5));
    this.function = new PlatformFunction(this, 'Function', {
      handler: 'scheduler',
      functionName: `${props.envName}-instance-scheduler`,
      description: 'Starts and stops tagged EC2, RDS, Aurora and Auto Scaling resources on the DynamoDB schedules',
      serviceName: 'instance-scheduler',
      metricsNamespace: 'AdPlatform',
      timeout,
      memorySize: 512,
      // One tick at a time; the lease in the state table covers the rare overlap this cannot prevent.
      overrides: { reservedConcurrentExecutions: 1 },
      environment: {
        SCHEDULES_TABLE: this.schedulesTable.tableName,
        GROUPS_TABLE: this.groupsTable.tableName,
        EXCEPTIONS_TABLE: this.exceptionsTable.tableName,
        STATE_TABLE: this.stateTable.tableName,
        HOLIDAYS_TABLE: this.holidaysTable.tableName,
        NOTIFICATIONS_TOPIC_ARN: props.notifier.topic.topicArn,
        ...props.notifier.languageEnvironment,
        SCHEDULE_TAG_KEY: scheduleTag,
        GROUP_TAG_KEY: groupTag,
        DEFAULT_TIMEZONE: props.defaultTimezone,
        SETTLE_MINUTES: String(props.settleMinutes ?? 20),
        TICK_MINUTES: String(interval),
        CAPACITY_ALERT_AFTER: String(props.capacityAlertAfter ?? 3),
        CHAT_COMMAND: props.chatCommand ?? '/scheduler',
        LEASE_SECONDS: String(timeout.toSeconds()),
      },
    });
    for (const t of [this.schedulesTable, this.groupsTable, this.exceptionsTable, this.holidaysTable]) t.grantReadData(this.function);
    this.stateTable.grantReadWriteData(this.function);
    props.notifier.grantPublish(this.function);

    const { region, account } = Stack.of(this);
    this.function.addToRolePolicy(
      new PolicyStatement({
        sid: 'DescribeFleet',
        actions: ['ec2:DescribeInstances', 'rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'autoscaling:DescribeAutoScalingGroups'],
        resources: ['*'],
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        sid: 'StartStopTaggedInstances',
        actions: ['ec2:StartInstances', 'ec2:StopInstances'],
        resources: [`arn:aws:ec2:${region}:${account}:instance/*`],
        conditions: { StringLike: { [`aws:ResourceTag/${scheduleTag}`]: '*' } },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        sid: 'StartStopTaggedDatabases',
        actions: ['rds:StartDBInstance', 'rds:StopDBInstance'],
        resources: [`arn:aws:rds:${region}:${account}:db:*`],
        conditions: { StringLike: { [`rds:db-tag/${scheduleTag}`]: '*' } },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        sid: 'StartStopTaggedClusters',
        actions: ['rds:StartDBCluster', 'rds:StopDBCluster'],
        resources: [`arn:aws:rds:${region}:${account}:cluster:*`],
        conditions: { StringLike: { [`rds:cluster-tag/${scheduleTag}`]: '*' } },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        sid: 'ResizeTaggedAutoScalingGroups',
        actions: ['autoscaling:UpdateAutoScalingGroup'],
        resources: [`arn:aws:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/*`],
        conditions: { StringLike: { [`autoscaling:ResourceTag/${scheduleTag}`]: '*' } },
      }),
    );
    const kmsKeyArns = [...new Set(props.kmsKeyArns ?? [])];
    if (kmsKeyArns.length > 0) {
      // EC2 creates the grant it needs to attach an encrypted volume as the caller; the condition keeps the role
      // from creating grants for anyone but an AWS service acting for it.
      this.function.addToRolePolicy(
        new PolicyStatement({
          sid: 'GrantEc2UseOfVolumeKeys',
          actions: ['kms:CreateGrant'],
          resources: kmsKeyArns,
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      );
    }

    this.rule = new Rule(this, 'Tick', {
      ruleName: `${props.envName}-instance-scheduler-tick`,
      description: `Runs the instance scheduler every ${interval} minutes`,
      schedule: Schedule.cron({ minute: `0/${interval}` }),
      // A missed tick is caught up by the next one; retrying an old tick would act on stale time.
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(interval) })],
    });

    this.errorAlarm = new Alarm(this, 'ErrorAlarm', {
      alarmName: `${props.envName}-instance-scheduler-errors`,
      alarmDescription: props.notifier.messages.alarms.schedulerErrors,
      metric: this.function.metricErrors({ period: Duration.minutes(interval), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorAlarm.addAlarmAction(props.notifier.alarmAction);
    this.errorAlarm.addOkAction(props.notifier.alarmAction);

    const role = this.function.role!;
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ec2:DescribeInstances, rds:DescribeDBInstances, rds:DescribeDBClusters and autoscaling:DescribeAutoScalingGroups support no resource-level permissions.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/*]`,
        reason: `UpdateAutoScalingGroup is limited by condition to groups that carry the ${scheduleTag} tag (autoscaling:ResourceTag).`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:ec2:${region}:${account}:instance/*]`,
        reason: `Start/stop is limited by condition to instances that carry the ${scheduleTag} tag; which ones is decided by tags at run time.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:rds:${region}:${account}:db:*]`,
        reason: `Start/stop is limited by condition to DB instances that carry the ${scheduleTag} tag (rds:db-tag).`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:rds:${region}:${account}:cluster:*]`,
        reason: `Start/stop is limited by condition to Aurora clusters that carry the ${scheduleTag} tag (rds:cluster-tag).`,
      },
    );
  }
}

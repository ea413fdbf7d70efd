import { Duration, TimeZone, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { DigestSpec } from '../../lambda/digest/core/digest';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { JandiNotifier } from '../notifications/jandi-notifier';

export interface DailyDigestProps {
  readonly envName: string;
  /** What the digest reports on (stream, job and price lists). */
  readonly spec: DigestSpec;
  /** When to post, read in `timezone`. @default cron(0 9 * * ? *) */
  readonly schedule?: string;
  readonly timezone: string;
  readonly notifier: JandiNotifier;
}

/** One JANDI message every morning: yesterday's deliveries, loads, costs and the scheduler's savings. */
export class DailyDigest extends Construct {
  readonly function: PlatformFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: DailyDigestProps) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      handler: 'digest',
      functionName: `${props.envName}-daily-digest`,
      description: 'Posts the daily digest (deliveries, loads, Athena cost, scheduler savings) to JANDI',
      serviceName: 'daily-digest',
      metricsNamespace: 'AdPlatform',
      timeout: Duration.minutes(1),
      environment: {
        DIGEST_SPEC: JSON.stringify(props.spec),
        APP_TIMEZONE: props.timezone,
        NOTIFICATIONS_TOPIC_ARN: props.notifier.topic.topicArn,
        ...props.notifier.languageEnvironment,
      },
    });
    // GetMetricData takes no resource: it reads whatever metrics the queries name.
    this.function.addToRolePolicy(new PolicyStatement({ sid: 'ReadMetrics', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    props.notifier.grantPublish(this.function);
    const role = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'Lets EventBridge Scheduler post the daily digest',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: `${props.envName}-daily-digest`,
      description: 'The daily digest to JANDI',
      schedule: ScheduleExpression.expression(props.schedule ?? 'cron(0 9 * * ? *)', TimeZone.of(props.timezone)),
      target: new LambdaInvoke(this.function, { role, retryAttempts: 2, maxEventAge: Duration.hours(2) }),
    });
    Validations.of(this.function.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudwatch:GetMetricData supports no resource-level permissions.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as never)}.Arn>:*]`,
      reason: 'The invoke grant covers the digest function and its versions only.',
    });
  }
}

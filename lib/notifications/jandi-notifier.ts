import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LANGUAGE_ENV, messagesFor, type Language, type Messages } from '../../lambda/core/messages/catalogue';
import { PlatformFunction } from '../lambda-functions/platform-function';

export interface JandiNotifierProps {
  /** Prefix of physical names (`<env>-notifications`, `<env>-jandi-notifier`, ...). */
  readonly envName: string;
  /** Secret whose value is the JANDI Incoming Webhook URL (or JSON `{"webhookUrl": ...}`). */
  readonly webhookSecret: ISecret;
  /** @default Duration.seconds(5) */
  readonly requestTimeout?: Duration;
  /** Calls per message in one invocation before it goes back to the queue. @default 3 */
  readonly attemptsPerReceive?: number;
  /**
   * Receives before SQS moves a message to the dead-letter queue. With the notifier's growing redelivery
   * delay (1, 2, 4, ... minutes, at most an hour) the default keeps retrying a JANDI outage for about 2 hours.
   * @default 8
   */
  readonly maxReceiveCount?: number;
  /** E-mail addresses told when JANDI itself cannot be reached (dead letters, a stuck queue). @default none */
  readonly fallbackEmails?: readonly string[];
  /** Age of the oldest undelivered message that counts as JANDI being unreachable. @default Duration.minutes(30) */
  readonly stuckAfter?: Duration;
  /** CloudWatch namespace of the platform's metrics. @default 'AdPlatform' */
  readonly metricsNamespace?: string;
  /** The language of every message and bot reply, and of the alarm descriptions. @default 'en' */
  readonly language?: Language;
  /** The team's IANA time zone, which alarm times are shown in. @default UTC */
  readonly timezone?: string;
}

/**
 * The one way every part of the platform talks to the team: publish a notification (or route an alarm) to
 * `topic`; a queue buffers it and one Lambda delivers it to JANDI. Undeliverable messages end in a
 * dead-letter queue whose alarm reaches people by e-mail as well as by JANDI.
 */
export class JandiNotifier extends Construct {
  /** Where components publish notifications (see lambda/core/notification.ts for the message contract). */
  readonly topic: Topic;
  /** Operators' channel that does not depend on JANDI (e-mail subscriptions). */
  readonly fallbackTopic: Topic;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: PlatformFunction;
  readonly deadLetterAlarm: Alarm;
  readonly stuckAlarm: Alarm;
  /** Alarm action that sends the alarm's state changes to JANDI. */
  readonly alarmAction: IAlarmAction;
  /** The catalogue in the team's language, for what constructs write at synth (alarm descriptions). */
  readonly messages: Messages;
  /** The environment that tells a function which language to speak; every function that talks to JANDI gets it. */
  readonly languageEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: JandiNotifierProps) {
    super(scope, id);
    this.messages = messagesFor(props.language ?? 'en');
    this.languageEnvironment = { [LANGUAGE_ENV]: this.messages.language };
    const namespace = props.metricsNamespace ?? 'AdPlatform';
    const requestTimeout = props.requestTimeout ?? Duration.seconds(5);
    const functionTimeout = Duration.seconds(60);

    // Two keys: the queue key's policy names the topic (SNS may encrypt into the queue only for this topic),
    // so one key for both would make the key and the topic depend on each other.
    const topicKey = new Key(this, 'TopicKey', {
      description: `Encrypts ${props.envName} notification topics at rest`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted topics as the CloudWatch service, not as a role of ours.
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const queueKey = new Key(this, 'QueueKey', {
      description: `Encrypts ${props.envName} notification queues at rest`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.topic = new Topic(this, 'Topic', {
      topicName: `${props.envName}-notifications`,
      displayName: `${props.envName} platform notifications`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.fallbackTopic = new Topic(this, 'FallbackTopic', {
      topicName: `${props.envName}-notifications-fallback`,
      displayName: `${props.envName} alerts when JANDI is unreachable`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    for (const email of props.fallbackEmails ?? []) this.fallbackTopic.addSubscription(new EmailSubscription(email));

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${props.envName}-notifications-dlq`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: `${props.envName}-notifications`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // AWS's advice for Lambda sources: at least six times the function time-out.
      visibilityTimeout: Duration.seconds(functionTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 8 },
    });
    this.topic.addSubscription(new SqsSubscription(this.queue));

    this.function = new PlatformFunction(this, 'Function', {
      handler: 'notifier',
      functionName: `${props.envName}-jandi-notifier`,
      description: 'Delivers platform notifications and alarms to the JANDI topic',
      serviceName: 'jandi-notifier',
      metricsNamespace: namespace,
      timeout: functionTimeout,
      environment: {
        // The ARN names the secret; the webhook URL itself is read at run time and never leaves the function.
        JANDI_WEBHOOK_SECRET_ARN: props.webhookSecret.secretArn,
        JANDI_TIMEOUT_MS: String(requestTimeout.toMilliseconds()),
        JANDI_MAX_ATTEMPTS: String(props.attemptsPerReceive ?? 3),
        NOTIFICATIONS_QUEUE_URL: this.queue.queueUrl,
        DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
        ...this.languageEnvironment,
        ...(props.timezone ? { APP_TIMEZONE: props.timezone } : {}),
      },
    });
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    props.webhookSecret.grantRead(this.function);
    this.deadLetterQueue.grantSendMessages(this.function);

    this.alarmAction = new SnsAction(this.topic);
    const fallbackAction = new SnsAction(this.fallbackTopic);

    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmName: `${props.envName}-notifications-dead-letters`,
      alarmDescription: this.messages.alarms.notificationsDeadLetters,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(fallbackAction, this.alarmAction);
    this.deadLetterAlarm.addOkAction(fallbackAction);

    const stuckAfter = props.stuckAfter ?? Duration.minutes(30);
    this.stuckAlarm = new Alarm(this, 'StuckAlarm', {
      alarmName: `${props.envName}-notifications-undelivered`,
      alarmDescription: this.messages.alarms.notificationsUndelivered(Math.round(stuckAfter.toSeconds() / 60)),
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: stuckAfter.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // Only the fallback: while this alarm is on, a message to JANDI would wait in the same queue.
    this.stuckAlarm.addAlarmAction(fallbackAction);
    this.stuckAlarm.addOkAction(fallbackAction);

    const kmsGrantReason = 'Part of the grant SQS needs to send to the encrypted dead-letter queue; the resource is the one notifications queue key.';
    Validations.of(this.function.role!).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: kmsGrantReason },
      { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: kmsGrantReason },
    );
  }

  /** Lets a function (or role) publish notifications (sns:Publish on the topic, and use of its key). */
  /**
   * An alarm to JANDI as soon as `metric` counts anything in one period: for what a part cannot report itself (a
   * crash, a time-out, an execution that ended badly). No data is no trouble.
   */
  alarmOnAny(scope: Construct, id: string, props: { readonly alarmName: string; readonly alarmDescription: string; readonly metric: IMetric }): Alarm {
    const alarm = new Alarm(scope, id, {
      ...props,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.alarmAction);
    return alarm;
  }

  grantPublish(grantee: IGrantable): void {
    this.topic.grantPublish(grantee);
    if (grantee.grantPrincipal instanceof Construct) {
      Validations.of(grantee.grantPrincipal).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Part of the grant SNS needs to publish to the encrypted notifications topic; the resource is the one topic key.',
      });
    }
  }
}

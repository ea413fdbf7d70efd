import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import type { InstanceScheduler } from '../scheduler/instance-scheduler';
import { BOT_TABLE_ACTIONS } from './table-actions';

const SERVICE_NAME = 'scheduler-bot';
const METRICS_NAMESPACE = 'AdPlatform';

export interface JandiBotProps {
  readonly envName: string;
  /** The scheduler whose tables the bot reads and changes. */
  readonly scheduler: InstanceScheduler;
  /** Where the alarm on refused tokens goes. */
  readonly notifier: JandiNotifier;
  /** Secret with the Outgoing Webhook's token. */
  readonly tokenSecretArn: string;
  /** JANDI topics (room names) commands are accepted from. */
  readonly topics: readonly string[];
  /** @default '/scheduler' */
  readonly keyword?: string;
  readonly defaultTimezone: string;
  /** Minutes between scheduler ticks, quoted in replies. @default 5 */
  readonly tickMinutes?: number;
  /** Requests handled at once; a ceiling on what a flood of requests can cost. @default 5 */
  readonly reservedConcurrency?: number;
  /** Refused tokens in 5 minutes that raise the alarm. @default 1 */
  readonly rejectedTokensThreshold?: number;
}

/**
 * The scheduler's chat bot: a function behind a Function URL that JANDI's Outgoing Webhook posts to. JANDI cannot
 * sign requests, so the URL takes no IAM auth and the function checks the webhook's token (Secrets Manager) on
 * every request before it touches anything.
 */
export class JandiBot extends Construct {
  readonly function: PlatformFunction;
  readonly url: string;
  /** Requests refused for their token: a webhook whose token no longer matches, or someone guessing. */
  readonly rejectedTokensAlarm: Alarm;

  constructor(scope: Construct, id: string, props: JandiBotProps) {
    super(scope, id);
    const s = props.scheduler;
    this.function = new PlatformFunction(this, 'Function', {
      handler: 'bot',
      functionName: `${props.envName}-scheduler-bot`,
      description: 'JANDI Outgoing Webhook: status, extend, skip, start/stop and release of the instance scheduler',
      serviceName: SERVICE_NAME,
      metricsNamespace: METRICS_NAMESPACE,
      timeout: Duration.seconds(10),
      environment: {
        BOT_TOKEN_SECRET_ARN: props.tokenSecretArn,
        BOT_TOPICS: JSON.stringify(props.topics),
        CHAT_COMMAND: props.keyword ?? '/scheduler',
        ...props.notifier.languageEnvironment,
        SCHEDULES_TABLE: s.schedulesTable.tableName,
        GROUPS_TABLE: s.groupsTable.tableName,
        EXCEPTIONS_TABLE: s.exceptionsTable.tableName,
        STATE_TABLE: s.stateTable.tableName,
        HOLIDAYS_TABLE: s.holidaysTable.tableName,
        DEFAULT_TIMEZONE: props.defaultTimezone,
        TICK_MINUTES: String(props.tickMinutes ?? 5),
      },
      overrides: { reservedConcurrentExecutions: props.reservedConcurrency ?? 5 },
    });
    Secret.fromSecretCompleteArn(this, 'TokenSecret', props.tokenSecretArn).grantRead(this.function);
    // Exactly the actions its commands perform (see table-actions.ts); the tables use AWS-managed keys.
    s.schedulesTable.grant(this.function, ...BOT_TABLE_ACTIONS.schedules);
    s.groupsTable.grant(this.function, ...BOT_TABLE_ACTIONS.groups);
    s.exceptionsTable.grant(this.function, ...BOT_TABLE_ACTIONS.exceptions);
    s.holidaysTable.grant(this.function, ...BOT_TABLE_ACTIONS.holidays);
    const functionUrl = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });
    this.url = functionUrl.url;
    new CfnOutput(this, 'BotUrl', { value: functionUrl.url, description: 'Paste into the JANDI Outgoing Webhook of the scheduler topic' });

    this.rejectedTokensAlarm = new Alarm(this, 'RejectedTokensAlarm', {
      alarmName: `${props.envName}-scheduler-bot-rejected-tokens`,
      alarmDescription: props.notifier.messages.alarms.botRejectedTokens(`${props.envName}-scheduler-bot`),
      // Published by the handler through Powertools Metrics: namespace and service dimension of this function.
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'RejectedTokens',
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: props.rejectedTokensThreshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.rejectedTokensAlarm.addAlarmAction(props.notifier.alarmAction);
  }
}

import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PlatformFunction } from '../lambda-functions/platform-function';
import type { InstanceScheduler } from '../scheduler/instance-scheduler';

export interface JandiBotProps {
  readonly envName: string;
  /** The scheduler whose tables the bot reads and changes. */
  readonly scheduler: InstanceScheduler;
  /** Secret with the Outgoing Webhook's token. */
  readonly tokenSecretArn: string;
  /** JANDI topics (room names) commands are accepted from. */
  readonly topics: readonly string[];
  /** @default '/scheduler' */
  readonly keyword?: string;
  readonly defaultTimezone: string;
  readonly companyHolidays?: readonly { date: string; name: string }[];
  /** Minutes between scheduler ticks, quoted in replies. @default 5 */
  readonly tickMinutes?: number;
  /** Requests handled at once; a ceiling on what a flood of requests can cost. @default 5 */
  readonly reservedConcurrency?: number;
}

/**
 * The scheduler's chat bot: a function behind a Function URL that JANDI's Outgoing Webhook posts to. JANDI cannot
 * sign requests, so the URL takes no IAM auth and the function checks the webhook's token (Secrets Manager) on
 * every request before it touches anything.
 */
export class JandiBot extends Construct {
  readonly function: PlatformFunction;
  readonly url: string;

  constructor(scope: Construct, id: string, props: JandiBotProps) {
    super(scope, id);
    const s = props.scheduler;
    this.function = new PlatformFunction(this, 'Function', {
      handler: 'bot',
      functionName: `${props.envName}-scheduler-bot`,
      description: 'JANDI Outgoing Webhook: status, extend, skip, start/stop and release of the instance scheduler',
      serviceName: 'scheduler-bot',
      metricsNamespace: 'AdPlatform',
      timeout: Duration.seconds(10),
      environment: {
        BOT_TOKEN_SECRET_ARN: props.tokenSecretArn,
        BOT_TOPICS: JSON.stringify(props.topics),
        CHAT_COMMAND: props.keyword ?? '/scheduler',
        SCHEDULES_TABLE: s.schedulesTable.tableName,
        GROUPS_TABLE: s.groupsTable.tableName,
        EXCEPTIONS_TABLE: s.exceptionsTable.tableName,
        STATE_TABLE: s.stateTable.tableName,
        DEFAULT_TIMEZONE: props.defaultTimezone,
        COMPANY_HOLIDAYS: JSON.stringify(props.companyHolidays ?? []),
        TICK_MINUTES: String(props.tickMinutes ?? 5),
      },
      overrides: { reservedConcurrentExecutions: props.reservedConcurrency ?? 5 },
    });
    Secret.fromSecretCompleteArn(this, 'TokenSecret', props.tokenSecretArn).grantRead(this.function);
    // Force and release update schedules; extend and skip write exceptions; groups are only read.
    s.schedulesTable.grantReadWriteData(this.function);
    s.exceptionsTable.grantReadWriteData(this.function);
    s.groupsTable.grantReadData(this.function);
    const functionUrl = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });
    this.url = functionUrl.url;
    new CfnOutput(this, 'BotUrl', { value: functionUrl.url, description: 'Paste into the JANDI Outgoing Webhook of the scheduler topic' });
    Validations.of(this.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(s).getLogicalId(s.schedulesTable.node.defaultChild as never)}.Arn>/index/*]`,
      reason: 'Part of the DynamoDB data grant on the schedules table (its indexes; it has none).',
    });
  }
}

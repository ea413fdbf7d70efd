import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, MathExpression, Metric, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface PlatformDashboardProps {
  readonly envName: string;
  /** Delivery stream names of the Firehose streams. */
  readonly deliveryStreams: readonly string[];
  readonly mysqlJobs: readonly string[];
  readonly athenaJobs: readonly string[];
  /** The state machine of the Athena jobs, when there are any. */
  readonly athenaStateMachineArn?: string;
  /** Names the notifier's resources have (JandiNotifier). */
  readonly notifier: { readonly functionName: string; readonly queueName: string; readonly deadLetterQueueName: string };
  readonly schedulerFunctionName: string;
  /** Minutes between scheduler ticks (each tick's stopped count stands for that long). */
  readonly tickMinutes: number;
}

const PERIOD = Duration.minutes(15);

/**
 * One dashboard for the whole platform: pipeline health by route, the scheduler's actions and failures, and the
 * notifier's failures and dead letters. Metrics are named, not referenced, so it needs nothing from other stacks.
 */
export class PlatformDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    const m = (namespace: string, metricName: string, dimensionsMap: Record<string, string>, statistic: string, label: string): IMetric =>
      new Metric({ namespace, metricName, dimensionsMap, statistic, label, period: PERIOD });
    const job = (service: string, name: string) => ({ service, Job: name });

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${props.envName}-platform` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${props.envName}: data and cost platform\nPipelines by route, the instance scheduler, and the JANDI notifier. Per-stream detail: dashboard **${props.envName}-event-streams**.`,
        width: 24,
        height: 2,
      }),
    );

    const routes: GraphWidget[] = [];
    if (props.deliveryStreams.length > 0) {
      routes.push(
        new GraphWidget({
          title: 'Event streams: records into Redshift',
          left: props.deliveryStreams.map((s) => m('AWS/Firehose', 'DeliveryToRedshift.Records', { DeliveryStreamName: s }, 'Sum', s)),
          width: 8,
        }),
        new GraphWidget({
          title: 'Event streams: COPY success (1 = all)',
          left: props.deliveryStreams.map((s) => m('AWS/Firehose', 'DeliveryToRedshift.Success', { DeliveryStreamName: s }, 'Minimum', s)),
          width: 8,
        }),
      );
    }
    if (props.mysqlJobs.length > 0) {
      routes.push(
        new GraphWidget({
          title: 'MySQL sync: rows written and failed runs',
          left: props.mysqlJobs.map((j) => m('AdPlatform', 'RowsWritten', job('mysql-sync', j), 'Sum', j)),
          right: props.mysqlJobs.map((j) => m('AdPlatform', 'FailedRuns', job('mysql-sync', j), 'Sum', `${j} failed`)),
          width: 8,
        }),
        new GraphWidget({
          title: 'MySQL sync: lag (s)',
          left: props.mysqlJobs.map((j) => m('AdPlatform', 'LagSeconds', job('mysql-sync', j), 'Maximum', j)),
          width: 8,
        }),
      );
    }
    if (props.athenaJobs.length > 0) {
      routes.push(
        new GraphWidget({
          title: 'Athena jobs: rows loaded and failed runs',
          left: props.athenaJobs.map((j) => m('AdPlatform', 'RowsLoaded', job('athena-jobs', j), 'Sum', j)),
          right: props.athenaJobs.map((j) => m('AdPlatform', 'FailedRuns', job('athena-jobs', j), 'Sum', `${j} failed`)),
          width: 8,
        }),
        new GraphWidget({
          title: 'Athena jobs: cost (USD)',
          left: props.athenaJobs.map((j) => m('AdPlatform', 'CostUSD', job('athena-jobs', j), 'Sum', j)),
          width: 8,
        }),
      );
      if (props.athenaStateMachineArn) {
        routes.push(
          new GraphWidget({
            title: 'Athena runs: executions',
            left: ['ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((name) =>
              m('AWS/States', name, { StateMachineArn: props.athenaStateMachineArn! }, 'Sum', name.replace('Executions', '')),
            ),
            width: 8,
          }),
        );
      }
    }
    for (let i = 0; i < routes.length; i += 3) this.dashboard.addWidgets(...routes.slice(i, i + 3));

    const scheduler = (name: string, stat = 'Sum') => m('AdPlatform', name, { service: 'instance-scheduler' }, stat, name);
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Scheduler: instances started and stopped',
        left: [scheduler('InstancesStarted'), scheduler('InstancesStopped')],
        right: [scheduler('ActionFailures')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Scheduler: instance-hours stopped',
        left: [
          new MathExpression({
            expression: `stopped * ${props.tickMinutes} / 60`,
            usingMetrics: { stopped: scheduler('StoppedInstances') },
            label: 'instance-hours',
            period: Duration.hours(1),
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Scheduler: errors',
        left: [
          m('AWS/Lambda', 'Errors', { FunctionName: props.schedulerFunctionName }, 'Sum', 'tick errors'),
          m('AWS/Lambda', 'Throttles', { FunctionName: props.schedulerFunctionName }, 'Sum', 'throttles'),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Notifier: failures',
        left: [
          m('AWS/Lambda', 'Errors', { FunctionName: props.notifier.functionName }, 'Sum', 'errors'),
          m('AWS/Lambda', 'Invocations', { FunctionName: props.notifier.functionName }, 'Sum', 'invocations'),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Notifier: dead letters and backlog',
        left: [
          m('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: props.notifier.deadLetterQueueName }, 'Maximum', 'dead letters'),
          m('AWS/SQS', 'ApproximateAgeOfOldestMessage', { QueueName: props.notifier.queueName }, 'Maximum', 'oldest waiting (s)'),
        ],
        width: 12,
      }),
    );
  }
}

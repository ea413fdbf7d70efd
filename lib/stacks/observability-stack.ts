import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { stateMachineName } from '../athena/jobs';
import type { PlatformConfig } from '../config/schema';
import { deliveryStreamName } from '../firehose/streams';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { DailyDigest } from '../observability/daily-digest';
import { PlatformDashboard } from '../observability/platform-dashboard';

export interface ObservabilityStackProps extends StackProps {
  readonly config: PlatformConfig;
  readonly notifier: JandiNotifier;
}

/** The daily digest to JANDI and the one dashboard of the whole platform. */
export class ObservabilityStack extends Stack {
  readonly digest: DailyDigest;
  readonly dashboard: PlatformDashboard;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config } = props;
    const streams = config.firehose.streams.map((s) => ({ name: s.name, deliveryStream: deliveryStreamName(config.name, s.name) }));
    this.digest = new DailyDigest(this, 'DailyDigest', {
      envName: config.name,
      timezone: config.timezone,
      schedule: config.digest.schedule,
      notifier: props.notifier,
      spec: {
        envName: config.name,
        streams,
        mysqlJobs: config.mysql.jobs.map((j) => j.name),
        athenaJobs: config.athena.jobs.map((j) => j.name),
        tickMinutes: config.scheduler.intervalMinutes,
        hourlyPrices: config.digest.hourlyPrices,
      },
    });
    this.dashboard = new PlatformDashboard(this, 'PlatformDashboard', {
      envName: config.name,
      deliveryStreams: streams.map((s) => s.deliveryStream),
      mysqlJobs: config.mysql.jobs.map((j) => j.name),
      athenaJobs: config.athena.jobs.map((j) => j.name),
      athenaStateMachineArn:
        config.athena.jobs.length > 0 ? `arn:aws:states:${config.region}:${config.account}:stateMachine:${stateMachineName(config.name)}` : undefined,
      notifier: {
        functionName: `${config.name}-jandi-notifier`,
        queueName: `${config.name}-notifications`,
        deadLetterQueueName: `${config.name}-notifications-dlq`,
      },
      schedulerFunctionName: `${config.name}-instance-scheduler`,
      tickMinutes: config.scheduler.intervalMinutes,
    });
  }
}

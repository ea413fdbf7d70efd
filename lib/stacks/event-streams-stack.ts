import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config/schema';
import { FirehoseRoute } from '../firehose/firehose-route';
import type { JandiNotifier } from '../notifications/jandi-notifier';

export interface EventStreamsStackProps extends StackProps {
  readonly config: PlatformConfig;
  readonly notifier: JandiNotifier;
}

/** Fluentd → Kinesis Data Firehose → Redshift event streams. */
export class EventStreamsStack extends Stack {
  readonly route: FirehoseRoute;

  constructor(scope: Construct, id: string, props: EventStreamsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.route = new FirehoseRoute(this, 'FirehoseRoute', {
      envName: config.name,
      streams: config.firehose.streams,
      warehouse: config.warehouse,
      notifier: props.notifier,
      intermediateRetentionDays: config.firehose.intermediateRetentionDays,
      backupRetentionDays: config.firehose.backupRetentionDays,
    });
  }
}

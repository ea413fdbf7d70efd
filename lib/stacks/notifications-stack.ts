import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config/schema';
import { JandiNotifier } from '../notifications/jandi-notifier';

export interface NotificationsStackProps extends StackProps {
  readonly config: PlatformConfig;
}

/** The JANDI notifier every other stack reports through. */
export class NotificationsStack extends Stack {
  readonly notifier: JandiNotifier;

  constructor(scope: Construct, id: string, props: NotificationsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.notifier = new JandiNotifier(this, 'JandiNotifier', {
      envName: config.name,
      webhookSecret: Secret.fromSecretCompleteArn(this, 'JandiWebhookSecret', config.jandi.webhookSecretArn),
      requestTimeout: Duration.seconds(config.jandi.requestTimeoutSeconds),
      fallbackEmails: config.jandi.fallbackEmails,
      language: config.jandi.language,
      timezone: config.timezone,
    });
  }
}

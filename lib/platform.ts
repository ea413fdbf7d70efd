/** Composes the platform's stacks from one environment configuration; used by bin/app.ts and the tests. */
import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PlatformConfig } from './config/schema';
import { AthenaStack } from './stacks/athena-stack';
import { EventStreamsStack } from './stacks/event-streams-stack';
import { NotificationsStack } from './stacks/notifications-stack';
import { ObservabilityStack } from './stacks/observability-stack';
import { SchedulerStack } from './stacks/scheduler-stack';
import { SyncStack } from './stacks/sync-stack';

export interface Platform {
  readonly notifications: NotificationsStack;
  readonly scheduler: SchedulerStack;
  /** Present when the configuration has MySQL sync jobs. */
  readonly sync?: SyncStack;
  /** Present when the configuration has Firehose streams. */
  readonly eventStreams?: EventStreamsStack;
  /** Present when the configuration has Athena jobs. */
  readonly athena?: AthenaStack;
  readonly observability: ObservabilityStack;
}

export function buildPlatform(app: App, config: PlatformConfig): Platform {
  const env = { account: config.account, region: config.region };
  Tags.of(app).add('Environment', config.name);
  for (const [key, value] of Object.entries(config.tags)) Tags.of(app).add(key, value);

  const notifications = new NotificationsStack(app, `${config.name}-notifications`, {
    env,
    description: `${config.name}: JANDI notifier (topic, queue, dead letters, alarms)`,
    config,
  });
  const scheduler = new SchedulerStack(app, `${config.name}-scheduler`, {
    env,
    description: `${config.name}: instance scheduler (DynamoDB schedules, tick function, tag-scoped IAM)`,
    config,
    notifier: notifications.notifier,
  });
  const sync =
    config.mysql.jobs.length > 0
      ? new SyncStack(app, `${config.name}-sync`, {
          env,
          description: `${config.name}: MySQL to Redshift sync (per-source functions in the VPC, schedules, staging bucket)`,
          config,
          notifier: notifications.notifier,
        })
      : undefined;
  const eventStreams =
    config.firehose.streams.length > 0
      ? new EventStreamsStack(app, `${config.name}-event-streams`, {
          env,
          description: `${config.name}: Fluentd to Firehose to Redshift event streams (delivery streams, tables as code, alarms, dashboard)`,
          config,
          notifier: notifications.notifier,
        })
      : undefined;
  const athena =
    config.athena.jobs.length > 0
      ? new AthenaStack(app, `${config.name}-athena`, {
          env,
          description: `${config.name}: scheduled Athena preprocessing into Redshift (workgroup, state machine, schedules, results bucket)`,
          config,
          notifier: notifications.notifier,
        })
      : undefined;
  const observability = new ObservabilityStack(app, `${config.name}-observability`, {
    env,
    description: `${config.name}: daily digest to JANDI and the platform dashboard`,
    config,
    notifier: notifications.notifier,
  });
  return { notifications, scheduler, ...(sync ? { sync } : {}), ...(eventStreams ? { eventStreams } : {}), ...(athena ? { athena } : {}), observability };
}

/** cdk-nag's AwsSolutions rules, run on every stack at synth: an unacknowledged finding stops the synth. */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

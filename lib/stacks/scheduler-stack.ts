import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config/schema';
import type { JandiNotifier } from '../notifications/jandi-notifier';
import { JandiBot } from '../bot/jandi-bot';
import { InstanceScheduler } from '../scheduler/instance-scheduler';

export interface SchedulerStackProps extends StackProps {
  readonly config: PlatformConfig;
  readonly notifier: JandiNotifier;
}

/** The instance scheduler for dev and staging servers. */
export class SchedulerStack extends Stack {
  readonly scheduler: InstanceScheduler;
  /** Present when the configuration has jandi.bot. */
  readonly bot?: JandiBot;

  constructor(scope: Construct, id: string, props: SchedulerStackProps) {
    super(scope, id, props);
    const { scheduler } = props.config;
    this.scheduler = new InstanceScheduler(this, 'InstanceScheduler', {
      envName: props.config.name,
      notifier: props.notifier,
      defaultTimezone: scheduler.timezone ?? props.config.timezone,
      scheduleTagKey: scheduler.tagKeys.schedule,
      groupTagKey: scheduler.tagKeys.group,
      intervalMinutes: scheduler.intervalMinutes,
      settleMinutes: scheduler.settleMinutes,
      chatCommand: props.config.jandi.bot?.keyword,
      kmsKeyArns: scheduler.kmsKeyArns,
    });
    const bot = props.config.jandi.bot;
    if (bot) {
      this.bot = new JandiBot(this, 'JandiBot', {
        envName: props.config.name,
        scheduler: this.scheduler,
        notifier: props.notifier,
        tokenSecretArn: bot.tokenSecretArn,
        topics: bot.topics,
        keyword: bot.keyword,
        defaultTimezone: scheduler.timezone ?? props.config.timezone,
        tickMinutes: scheduler.intervalMinutes,
      });
    }
  }
}

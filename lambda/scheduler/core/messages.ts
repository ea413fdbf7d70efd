/** How scheduler events read in JANDI. */
import { formatClockTime } from '../../core/clock';
import type { Notification } from '../../core/notification';
import { localParts } from '../../core/zoned-time';
import type { ObservedInstance, SchedulerEvent } from './decide';
import { describeStateReason, isRetriedFailure } from './retries';

export interface ActionFailure {
  readonly instance: ObservedInstance;
  /** What to tell people: the error's name and message. */
  readonly error: string;
  /** The error's name (the API's error code), for the core to classify. */
  readonly code?: string;
}

export interface MessageOptions {
  /** The JANDI Outgoing Webhook keyword people type to steer the scheduler. @default '/scheduler' */
  readonly chatCommand?: string;
}

const SOURCE = 'scheduler';

export function instanceLabel(instance: Pick<ObservedInstance, 'id' | 'name'>): string {
  return instance.name && instance.name !== instance.id ? `${instance.name} (${instance.id})` : instance.id;
}

const list = (instances: readonly ObservedInstance[]) => instances.map(instanceLabel).join(', ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The notification for an event, or undefined for events that are not worth a message (repeated actions). */
export function eventNotification(event: SchedulerEvent, options: MessageOptions = {}): Notification | undefined {
  const command = options.chatCommand ?? '/scheduler';
  switch (event.type) {
    case 'start':
    case 'stop': {
      if (event.repeat) return undefined;
      if (event.type === 'stop' && event.reason === 'auto-restart') {
        return {
          source: SOURCE,
          severity: 'warning',
          title: `AWS restarted ${plural(event.instances.length, 'database')} of ${event.schedule} after seven days stopped; stopping again`,
          fields: [{ title: event.group, value: list(event.instances) }],
        };
      }
      const verb = event.type === 'start' ? 'Starting' : 'Stopping';
      return {
        source: SOURCE,
        severity: 'info',
        title: `${verb} ${event.group} of ${event.schedule}: ${plural(event.instances.length, 'instance')}`,
        fields: [{ title: 'Instances', value: list(event.instances) }],
      };
    }
    case 'warn': {
      const local = localParts(event.stopAt, event.timezone);
      const at = formatClockTime({ hour: local.hour, minute: local.minute });
      return {
        source: SOURCE,
        severity: 'warning',
        title: `${event.schedule} stops at ${at}${event.forceEnds ? ', when its forced start ends' : ''}: ${plural(event.running, 'instance')} still running`,
        text: event.forceEnds
          ? `To keep them running, send \`${command} start ${event.schedule} for 1h confirm\` in this topic.`
          : `To keep them running, send \`${command} extend ${event.schedule} 1h\` (or \`${command} extend ${event.schedule} until 23:30\`) in this topic.`,
      };
    }
    case 'settled':
      return {
        source: SOURCE,
        severity: 'success',
        title: `${event.schedule} is ${event.target === 'running' ? 'up' : 'down'}: ${plural(event.instances, 'instance')} ${event.target}`,
      };
    case 'timeout':
      return {
        source: SOURCE,
        severity: 'failure',
        title: `${event.group} of ${event.schedule} did not reach ${event.target} within ${event.minutes} minutes`,
        fields: event.instances.map((i) => ({ title: instanceLabel(i), value: i.state })),
      };
    case 'blocked':
      return {
        source: SOURCE,
        severity: 'failure',
        title: `${event.group} of ${event.schedule} cannot ${event.target === 'running' ? 'start' : 'stop'}: waiting for ${event.waitingFor.join(', ')}`,
      };
    case 'config-error':
      return {
        source: SOURCE,
        severity: 'failure',
        title: event.schedule === '*' ? 'Scheduler tables have problems' : `Schedule ${event.schedule} has configuration problems`,
        text: event.problems.map((p) => `- ${p}`).join('\n'),
      };
    case 'no-capacity':
      return capacityNotification(event);
    case 'capacity-restored':
      return {
        source: SOURCE,
        severity: 'success',
        title: `${instanceLabel(event.instance)} of ${event.group} (${event.schedule}) started after ${plural(event.attempts, 'capacity failure')}`,
      };
    case 'fell-back':
      return fellBackNotification(event);
  }
}

/** The first capacity failure is a warning and the alert a failure; the tries between say nothing. */
function capacityNotification(event: Extract<SchedulerEvent, { type: 'no-capacity' }>): Notification | undefined {
  const where = `${instanceLabel(event.instance)} of ${event.group} (${event.schedule})`;
  const retry = `Tried again in ${event.retryMinutes} minutes, and then less often, while ${event.schedule} wants it running; the rest of the group is not held back.`;
  if (event.alert) {
    return {
      source: SOURCE,
      severity: 'failure',
      title: `${where} still cannot start after ${plural(event.attempts, 'attempt')}: no capacity`,
      text: `${event.error}\n${retry} Another instance type or Availability Zone may have capacity now.`,
    };
  }
  if (event.attempts !== 1) return undefined;
  return { source: SOURCE, severity: 'warning', title: `No capacity to start ${where}; retrying`, text: `${event.error}\n${retry}` };
}

/** EC2's reason for a start that fell back; the common one after a scheduled start is a key the role may not use. */
function fellBackNotification(event: Extract<SchedulerEvent, { type: 'fell-back' }>): Notification {
  const reason = event.reason ? describeStateReason(event.reason) : 'EC2 gave no reason';
  const kms =
    event.reason?.code === 'Client.InternalError'
      ? '\nEC2 says this when a volume is encrypted with a KMS key the scheduler may not use: add the key ARN to scheduler.kmsKeyArns in the configuration and deploy.'
      : '';
  return {
    source: SOURCE,
    severity: 'failure',
    title: `${instanceLabel(event.instance)} of ${event.group} (${event.schedule}) stopped again after it was started`,
    text: `Reason: ${reason}${kms}`,
  };
}

export function failureNotification(action: 'start' | 'stop', schedule: string, group: string, failures: readonly ActionFailure[]): Notification {
  return {
    source: SOURCE,
    severity: 'failure',
    title: `Could not ${action} ${plural(failures.length, 'instance')} of ${group} (${schedule})`,
    fields: failures.map((f) => ({ title: instanceLabel(f.instance), value: f.error })),
  };
}

/**
 * What people hear about a start or stop once it was tried: the announcement and the instances that failed, both
 * only the first time; a repeat (an instance stopped again by hand mid-transition) that fails again says nothing.
 * Starts refused for lack of capacity are left to the retries' own notices (recordActionResults), which do not
 * repeat at every try.
 */
export function actionNotifications(
  event: Extract<SchedulerEvent, { type: 'start' | 'stop' }>,
  failed: readonly ActionFailure[],
  options: MessageOptions = {},
): Notification[] {
  if (event.repeat) return [];
  const announcement = eventNotification(event, options)!;
  const reported = failed.filter((f) => !isRetriedFailure(event.type, f));
  return reported.length > 0 ? [failureNotification(event.type, event.schedule, event.group, reported), announcement] : [announcement];
}

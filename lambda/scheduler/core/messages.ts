/** How scheduler events read in JANDI, in the language of jandi.language (the catalogue's scheduler area). */
import { formatClockTime } from '../../core/clock';
import { schedulerMessages, type SchedulerMessages } from '../../core/messages/scheduler';
import type { Notification } from '../../core/notification';
import { localParts } from '../../core/zoned-time';
import { GLOBAL_STATE_KEY, type ObservedInstance, type SchedulerEvent } from './decide';
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
  /** The language of jandi.language: the tick passes messagesFor(language).scheduler. @default English */
  readonly say?: SchedulerMessages;
}

const SOURCE = 'scheduler';
const ENGLISH = schedulerMessages.en;

export function instanceLabel(instance: Pick<ObservedInstance, 'id' | 'name'>): string {
  return instance.name && instance.name !== instance.id ? `${instance.name} (${instance.id})` : instance.id;
}

const list = (instances: readonly ObservedInstance[]) => instances.map(instanceLabel).join(', ');
const instanceOf = (event: { schedule: string; group: string; instance: ObservedInstance }) => ({
  schedule: event.schedule,
  group: event.group,
  instance: instanceLabel(event.instance),
});

/** The notification for an event, or undefined for events that are not worth a message (repeated actions). */
export function eventNotification(event: SchedulerEvent, options: MessageOptions = {}): Notification | undefined {
  const command = options.chatCommand ?? '/scheduler';
  const say = options.say ?? ENGLISH;
  switch (event.type) {
    case 'start':
    case 'stop': {
      if (event.repeat) return undefined;
      const count = event.instances.length;
      if (event.type === 'stop' && event.reason === 'auto-restart') {
        return {
          source: SOURCE,
          severity: 'warning',
          title: say.restartedByAws({ schedule: event.schedule, count }),
          fields: [{ title: event.group, value: list(event.instances) }],
        };
      }
      const announce = event.type === 'start' ? say.starting : say.stopping;
      return {
        source: SOURCE,
        severity: 'info',
        title: announce({ schedule: event.schedule, group: event.group, count }),
        fields: [{ title: say.instancesField, value: list(event.instances) }],
      };
    }
    case 'warn': {
      const local = localParts(event.stopAt, event.timezone);
      const at = formatClockTime({ hour: local.hour, minute: local.minute });
      const postpone = { command, schedule: event.schedule };
      return {
        source: SOURCE,
        severity: 'warning',
        title: say.warning({ schedule: event.schedule, at, running: event.running, forceEnds: event.forceEnds }),
        text: event.forceEnds ? say.warningForceLonger(postpone) : say.warningExtend(postpone),
      };
    }
    case 'settled':
      return { source: SOURCE, severity: 'success', title: say.settled({ schedule: event.schedule, target: event.target, count: event.instances }) };
    case 'timeout':
      return {
        source: SOURCE,
        severity: 'failure',
        title: say.timeout({ schedule: event.schedule, group: event.group, target: event.target, minutes: event.minutes }),
        fields: event.instances.map((i) => ({ title: instanceLabel(i), value: say.instanceState({ state: i.state }) })),
      };
    case 'blocked':
      return {
        source: SOURCE,
        severity: 'failure',
        title: say.blocked({ schedule: event.schedule, group: event.group, target: event.target, waitingFor: event.waitingFor }),
      };
    case 'config-error':
      return {
        source: SOURCE,
        severity: 'failure',
        title: event.schedule === GLOBAL_STATE_KEY ? say.configProblemsInTables : say.configProblemsOfSchedule({ schedule: event.schedule }),
        text: event.problems.map((p) => `- ${p}`).join('\n'),
      };
    case 'no-capacity':
      return capacityNotification(event, say);
    case 'capacity-restored':
      return { source: SOURCE, severity: 'success', title: say.capacityRestored({ ...instanceOf(event), attempts: event.attempts }) };
    case 'fell-back':
      return fellBackNotification(event, say);
  }
}

/** The first capacity failure is a warning and the alert a failure; the tries between say nothing. */
function capacityNotification(event: Extract<SchedulerEvent, { type: 'no-capacity' }>, say: SchedulerMessages): Notification | undefined {
  const retry = say.capacityRetry({ schedule: event.schedule, retryMinutes: event.retryMinutes });
  if (event.alert) {
    return {
      source: SOURCE,
      severity: 'failure',
      title: say.noCapacityAlert({ ...instanceOf(event), attempts: event.attempts }),
      text: `${event.error}\n${retry} ${say.capacityElsewhere}`,
    };
  }
  if (event.attempts !== 1) return undefined;
  return { source: SOURCE, severity: 'warning', title: say.noCapacity(instanceOf(event)), text: `${event.error}\n${retry}` };
}

/** EC2's reason for a start that fell back; the common one after a scheduled start is a key the role may not use. */
function fellBackNotification(event: Extract<SchedulerEvent, { type: 'fell-back' }>, say: SchedulerMessages): Notification {
  const reason = event.reason ? describeStateReason(event.reason) : say.noStateReason;
  const kms = event.reason?.code === 'Client.InternalError' ? `\n${say.kmsKeyHint}` : '';
  return {
    source: SOURCE,
    severity: 'failure',
    title: say.fellBack(instanceOf(event)),
    text: `${say.fellBackReason({ reason })}${kms}`,
  };
}

export function failureNotification(
  action: 'start' | 'stop',
  schedule: string,
  group: string,
  failures: readonly ActionFailure[],
  say: SchedulerMessages = ENGLISH,
): Notification {
  return {
    source: SOURCE,
    severity: 'failure',
    title: say.actionFailed({ action, schedule, group, count: failures.length }),
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
  if (reported.length === 0) return [announcement];
  return [failureNotification(event.type, event.schedule, event.group, reported, options.say), announcement];
}

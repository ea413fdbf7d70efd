/**
 * One scheduler tick, the imperative shell around decideTick: take the lease, read the tables, the state and
 * the fleet, decide, act, tell JANDI, remember. Used by the Lambda handler and the simulation test alike.
 */
import type { Notification } from '../core/notification';
import type { AsgCapacity } from './adapters/fleet';
import type { StateTable } from './adapters/store';
import { decideTick, type ObservedInstance, type SchedulerEvent } from './core/decide';
import type { HolidayCalendar } from './core/holidays';
import { actionNotifications, eventNotification, type ActionFailure, type MessageOptions } from './core/messages';
import type { ScheduleState } from './core/decide';
import type { SchedulerTables } from './core/model';
import { recordActionResults, type RetryOptions } from './core/retries';
import { stoppedBySize } from './core/stopped';

export interface Fleet {
  /** `savedAsgCapacities`: the sizes saved for stopped Auto Scaling groups, when the tick has read them already. */
  describe(scheduleTagValues: readonly string[], savedAsgCapacities?: ReadonlyMap<string, AsgCapacity>): Promise<ObservedInstance[]>;
  start(instances: readonly ObservedInstance[]): Promise<ActionFailure[]>;
  stop(instances: readonly ObservedInstance[]): Promise<ActionFailure[]>;
}

/** The part of SchedulerStore a tick uses. */
export interface TickStore {
  acquireLease(owner: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
  loadTables(): Promise<SchedulerTables>;
  /** Each schedule's state, and the sizes saved for stopped Auto Scaling groups, from one scan. */
  loadStateTable(): Promise<StateTable>;
  saveStates(states: Record<string, ScheduleState>, loaded: Record<string, ScheduleState>, now: Date): Promise<number>;
}

export interface TickLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface TickDependencies {
  readonly store: TickStore;
  readonly fleet: Fleet;
  readonly publish: (notification: Notification) => Promise<void>;
  readonly holidays: HolidayCalendar;
  readonly defaultTimezone: string;
  readonly settleMinutes: number;
  /** Minutes between ticks and capacity failures before an alert. @default { tickMinutes: 5, alertAfter: 3 } */
  readonly retry?: RetryOptions;
  /** The chat command and the language (jandi.language) of everything the tick tells JANDI. */
  readonly messages: MessageOptions;
  readonly logger: TickLogger;
  /** Identifies this invocation in the lease. */
  readonly owner: string;
  /** How long the lease is held at most (the function's time-out). */
  readonly leaseMs: number;
}

export interface TickSummary {
  readonly skipped: boolean;
  readonly started: number;
  readonly stopped: number;
  readonly failures: number;
  readonly notifications: number;
  readonly events: readonly SchedulerEvent[];
  /**
   * Managed servers found stopped at this tick, by instance type or class (an Aurora cluster counts each member):
   * summed over a day and times the tick interval, the instance-hours the scheduler saved.
   */
  readonly stoppedBySize: Readonly<Record<string, number>>;
}

export async function runTick(deps: TickDependencies, now: Date): Promise<TickSummary> {
  const { store, logger } = deps;
  if (!(await store.acquireLease(deps.owner, now, deps.leaseMs))) {
    logger.warn('another scheduler invocation holds the lease; this one does nothing');
    return { skipped: true, started: 0, stopped: 0, failures: 0, notifications: 0, events: [], stoppedBySize: {} };
  }
  try {
    const [tables, stateTable] = await Promise.all([store.loadTables(), store.loadStateTable()]);
    const loaded = stateTable.states;
    const tagValues = tables.schedules.map((s) => s.TagValue).filter((v): v is string => typeof v === 'string');
    // The state scan has the sizes saved for stopped groups: the fleet need not read each group's item again.
    const instances = await deps.fleet.describe(tagValues, stateTable.asgCapacities);
    const decision = decideTick({
      now,
      defaultTimezone: deps.defaultTimezone,
      tables,
      instances,
      states: loaded,
      holidays: deps.holidays,
      settleMinutes: deps.settleMinutes,
      retry: deps.retry,
      say: deps.messages.say,
    });

    const notifications: Notification[] = [];
    const events: SchedulerEvent[] = [];
    const tell = (event: SchedulerEvent) => {
      events.push(event);
      if (event.type === 'config-error') logger.error('scheduler configuration problems', { schedule: event.schedule, problems: event.problems });
      else logger.info(`scheduler ${event.type}`, { event });
      const notification = eventNotification(event, deps.messages);
      if (notification) notifications.push(notification);
    };
    let states = decision.states;
    let started = 0;
    let stopped = 0;
    let failures = 0;
    for (const event of decision.events) {
      if (event.type !== 'start' && event.type !== 'stop') {
        tell(event);
        continue;
      }
      events.push(event);
      const failed = await (event.type === 'start' ? deps.fleet.start(event.instances) : deps.fleet.stop(event.instances));
      const succeeded = event.instances.length - failed.length;
      if (event.type === 'start') started += succeeded;
      else stopped += succeeded;
      failures += failed.length;
      logger.info(`${event.type} ${event.group} of ${event.schedule}`, {
        instances: event.instances.map((i) => i.id),
        failed: failed.map((f) => ({ id: f.instance.id, error: f.error })),
        repeat: event.repeat,
      });
      notifications.push(...actionNotifications(event, failed, deps.messages));
      // What the calls did is part of the state: who was started (to notice a fall-back), who waits for capacity.
      const recorded = recordActionResults(states, event, failed, now, deps.retry);
      states = recorded.states;
      recorded.events.forEach(tell);
    }

    let published = 0;
    for (const notification of notifications) {
      try {
        await deps.publish(notification);
        published++;
      } catch (error) {
        logger.error('could not publish a notification', { title: notification.title, error: String(error) });
      }
    }
    await store.saveStates(states, loaded, now);
    return { skipped: false, started, stopped, failures, notifications: published, events, stoppedBySize: stoppedBySize(instances) };
  } finally {
    await store.releaseLease(deps.owner);
  }
}

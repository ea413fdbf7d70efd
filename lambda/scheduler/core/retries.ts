/**
 * Starts that fail after the call: EC2 (or RDS) without capacity for an instance, and an instance that EC2
 * accepted but that fell back to stopped. A capacity failure is retried on later ticks with backoff while the
 * schedule still wants the instance running, without holding back the rest of its group, and alerted once after
 * a few failures; an instance that fell back is reported once per transition with the reason EC2 gives.
 *
 * Pure: decideTick asks here whom to start and what it observed; the tick feeds the results of its start calls
 * back through recordActionResults before it saves the state.
 */
import type { ObservedInstance, SchedulerEvent, ScheduleState, Transition } from './decide';
import type { ActionFailure } from './messages';

export interface RetryOptions {
  /** Minutes between ticks: the first retry waits one tick, each later one twice as long. @default 5 */
  readonly tickMinutes?: number;
  /** Capacity failures in a row after which an instance is alerted (once). @default 3 */
  readonly alertAfter?: number;
}

export const CAPACITY_ALERT_AFTER = 3;
export const DEFAULT_TICK_MINUTES = 5;
/** Longest wait between two tries: capacity tends to come back within the hour, and people wait for their servers. */
export const MAX_RETRY_MINUTES = 30;

/** What a transition remembers of an instance that could not start for lack of capacity. */
export interface CapacityRetry {
  /** Capacity failures in a row. */
  attempts: number;
  /** Not tried again before this instant. */
  retryAt: string;
  alerted?: boolean;
}

/** The parts of a transition this module keeps; all absent until a start is made. */
export interface StartRecord {
  /** Instances whose start call succeeded in this transition, until seen running: one seen stopped first fell back. */
  started?: string[];
  /** Instances already reported as fallen back in this transition. */
  fellBack?: string[];
  capacity?: Record<string, CapacityRetry>;
}

/**
 * Error names that mean "no capacity for this now, try later": EC2's, and RDS's for instances and clusters (the
 * SDK names RDS exceptions with a Fault suffix, the API's codes go without). EC2 writes a state reason code with a
 * `Server.` prefix when an accepted start fell back for the same cause.
 */
const CAPACITY_CODES = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientHostCapacity',
  'InsufficientCapacity',
  'InsufficientDBInstanceCapacity',
  'InsufficientDBInstanceCapacityFault',
  'InsufficientDBClusterCapacity',
  'InsufficientDBClusterCapacityFault',
]);

export function isCapacityError(code: string | undefined): boolean {
  return code !== undefined && CAPACITY_CODES.has(code.replace(/^Server\./, ''));
}

/** EC2's state reason as people read it: its message usually starts with its code already. */
export function describeStateReason(reason: { readonly code: string; readonly message?: string }): string {
  if (!reason.message) return reason.code;
  return reason.message.startsWith(reason.code) ? reason.message : `${reason.code}: ${reason.message}`;
}

/** Minutes to wait after the n-th failure in a row: one tick, two, four... at most MAX_RETRY_MINUTES (or a tick). */
export function retryDelayMinutes(attempts: number, tickMinutes = DEFAULT_TICK_MINUTES): number {
  return Math.min(tickMinutes * 2 ** (attempts - 1), Math.max(MAX_RETRY_MINUTES, tickMinutes));
}

/** True when the instance waits for its next try; instances without capacity trouble never wait. */
export function waitingForCapacity(transition: Transition, id: string, now: Date): boolean {
  const retry = transition.capacity?.[id];
  return retry !== undefined && now.getTime() < Date.parse(retry.retryAt);
}

export function hasCapacityTrouble(transition: Transition, id: string): boolean {
  return transition.capacity?.[id] !== undefined;
}

const groupOf = (instance: ObservedInstance, ungrouped: string) => instance.groupTag ?? ungrouped;

/**
 * Counts one more capacity failure and schedules the next try. The next try is due half a tick early, so a tick
 * that runs a few seconds sooner than the last one does not skip a whole interval.
 */
function capacityFailure(
  transition: Transition,
  schedule: string,
  group: string,
  instance: ObservedInstance,
  error: string,
  now: Date,
  options: RetryOptions,
): SchedulerEvent {
  const tick = options.tickMinutes ?? DEFAULT_TICK_MINUTES;
  const previous = transition.capacity?.[instance.id];
  const attempts = (previous?.attempts ?? 0) + 1;
  const delay = retryDelayMinutes(attempts, tick);
  const retryAt = new Date(now.getTime() + (delay - tick / 2) * 60_000);
  const alert = !previous?.alerted && attempts >= (options.alertAfter ?? CAPACITY_ALERT_AFTER);
  transition.capacity = {
    ...transition.capacity,
    [instance.id]: { attempts, retryAt: retryAt.toISOString(), ...(previous?.alerted || alert ? { alerted: true } : {}) },
  };
  return { type: 'no-capacity', schedule, group, instance, attempts, error, retryMinutes: delay, alert };
}

/**
 * What a starting transition learns from the fleet at the beginning of a tick: instances with capacity trouble
 * that now run are cleared (with a note when they had been alerted); instances started in this transition and
 * seen stopped before they were seen running fell back, for lack of capacity (retried like a refused start) or
 * another reason (reported).
 */
export function reviewStarts(
  transition: Transition,
  members: readonly ObservedInstance[],
  schedule: string,
  ungrouped: string,
  now: Date,
  options: RetryOptions,
): SchedulerEvent[] {
  const events: SchedulerEvent[] = [];
  for (const instance of members) {
    const retry = transition.capacity?.[instance.id];
    if (retry && instance.state === 'running') {
      const { [instance.id]: _cleared, ...rest } = transition.capacity!;
      transition.capacity = Object.keys(rest).length > 0 ? rest : undefined;
      if (retry.alerted) events.push({ type: 'capacity-restored', schedule, group: groupOf(instance, ungrouped), instance, attempts: retry.attempts });
    }
    if (!transition.started?.includes(instance.id) || (instance.state !== 'stopped' && instance.state !== 'running')) continue;
    // Seen running, the start is complete: a stop after that is someone else's doing, not a fall-back.
    transition.started = transition.started.filter((id) => id !== instance.id);
    if (instance.state === 'running') continue;
    if (instance.stateReason && isCapacityError(instance.stateReason.code)) {
      const reason = describeStateReason(instance.stateReason);
      events.push(capacityFailure(transition, schedule, groupOf(instance, ungrouped), instance, reason, now, options));
    } else if (!transition.fellBack?.includes(instance.id)) {
      transition.fellBack = [...(transition.fellBack ?? []), instance.id];
      events.push({
        type: 'fell-back',
        schedule,
        group: groupOf(instance, ungrouped),
        instance,
        ...(instance.stateReason ? { reason: instance.stateReason } : {}),
      });
    }
  }
  if (transition.started?.length === 0) transition.started = undefined;
  return events;
}

/** Failures the retries take care of: they are not reported as plain failures. */
export function isRetriedFailure(action: 'start' | 'stop', failure: ActionFailure): boolean {
  return action === 'start' && isCapacityError(failure.code);
}

/**
 * The state after the tick made a start or stop: instances whose start call succeeded are remembered (so one
 * that falls back is noticed), and capacity failures are counted, scheduled for another try and, after
 * `alertAfter` of them in a row, alerted. Returns the events to tell people about; the states given are not changed.
 */
export function recordActionResults(
  states: Readonly<Record<string, ScheduleState>>,
  event: Extract<SchedulerEvent, { type: 'start' | 'stop' }>,
  failures: readonly ActionFailure[],
  now: Date,
  options: RetryOptions = {},
): { states: Record<string, ScheduleState>; events: SchedulerEvent[] } {
  if (event.type !== 'start') return { states: { ...states }, events: [] };
  const state: ScheduleState = structuredClone(states[event.schedule] ?? {});
  // A start is always made by a starting transition; without one (never, but the state is data) nothing is kept.
  const transition: Transition =
    state.transition?.target === 'running'
      ? state.transition
      : { target: 'running', startedAt: now.toISOString(), acted: true, groups: {}, blockedAlerted: [] };
  const failed = new Set(failures.map((f) => f.instance.id));
  const started = event.instances.filter((i) => !failed.has(i.id)).map((i) => i.id);
  if (started.length > 0) transition.started = [...new Set([...(transition.started ?? []), ...started])];
  const events = failures
    .filter((f) => isRetriedFailure('start', f))
    .map((f) => capacityFailure(transition, event.schedule, event.group, f.instance, f.error, now, options));
  return { states: { ...states, [event.schedule]: state }, events };
}

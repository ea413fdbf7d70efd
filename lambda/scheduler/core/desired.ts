/**
 * What a schedule wants its servers to be at an instant, and why. The tick, the plan and the operators' listing
 * all ask here, so the scheduler, its dry run and what people are told cannot disagree.
 */
import type { Schedule } from './model';
import { desiredAfter, type Desired, type ScheduleEvent, type ScheduleTimeline } from './timeline';

export type DesiredReason =
  | { readonly kind: 'disabled' }
  /** ForceStart or ForceStop; `until` when it ends by itself (ForceUntil). */
  | { readonly kind: 'forced'; readonly to: Desired; readonly until?: Date }
  /** The timeline decides: the last start or stop at or before the instant (none within the look-back: stopped). */
  | { readonly kind: 'timeline'; readonly since?: ScheduleEvent };

export type DesiredNow =
  | { readonly state: 'unmanaged'; readonly reason: Extract<DesiredReason, { kind: 'disabled' }> }
  | { readonly state: Desired; readonly reason: Exclude<DesiredReason, { kind: 'disabled' }> };

/** The force in effect at `now`: none when there is none or its ForceUntil has passed. */
export function activeForce(schedule: Schedule, now: Date): Desired | undefined {
  if (schedule.forceUntil && now.getTime() >= schedule.forceUntil.getTime()) return undefined;
  if (schedule.forceStart) return 'running';
  if (schedule.forceStop) return 'stopped';
  return undefined;
}

/** `timeline` must be the schedule's own (built from the same schedule, its exceptions and the holidays). */
export function desiredState(schedule: Schedule, timeline: ScheduleTimeline, now: Date): DesiredNow {
  // A force outranks Enabled: people force a disabled schedule to get its servers up (or down) without a window.
  const force = activeForce(schedule, now);
  if (force) return { state: force, reason: { kind: 'forced', to: force, ...(schedule.forceUntil ? { until: schedule.forceUntil } : {}) } };
  if (!schedule.enabled) return { state: 'unmanaged', reason: { kind: 'disabled' } };
  const since = timeline.lastEvent(now);
  return { state: desiredAfter(since), reason: { kind: 'timeline', since } };
}

export interface DesiredChange {
  readonly at: Date;
  /** What the schedule wants from `at` on. */
  readonly to: Desired | 'unmanaged';
  /** A start or stop of the timeline, or the end of a force (ForceUntil). */
  readonly cause: 'start' | 'stop' | 'force-ends';
}

/**
 * The next change of what the schedule wants after `now`: the force's end when it has a ForceUntil, else the
 * timeline's next event (within two days). None while forced without an end or disabled: that waits for a person.
 * `wanted` is what desiredState says at `now`, when the caller has it already.
 */
export function nextChange(
  schedule: Schedule,
  timeline: ScheduleTimeline,
  now: Date,
  wanted: DesiredNow = desiredState(schedule, timeline, now),
): DesiredChange | undefined {
  if (wanted.reason.kind === 'forced') {
    const until = wanted.reason.until;
    return until ? { at: until, to: desiredState(schedule, timeline, until).state, cause: 'force-ends' } : undefined;
  }
  if (wanted.state === 'unmanaged') return undefined;
  const next = timeline.nextEvent(now);
  return next ? { at: next.at, to: desiredAfter(next), cause: next.kind } : undefined;
}

/**
 * What a schedule wants its servers to be at an instant, and why. The tick, the plan and the operators' listing
 * all ask here, so the scheduler, its dry run and what people are told cannot disagree.
 */
import type { Schedule } from './model';
import { desiredAfter, type Desired, type ScheduleEvent, type ScheduleTimeline } from './timeline';

export type DesiredReason =
  | { readonly kind: 'disabled' }
  | { readonly kind: 'forced'; readonly to: Desired }
  /** The timeline decides: the last start or stop at or before the instant (none within the look-back: stopped). */
  | { readonly kind: 'timeline'; readonly since?: ScheduleEvent };

export type DesiredNow =
  | { readonly state: 'unmanaged'; readonly reason: Extract<DesiredReason, { kind: 'disabled' }> }
  | { readonly state: Desired; readonly reason: Exclude<DesiredReason, { kind: 'disabled' }> };

/** `timeline` must be the schedule's own (built from the same schedule, its exceptions and the holidays). */
export function desiredState(schedule: Schedule, timeline: ScheduleTimeline, now: Date): DesiredNow {
  // A force outranks Enabled: people force a disabled schedule to get its servers up (or down) without a window.
  if (schedule.forceStart) return { state: 'running', reason: { kind: 'forced', to: 'running' } };
  if (schedule.forceStop) return { state: 'stopped', reason: { kind: 'forced', to: 'stopped' } };
  if (!schedule.enabled) return { state: 'unmanaged', reason: { kind: 'disabled' } };
  const since = timeline.lastEvent(now);
  return { state: desiredAfter(since), reason: { kind: 'timeline', since } };
}

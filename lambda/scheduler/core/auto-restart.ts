/**
 * AWS starts an RDS instance or Aurora cluster that has been stopped for seven days. The scheduler remembers
 * which it stopped and when, and stops them again between transitions when that happens.
 */
import type { ObservedInstance, SchedulerEvent, ScheduleState } from './decide';
import type { Desired } from './timeline';

/** A little under seven days: the tick after AWS's restart should catch it. */
const AUTO_RESTART_MS = 7 * 86_400_000 - 3_600_000;

/** RDS instances and Aurora clusters: what AWS starts again by itself (not EC2 instances nor Auto Scaling groups). */
const isDatabase = (i: ObservedInstance) => i.kind === 'RDS' || i.kind === 'AURORA';

export function trackStoppedDatabases(state: ScheduleState, instances: readonly ObservedInstance[], target: Desired, now: Date): void {
  const databases = instances.filter(isDatabase);
  if (databases.length === 0) return;
  const stopped = { ...state.stoppedByUs };
  for (const db of databases) {
    if (target === 'stopped') stopped[db.id] = now.toISOString();
    else delete stopped[db.id];
  }
  state.stoppedByUs = Object.keys(stopped).length > 0 ? stopped : undefined;
}

/** The stops of databases AWS restarted after seven days stopped, one per group. */
export function restopAutoRestarted(state: ScheduleState, all: readonly ObservedInstance[], now: Date, schedule: string, ungrouped: string): SchedulerEvent[] {
  const restarted = all.filter((i) => {
    const stoppedAt = state.stoppedByUs?.[i.id];
    return isDatabase(i) && i.state === 'running' && stoppedAt !== undefined && now.getTime() - Date.parse(stoppedAt) >= AUTO_RESTART_MS;
  });
  const byGroup = new Map<string, ObservedInstance[]>();
  for (const i of restarted) byGroup.set(i.groupTag ?? ungrouped, [...(byGroup.get(i.groupTag ?? ungrouped) ?? []), i]);
  const events: SchedulerEvent[] = [];
  for (const [group, instances] of byGroup) {
    events.push({ type: 'stop', schedule, group, instances, repeat: false, reason: 'auto-restart' });
    trackStoppedDatabases(state, instances, 'stopped', now);
  }
  return events;
}

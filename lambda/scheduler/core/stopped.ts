import type { ObservedInstance } from './decide';

/**
 * Managed servers found stopped, by instance type or class: summed over a day and times the tick interval, the
 * instance-hours the scheduler saved. An Aurora cluster's `a+b` size counts one per member class, since each
 * member is billed; so does a stopped Auto Scaling group's, one per instance it ran when the scheduler stopped
 * it. A group without that (never stopped by the scheduler) counts nothing: it has no instance to price.
 */
export function stoppedBySize(instances: readonly ObservedInstance[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const instance of instances) {
    if (instance.state !== 'stopped' || (instance.kind === 'ASG' && !instance.size)) continue;
    for (const size of (instance.size ?? `unknown-${instance.kind.toLowerCase()}`).split('+')) counts[size] = (counts[size] ?? 0) + 1;
  }
  return counts;
}

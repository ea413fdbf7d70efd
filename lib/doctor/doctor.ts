/** The doctor's checks in the order they start and are reported, and a run of them. */
import type { DoctorContext } from './context';
import { athenaProbes } from './checks/athena';
import { canaryProbes, type CanaryMarkers } from './checks/canary';
import { jandiProbes } from './checks/jandi';
import { schedulerProbes } from './checks/scheduler';
import { secretProbes } from './checks/secrets';
import { stackProbes } from './checks/stacks';
import { syncProbes } from './checks/sync-sources';
import { warehouseProbes } from './checks/warehouse';
import type { CheckResult, Probe } from './result';
import { runProbes } from './runner';

export function doctorProbes(context: DoctorContext, markers?: CanaryMarkers): Probe[] {
  return [
    ...stackProbes(context),
    ...secretProbes(context),
    ...jandiProbes(context),
    ...warehouseProbes(context),
    ...syncProbes(context),
    ...athenaProbes(context),
    ...schedulerProbes(context),
    // Last: each waits minutes for its stream, and the probes start in this order.
    ...canaryProbes(context, markers),
  ];
}

/** Every check; throws NoCredentialsError when the SDK finds no credentials. */
export function runDoctor(context: DoctorContext, options: { readonly concurrency?: number; readonly markers?: CanaryMarkers } = {}): Promise<CheckResult[]> {
  return runProbes(doctorProbes(context, options.markers), { concurrency: options.concurrency });
}

/** Names of the sync's deployed parts, free of CDK so that the operators' CLI can use them without loading it. */

/** The state machine that runs the jobs of one MySQL source. */
export function syncRunLoopName(envName: string, source: string): string {
  return `${envName}-mysql-sync-${source}`;
}

/**
 * What a job's execution starts with, from a schedule or an operator: a FULL_COPY with several workers fans out across
 * invocations (lambda/sync/fan-out.ts); every other job runs until caught up.
 */
export function syncExecutionInput(job: { readonly name: string; readonly mode: string; readonly workers?: number }): Record<string, unknown> {
  return job.mode === 'FULL_COPY' && (job.workers ?? 1) > 1 ? { job: job.name, round: 1, fanOut: true } : { job: job.name, round: 1 };
}

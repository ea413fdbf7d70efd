/** Names of the sync's deployed parts, free of CDK so that the operators' CLI can use them without loading it. */

/** The function that copies the tables of one MySQL source (named like its state machine). */
export function syncFunctionName(envName: string, source: string): string {
  return `${envName}-mysql-sync-${source}`;
}

/** The state machine that runs the jobs of one MySQL source. */
export function syncRunLoopName(envName: string, source: string): string {
  return `${envName}-mysql-sync-${source}`;
}

/**
 * What a job's execution starts with, from a schedule or an operator: the job, the first round, and the mode of this
 * execution (null: the job's own; an operator may run a job in another, such as a FULL_COPY to start it afresh). A
 * FULL_COPY with several workers fans out across invocations (lambda/sync/fan-out.ts); every other run loops until
 * caught up. `mode` is always there, null or not, because the state machine passes it on by path.
 */
export function syncExecutionInput(job: { readonly name: string; readonly mode: string; readonly workers?: number }, mode?: string): Record<string, unknown> {
  const input = { job: job.name, round: 1, mode: mode ?? null };
  return (mode ?? job.mode) === 'FULL_COPY' && (job.workers ?? 1) > 1 ? { ...input, fanOut: true } : input;
}

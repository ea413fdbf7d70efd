/** Names of the sync's deployed parts, free of CDK so that the operators' CLI can use them without loading it. */

/** The state machine that runs the jobs of one MySQL source. */
export function syncRunLoopName(envName: string, source: string): string {
  return `${envName}-mysql-sync-${source}`;
}

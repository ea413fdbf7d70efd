/**
 * What the doctor reports: one result per check, PASS, FAIL (with what to do) or SKIP (with how to run it), and how
 * results become lines, JSON and an exit status. Pure.
 */

export type Status = 'PASS' | 'FAIL' | 'SKIP';

export interface CheckResult {
  /** What was checked, e.g. `stack prod-sync`, `secret warehouse`. */
  readonly check: string;
  readonly status: Status;
  /** What was found. Never a secret's value. */
  readonly detail: string;
  /** For a FAIL: what to do about it. */
  readonly fix?: string;
}

export const pass = (check: string, detail: string): CheckResult => ({ check, status: 'PASS', detail });
export const fail = (check: string, detail: string, fix: string): CheckResult => ({ check, status: 'FAIL', detail, fix });
export const skip = (check: string, detail: string): CheckResult => ({ check, status: 'SKIP', detail });

/** A unit of work: one or more checks made together, with a time limit. */
export interface Probe {
  readonly name: string;
  readonly timeoutMs: number;
  run(): Promise<CheckResult[]>;
}

/** Text on one line: line breaks (an AWS error message may have them) become "; ". */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** `PASS  stack prod-sync: UPDATE_COMPLETE`, a FAIL followed by ` | fix: ...`. */
export function formatResult(result: CheckResult): string {
  const fix = result.fix ? ` | fix: ${oneLine(result.fix)}` : '';
  return `${result.status.padEnd(4)}  ${result.check}: ${oneLine(result.detail)}${fix}`;
}

/** For scripts: `[{ check, status, detail, fix? }]`. */
export function resultsJson(results: readonly CheckResult[]): string {
  return JSON.stringify(
    results.map((r) => ({ check: r.check, status: r.status, detail: oneLine(r.detail), ...(r.fix ? { fix: oneLine(r.fix) } : {}) })),
    null,
    2,
  );
}

export function summary(results: readonly CheckResult[]): string {
  const count = (status: Status) => results.filter((r) => r.status === status).length;
  return `${count('FAIL')} failed, ${count('PASS')} passed, ${count('SKIP')} skipped`;
}

/** 0 only when nothing failed. */
export function exitStatus(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === 'FAIL') ? 1 : 0;
}

/** An error on one line: an AWS service's as `Name: message` (its name is often the point), any other as its message. */
export function describeError(error: unknown): string {
  const name = (error as { name?: unknown })?.name;
  const message = error instanceof Error ? error.message : String(error);
  const fromService = error !== null && typeof error === 'object' && '$metadata' in error;
  return oneLine(fromService && typeof name === 'string' && !message.startsWith(name) ? `${name}: ${message}` : message);
}

/** The error names AWS gives when the caller may not do something. */
export function isAccessDenied(error: unknown): boolean {
  const name = String((error as { name?: unknown })?.name ?? '');
  return /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/.test(name);
}

/** The SDK's error when no provider of its default chain has credentials. */
export function isMissingCredentials(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'CredentialsProviderError';
}

/**
 * A call's value or its error, for decisions that turn an error into a result. Missing credentials are thrown on:
 * the runner stops the whole run on them.
 */
export async function attempt<T>(call: Promise<T>): Promise<{ readonly value: T } | { readonly error: unknown }> {
  try {
    return { value: await call };
  } catch (error) {
    if (isMissingCredentials(error)) throw error;
    return { error };
  }
}

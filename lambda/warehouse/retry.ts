/**
 * What to do when a Redshift statement (or a Data API batch, which is one transaction) fails: retry it or not,
 * and after how long; and the Data API ClientToken a submit carries. Pure: the adapters perform the decision.
 *
 * Serializable isolation (ERROR 1023, "Serializable isolation violation on table"): Redshift cancels one of two
 * concurrent transactions whose reads and writes cross, and rolls it back. AWS's first advice is to retry the
 * cancelled transaction; locking every table the transaction touches at its start, always in the same order,
 * prevents it instead. https://docs.aws.amazon.com/redshift/latest/dg/c_serial_isolation-serializable-isolation-troubleshooting.html
 * and https://repost.aws/knowledge-center/redshift-serializable-isolation
 *
 * A retry resubmits the whole transaction. That is safe because a failed statement or batch is rolled back entirely
 * ("If any SQL statement fails, then because they are run as one transaction, all work is rolled back",
 * https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html): the retry starts
 * from the state the first try started from. Only a statement known to have FAILED is retried, never one whose
 * outcome is unknown (a time-out).
 */
import { createHash } from 'node:crypto';

export interface StatementRetryPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  /** First backoff ceiling in milliseconds; doubles per attempt. */
  readonly baseMs: number;
  /** Largest backoff ceiling in milliseconds. */
  readonly capMs: number;
}

/** Bounded so that a sync run stays well inside its Lambda time and its lease. */
export const SERIALIZATION_RETRY: StatementRetryPolicy = { maxAttempts: 5, baseMs: 2_000, capMs: 30_000 };

const SERIALIZATION_VIOLATION = /serializable isolation violation|\berror:\s*1023\b/i;

/** Redshift's error 1023 in the text DescribeStatement (or a driver) reports. */
export function isSerializationConflict(errorText: string): boolean {
  return SERIALIZATION_VIOLATION.test(errorText);
}

export type RetryDecision = { readonly retry: true; readonly waitMs: number } | { readonly retry: false; readonly reason: string };

/**
 * Whether try `attempt` (1 for the first), which failed with `errorText`, is tried again, and after how long: full
 * jitter, a uniform wait in [0, min(cap, base × 2^(attempt-1))], `random` in [0, 1).
 */
export function retryAfterFailure(errorText: string, attempt: number, policy: StatementRetryPolicy, random: number): RetryDecision {
  if (!isSerializationConflict(errorText)) return { retry: false, reason: 'not a serialization conflict' };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `serialization conflict on each of ${attempt} tries` };
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return { retry: true, waitMs: Math.round(ceiling * Math.min(1, Math.max(0, random))) };
}

/**
 * A Data API ClientToken made from what identifies one submit (job, run, watermark or partition, try), shaped like
 * the UUID the SDK would generate. The same parts give the same token, so a retried invocation that submits the
 * same load again gets the first submit's statement back instead of a second load. The Data API keeps a token for
 * 8 hours. https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html
 */
export function clientToken(...parts: readonly (string | number)[]): string {
  const hex = createHash('sha256')
    .update(JSON.stringify(parts.map(String)))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

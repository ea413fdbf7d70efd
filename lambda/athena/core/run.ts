/**
 * One run of an Athena job (one partition) as a state machine: start the UNLOAD query, watch it, load its Parquet
 * output into Redshift, finish. `advance` is the whole decision: given the run's state and what the shell observed
 * (an AWS response), it returns the next state and how long to wait before looking again. Busy-hour failures
 * (TooManyRequestsException, queries that fail with a retryable error or are cancelled) are retried with
 * exponential backoff and full jitter until the attempts or the deadline run out; user errors are not retried.
 */

import { isSerializationConflict, retryAfterFailure, type StatementRetryPolicy } from '../../warehouse/retry';

/** prepare/preparing: the source's DDL (jobs that declare one); start/query: the UNLOAD; load: the Redshift load. */
export type Phase = 'prepare' | 'preparing' | 'start' | 'query' | 'load' | 'done' | 'failed';

export interface RunState {
  readonly job: string;
  /** Partition key: YYYY-MM-DD or YYYY-MM-DDTHH. */
  readonly partition: string;
  /** Unique per run (the Step Functions execution name); part of the output prefix and the idempotency token. */
  readonly runId: string;
  readonly phase: Phase;
  /** 1 for the first try of the query. */
  readonly attempt: number;
  readonly startedAt: string;
  readonly deadline: string;
  /** Seconds the orchestrator waits before the next step. */
  readonly waitSeconds: number;
  readonly ddlQueryExecutionId?: string;
  readonly queryExecutionId?: string;
  readonly statementId?: string;
  /** 1 for the first submit of the load; more after Redshift cancelled it for serializable isolation. */
  readonly loadAttempt?: number;
  readonly bytesScanned?: number;
  readonly queryMillis?: number;
  readonly rowsLoaded?: number;
  /** Why the run failed (terminal), or why the last attempt did (while retrying). */
  readonly error?: string;
  /** One line per failed attempt, for the failure notification. */
  readonly attempts: readonly string[];
}

export type Observation =
  | { readonly kind: 'query-started'; readonly queryExecutionId: string }
  | { readonly kind: 'throttled'; readonly message: string }
  | { readonly kind: 'query-rejected'; readonly message: string }
  | { readonly kind: 'query-running' }
  | { readonly kind: 'query-succeeded'; readonly bytesScanned: number; readonly millis: number }
  | { readonly kind: 'query-failed'; readonly state: 'FAILED' | 'CANCELLED'; readonly reason: string; readonly retryable: boolean }
  | { readonly kind: 'load-started'; readonly statementId: string }
  | { readonly kind: 'load-running' }
  | { readonly kind: 'loaded'; readonly rows: number }
  | { readonly kind: 'load-failed'; readonly error: string }
  /** The overdue load was cancelled and has ended (ABORTED or FAILED). */
  | { readonly kind: 'load-cancelled'; readonly status: string }
  /** CancelStatement was sent to the overdue load, which has not ended yet. */
  | { readonly kind: 'load-cancel-pending' };

export interface RetryPolicy {
  /** Tries of the query in all. @default 8 */
  readonly maxAttempts: number;
  /** First backoff ceiling; doubles per attempt. @default 30 */
  readonly baseSeconds: number;
  /** Largest backoff ceiling. @default 900 */
  readonly capSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseSeconds: 30, capSeconds: 900 };

/**
 * Submits of a load Redshift cancels for serializable isolation (error 1023): two runs of one job load one table
 * (catch-up runs, a backfill). The load's LOCK of the target makes such runs queue instead; this covers the rest.
 */
export const LOAD_RETRY: StatementRetryPolicy = { maxAttempts: 6, baseMs: 10_000, capMs: 120_000 };

/**
 * Minutes after the run's deadline that a load may still run. Past them the load is cancelled, well before the
 * state machine's own time-out (the longest deadline plus 60 minutes) would end the run and leave the load running.
 */
export const LOAD_GRACE_MINUTES = 45;

/** The load has run past the deadline and its grace: the shell cancels it. */
export function loadOverdue(state: RunState, now: Date): boolean {
  return state.phase === 'load' && state.statementId !== undefined && now.getTime() > Date.parse(state.deadline) + LOAD_GRACE_MINUTES * 60_000;
}

/** How often a running query or load is looked at: soon at first, then every minute. */
export function pollSeconds(startedAt: string, now: Date): number {
  const elapsed = (now.getTime() - Date.parse(startedAt)) / 1000;
  return elapsed < 60 ? 10 : elapsed < 600 ? 30 : 60;
}

/** Full jitter: a uniform wait in [0, min(cap, base × 2^(attempt-1))], at least 1 s. */
export function backoffSeconds(attempt: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling * random));
}

export function newRun(input: { job: string; partition: string; runId: string; now: Date; deadlineMinutes: number; hasSourceDdl?: boolean }): RunState {
  return {
    job: input.job,
    partition: input.partition,
    runId: input.runId,
    phase: input.hasSourceDdl ? 'prepare' : 'start',
    attempt: 1,
    startedAt: input.now.toISOString(),
    deadline: new Date(input.now.getTime() + input.deadlineMinutes * 60_000).toISOString(),
    waitSeconds: 0,
    attempts: [],
  };
}

/** Athena's cancellation when the workgroup's per-query limit cut the query off: retrying cannot help. */
const BYTES_LIMIT = /bytes scanned limit|BytesScannedCutoff/i;

export function advance(state: RunState, seen: Observation, now: Date, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): RunState {
  const fail = (error: string): RunState => ({ ...state, phase: 'failed', waitSeconds: 0, error });
  const retry = (why: string): RunState => {
    const attempts = [...state.attempts, `attempt ${state.attempt}: ${why}`];
    if (state.attempt >= policy.maxAttempts) return { ...fail(`gave up after ${state.attempt} attempts; last: ${why}`), attempts };
    const wait = backoffSeconds(state.attempt, policy, random());
    if (now.getTime() + wait * 1000 > Date.parse(state.deadline))
      return { ...fail(`deadline ${state.deadline} reached after ${state.attempt} attempts; last: ${why}`), attempts };
    // A failure while preparing the source prepares it again; a failed query runs the query again.
    const phase = state.phase === 'prepare' || state.phase === 'preparing' ? 'prepare' : 'start';
    return {
      ...state,
      phase,
      attempt: state.attempt + 1,
      waitSeconds: wait,
      queryExecutionId: undefined,
      ddlQueryExecutionId: undefined,
      error: why,
      attempts,
    };
  };
  const unexpected = () => fail(`unexpected ${seen.kind} in phase ${state.phase}`);

  switch (state.phase) {
    case 'prepare':
      if (seen.kind === 'query-started') return { ...state, phase: 'preparing', ddlQueryExecutionId: seen.queryExecutionId, waitSeconds: 5 };
      if (seen.kind === 'throttled') return retry(`TooManyRequestsException: ${seen.message}`);
      if (seen.kind === 'query-rejected') return fail(`Athena refused the source DDL: ${seen.message}`);
      return unexpected();
    case 'preparing':
      if (seen.kind === 'query-running') return { ...state, waitSeconds: 5 };
      if (seen.kind === 'query-succeeded') return { ...state, phase: 'start', waitSeconds: 0 };
      if (seen.kind === 'query-failed') {
        const why = `source DDL ${state.ddlQueryExecutionId} ${seen.state}: ${seen.reason}`;
        return seen.retryable || seen.state === 'CANCELLED' ? retry(why) : fail(why);
      }
      return unexpected();
    case 'start':
      if (seen.kind === 'query-started')
        return { ...state, phase: 'query', queryExecutionId: seen.queryExecutionId, waitSeconds: pollSeconds(now.toISOString(), now) };
      if (seen.kind === 'throttled') return retry(`TooManyRequestsException: ${seen.message}`);
      if (seen.kind === 'query-rejected') return fail(`Athena refused the query: ${seen.message}`);
      return unexpected();
    case 'query':
      if (seen.kind === 'query-running') return { ...state, waitSeconds: pollSeconds(state.startedAt, now) };
      if (seen.kind === 'query-succeeded') return { ...state, phase: 'load', bytesScanned: seen.bytesScanned, queryMillis: seen.millis, waitSeconds: 0 };
      if (seen.kind === 'query-failed') {
        const why = `query ${state.queryExecutionId} ${seen.state}: ${seen.reason}`;
        if (BYTES_LIMIT.test(seen.reason)) return fail(`${why} (the workgroup's bytes-scanned limit: narrow the query or raise bytesScannedCutoffPerQueryGB)`);
        return seen.retryable || seen.state === 'CANCELLED' ? retry(why) : fail(why);
      }
      return unexpected();
    case 'load':
      if (seen.kind === 'load-started') return { ...state, statementId: seen.statementId, waitSeconds: 5 };
      if (seen.kind === 'load-running') return { ...state, waitSeconds: Math.min(60, Math.max(5, state.waitSeconds * 2)) };
      if (seen.kind === 'loaded') return { ...state, phase: 'done', rowsLoaded: seen.rows, waitSeconds: 0 };
      // The load is one transaction: a failed COPY leaves the partition's previous rows in place, and a load
      // Redshift cancelled for serializable isolation can be submitted again as it is.
      if (seen.kind === 'load-failed') {
        const tries = state.loadAttempt ?? 1;
        const decision = retryAfterFailure(seen.error, tries, LOAD_RETRY, random());
        const why = `loading into Redshift failed (the previous rows of the partition are kept): ${seen.error}`;
        if (!decision.retry) return fail(isSerializationConflict(seen.error) ? `${why} (${decision.reason})` : why);
        const wait = Math.max(1, Math.round(decision.waitMs / 1000));
        if (now.getTime() + wait * 1000 > Date.parse(state.deadline) + LOAD_GRACE_MINUTES * 60_000) return fail(`${why} (no time left to submit it again)`);
        return {
          ...state,
          statementId: undefined,
          loadAttempt: tries + 1,
          waitSeconds: wait,
          error: seen.error,
          attempts: [...state.attempts, `load try ${tries}: ${seen.error}`],
        };
      }
      if (seen.kind === 'load-cancel-pending') return { ...state, waitSeconds: 10 };
      if (seen.kind === 'load-cancelled') {
        return fail(
          `the load (statement ${state.statementId}) was still running ${LOAD_GRACE_MINUTES} minutes after the deadline ${state.deadline} and was cancelled (${seen.status}); ` +
            'the previous rows of the partition are kept',
        );
      }
      return unexpected();
    default:
      return unexpected();
  }
}

/** Athena's price: $5 per TB scanned, each query billed at least 10 MB, rounded up to whole megabytes. */
export function costUsd(bytesScanned: number): number {
  const MB = 1024 * 1024;
  const billed = Math.max(10 * MB, Math.ceil(bytesScanned / MB) * MB);
  return Math.round((billed / 1024 ** 4) * 5 * 1e6) / 1e6;
}

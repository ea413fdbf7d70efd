/**
 * What the step saw, as an Observation for `advance`: Athena's answers to starting and watching a query, and the
 * Data API's description of the load transaction. Pure: step.ts asks AWS and hands the answers here.
 */
import type { Observation } from './run';

/** A failed StartQueryExecution the run can react to (a throttle, a query Athena refuses), or undefined to rethrow. */
export function startQueryFailure(error: { readonly name?: string; readonly message?: string }): Observation | undefined {
  if (error.name === 'TooManyRequestsException') return { kind: 'throttled', message: error.message ?? 'throttled' };
  if (error.name === 'InvalidRequestException') return { kind: 'query-rejected', message: error.message ?? 'invalid request' };
  return undefined;
}

export interface QueryExecutionView {
  readonly Status?: {
    readonly State?: string;
    readonly StateChangeReason?: string;
    readonly AthenaError?: { readonly ErrorCategory?: number; readonly Retryable?: boolean; readonly ErrorMessage?: string };
  };
  readonly Statistics?: { readonly DataScannedInBytes?: number; readonly EngineExecutionTimeInMillis?: number };
}

/**
 * GetQueryExecution's answer. A failure is worth another attempt when Athena says so or when its ErrorCategory is
 * 1 (system) or 3 (other); 2 is the user's (syntax, a missing table), which no retry fixes
 * (https://docs.aws.amazon.com/athena/latest/APIReference/API_AthenaError.html).
 */
export function queryObservation(query: QueryExecutionView | undefined): Observation {
  const state = query?.Status?.State;
  if (state === 'SUCCEEDED')
    return { kind: 'query-succeeded', bytesScanned: query?.Statistics?.DataScannedInBytes ?? 0, millis: query?.Statistics?.EngineExecutionTimeInMillis ?? 0 };
  if (state === 'FAILED' || state === 'CANCELLED') {
    const athenaError = query?.Status?.AthenaError;
    const retryable = athenaError?.Retryable === true || athenaError?.ErrorCategory === 1 || athenaError?.ErrorCategory === 3;
    return { kind: 'query-failed', state, reason: query?.Status?.StateChangeReason ?? athenaError?.ErrorMessage ?? 'no reason given', retryable };
  }
  return { kind: 'query-running' };
}

export interface LoadDescription {
  readonly Status?: string;
  readonly Error?: string;
  readonly SubStatements?: readonly { readonly Status?: string; readonly Error?: string; readonly ResultRows?: number }[];
}

/**
 * DescribeStatement's answer for the load transaction (loadTransactionSql): the rows loaded are the INSERT's,
 * the second-last statement, before the run record.
 */
export function loadObservation(described: LoadDescription): Observation {
  if (described.Status === 'FINISHED') {
    const subs = described.SubStatements ?? [];
    return { kind: 'loaded', rows: Number(subs[subs.length - 2]?.ResultRows ?? 0) };
  }
  if (described.Status === 'FAILED' || described.Status === 'ABORTED') {
    const failed = described.SubStatements?.find((s) => s.Status === 'FAILED');
    return { kind: 'load-failed', error: failed?.Error ?? described.Error ?? described.Status };
  }
  return { kind: 'load-running' };
}

/** Whether the load statement has ended one way or the other. */
export function loadEnded(described: LoadDescription): boolean {
  return described.Status === 'FINISHED' || described.Status === 'FAILED' || described.Status === 'ABORTED';
}

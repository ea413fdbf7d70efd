/**
 * A job's row in the warehouse (`<schema>.sync_state`): its watermark, its last run, and its lease. A lease is
 * taken with a conditional UPDATE and expires, so a run that died cannot hold the job for ever; Redshift has no
 * advisory locks and does not enforce keys. Literals (job name, run id, watermark, times) are checked against
 * strict patterns before they are quoted.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../core/sql-identifiers';

export const STATE_TABLE = 'sync_state';

const LITERAL_PATTERNS = {
  job: /^[a-z][a-z0-9_-]{0,127}$/,
  runId: /^[A-Za-z0-9-]{1,64}$/,
  watermark: /^(-?\d{1,20}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?)$/,
  timestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
  mode: /^[A-Z][A-Z_]{0,31}$/,
} as const;

/** A string literal of a value that matched its pattern (so it holds no quote or backslash). */
export function literal(kind: keyof typeof LITERAL_PATTERNS, value: string): string {
  if (!LITERAL_PATTERNS[kind].test(value)) throw new Error(`refusing to put ${kind} ${JSON.stringify(value)} into SQL`);
  return `'${value}'`;
}

export function sqlTimestamp(instant: Date): string {
  return literal('timestamp', instant.toISOString().slice(0, 19).replace('T', ' '));
}

export function stateTableSql(stateSchema: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${ident(stateSchema)}`,
    `CREATE TABLE IF NOT EXISTS ${quoteWarehouseTable(stateSchema, STATE_TABLE)} (` +
      'job_name VARCHAR(128) NOT NULL, mode VARCHAR(32), watermark VARCHAR(64), lease_owner VARCHAR(64), lease_until TIMESTAMP, ' +
      'rows_last_run BIGINT, last_success_at TIMESTAMP, PRIMARY KEY (job_name))',
  ];
}

export function ensureStateRowSql(stateSchema: string, job: string, mode: string): string {
  const table = quoteWarehouseTable(stateSchema, STATE_TABLE);
  return `INSERT INTO ${table} (job_name, mode) SELECT ${literal('job', job)}, ${literal('mode', mode)} WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE job_name = ${literal('job', job)})`;
}

/** Takes the job's lease if nobody holds an unexpired one: one row updated means this run owns the job. */
export function acquireLeaseSql(stateSchema: string, job: string, runId: string, now: Date, until: Date): string {
  return (
    `UPDATE ${quoteWarehouseTable(stateSchema, STATE_TABLE)} SET lease_owner = ${literal('runId', runId)}, lease_until = ${sqlTimestamp(until)} ` +
    `WHERE job_name = ${literal('job', job)} AND (lease_owner IS NULL OR lease_until < ${sqlTimestamp(now)})`
  );
}

export function releaseLeaseSql(stateSchema: string, job: string, runId: string): string {
  return `UPDATE ${quoteWarehouseTable(stateSchema, STATE_TABLE)} SET lease_owner = NULL, lease_until = NULL WHERE job_name = ${literal('job', job)} AND lease_owner = ${literal('runId', runId)}`;
}

export function readWatermarkSql(stateSchema: string, job: string): string {
  return `SELECT watermark FROM ${quoteWarehouseTable(stateSchema, STATE_TABLE)} WHERE job_name = ${literal('job', job)}`;
}

export interface RunRecord {
  /** The new watermark; undefined keeps the old one (nothing read); null clears it (FULL_COPY has none). */
  readonly watermark: string | null | undefined;
  readonly rows: number;
  readonly now: Date;
}

/** Records a successful run: last in its load transaction, so it commits with the rows. */
export function recordRunSql(stateSchema: string, job: string, run: RunRecord): string {
  const watermark = run.watermark === null ? 'NULL' : run.watermark === undefined ? 'watermark' : literal('watermark', run.watermark);
  return (
    `UPDATE ${quoteWarehouseTable(stateSchema, STATE_TABLE)} SET watermark = ${watermark}, ` +
    `rows_last_run = ${Number.isSafeInteger(run.rows) ? run.rows : 0}, last_success_at = ${sqlTimestamp(run.now)} ` +
    `WHERE job_name = ${literal('job', job)}`
  );
}

/**
 * How far a job spread over runs has got (a FULL_COPY's last staged key), kept in the watermark until the job
 * completes; nothing else of the row changes. Undefined (no row read) keeps it.
 */
export function recordProgressSql(stateSchema: string, job: string, progress: string | undefined): string {
  const value = progress === undefined ? 'watermark' : literal('watermark', progress);
  return `UPDATE ${quoteWarehouseTable(stateSchema, STATE_TABLE)} SET watermark = ${value} WHERE job_name = ${literal('job', job)}`;
}

/**
 * The warehouse SQL of a sync, valid on Redshift (no ON CONFLICT, no TRUNCATE inside the load transaction,
 * keys not enforced) and run unchanged on PostgreSQL, the local stand-in. Identifiers are validated and quoted;
 * the few literals (job name, run id, watermark, times) are checked against strict patterns before quoting.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../../core/sql-identifiers';
import type { WarehouseDialect } from './csv';
import type { TargetColumn } from './mysql-types';

export const SYNC_MODES = ['FULL_COPY', 'INCREMENTAL_COPY', 'UPDATE_LATEST_COPY'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const STAGE_TABLE = 'sync_stage';
export const STATE_TABLE = 'sync_state';

const LITERAL_PATTERNS = {
  job: /^[a-z][a-z0-9_-]{0,127}$/,
  runId: /^[A-Za-z0-9-]{1,64}$/,
  watermark: /^(-?\d{1,20}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?)$/,
  timestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
  mode: /^(FULL_COPY|INCREMENTAL_COPY|UPDATE_LATEST_COPY)$/,
} as const;

/** A string literal of a value that matched its pattern (so it holds no quote or backslash). */
export function literal(kind: keyof typeof LITERAL_PATTERNS, value: string): string {
  if (!LITERAL_PATTERNS[kind].test(value)) throw new Error(`refusing to put ${kind} ${JSON.stringify(value)} into SQL`);
  return `'${value}'`;
}

export function sqlTimestamp(instant: Date): string {
  return literal('timestamp', instant.toISOString().slice(0, 19).replace('T', ' '));
}

/**
 * Redshift types as the dialect spells them. PostgreSQL has no VARBYTE (BYTEA) and no SUPER (JSONB: parsed, as
 * SUPER is); GEOMETRY is PostGIS's, which reads the same hexadecimal EWKB.
 */
export function dialectType(redshiftType: string, dialect: WarehouseDialect): string {
  if (dialect === 'postgres' && redshiftType.startsWith('VARBYTE')) return 'BYTEA';
  if (dialect === 'postgres' && redshiftType === 'SUPER') return 'JSONB';
  return redshiftType;
}

export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

/**
 * The target table. Only the merge key is NOT NULL, and nothing is declared PRIMARY KEY or UNIQUE: Redshift's
 * ALTER TABLE has no DROP NOT NULL, and refuses ALTER COLUMN ... TYPE on PRIMARY KEY, UNIQUE and FOREIGN KEY
 * columns (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html). So a column MySQL later drops or
 * makes nullable loads NULL from then on, and a VARCHAR key MySQL widens is widened. Redshift would not enforce a
 * key anyway; the merge keeps keys unique.
 */
export function createTargetSql(target: TableRef, columns: readonly TargetColumn[], key: string | undefined, dialect: WarehouseDialect, mode: SyncMode = 'FULL_COPY'): string[] {
  const table = quoteWarehouseTable(target.schema, target.table);
  // The incremental modes only take a key that is NOT NULL in MySQL (engine.ts, requireIdentifyingKey).
  const mergeKey = mode === 'FULL_COPY' ? undefined : key;
  const definitions = columns.map((c) => `${ident(c.name)} ${dialectType(c.redshiftType, dialect)}${c.name === mergeKey ? ' NOT NULL' : ''}`);
  const statements = [`CREATE SCHEMA IF NOT EXISTS ${ident(target.schema)}`, `CREATE TABLE IF NOT EXISTS ${table} (${definitions.join(', ')})`];
  // PostgreSQL indexes the key for the merge's lookups, without constraining it, as on Redshift. INCREMENTAL_COPY's
  // ever-higher keys are appended at a B-tree's right edge. UPDATE_LATEST_COPY replaces rows anywhere in the key
  // range: its equality lookups go through a hash index, with no ordered comparisons (costly for the NUMERIC of an
  // unsigned BIGINT): a third less merge time than a B-tree primary key for 10,000 rows, in any order. FULL_COPY
  // never looks keys up and gets no index. (Redshift has no indexes.)
  if (mergeKey && dialect === 'postgres') statements.push(`CREATE INDEX ON ${table}${mode === 'UPDATE_LATEST_COPY' ? ' USING hash' : ''} (${ident(mergeKey)})`);
  return statements;
}

export function addColumnSql(target: TableRef, column: TargetColumn, dialect: WarehouseDialect): string {
  return `ALTER TABLE ${quoteWarehouseTable(target.schema, target.table)} ADD COLUMN ${ident(column.name)} ${dialectType(column.redshiftType, dialect)}`;
}

/** Run alone, never in a transaction block: Redshift cannot ALTER COLUMN ... TYPE inside one. */
export function widenVarcharSql(target: TableRef, column: TargetColumn): string {
  return `ALTER TABLE ${quoteWarehouseTable(target.schema, target.table)} ALTER COLUMN ${ident(column.name)} TYPE ${column.redshiftType}`;
}

export function stateTableSql(stateSchema: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${ident(stateSchema)}`,
    `CREATE TABLE IF NOT EXISTS ${quoteWarehouseTable(stateSchema, STATE_TABLE)} (` +
      'job_name VARCHAR(128) NOT NULL, mode VARCHAR(32), watermark VARCHAR(64), lease_owner VARCHAR(64), lease_until TIMESTAMP, ' +
      'rows_last_run BIGINT, last_success_at TIMESTAMP, PRIMARY KEY (job_name))',
  ];
}

export function ensureStateRowSql(stateSchema: string, job: string, mode: SyncMode): string {
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

export function createStageSql(target: TableRef): string {
  return `CREATE TEMP TABLE ${ident(STAGE_TABLE)} (LIKE ${quoteWarehouseTable(target.schema, target.table)})`;
}

export interface MergeInput {
  readonly mode: SyncMode;
  readonly target: TableRef;
  readonly columns: readonly string[];
  /** Target key column (INCREMENTAL_COPY, UPDATE_LATEST_COPY). */
  readonly key?: string;
  readonly stateSchema: string;
  readonly job: string;
  /** The new watermark, or undefined to keep the old one (nothing read). */
  readonly watermark?: string;
  readonly rows: number;
  readonly now: Date;
}

export interface LoadPlan {
  /** Statements before the rows are loaded. */
  readonly before: string[];
  /** The table the rows are copied into. */
  readonly into: string;
  /** Statements after the rows are loaded, in the same transaction. */
  readonly after: (input: Pick<MergeInput, 'watermark' | 'rows' | 'now'>) => string[];
}

/**
 * The statements of one load transaction. FULL_COPY empties the target with DELETE (not TRUNCATE, which would
 * commit on Redshift and show readers an empty table) and copies straight into it: readers see the old rows
 * until COMMIT. The incremental modes copy into a stage table and replace older versions by key, because keys
 * are not enforced on Redshift. The watermark is recorded last; a crash anywhere before COMMIT changes nothing.
 */
export function loadPlan(input: Omit<MergeInput, 'watermark' | 'rows' | 'now'> & { readonly targetIsNew?: boolean }): LoadPlan {
  const target = quoteWarehouseTable(input.target.schema, input.target.table);
  const recordRun = (run: Pick<MergeInput, 'watermark' | 'rows' | 'now'>) => {
    const watermark = input.mode === 'FULL_COPY' ? 'NULL' : run.watermark === undefined ? 'watermark' : literal('watermark', run.watermark);
    return (
      `UPDATE ${quoteWarehouseTable(input.stateSchema, STATE_TABLE)} SET watermark = ${watermark}, ` +
      `rows_last_run = ${Number.isSafeInteger(run.rows) ? run.rows : 0}, last_success_at = ${sqlTimestamp(run.now)} ` +
      `WHERE job_name = ${literal('job', input.job)}`
    );
  };
  if (input.mode === 'FULL_COPY') {
    return { before: [`DELETE FROM ${target}`], into: target, after: (run) => [recordRun(run)] };
  }
  // A table created by this run holds nothing to merge with: the first load goes straight in.
  if (input.targetIsNew) return { before: [], into: target, after: (run) => [recordRun(run)] };
  if (!input.key) throw new Error(`${input.mode} needs a key column`);
  const stage = ident(STAGE_TABLE);
  const key = ident(input.key);
  const columns = input.columns.map(ident).join(', ');
  return {
    before: [createStageSql(input.target)],
    into: stage,
    // The stage is dropped in the transaction that made it: a temporary table lives as long as its session, and a
    // session that loads twice (a reused connection) would find it there.
    after: (run) => [
      `DELETE FROM ${target} USING ${stage} WHERE ${target}.${key} = ${stage}.${key}`,
      `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage}`,
      recordRun(run),
      `DROP TABLE ${stage}`,
    ],
  };
}

/** All statements of a load transaction after the rows are in (for reading and testing). */
export function mergeSql(input: MergeInput): string[] {
  const plan = loadPlan(input);
  return [...plan.before, ...plan.after(input)];
}

/**
 * A sync job and the decisions about it that need no I/O: whether it is valid, which MySQL columns it copies,
 * which column is its key and whether that key singles out one row, and what its warehouse table should be.
 */
import { MYSQL_IDENTIFIER, WAREHOUSE_IDENTIFIER } from '../../core/sql-identifiers';
import type { PlannedColumn, TableSpec } from '../../warehouse/planner';
import type { OversizePolicy } from './csv';
import { mapColumn, type SourceColumn, type TargetColumn } from './mysql-types';
import { SYNC_MODES, type FullCopySwap, type SyncMode, type TableRef } from './sql';

export interface SyncJob {
  /** Job name: lower-case letters, digits, _ and -. */
  readonly name: string;
  readonly table: string;
  readonly mode: SyncMode;
  /** Primary key column (INCREMENTAL_COPY and UPDATE_LATEST_COPY). */
  readonly key?: string;
  /** Last-update column (UPDATE_LATEST_COPY). */
  readonly updatedAt?: string;
  /** Minutes before the watermark re-read by UPDATE_LATEST_COPY, for rows committed late. @default 5 */
  readonly overlapMinutes?: number;
  readonly target: TableRef;
  /** Schema of the sync_state table. @default 'sync_meta' */
  readonly stateSchema?: string;
  /** Zone of the source's DATETIME values. @default 'UTC' */
  readonly sourceTimezone?: string;
  /** @default 'error' */
  readonly oversizeText?: OversizePolicy;
  /** MySQL columns left out of the copy (a type the warehouse cannot hold, or data the team does not need). */
  readonly excludeColumns?: readonly string[];
  /**
   * Readers of a FULL_COPY or an INCREMENTAL_COPY chunk side by side, a key range each; on AWS a FULL_COPY fans out
   * to this many function invocations at a time. @default 1
   */
  readonly workers?: number;
  /**
   * How a FULL_COPY staged across runs replaces its target: `copy` (DELETE and INSERT ... SELECT: the target, its
   * grants, views, row-level security and masking policies, comments and datashares stay) or `rename` (the staging
   * table renamed over it, the rows written once, when the catalog shows no view on it and the same owner and
   * grants; for tables with none of the rest). @default 'copy'
   */
  readonly fullCopySwap?: FullCopySwap;
}

/** Parallel readers a job may have: each is a MySQL connection. */
export const MAX_WORKERS = 16;

/** A value the warehouse cannot hold (too long, a NUL character): names the column and the row. */
export class SyncValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncValueError';
  }
}

export class SyncConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncConfigurationError';
  }
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);

/** Whether the column holds integers (its values compare as numbers, not as text). */
export function isIntegerColumn(column: Pick<SourceColumn, 'dataType'>): boolean {
  return INTEGER_TYPES.has(column.dataType);
}
const TIME_TYPES = new Set(['datetime', 'timestamp']);

export function validateJob(job: SyncJob): void {
  const fail = (message: string) => {
    throw new SyncConfigurationError(message);
  };
  if (!(SYNC_MODES as readonly string[]).includes(job.mode)) fail(`mode ${JSON.stringify(job.mode)} is not one of ${SYNC_MODES.join(', ')}`);
  if (job.workers !== undefined && (!Number.isInteger(job.workers) || job.workers < 1 || job.workers > MAX_WORKERS))
    fail(`workers ${JSON.stringify(job.workers)} is not a whole number from 1 to ${MAX_WORKERS}`);
  if (job.fullCopySwap !== undefined && job.fullCopySwap !== 'copy' && job.fullCopySwap !== 'rename')
    fail(`fullCopySwap ${JSON.stringify(job.fullCopySwap)} is not copy or rename`);
  if ((job.workers ?? 1) > 1 && job.mode === 'UPDATE_LATEST_COPY')
    fail('workers above 1 need FULL_COPY or INCREMENTAL_COPY (they split an integer key); UPDATE_LATEST_COPY reads in update-time order with one');
  if (!MYSQL_IDENTIFIER.test(job.table)) fail(`table ${JSON.stringify(job.table)} is not a MySQL identifier`);
  for (const [what, value] of [
    ['target schema', job.target.schema],
    ['target table', job.target.table],
    ['state schema', job.stateSchema ?? 'sync_meta'],
  ] as const) {
    if (!WAREHOUSE_IDENTIFIER.test(value)) fail(`${what} ${JSON.stringify(value)} is not a warehouse identifier (lower-case letters, digits, _)`);
  }
  if (job.mode !== 'FULL_COPY' && !job.key) fail(`${job.mode} needs a key column (--key)`);
  if (job.mode === 'UPDATE_LATEST_COPY' && !job.updatedAt) fail('UPDATE_LATEST_COPY needs an updated-at column (--updated-at)');
  for (const column of [job.key, job.updatedAt, ...(job.excludeColumns ?? [])])
    if (column !== undefined && !MYSQL_IDENTIFIER.test(column)) fail(`column ${JSON.stringify(column)} is not a MySQL identifier`);
  if (!/^[a-z][a-z0-9_-]{0,127}$/.test(job.name)) fail(`job name ${JSON.stringify(job.name)} must be lower-case letters, digits, _ and -`);
}

/** The table's columns without the job's excludeColumns, each of which must name a column other than the key. */
export function includedColumns(job: SyncJob, columns: readonly SourceColumn[]): SourceColumn[] {
  const excluded = new Set(job.excludeColumns ?? []);
  for (const name of excluded) {
    if (!columns.some((c) => c.name === name)) {
      throw new SyncConfigurationError(
        `excludeColumns names ${JSON.stringify(name)}, which is not a column of ${job.table}; columns: ${columns.map((c) => c.name).join(', ')}`,
      );
    }
    if (name === job.key || name === job.updatedAt)
      throw new SyncConfigurationError(
        `excludeColumns names ${JSON.stringify(name)}, the job's ${name === job.key ? 'key' : 'updated-at'} column, which the sync needs`,
      );
  }
  const included = columns.filter((c) => !excluded.has(c.name));
  if (included.length === 0) throw new SyncConfigurationError(`excludeColumns leaves no column of ${job.table} to copy`);
  return included;
}

export interface JobColumns {
  /** The columns copied, in table order. */
  readonly source: readonly SourceColumn[];
  readonly target: readonly TargetColumn[];
  /** The key (INCREMENTAL_COPY: an integer column; UPDATE_LATEST_COPY: any), and the last-update column. */
  readonly key?: SourceColumn;
  readonly updatedAt?: SourceColumn;
}

/** The job's columns, checked: the key and the last-update column exist and have a type the mode can follow. */
export function jobColumns(job: SyncJob, all: readonly SourceColumn[], database: string): JobColumns {
  if (all.length === 0) throw new SyncConfigurationError(`MySQL table ${database}.${job.table} does not exist`);
  const source = includedColumns(job, all);
  const named = (name: string, role: string, types: ReadonlySet<string> | undefined) => {
    const column = source.find((c) => c.name === name);
    if (!column)
      throw new SyncConfigurationError(
        `${role} column ${JSON.stringify(name)} is not a column of ${job.table}; columns: ${source.map((c) => c.name).join(', ')}`,
      );
    if (types && !types.has(column.dataType))
      throw new SyncConfigurationError(`${role} column ${JSON.stringify(name)} is ${column.columnType}; expected one of ${[...types].join(', ')}`);
    return column;
  };
  const key = job.key ? named(job.key, 'key', job.mode === 'INCREMENTAL_COPY' ? INTEGER_TYPES : undefined) : undefined;
  const updatedAt = job.mode === 'UPDATE_LATEST_COPY' ? named(job.updatedAt!, 'updated-at', TIME_TYPES) : undefined;
  return { source, target: source.map(mapColumn), key, updatedAt };
}

/** Whether the key is the table's primary key, alone: then it singles out one row without looking at indexes. */
export function isPrimaryKeyAlone(key: SourceColumn, all: readonly SourceColumn[]): boolean {
  const primaryKey = all.filter((c) => c.primaryKey);
  return primaryKey.length === 1 && primaryKey[0].name === key.name;
}

/**
 * Why a key does not single out one row, or undefined when it does. The incremental modes replace target rows by
 * key: a key that is one column of a composite primary key, a plain index or a nullable UNIQUE column would make a
 * merge delete rows it never read. `uniqueIndexes` holds the columns of each unique index of the table.
 */
export function keyProblem(table: string, key: SourceColumn, all: readonly SourceColumn[], uniqueIndexes: readonly (readonly string[])[]): string | undefined {
  if (isPrimaryKeyAlone(key, all)) return undefined;
  const primaryKey = all.filter((c) => c.primaryKey).map((c) => c.name);
  const uniqueAlone = uniqueIndexes.some((index) => index.length === 1 && index[0] === key.name);
  if (uniqueAlone && !key.nullable) return undefined;
  const why = uniqueAlone
    ? 'it is UNIQUE but nullable'
    : primaryKey.includes(key.name)
      ? `it is one column of the primary key (${primaryKey.join(', ')})`
      : 'it is neither the primary key nor UNIQUE';
  return (
    `key column ${JSON.stringify(key.name)} does not identify one row of ${table} (${why}): the incremental modes replace rows by key, so the key must be ` +
    'a single-column primary key or a NOT NULL column with a UNIQUE index of its own; copy this table with FULL_COPY otherwise'
  );
}

/**
 * The warehouse table the job loads: every copied column, nullable (a column MySQL later makes nullable or drops
 * then loads NULL: Redshift's ALTER TABLE has no DROP NOT NULL), except the merge key of the incremental modes.
 */
export function targetColumns(job: SyncJob, columns: readonly TargetColumn[], key: SourceColumn | undefined): PlannedColumn[] {
  const mergeKey = job.mode === 'FULL_COPY' ? undefined : key?.name.toLowerCase();
  return columns.map((c) => ({ name: c.name, type: c.type, notNull: c.name === mergeKey }));
}

/** The job's warehouse table: its columns, sorted by the merge key in the incremental modes (what they delete by). */
export function targetTable(job: SyncJob, columns: readonly TargetColumn[], key: SourceColumn | undefined): TableSpec {
  return { ...job.target, columns: targetColumns(job, columns, key), sortKey: job.mode === 'FULL_COPY' ? undefined : key?.name.toLowerCase() };
}

/**
 * The column a FULL_COPY too large for one run is staged by, in key order: the table's primary key when it is one
 * integer column (copied). Without one the copy runs as one transaction, however long it takes.
 */
export function fullCopyKey(all: readonly SourceColumn[], copied: readonly SourceColumn[]): SourceColumn | undefined {
  const primaryKey = all.filter((c) => c.primaryKey);
  return primaryKey.length === 1 && isIntegerColumn(primaryKey[0]) && copied.includes(primaryKey[0]) ? primaryKey[0] : undefined;
}

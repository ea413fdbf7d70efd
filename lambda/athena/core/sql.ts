/**
 * The statements of an Athena job's run: the UNLOAD that writes the query's result as Parquet to a run-specific
 * prefix, and the one Redshift transaction that replaces the partition (stage, COPY, DELETE, INSERT, run record).
 * Redshift SQL: no TRUNCATE inside the transaction, no ON CONFLICT; literals are checked before they are quoted.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../../core/sql-identifiers';
import { formatRedshiftType } from '../../warehouse/types';
import { copyFromS3Sql } from '../../warehouse/copy';
import { declaredColumns } from '../../warehouse/planner';
import { partitionKey, type Partition } from './partition';

export const RUNS_TABLE = 'athena_runs';
export const STAGE_TABLE = 'athena_stage';

const S3_PREFIX = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9_.=/-]+\/$/;
const QUERY_ID = /^[A-Za-z0-9-]{1,128}$/;
const JOB = /^[a-z][a-z0-9_-]{0,39}$/;

function checked(what: string, pattern: RegExp, value: string): string {
  if (!pattern.test(value)) throw new Error(`refusing to put ${what} ${JSON.stringify(value)} into SQL`);
  return value;
}

/** The SQL without its line (--) and block comments; strings and quoted names are kept as they are. */
export function stripSqlComments(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n')
    .trim();
}

/**
 * `UNLOAD (query) TO 'prefix' WITH (format = 'PARQUET')`. The query is the job's own SQL file, rendered for one
 * partition; a trailing semicolon is dropped, and anything but one SELECT (or WITH ... SELECT) is refused.
 */
export function unloadSql(query: string, outputPrefix: string): string {
  const body = stripSqlComments(query).replace(/;\s*$/, '');
  if (!/^(select|with)\b/i.test(body)) throw new Error('the job SQL must be one SELECT (or WITH ... SELECT) query');
  if (body.includes(';')) throw new Error('the job SQL must be one statement (it contains a ;)');
  return `UNLOAD (${body}) TO '${checked('output prefix', S3_PREFIX, outputPrefix)}' WITH (format = 'PARQUET', compression = 'SNAPPY')`;
}

export interface LoadTarget {
  readonly schema: string;
  readonly table: string;
  /** Columns in the order of the query's result (the Parquet columns), with their Redshift types. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Target column that holds the partition's day. */
  readonly dayColumn: string;
  /** Target column that holds the hour (hourly jobs). */
  readonly hourColumn?: string;
}

export interface LoadInput {
  readonly job: string;
  readonly partition: Partition;
  readonly target: LoadTarget;
  readonly metaSchema: string;
  /** The UNLOAD's prefix, or undefined when the query returned no rows (UNLOAD then writes no file). */
  readonly parquetPrefix?: string;
  readonly copyRoleArn: string;
  readonly queryExecutionId: string;
  readonly bytesScanned: number;
  readonly costUsd: number;
  /** Not used: the run record's loaded_at is Redshift's GETDATE(), so the batch text depends on the run alone. */
  readonly now?: Date;
}

export function runsTableSql(metaSchema: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${ident(metaSchema)}`,
    `CREATE TABLE IF NOT EXISTS ${quoteWarehouseTable(metaSchema, RUNS_TABLE)} (job_name VARCHAR(64) NOT NULL, partition_key VARCHAR(16) NOT NULL, ` +
      'query_execution_id VARCHAR(128), bytes_scanned BIGINT, cost_usd DECIMAL(12,6), rows_loaded BIGINT, loaded_at TIMESTAMP)',
  ];
}

/**
 * One transaction: the partition's old rows go and the new ones come in together, so a rerun replaces the
 * partition (no duplicates) and a failed COPY leaves the old rows in place. The run record commits with them.
 * Submitting it again is safe: a failed try was rolled back whole, and a committed one is replaced by the next
 * (DELETE of the partition, INSERT of the same rows; only the run record is written once more). Its text depends on
 * the run alone (the load time is Redshift's GETDATE()), so a repeated submit with the same ClientToken is the same
 * request.
 */
export function loadTransactionSql(input: LoadInput): string[] {
  const target = quoteWarehouseTable(input.target.schema, input.target.table);
  const stage = ident(STAGE_TABLE);
  const columns = input.target.columns.map((c) => ident(c.name)).join(', ');
  // The stage has exactly the result's columns, in order: COPY from Parquet maps columns by position and takes no
  // column list, and the target may hold more columns than the job writes.
  const stageColumns = declaredColumns(input.target.columns)
    .map((c) => `${ident(c.name)} ${formatRedshiftType(c.type)}`)
    .join(', ');
  const where = [`${ident(input.target.dayColumn)} = '${input.partition.ds}'`];
  if (input.partition.hour !== undefined) {
    if (!input.target.hourColumn) throw new Error('an hourly job needs the target column that holds the hour');
    where.push(`${ident(input.target.hourColumn)} = ${Number(input.partition.hour)}`);
  }
  const key = partitionKey(input.partition); // built from checked values only
  const bytes = Number.isSafeInteger(input.bytesScanned) ? input.bytesScanned : 0;
  const cost = Number.isFinite(input.costUsd) ? input.costUsd.toFixed(6) : '0';
  return [
    // First, before the transaction's snapshot is taken: a second load of the same target (a catch-up run, a
    // backfill) waits here until this one commits, instead of failing with a serializable isolation violation.
    // One table, so the order of locks is fixed. https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html
    `LOCK ${target}`,
    `CREATE TEMP TABLE ${stage} (${stageColumns})`,
    ...(input.parquetPrefix
      ? [
          copyFromS3Sql({
            into: stage,
            from: checked('Parquet prefix', S3_PREFIX, input.parquetPrefix),
            roleArn: input.copyRoleArn,
            options: 'FORMAT AS PARQUET',
          }),
        ]
      : []),
    `DELETE FROM ${target} WHERE ${where.join(' AND ')}`,
    `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage}`,
    `INSERT INTO ${quoteWarehouseTable(input.metaSchema, RUNS_TABLE)} (job_name, partition_key, query_execution_id, bytes_scanned, cost_usd, rows_loaded, loaded_at) ` +
      `SELECT '${checked('job', JOB, input.job)}', '${key}', '${checked('query execution id', QUERY_ID, input.queryExecutionId)}', ${bytes}, ${cost}, COUNT(*), GETDATE() FROM ${stage}`,
  ];
}

/** The partitions of a job that have a successful run record since `fromKey` (for catch-up). */
export function loadedPartitionsSql(metaSchema: string, job: string, fromKey: string): string {
  checked('partition', /^\d{4}-\d{2}-\d{2}(T\d{2})?$/, fromKey);
  return `SELECT DISTINCT partition_key FROM ${quoteWarehouseTable(metaSchema, RUNS_TABLE)} WHERE job_name = '${checked('job', JOB, job)}' AND partition_key >= '${fromKey}'`;
}

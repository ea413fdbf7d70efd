/**
 * COPY, as every route builds it: from S3 only (Redshift loads nothing from a client), with the cluster's role,
 * the S3 URL and the role ARN checked so that neither can end the SQL literal it sits in. Also the load files'
 * CSV dialect, and where Redshift keeps what a COPY rejected.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../core/sql-identifiers';
import type { WarehouseDialect } from './types';

/** The unquoted field that stands for NULL in each dialect's load files (see lambda/sync/core/csv.ts). */
export const NULL_MARKERS: Record<WarehouseDialect, string> = { postgres: '\\N', redshift: '\u0000' };

/** The COPY options that read those files, each with its dialect's NULL marker. */
export const COPY_CSV_FORMAT: Record<WarehouseDialect, string> = { postgres: "FORMAT csv, NULL '\\N'", redshift: "FORMAT AS CSV NULL AS '\\000'" };

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/**
 * The characters of Firehose's manifest keys and of S3's "safe" set, without the single quote: the URL sits between
 * quotes in the COPY. No backslash, semicolon, dollar, double quote, space or control character either.
 */
const S3_KEY = /^[A-Za-z0-9!_.*()/=:+-]{1,1024}$/;

/** Bucket and key of an s3://bucket/key URL that cannot end the SQL literal it is put in; throws otherwise. */
export function s3UrlParts(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]*)\/(.*)$/s.exec(url);
  if (!match || !S3_BUCKET.test(match[1]) || !S3_KEY.test(match[2])) {
    throw new Error(
      `${JSON.stringify(url)} is not an s3://bucket/key URL (bucket: lowercase letters, digits, dots and hyphens; ` +
        'key: up to 1024 letters, digits and ! _ . * ( ) / = : + -)',
    );
  }
  return { bucket: match[1], key: match[2] };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/;

/** Whether the text is an IAM role ARN that COPY's IAM_ROLE can quote. */
export function isRoleArn(text: string): boolean {
  return ROLE_ARN.test(text);
}

export interface CopyFromS3 {
  /** The table, quoted (quoteWarehouseTable, or a quoted temporary table's name). */
  readonly into: string;
  /** The columns the file's fields go to, in order; none for all of them (COPY from Parquet takes no list). */
  readonly columns?: readonly string[];
  /** s3://bucket/key: a manifest (with `manifest`), a prefix, or a file. */
  readonly from: string;
  readonly roleArn: string;
  readonly manifest?: boolean;
  /** Format and conversion options, built by the caller from constants or from a configuration checked at synth. */
  readonly options: string;
}

export function copyFromS3Sql(copy: CopyFromS3): string {
  s3UrlParts(copy.from);
  if (!isRoleArn(copy.roleArn)) throw new Error(`${JSON.stringify(copy.roleArn)} is not an IAM role ARN`);
  const columns = copy.columns ? ` (${copy.columns.map(ident).join(', ')})` : '';
  return `COPY ${copy.into}${columns} FROM '${copy.from}' IAM_ROLE '${copy.roleArn}'${copy.manifest ? ' MANIFEST' : ''} ${copy.options}`.trim();
}

/**
 * Where COPY's rejected rows are recorded. STL_LOAD_ERRORS exists on provisioned clusters only ("System monitoring
 * (provisioned only)"); Redshift Serverless has no STL views and reports in SYS_LOAD_ERROR_DETAIL, whose columns are
 * named differently (start_time, file_name, column_name, column_type, error_code, error_message; no raw values).
 * https://docs.aws.amazon.com/redshift/latest/dg/r_STL_LOAD_ERRORS.html
 * https://docs.aws.amazon.com/redshift/latest/dg/SYS_LOAD_ERROR_DETAIL.html
 * https://docs.aws.amazon.com/redshift/latest/dg/c_intro_system_views.html
 */
export type WarehouseType = 'provisioned' | 'serverless';

const rowLimit = (limit: number) => Math.max(1, Math.min(1000, Math.trunc(limit)));

/** The latest load errors recorded for a table: what COPY rejected, where and why. */
export function loadErrorsSql(stream: { readonly schema: string; readonly table: string }, limit = 20, warehouseType: WarehouseType = 'provisioned'): string {
  quoteWarehouseTable(stream.schema, stream.table); // validates both names, which are then safe as literals
  if (warehouseType === 'serverless') {
    // SYS_LOAD_ERROR_DETAIL names the table by id only; the catalog (not SVV_TABLE_INFO, which is built from STV
    // tables and omits empty tables) gives the id of the schema and table.
    return (
      'SELECT e.start_time, TRIM(e.file_name) AS file_name, e.line_number, TRIM(e.column_name) AS column_name, TRIM(e.column_type) AS column_type, ' +
      'e.position, e.error_code, TRIM(e.error_message) AS error_message FROM sys_load_error_detail e ' +
      `JOIN pg_class c ON c.oid = e.table_id JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${stream.schema}' AND c.relname = '${stream.table}' ` +
      `ORDER BY e.start_time DESC LIMIT ${rowLimit(limit)}`
    );
  }
  return (
    'SELECT e.starttime, TRIM(e.filename) AS filename, e.line_number, TRIM(e.colname) AS colname, TRIM(e.type) AS type, ' +
    'TRIM(e.raw_field_value) AS raw_field_value, TRIM(e.err_reason) AS err_reason FROM stl_load_errors e ' +
    `JOIN svv_table_info t ON t.table_id = e.tbl WHERE t."schema" = '${stream.schema}' AND t."table" = '${stream.table}' ` +
    `ORDER BY e.starttime DESC LIMIT ${rowLimit(limit)}`
  );
}

/**
 * The rows one COPY rejected, by its query id (DescribeStatement's RedshiftQueryId), from the warehouse type's view,
 * as `file`, `line`, `column`, `reason` whichever view they come from.
 */
export function queryLoadErrorsSql(queryId: number, limit: number, warehouseType: WarehouseType): string {
  if (!Number.isSafeInteger(queryId) || queryId < 0) throw new Error(`${queryId} is not a query id`);
  return warehouseType === 'serverless'
    ? `SELECT TRIM(file_name) AS file, line_number AS line, TRIM(column_name) AS "column", TRIM(error_message) AS reason FROM sys_load_error_detail WHERE query_id = ${queryId} ORDER BY line_number LIMIT ${rowLimit(limit)}`
    : `SELECT TRIM(filename) AS file, line_number AS line, TRIM(colname) AS "column", TRIM(err_reason) AS reason FROM stl_load_errors WHERE query = ${queryId} ORDER BY line_number LIMIT ${rowLimit(limit)}`;
}

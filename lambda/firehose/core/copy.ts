/**
 * The COPY a Firehose stream runs into Redshift, and what its options mean for a local replay. Firehose builds
 * `COPY <table> (<columns>) FROM '<manifest>' CREDENTIALS ... MANIFEST <copy options>`; the copy options here start
 * with `FORMAT AS JSON '<jsonpaths file>'` followed by the stream's configured options.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../../core/sql-identifiers';
import type { TableSpec } from './table-schema';

export interface StreamSpec extends TableSpec {
  /** Stream name from the configuration (the delivery stream is `<env>-<name>`). */
  readonly name: string;
  /** COPY options after FORMAT AS JSON, e.g. "GZIP TIMEFORMAT AS 'YYYY-MM-DDTHH:MI:SS' ACCEPTINVCHARS ...". */
  readonly copyOptions: string;
}

/** Where the app deploys a stream's JSONPaths file in the route's bucket. */
export function jsonPathsKey(streamName: string): string {
  return `jsonpaths/${streamName}.jsonpaths`;
}

export interface FirehoseCopyCommand {
  readonly dataTableName: string;
  readonly dataTableColumns: string;
  readonly copyOptions: string;
}

export function firehoseCopyCommand(stream: StreamSpec, bucketName: string): FirehoseCopyCommand {
  return {
    // Firehose writes these into its COPY as given, so they are quoted: `timestamp`, `user`, `tag` ... are
    // Redshift reserved words (PostgreSQL takes several of them bare), and a bare one fails every COPY.
    dataTableName: quoteWarehouseTable(stream.schema, stream.table),
    dataTableColumns: stream.columns.map((c) => ident(c.name)).join(','),
    copyOptions: `FORMAT AS JSON 's3://${bucketName}/${jsonPathsKey(stream.name)}' ${stream.copyOptions}`.trim(),
  };
}

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/**
 * The characters of Firehose's manifest keys and of S3's "safe" set, without the single quote: the URL sits between
 * quotes in the COPY. No backslash, semicolon, dollar, double quote, space or control character either.
 */
const S3_KEY = /^[A-Za-z0-9!_.*()\/=:+-]{1,1024}$/;

/** Bucket and key of an s3://bucket/key manifest URL that cannot end the SQL literal it is put in; throws otherwise. */
export function manifestUrlParts(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]*)\/(.*)$/s.exec(url);
  if (!match || !S3_BUCKET.test(match[1]) || !S3_KEY.test(match[2])) {
    throw new Error(
      `${JSON.stringify(url)} is not an s3://bucket/key URL of a manifest (bucket: lowercase letters, digits, dots and hyphens; ` +
        'key: up to 1024 letters, digits and ! _ . * ( ) / = : + -)',
    );
  }
  return { bucket: match[1], key: match[2] };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/;

/**
 * The COPY that loads a manifest Firehose gave up on (`errors/manifests/...` in the bucket) once the cause is
 * fixed, with the stream's own JSONPaths and options, so the rows load exactly as Firehose would have loaded them.
 */
export function replayManifestSql(stream: StreamSpec, bucketName: string, manifestUrl: string, copyRoleArn: string): string {
  manifestUrlParts(manifestUrl);
  if (!ROLE_ARN.test(copyRoleArn)) throw new Error(`${JSON.stringify(copyRoleArn)} is not an IAM role ARN`);
  const command = firehoseCopyCommand(stream, bucketName);
  return (
    `COPY ${quoteWarehouseTable(stream.schema, stream.table)} (${stream.columns.map((c) => ident(c.name)).join(', ')}) ` +
    `FROM '${manifestUrl}' IAM_ROLE '${copyRoleArn}' MANIFEST ${command.copyOptions}`
  );
}

export interface CopyOptions {
  readonly gzip: boolean;
  /**
   * TIMEFORMAT: a format string, 'auto', 'epochsecs' or 'epochmillisecs'; undefined for COPY's defaults,
   * 'YYYY-MM-DD HH:MI:SS' for TIMESTAMP and 'YYYY-MM-DD HH:MI:SSOF' for TIMESTAMPTZ.
   */
  readonly timeFormat?: string;
  /** DATEFORMAT. @default 'YYYY-MM-DD' */
  readonly dateFormat: string;
  /** ACCEPTINVCHARS: the replacement character, or undefined when invalid UTF-8 rejects the record. */
  readonly acceptInvChars?: string;
  readonly truncateColumns: boolean;
  /** COPY fails when this many records or more are rejected (any, when 0). @default 0 */
  readonly maxError: number;
  /** IGNOREALLERRORS: no number of rejected records fails the COPY. */
  readonly ignoreAllErrors: boolean;
  readonly emptyAsNull: boolean;
  readonly blanksAsNull: boolean;
  /** ROUNDEC: round extra decimal places instead of truncating them. */
  readonly roundDecimals: boolean;
  /** ACCEPTANYDATE: DATE and TIMESTAMP values that do not match their format load NULL. */
  readonly acceptAnyDate: boolean;
  /** TRIMBLANKS: trailing white space is removed from VARCHAR values. */
  readonly trimBlanks: boolean;
}

const TIME_KEYWORDS = ['auto', 'epochsecs', 'epochmillisecs'];

/**
 * Reads the options a replay needs from a COPY options string, and throws on what COPY would refuse of them;
 * options it does not model are ignored.
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html
 */
export function parseCopyOptions(text: string): CopyOptions {
  const tokens = [...text.matchAll(/'([^']*)'|([A-Za-z_]+|\d+)/g)].map((m) => (m[1] !== undefined ? { quoted: m[1] } : { word: m[2].toUpperCase() }));
  const options: { -readonly [K in keyof CopyOptions]: CopyOptions[K] } = {
    gzip: false,
    dateFormat: 'YYYY-MM-DD',
    truncateColumns: false,
    maxError: 0,
    ignoreAllErrors: false,
    emptyAsNull: false,
    blanksAsNull: false,
    roundDecimals: false,
    acceptAnyDate: false,
    trimBlanks: false,
  };
  let maxErrorGiven = false;
  const flags: Partial<Record<string, keyof CopyOptions>> = {
    GZIP: 'gzip',
    TRUNCATECOLUMNS: 'truncateColumns',
    EMPTYASNULL: 'emptyAsNull',
    BLANKSASNULL: 'blanksAsNull',
    ROUNDEC: 'roundDecimals',
    ACCEPTANYDATE: 'acceptAnyDate',
    TRIMBLANKS: 'trimBlanks',
    IGNOREALLERRORS: 'ignoreAllErrors',
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].word;
    const next = () => {
      let j = i + 1;
      if (tokens[j]?.word === 'AS') j++;
      return { token: tokens[j], at: j };
    };
    const flag = word === undefined ? undefined : flags[word];
    if (flag) {
      (options as Record<string, unknown>)[flag] = true;
      continue;
    }
    switch (word) {
      case 'ACCEPTINVCHARS': {
        const { token, at } = next();
        if (token?.quoted !== undefined) {
          // "The replacement character can be any ASCII character except NULL."
          if (!/^[\x01-\x7f]$/.test(token.quoted)) throw new Error('ACCEPTINVCHARS takes one ASCII replacement character (not NUL)');
          i = at;
        }
        options.acceptInvChars = token?.quoted ?? '?';
        break;
      }
      case 'TIMEFORMAT':
      case 'DATEFORMAT': {
        const { token, at } = next();
        if (token?.quoted === undefined) throw new Error(`${word} needs a quoted format`);
        const keyword = TIME_KEYWORDS.find((k) => k === token.quoted.toLowerCase());
        if (keyword && keyword !== token.quoted) throw new Error(`${word} '${keyword}' is written in lowercase (the keyword is case-sensitive)`);
        if (word === 'DATEFORMAT' && keyword !== undefined && keyword !== 'auto') throw new Error(`DATEFORMAT takes a format string or 'auto', not '${keyword}'`);
        if (word === 'TIMEFORMAT') {
          if (/TZ|OF/i.test(token.quoted) && !keyword) throw new Error("TIMEFORMAT cannot include a time zone specifier (TZ or OF); use 'auto' for values with one");
          options.timeFormat = token.quoted;
        } else options.dateFormat = token.quoted;
        i = at;
        break;
      }
      case 'MAXERROR': {
        const { token, at } = next();
        if (!token?.word || !/^\d+$/.test(token.word)) throw new Error('MAXERROR needs a number');
        options.maxError = Number(token.word);
        maxErrorGiven = true;
        i = at;
        break;
      }
      default:
        break;
    }
  }
  if (options.ignoreAllErrors && maxErrorGiven) throw new Error('IGNOREALLERRORS cannot be combined with MAXERROR');
  return options;
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

/** The latest load errors recorded for the stream's table: what COPY rejected, where and why. */
export function loadErrorsSql(stream: Pick<StreamSpec, 'schema' | 'table'>, limit = 20, warehouseType: WarehouseType = 'provisioned'): string {
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

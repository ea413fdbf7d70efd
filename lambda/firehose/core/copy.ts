/**
 * The COPY a Firehose stream runs into Redshift, and what its options mean for a local replay. Firehose builds
 * `COPY <table> (<columns>) FROM '<manifest>' CREDENTIALS ... MANIFEST <copy options>`; the copy options here start
 * with `FORMAT AS JSON '<jsonpaths file>'` followed by the stream's configured options.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../../core/sql-identifiers';
import { copyFromS3Sql } from '../../warehouse/copy';
import type { TableSpec } from './table-schema';
import { DEFAULT_DATEFORMAT } from './time-format';

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

/**
 * The COPY that loads a manifest Firehose gave up on (`errors/manifests/...` in the bucket) once the cause is
 * fixed, with the stream's own JSONPaths and options, so the rows load exactly as Firehose would have loaded them.
 */
export function replayManifestSql(stream: StreamSpec, bucketName: string, manifestUrl: string, copyRoleArn: string): string {
  const options = firehoseCopyCommand(stream, bucketName).copyOptions;
  return copyFromS3Sql({
    into: quoteWarehouseTable(stream.schema, stream.table),
    columns: stream.columns.map((c) => c.name),
    from: manifestUrl,
    roleArn: copyRoleArn,
    manifest: true,
    options,
  });
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
    dateFormat: DEFAULT_DATEFORMAT,
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
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the range of ASCII but NUL is what the docs allow.
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
        if (word === 'DATEFORMAT' && keyword !== undefined && keyword !== 'auto')
          throw new Error(`DATEFORMAT takes a format string or 'auto', not '${keyword}'`);
        if (word === 'TIMEFORMAT') {
          if (/TZ|OF/i.test(token.quoted) && !keyword)
            throw new Error("TIMEFORMAT cannot include a time zone specifier (TZ or OF); use 'auto' for values with one");
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

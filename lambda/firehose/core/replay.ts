/**
 * One JSON line → one row, as a stream's COPY into Redshift would load it (FORMAT AS JSON with its JSONPaths and
 * the COPY options parseCopyOptions reads), or the reason COPY would reject it. Values come out as text for
 * PostgreSQL's COPY, which stands in for Redshift locally.
 */
import { isUtf8 } from 'node:buffer';
import type { DeclarableType } from '../../warehouse/types';
import { truncateUtf8 } from '../../core/text';
import {
  checkJsonPathsNotation,
  JsonNumber,
  JsonPathIndexError,
  JsonSyntaxError,
  jsonText,
  parseJson,
  parseJsonPath,
  valueAt,
  type JsonValue,
} from './json-values';
import { toDecimal, toFloat } from './numbers';
import { declaredTypes, jsonPathsDocument, type DeclaredColumn } from './table-schema';
import { DEFAULT_TIMEFORMAT, formatFor, parseTime } from './time-format';
import type { CopyOptions } from './copy';

/** A row, or why COPY rejects the line; failsCopy when COPY fails as a whole on it, whatever MAXERROR. */
export type ReplayResult = { readonly values: (string | null)[] } | { readonly rejected: string; readonly failsCopy?: true };

interface PreparedColumn {
  readonly name: string;
  readonly type: DeclarableType;
  readonly path: string;
  readonly steps: ReturnType<typeof parseJsonPath>;
}

const INTEGER_RANGES = { SMALLINT: 2n ** 15n, INTEGER: 2n ** 31n, BIGINT: 2n ** 63n } as const;
const TRUE_TEXT = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_TEXT = new Set(['f', 'false', 'n', 'no', '0']);

/** A line COPY would reject; thrown without a stack trace, since rejections are data, not faults. */
class Rejection {
  constructor(readonly message: string) {}
}

/**
 * Replaces each invalid UTF-8 sequence by as many replacement characters as it has bytes (ACCEPTINVCHARS), or
 * reports the first one. Surrogates, overlong forms and code points above U+10FFFF are invalid.
 */
export function repairUtf8(bytes: Buffer, replacement: string | undefined): { text: string } | { invalid: string } {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  const out: number[] = [];
  let changed = false;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok && need === 2) {
      const second = bytes[i + 1];
      ok = !(b === 0xe0 && second < 0xa0) && !(b === 0xed && second >= 0xa0); // overlong, surrogate
    }
    if (ok && need === 3) {
      const second = bytes[i + 1];
      ok = !(b === 0xf0 && second < 0x90) && !(b === 0xf4 && second >= 0x90); // overlong, above U+10FFFF
    }
    if (ok) {
      for (let k = 0; k <= need; k++) out.push(bytes[i + k]);
      i += need + 1;
      continue;
    }
    // The invalid sequence: the lead byte and the continuation bytes that follow it.
    let end = i + 1;
    while (end < bytes.length && end - i < 4 && (bytes[end] & 0xc0) === 0x80) end++;
    if (replacement === undefined) return { invalid: bytes.subarray(i, end).toString('hex') };
    for (let k = i; k < end; k++) out.push(replacement.charCodeAt(0));
    changed = true;
    i = end;
  }
  return { text: changed ? Buffer.from(out).toString('utf8') : bytes.toString('utf8') };
}

function describe(value: JsonValue): string {
  const text = jsonText(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** White space as COPY's BLANKSASNULL and TRIMBLANKS mean it: ASCII white space characters. */
const BLANK = /^[ \t\n\r\v\f]*$/;
const TRAILING_BLANKS = /[ \t\n\r\v\f]+$/;

function convert(value: JsonValue | undefined, column: PreparedColumn, options: CopyOptions): string | null {
  if (value === undefined || value === null) return null;
  const type = column.type;
  const reject = (why: string): never => {
    throw new Rejection(`column ${column.name} (${type.kind}${'bytes' in type ? `(${type.bytes})` : ''}): ${describe(value)} ${why}`);
  };
  const scalarText = typeof value === 'string' ? value : value instanceof JsonNumber ? value.text : typeof value === 'boolean' ? String(value) : undefined;
  // "Empty strings for other data types, such as INT, are always loaded with NULL", and so are blank ones.
  // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json-data-file
  // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-blanksasnull
  if (typeof value === 'string' && type.kind !== 'CHAR' && type.kind !== 'VARCHAR' && type.kind !== 'SUPER' && BLANK.test(value)) return null;
  switch (type.kind) {
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT': {
      if (scalarText === undefined || typeof value === 'boolean' || !/^\s*[-+]?\d+\s*$/.test(scalarText)) return reject('is not an integer');
      const number = BigInt(scalarText.trim());
      const limit = INTEGER_RANGES[type.kind];
      if (number < -limit || number >= limit) return reject(`is out of range for ${type.kind}`);
      return number.toString();
    }
    case 'DECIMAL': {
      if (scalarText === undefined || typeof value === 'boolean') return reject('is not a number');
      const decimal = toDecimal(scalarText, type.precision, type.scale, options.roundDecimals);
      return decimal ?? reject(`is not a number that fits DECIMAL(${type.precision},${type.scale})`);
    }
    case 'REAL':
    case 'DOUBLE PRECISION': {
      if (scalarText === undefined || typeof value === 'boolean') return reject('is not a number');
      const float = toFloat(scalarText, type.kind);
      return 'text' in float ? float.text : reject(float.reason);
    }
    case 'BOOLEAN': {
      if (scalarText === undefined) return reject('is not a boolean');
      const text = scalarText.trim().toLowerCase();
      if (TRUE_TEXT.has(text)) return 'true';
      if (FALSE_TEXT.has(text)) return 'false';
      return reject('is not a boolean');
    }
    case 'DATE':
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ': {
      const format = formatFor(type.kind, options);
      const parsed = scalarText === undefined || typeof value === 'boolean' ? undefined : parseTime(scalarText, format, type.kind);
      if (parsed !== undefined) return parsed;
      // ACCEPTANYDATE "applies only to TIMESTAMP and DATE columns".
      // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-acceptanydate
      if (options.acceptAnyDate && type.kind !== 'TIMESTAMPTZ') return null;
      const given = type.kind === 'DATE' ? 'DATEFORMAT' : options.timeFormat === undefined ? `the default TIMEFORMAT` : 'TIMEFORMAT';
      return reject(`does not match ${given} '${type.kind === 'DATE' ? format : (options.timeFormat ?? DEFAULT_TIMEFORMAT[type.kind])}'`);
    }
    case 'SUPER':
      return jsonText(value);
    case 'CHAR':
    case 'VARCHAR': {
      let text = scalarText ?? jsonText(value);
      if (options.emptyAsNull && text === '') return null;
      if (options.blanksAsNull && text !== '' && BLANK.test(text)) return null;
      // TRIMBLANKS "applies only to columns with a VARCHAR data type".
      // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-trimblanks
      if (options.trimBlanks && type.kind === 'VARCHAR') text = text.replace(TRAILING_BLANKS, '');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: CHAR takes single-byte (ASCII) characters only, NUL included in the range.
      if (type.kind === 'CHAR' && /[^\x00-\x7f]/.test(text)) return reject('has multibyte characters, which CHAR does not take (use VARCHAR)');
      if (text.includes('\u0000')) return reject('contains a NUL character');
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > type.bytes) {
        if (!options.truncateColumns) return reject(`is ${bytes} bytes, longer than ${type.kind}(${type.bytes}) (TRUNCATECOLUMNS would cut it)`);
        text = truncateUtf8(text, type.bytes);
      }
      return text;
    }
  }
}

export interface LineConverter {
  convert(line: Buffer): ReplayResult;
}

export function createLineConverter(columns: readonly DeclaredColumn[], options: CopyOptions): LineConverter {
  const paths = jsonPathsDocument(columns).jsonpaths;
  checkJsonPathsNotation(paths);
  const types = declaredTypes(columns);
  const prepared: PreparedColumn[] = columns.map((c, i) => ({ name: c.name, type: types[i], path: paths[i], steps: parseJsonPath(paths[i]) }));
  return {
    convert(line) {
      const repaired = repairUtf8(line, options.acceptInvChars);
      if ('invalid' in repaired) return { rejected: `invalid UTF-8 (bytes ${repaired.invalid}); ACCEPTINVCHARS would replace them` };
      let record: JsonValue;
      try {
        record = parseJson(repaired.text);
      } catch (error) {
        if (error instanceof JsonSyntaxError) return { rejected: `not valid JSON: ${error.message}` };
        throw error;
      }
      // "The JSON data file contains a set of either objects or arrays."
      // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json-data-file
      if (record === null || typeof record !== 'object' || record instanceof JsonNumber) return { rejected: 'not a JSON object or array' };
      const values: (string | null)[] = [];
      for (const column of prepared) {
        let value: JsonValue | undefined;
        try {
          value = valueAt(record, column.steps);
        } catch (error) {
          if (!(error instanceof JsonPathIndexError)) throw error;
          return {
            rejected: `column ${column.name}: ${column.path}: ${error.message}; Redshift's COPY fails as a whole on this, whatever MAXERROR`,
            failsCopy: true,
          };
        }
        try {
          values.push(convert(value, column, options));
        } catch (error) {
          if (error instanceof Rejection) return { rejected: error.message };
          throw error;
        }
      }
      return { values };
    },
  };
}

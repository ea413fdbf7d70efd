/**
 * Rows as read from MySQL → CSV lines for COPY. Every string is quoted, so NULL and '' stay different, and tabs,
 * newlines, quotes, backslashes and emoji pass unchanged. NULL is an unquoted field the data can never be:
 *
 * - PostgreSQL (`FORMAT csv, NULL '\N'`): `\N`; PostgreSQL never takes a quoted field for NULL, so the text `\N`
 *   (written `"\N"`) stays text.
 * - Redshift (`FORMAT AS CSV NULL AS '\000'`): a lone NUL byte. Redshift's NULL AS "loads fields that match
 *   null_string as NULL" and says nothing of quotes, so a quoted `"\N"` could load as NULL with `NULL AS '\N'`;
 *   a field that is one NUL byte is NULL with `NULL AS '\0'`
 *   (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-null-as), and no
 *   value can be one: text with NUL is refused (ValueError) and binary is written as hex.
 */
import { truncateUtf8 } from '../../core/text';
import { utcOffsetMinutes, zonedInstant } from '../../core/zoned-time';
import { NULL_MARKERS } from '../../warehouse/copy';
import { MAX_VARCHAR_BYTES, type WarehouseDialect } from '../../warehouse/types';
import type { TargetColumn } from './mysql-types';
import { longestJsonString, mysqlGeometryToEwkb, shortestFloat32 } from './value-formats';

export type OversizePolicy = 'error' | 'truncate';

export interface EncoderOptions {
  readonly dialect: WarehouseDialect;
  /** Zone of the source's DATETIME values (TIMESTAMP values are read in UTC). */
  readonly sourceTimezone: string;
  /** Text longer than its column: stop with an error naming the column and row (default), or cut it and count. */
  readonly oversize: OversizePolicy;
}

/**
 * "The maximum size of a single input row from any source is 4 MB"
 * (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source.html), counted here as 4,000,000
 * bytes of the CSV line, the smaller reading of "MB". Binary values count twice (hex).
 */
export const COPY_MAX_ROW_BYTES = 4_000_000;

export class ValueError extends Error {
  constructor(column: string, reason: string) {
    super(`column ${JSON.stringify(column)}: ${reason}`);
    this.name = 'ValueError';
  }
}

type Encode = (value: unknown) => string;

/** A value kind no writer knows: the type system rules it out; a call here means a kind was added without one. */
export function unknownKind(kind: never): never {
  throw new Error(`no CSV writer for value kind ${String(kind)}`);
}

const fail = (column: string, reason: string): never => {
  throw new ValueError(column, reason);
};

export interface RowEncoder {
  /** One CSV line, with its newline. */
  encode(row: readonly unknown[]): string;
  /** Values cut to their column's size under the 'truncate' policy. */
  readonly truncated: number;
}

const quote = (text: string) => `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
const ZERO = 48;
/** 0000-..., YYYY-00-..., YYYY-MM-00: MySQL's zero and partial-zero dates, which no warehouse can hold. */
const isZeroDate = (text: string) =>
  (text.charCodeAt(0) === ZERO && text.charCodeAt(1) === ZERO && text.charCodeAt(2) === ZERO && text.charCodeAt(3) === ZERO) ||
  (text.charCodeAt(5) === ZERO && text.charCodeAt(6) === ZERO) ||
  (text.charCodeAt(8) === ZERO && text.charCodeAt(9) === ZERO);

export function createRowEncoder(columns: readonly TargetColumn[], options: EncoderOptions): RowEncoder {
  let truncated = 0;
  const NULL_MARKER = NULL_MARKERS[options.dialect];
  const offsets = new Map<string, string>();
  const offsetFor = (local: string): string => {
    if (options.sourceTimezone === 'UTC') return '+00';
    const hourKey = local.slice(0, 16);
    let offset = offsets.get(hourKey);
    if (offset === undefined) {
      const instant = zonedInstant(local.slice(0, 10), { hour: Number(local.slice(11, 13)), minute: Number(local.slice(14, 16)) }, options.sourceTimezone);
      const minutes = utcOffsetMinutes(instant, options.sourceTimezone);
      const abs = Math.abs(minutes);
      offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      offsets.set(hourKey, offset);
    }
    return offset;
  };

  const encoders: Encode[] = columns.map((column) => {
    const name = column.source.name;
    switch (column.value) {
      case 'number':
      case 'decimal':
        return (v) => String(v);
      case 'float':
        return (v) => shortestFloat32(String(v)) ?? fail(name, `${JSON.stringify(String(v))} is not a number`);
      case 'date':
        return (v) => (isZeroDate(String(v)) ? NULL_MARKER : String(v));
      case 'timestamp':
        return (v) => (isZeroDate(String(v)) ? NULL_MARKER : `${String(v)}+00`);
      case 'datetime':
        return (v) => {
          const text = String(v);
          return isZeroDate(text) ? NULL_MARKER : `${text}${offsetFor(text)}`;
        };
      case 'bit':
        return (v) => (Buffer.isBuffer(v) ? (v.length === 0 ? '0' : BigInt(`0x${v.toString('hex')}`).toString()) : String(v));
      case 'binary':
        return (v) => {
          const bytes = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
          if (column.maxBytes !== undefined && bytes.length > column.maxBytes) {
            throw new ValueError(name, `a value of ${bytes.length} bytes exceeds the ${column.redshiftType} column`);
          }
          return options.dialect === 'postgres' ? `\\x${bytes.toString('hex')}` : bytes.toString('hex');
        };
      case 'geometry':
        return (v) => {
          const ewkb = mysqlGeometryToEwkb(Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'latin1'));
          if (column.maxBytes !== undefined && ewkb.length > column.maxBytes) {
            throw new ValueError(
              name,
              `a spatial value of ${ewkb.length} bytes is over the ${column.maxBytes} bytes of a Redshift GEOMETRY; simplify it in MySQL or leave the column out (excludeColumns)`,
            );
          }
          return ewkb.toString('hex');
        };
      case 'json':
        return (v) => {
          const text = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
          const longest = longestJsonString(text, MAX_VARCHAR_BYTES);
          if (longest > MAX_VARCHAR_BYTES) {
            throw new ValueError(name, `a JSON document holds a string of ${longest} bytes; SUPER holds strings of at most ${MAX_VARCHAR_BYTES} bytes`);
          }
          return quote(text);
        };
      case 'text':
        return (v) => {
          let text = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
          if (text.includes('\u0000')) throw new ValueError(name, 'a value contains a NUL character, which the warehouse cannot store');
          if (column.maxBytes !== undefined && text.length * 3 > column.maxBytes && Buffer.byteLength(text, 'utf8') > column.maxBytes) {
            if (options.oversize === 'error') {
              throw new ValueError(
                name,
                `a value of ${Buffer.byteLength(text, 'utf8')} bytes exceeds ${column.redshiftType}; set oversizeText: truncate to cut such values`,
              );
            }
            text = truncateUtf8(text, column.maxBytes);
            truncated++;
          }
          return quote(text);
        };
      default:
        return unknownKind(column.value);
    }
  });

  return {
    encode(row) {
      let line = '';
      for (let i = 0; i < encoders.length; i++) {
        const value = row[i];
        line += (i === 0 ? '' : ',') + (value === null || value === undefined ? NULL_MARKER : encoders[i](value));
      }
      return `${line}\n`;
    },
    get truncated() {
      return truncated;
    },
  };
}

/**
 * The CSV of csv.ts written straight from the bytes MySQL's text protocol sends for each value, without turning
 * each value into a JS string first. Decoding ten million values and encoding them again was most of a full copy's CPU; here a
 * number, a date or a utf8mb4 string is copied byte for byte (strings quoted, quotes doubled). Kinds that need
 * a computation (BIT, binary, FLOAT, spatial, JSON, DATETIME outside UTC, text of another character set) go through the string
 * encoder of csv.ts, which stays the reference: tests check both give the same bytes.
 */
import { NULL_MARKERS } from '../../warehouse/copy';
import { createRowEncoder, unknownKind, ValueError, type EncoderOptions, type RowEncoder } from './csv';
import type { TargetColumn } from './mysql-types';

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const NUL = 0x00;
const MINUS = 0x2d;
const UTC_SUFFIX = Buffer.from('+00');
/** Below this many bytes a loop beats Buffer#copy, which makes a Uint8Array view for every call. */
const SHORT_COPY = 64;

/** Copies source[start, end) to target[at...] and returns the position after it. */
function copyBytes(source: Buffer, start: number, end: number, target: Buffer, at: number): number {
  if (end - start >= SHORT_COPY) return at + source.copy(target, at, start, end);
  for (let i = start; i < end; i++) target[at++] = source[i];
  return at;
}

/** A growing byte buffer; `take` hands over what was written and starts a new one. */
export class ByteWriter {
  buffer: Buffer;
  length = 0;
  constructor(private readonly capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  ensure(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  take(): Buffer {
    const filled = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(this.capacity);
    this.length = 0;
    return filled;
  }
}

type FieldWriter = (source: Buffer, start: number, end: number, out: ByteWriter) => void;

export interface ByteRowEncoder {
  /**
   * Appends the CSV line of one row, each value the bytes MySQL's text protocol sent for it (null for NULL), to
   * `out`. Throws ValueError naming the column for a value the warehouse cannot take.
   */
  encode(values: readonly (Buffer | null)[], out: ByteWriter): void;
  /** Column `index` of the row last passed to `encode`, as text (null for NULL): error messages. */
  field(index: number): string | null;
  /** Bytes of column `index` of the row last passed to `encode`, as MySQL sent them (0 for NULL). */
  fieldLength(index: number): number;
  /** Column `index` of the row last passed to `encode`, as a copy of its bytes (null for NULL). */
  fieldBytes(index: number): Buffer | null;
  /**
   * Whether column `index` of the row last passed to `encode` is above `than`, the bytes of an earlier value
   * (undefined: below everything; NULL is above nothing): as decimal integers with `integer`, else as text, which
   * is how DATETIME and TIMESTAMP text orders. Compares bytes, so following a watermark costs no string per row.
   */
  fieldAbove(index: number, than: Buffer | undefined, integer: boolean): boolean;
  readonly truncated: number;
}

export function createByteRowEncoder(columns: readonly TargetColumn[], options: EncoderOptions): ByteRowEncoder {
  let truncated = 0;
  const stringEncoders: RowEncoder[] = [];
  let last: readonly (Buffer | null)[] | undefined;
  const NULL_BYTES = Buffer.from(NULL_MARKERS[options.dialect], 'utf8');

  const writeBytes = (source: Buffer, start: number, end: number, out: ByteWriter) => {
    out.ensure(end - start);
    out.length = copyBytes(source, start, end, out.buffer, out.length);
  };
  const writeText = (text: string, out: ByteWriter) => {
    out.ensure(text.length * 3);
    out.length += out.buffer.write(text, out.length, 'utf8');
  };
  const isZeroDate = (s: Buffer, start: number) =>
    (s[start] === ZERO && s[start + 1] === ZERO && s[start + 2] === ZERO && s[start + 3] === ZERO) ||
    (s[start + 5] === ZERO && s[start + 6] === ZERO) ||
    (s[start + 8] === ZERO && s[start + 9] === ZERO);

  const writeUtcTime: FieldWriter = (s, start, end, out) => {
    if (isZeroDate(s, start)) return writeBytes(NULL_BYTES, 0, NULL_BYTES.length, out);
    writeBytes(s, start, end, out);
    writeBytes(UTC_SUFFIX, 0, UTC_SUFFIX.length, out);
  };

  const writers: FieldWriter[] = columns.map((column) => {
    const viaStrings = (value: (s: Buffer, start: number, end: number) => unknown): FieldWriter => {
      const single = createRowEncoder([column], options);
      stringEncoders.push(single);
      const row: unknown[] = [undefined];
      return (s, start, end, out) => {
        row[0] = value(s, start, end);
        writeText(single.encode(row).slice(0, -1), out);
      };
    };
    switch (column.value) {
      case 'number':
      case 'decimal':
        return writeBytes;
      case 'date':
        return (s, start, end, out) => (isZeroDate(s, start) ? writeBytes(NULL_BYTES, 0, NULL_BYTES.length, out) : writeBytes(s, start, end, out));
      case 'timestamp':
        return writeUtcTime;
      case 'datetime':
        // A DATETIME is written as its source zone's wall clock: only in UTC is that the value plus +00.
        return options.sourceTimezone === 'UTC' ? writeUtcTime : viaStrings((s, start, end) => s.toString('latin1', start, end));
      case 'bit':
      case 'binary':
      case 'geometry':
        return viaStrings((s, start, end) => s.subarray(start, end));
      case 'float':
        return viaStrings((s, start, end) => s.toString('latin1', start, end));
      case 'json':
        return viaStrings((s, start, end) => s.toString('utf8', start, end));
      case 'text': {
        // MySQL converts every character set to the connection's utf8mb4, except binary, which may hold anything.
        if (column.source.charset === 'binary') return viaStrings((s, start, end) => s.toString('utf8', start, end));
        const name = column.source.name;
        const maxBytes = column.maxBytes;
        return (s, start, end, out) => {
          if (maxBytes !== undefined && end - start > maxBytes) {
            if (options.oversize === 'error') {
              throw new ValueError(name, `a value of ${end - start} bytes exceeds ${column.redshiftType}; set oversizeText: truncate to cut such values`);
            }
            if (s.subarray(start + maxBytes, end).includes(NUL))
              throw new ValueError(name, 'a value contains a NUL character, which the warehouse cannot store');
            let cut = start + maxBytes;
            // Back up over continuation bytes (10xxxxxx) so the cut falls between characters.
            while (cut > start && (s[cut] & 0xc0) === 0x80) cut--;
            end = cut;
            truncated++;
          }
          out.ensure(2 * (end - start) + 2);
          const target = out.buffer;
          let at = out.length;
          target[at++] = QUOTE;
          let from = start;
          for (let i = start; i < end; i++) {
            const byte = s[i];
            if (byte === QUOTE) {
              at = copyBytes(s, from, i + 1, target, at);
              target[at++] = QUOTE;
              from = i + 1;
            } else if (byte === NUL) {
              throw new ValueError(name, 'a value contains a NUL character, which the warehouse cannot store');
            }
          }
          at = copyBytes(s, from, end, target, at);
          target[at++] = QUOTE;
          out.length = at;
        };
      }
      default:
        return unknownKind(column.value);
    }
  });

  return {
    encode(values, out) {
      if (values.length !== writers.length) throw new Error(`a MySQL row has ${values.length} values for ${writers.length} columns`);
      last = values;
      for (let i = 0; i < writers.length; i++) {
        if (i > 0) {
          out.ensure(1);
          out.buffer[out.length++] = COMMA;
        }
        const value = values[i];
        if (value === null) writeBytes(NULL_BYTES, 0, NULL_BYTES.length, out);
        else writers[i](value, 0, value.length, out);
      }
      out.ensure(1);
      out.buffer[out.length++] = NEWLINE;
    },
    field(index) {
      return last?.[index]?.toString('utf8') ?? null;
    },
    fieldLength(index) {
      return last?.[index]?.length ?? 0;
    },
    fieldBytes(index) {
      const value = last?.[index];
      return value ? Buffer.from(value) : null;
    },
    fieldAbove(index, than, integer) {
      const value = last?.[index];
      if (!value) return false;
      if (than === undefined) return true;
      return integer ? integerAbove(value, 0, value.length, than) : compareBytes(value, 0, value.length, than) > 0;
    },
    get truncated() {
      return stringEncoders.reduce((sum, encoder) => sum + encoder.truncated, truncated);
    },
  };
}

/** Byte-wise order of source[start, end) against `other`: negative, 0 or positive. */
function compareBytes(source: Buffer, start: number, end: number, other: Buffer): number {
  const length = Math.min(end - start, other.length);
  for (let i = 0; i < length; i++) {
    const difference = source[start + i] - other[i];
    if (difference !== 0) return difference;
  }
  return end - start - other.length;
}

/** Whether the decimal integer in source[start, end) is above the one in `other`, without parsing (keys may exceed 2^53). */
export function integerAbove(source: Buffer, start: number, end: number, other: Buffer): boolean {
  const negative = source[start] === MINUS;
  if (negative !== (other[0] === MINUS)) return !negative;
  const order = end - start !== other.length ? end - start - other.length : compareBytes(source, start, end, other);
  return negative ? order < 0 : order > 0;
}

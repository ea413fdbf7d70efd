/**
 * One reader's rows as load-file CSV: each row encoded for the warehouse, checked against COPY's row limit, and the
 * newest value of the watermark column kept. Used by a run's workers (engine.ts) and by a fanned-out extract
 * (fan-out.ts) alike.
 */
import type { Readable } from 'node:stream';
import type { MysqlSource } from './adapters/mysql-source';
import { COPY_MAX_ROW_BYTES } from './core/csv';
import { createByteRowEncoder, type ByteRowEncoder } from './core/csv-bytes';
import { isIntegerColumn, SyncValueError, type SyncJob } from './core/job';
import type { SourceColumn, TargetColumn } from './core/mysql-types';
import type { WarehouseDialect } from '../warehouse/types';

/** Which rows a read takes: a condition on quoted columns with its values as placeholders, maybe ordered and limited. */
export type Where = NonNullable<Parameters<MysqlSource['csvStream']>[2]>;

export interface RowsSpec {
  readonly table: string;
  readonly sourceColumns: readonly SourceColumn[];
  readonly columns: readonly TargetColumn[];
  /** Index of the column whose newest value is kept (-1: none). */
  readonly watermarkAt: number;
  /** Index of the column that names a row in an error (-1: its position). */
  readonly identifyingAt: number;
  readonly chunkBytes: number;
}

export interface EncodedRows {
  readonly csv: Readable;
  /** Rows read so far. */
  rows(): number;
  /** The newest value of the watermark column read so far. */
  newest(): Buffer | undefined;
}

/** An encoder of the job's rows for the dialect's load files, with the job's source zone and oversize policy. */
export function jobEncoder(job: SyncJob, columns: readonly TargetColumn[], dialect: WarehouseDialect): ByteRowEncoder {
  return createByteRowEncoder(columns, { dialect, sourceTimezone: job.sourceTimezone ?? 'UTC', oversize: job.oversizeText ?? 'error' });
}

/** The rows `where` selects, read by `reader`, encoded by `encoder`; `onRow` is told the count after each row. */
export function encodedRows(
  reader: MysqlSource,
  encoder: ByteRowEncoder,
  spec: RowsSpec,
  where: Where | undefined,
  onRow?: (rows: number) => void,
): EncodedRows {
  const { table, sourceColumns, columns, watermarkAt, identifyingAt } = spec;
  const integer = watermarkAt >= 0 && isIntegerColumn(sourceColumns[watermarkAt]);
  let rows = 0;
  let newest: Buffer | undefined;
  // Names the row last read in an error, so the value can be found and fixed in MySQL.
  const rowAt = () => (identifyingAt >= 0 ? `${sourceColumns[identifyingAt].name} = ${encoder.field(identifyingAt)}` : `row ${rows}`);
  const csv = reader.csvStream(
    table,
    sourceColumns,
    where,
    (values, out) => {
      rows++;
      onRow?.(rows);
      const lineStart = out.length;
      try {
        encoder.encode(values, out);
      } catch (error) {
        throw new SyncValueError(`${(error as Error).message} (${table} where ${rowAt()})`);
      }
      // Under either oversizeText policy: which values to cut is not the sync's to choose, and binary is never cut.
      const rowBytes = out.length - lineStart - 1;
      if (rowBytes > COPY_MAX_ROW_BYTES) throw new SyncValueError(`${rowTooLong(rowBytes, columns, encoder)} (${table} where ${rowAt()})`);
      if (watermarkAt >= 0 && encoder.fieldAbove(watermarkAt, newest, integer)) newest = encoder.fieldBytes(watermarkAt)!;
    },
    spec.chunkBytes,
  );
  return { csv, rows: () => rows, newest: () => newest };
}

/** The newest of several readers' newest values: by number for an integer column, else by text (MySQL's date and time formats sort as text). */
export function newestOf(values: readonly (Buffer | undefined)[], integer: boolean): string | undefined {
  let newest: string | undefined;
  for (const value of values) {
    if (value === undefined) continue;
    const text = value.toString('utf8');
    if (newest === undefined || (integer ? BigInt(text) > BigInt(newest) : text > newest)) newest = text;
  }
  return newest;
}

/** Why a row cannot be loaded: its size and its largest values, as MySQL holds them and as the load file does. */
function rowTooLong(rowBytes: number, columns: readonly TargetColumn[], encoder: ByteRowEncoder): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const largest = columns
    .map((column, index) => ({ column, bytes: encoder.fieldLength(index) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map(({ column, bytes }) => `${column.name} (${n(bytes)} bytes${column.value === 'binary' ? `, ${n(2 * bytes)} as hex` : ''})`);
  return (
    `a row of ${n(rowBytes)} bytes in the load file is over the ${n(COPY_MAX_ROW_BYTES)} bytes Redshift's COPY takes in one row; ` +
    `largest values: ${largest.join(', ')}: Redshift cannot load this row; shorten these values in MySQL`
  );
}

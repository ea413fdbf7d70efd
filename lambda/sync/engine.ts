/**
 * One sync run: MySQL table → warehouse table, in FULL_COPY, INCREMENTAL_COPY or UPDATE_LATEST_COPY mode.
 * The rows and the watermark they advance commit in one warehouse transaction, so a run that dies anywhere is
 * simply run again. The same engine serves the Lambda and the CLI.
 */
import { MYSQL_IDENTIFIER, quoteMysqlIdentifier, quoteWarehouseTable, WAREHOUSE_IDENTIFIER } from '../core/sql-identifiers';
import { zonedInstant } from '../core/zoned-time';
import { COPY_MAX_ROW_BYTES, type OversizePolicy } from './core/csv';
import { createPacketRowEncoder, type PacketRowEncoder } from './core/csv-bytes';
import { mapColumn, type SourceColumn, type TargetColumn } from './core/mysql-types';
import {
  addColumnSql,
  createTargetSql,
  loadPlan,
  readWatermarkSql,
  SYNC_MODES,
  widenVarcharSql,
  type SyncMode,
  type TableRef,
} from './core/sql';
import type { MysqlSource } from './adapters/mysql-source';
import { createIfMissing, type Warehouse, type WarehouseColumn } from '../warehouse/warehouse';

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
}

export interface SyncResult {
  readonly job: string;
  readonly table: string;
  readonly target: string;
  readonly mode: SyncMode;
  readonly status: 'ok' | 'skipped';
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly seconds: number;
  readonly watermark?: string;
  /** Age of the newest row read (UPDATE_LATEST_COPY). */
  readonly lagSeconds?: number;
  readonly truncatedValues: number;
  readonly schemaChanges: readonly string[];
}

export interface RunOptions {
  readonly runId: string;
  readonly now?: () => Date;
  /** How long a run may hold the job before another may take it over (Redshift). @default 30 minutes */
  readonly lockTtlMs?: number;
  /** Characters of CSV handed to the warehouse at a time. @default 262144 */
  readonly chunkBytes?: number;
}

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
const TIME_TYPES = new Set(['datetime', 'timestamp']);

export function validateJob(job: SyncJob): void {
  const fail = (message: string) => {
    throw new SyncConfigurationError(message);
  };
  if (!(SYNC_MODES as readonly string[]).includes(job.mode)) fail(`mode ${JSON.stringify(job.mode)} is not one of ${SYNC_MODES.join(', ')}`);
  if (!MYSQL_IDENTIFIER.test(job.table)) fail(`table ${JSON.stringify(job.table)} is not a MySQL identifier`);
  for (const [what, value] of [['target schema', job.target.schema], ['target table', job.target.table], ['state schema', job.stateSchema ?? 'sync_meta']] as const) {
    if (!WAREHOUSE_IDENTIFIER.test(value)) fail(`${what} ${JSON.stringify(value)} is not a warehouse identifier (lower-case letters, digits, _)`);
  }
  if (job.mode !== 'FULL_COPY' && !job.key) fail(`${job.mode} needs a key column (--key)`);
  if (job.mode === 'UPDATE_LATEST_COPY' && !job.updatedAt) fail('UPDATE_LATEST_COPY needs an updated-at column (--updated-at)');
  for (const column of [job.key, job.updatedAt, ...(job.excludeColumns ?? [])]) if (column !== undefined && !MYSQL_IDENTIFIER.test(column)) fail(`column ${JSON.stringify(column)} is not a MySQL identifier`);
  if (!/^[a-z][a-z0-9_-]{0,127}$/.test(job.name)) fail(`job name ${JSON.stringify(job.name)} must be lower-case letters, digits, _ and -`);
}

export async function runSync(job: SyncJob, source: MysqlSource, warehouse: Warehouse, options: RunOptions): Promise<SyncResult> {
  validateJob(job);
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const stateSchema = job.stateSchema ?? 'sync_meta';
  const targetName = `${job.target.schema}.${job.target.table}`;

  const allColumns = await source.columns(job.table);
  if (allColumns.length === 0) throw new SyncConfigurationError(`MySQL table ${source.database}.${job.table} does not exist`);
  const sourceColumns = includedColumns(job, allColumns);
  const columnNamed = (name: string, role: string, types: Set<string>) => {
    const column = sourceColumns.find((c) => c.name === name);
    if (!column) throw new SyncConfigurationError(`${role} column ${JSON.stringify(name)} is not a column of ${job.table}; columns: ${sourceColumns.map((c) => c.name).join(', ')}`);
    if (!types.has(column.dataType)) throw new SyncConfigurationError(`${role} column ${JSON.stringify(name)} is ${column.columnType}; expected one of ${[...types].join(', ')}`);
    return column;
  };
  const keyColumn = job.mode === 'INCREMENTAL_COPY' ? columnNamed(job.key!, 'key', INTEGER_TYPES) : job.key ? columnNamed(job.key, 'key', new Set(sourceColumns.map((c) => c.dataType))) : undefined;
  const updatedColumn = job.mode === 'UPDATE_LATEST_COPY' ? columnNamed(job.updatedAt!, 'updated-at', TIME_TYPES) : undefined;
  if (job.mode !== 'FULL_COPY') await requireIdentifyingKey(source, job.table, keyColumn!, allColumns);
  const columns = sourceColumns.map(mapColumn);

  if (!(await warehouse.lockJob({ job: job.name, mode: job.mode, stateSchema, runId: options.runId, ttlMs: options.lockTtlMs ?? 30 * 60_000 }))) {
    return { job: job.name, table: job.table, target: targetName, mode: job.mode, status: 'skipped', rowsRead: 0, rowsWritten: 0, seconds: (Date.now() - started) / 1000, truncatedValues: 0, schemaChanges: [] };
  }
  try {
    const schemaChanges = await ensureTargetTable(warehouse, job.target, columns, keyColumn?.name.toLowerCase(), job.mode);
    const previous = (await warehouse.query(readWatermarkSql(stateSchema, job.name)))[0]?.watermark as string | null | undefined;

    let where: { sql: string; values: unknown[] } | undefined;
    if (job.mode === 'INCREMENTAL_COPY' && previous) where = { sql: `${quoteMysqlIdentifier(keyColumn!.name)} > ?`, values: [previous] };
    if (job.mode === 'UPDATE_LATEST_COPY' && previous) {
      where = { sql: `${quoteMysqlIdentifier(updatedColumn!.name)} >= ? - INTERVAL ? MINUTE`, values: [previous, job.overlapMinutes ?? 5] };
    }

    const encoder = createPacketRowEncoder(columns, { dialect: warehouse.dialect, sourceTimezone: job.sourceTimezone ?? 'UTC', oversize: job.oversizeText ?? 'error' });
    const watermarkIndex = job.mode === 'INCREMENTAL_COPY' ? sourceColumns.indexOf(keyColumn!) : job.mode === 'UPDATE_LATEST_COPY' ? sourceColumns.indexOf(updatedColumn!) : -1;
    const identifyingIndex = sourceColumns.findIndex((c) => c === keyColumn || (!keyColumn && c.primaryKey));
    const integerWatermark = job.mode === 'INCREMENTAL_COPY';
    let rowsRead = 0;
    let newestBytes: Buffer | undefined;
    const chunkBytes = options.chunkBytes ?? 256 * 1024;

    // Names the row last read in an error, so the value can be found and fixed in MySQL.
    const rowAt = () => (identifyingIndex >= 0 ? `${sourceColumns[identifyingIndex].name} = ${encoder.field(identifyingIndex)}` : `row ${rowsRead}`);
    const csv = source.csvStream(
      job.table,
      sourceColumns,
      where,
      (packet, start, end, out) => {
        rowsRead++;
        const lineStart = out.length;
        try {
          encoder.encode(packet, start, end, out);
        } catch (error) {
          throw new SyncValueError(`${(error as Error).message} (${job.table} where ${rowAt()})`);
        }
        // Under either oversizeText policy: which values to cut is not the sync's to choose, and binary is never cut.
        const rowBytes = out.length - lineStart - 1;
        if (rowBytes > COPY_MAX_ROW_BYTES) throw new SyncValueError(`${rowTooLong(rowBytes, columns, encoder)} (${job.table} where ${rowAt()})`);
        if (watermarkIndex >= 0 && encoder.fieldAbove(watermarkIndex, newestBytes, integerWatermark)) newestBytes = encoder.fieldBytes(watermarkIndex)!;
      },
      chunkBytes,
    );

    // Read once all rows are (in `after`, inside the load, and for the result).
    const newest = () => newestBytes?.toString('utf8');
    const targetIsNew = schemaChanges.some((c) => c.startsWith('created'));
    const plan = loadPlan({ mode: job.mode, target: job.target, columns: columns.map((c) => c.name), key: keyColumn?.name.toLowerCase(), stateSchema, job: job.name, targetIsNew });
    await warehouse.load({
      before: plan.before,
      into: { table: plan.into, columns: columns.map((c) => c.name) },
      data: csv,
      after: () => plan.after({ watermark: newest(), rows: rowsRead, now: now() }),
    });

    if (targetIsNew) await warehouse.analyze(job.target.schema, job.target.table);
    const newestRead = newest();
    const lagSeconds = job.mode === 'UPDATE_LATEST_COPY' && newestRead ? secondsSince(newestRead, updatedColumn!.dataType, job.sourceTimezone ?? 'UTC', now()) : undefined;
    return {
      job: job.name,
      table: job.table,
      target: targetName,
      mode: job.mode,
      status: 'ok',
      rowsRead,
      rowsWritten: rowsRead,
      seconds: Math.round(Date.now() - started) / 1000,
      watermark: job.mode === 'FULL_COPY' ? undefined : newestRead ?? previous ?? undefined,
      lagSeconds,
      truncatedValues: encoder.truncated,
      schemaChanges,
    };
  } finally {
    await warehouse.unlockJob({ job: job.name, mode: job.mode, stateSchema, runId: options.runId, ttlMs: 0 }).catch(() => undefined);
  }
}

/** The table's columns without the job's excludeColumns, each of which must name a column other than the key. */
function includedColumns(job: SyncJob, columns: readonly SourceColumn[]): SourceColumn[] {
  const excluded = new Set(job.excludeColumns ?? []);
  for (const name of excluded) {
    if (!columns.some((c) => c.name === name)) {
      throw new SyncConfigurationError(`excludeColumns names ${JSON.stringify(name)}, which is not a column of ${job.table}; columns: ${columns.map((c) => c.name).join(', ')}`);
    }
    if (name === job.key || name === job.updatedAt) throw new SyncConfigurationError(`excludeColumns names ${JSON.stringify(name)}, the job's ${name === job.key ? 'key' : 'updated-at'} column, which the sync needs`);
  }
  const included = columns.filter((c) => !excluded.has(c.name));
  if (included.length === 0) throw new SyncConfigurationError(`excludeColumns leaves no column of ${job.table} to copy`);
  return included;
}

/**
 * The incremental modes replace target rows by key: a key that does not single out one row (one column of a
 * composite primary key, a plain index, a nullable UNIQUE column) would make a merge delete rows it never read.
 * A single-column primary key is known from the column list; anything else is checked against the indexes.
 */
async function requireIdentifyingKey(source: MysqlSource, table: string, key: SourceColumn, columns: readonly SourceColumn[]): Promise<void> {
  const primaryKey = columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (primaryKey.length === 1 && primaryKey[0] === key.name) return;
  const uniqueAlone = (await source.uniqueIndexes(table)).some((index) => index.length === 1 && index[0] === key.name);
  if (uniqueAlone && !key.nullable) return;
  const why = uniqueAlone ? 'it is UNIQUE but nullable' : primaryKey.includes(key.name) ? `it is one column of the primary key (${primaryKey.join(', ')})` : 'it is neither the primary key nor UNIQUE';
  throw new SyncConfigurationError(
    `key column ${JSON.stringify(key.name)} does not identify one row of ${table} (${why}): the incremental modes replace rows by key, so the key must be ` +
      'a single-column primary key or a NOT NULL column with a UNIQUE index of its own; copy this table with FULL_COPY otherwise',
  );
}

/** Creates the target table, or adds the columns MySQL gained and widens VARCHARs it widened. */
async function ensureTargetTable(warehouse: Warehouse, target: TableRef, columns: readonly TargetColumn[], key: string | undefined, mode: SyncMode): Promise<string[]> {
  const existing = await warehouse.describeTable(target.schema, target.table);
  if (!existing) {
    await createIfMissing((sql) => warehouse.execute(sql), createTargetSql(target, columns, key, warehouse.dialect, mode));
    return [`created ${target.schema}.${target.table}`];
  }
  const changes: string[] = [];
  const byName = new Map<string, WarehouseColumn>(existing.map((c) => [c.name.toLowerCase(), c]));
  for (const column of columns) {
    const current = byName.get(column.name);
    if (!current) {
      await warehouse.execute(addColumnSql(target, column, warehouse.dialect));
      changes.push(`added column ${column.name} ${column.redshiftType}`);
      continue;
    }
    const wanted = /^VARCHAR\((\d+)\)$/.exec(column.redshiftType);
    if (wanted && /VARCHAR|CHARACTER VARYING/.test(current.type) && current.length !== undefined && current.length < Number(wanted[1])) {
      try {
        await warehouse.execute(widenVarcharSql(target, column));
      } catch (error) {
        throw widenRefused(target, column, error as Error);
      }
      changes.push(`widened ${column.name} to ${column.redshiftType}`);
    }
  }
  return changes;
}

/** Why a row cannot be loaded: its size and its largest values, as MySQL holds them and as the load file does. */
function rowTooLong(rowBytes: number, columns: readonly TargetColumn[], encoder: PacketRowEncoder): string {
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

/**
 * Tables this sync creates declare no constraint, so Redshift widens their VARCHARs; one created otherwise may
 * carry what ALTER COLUMN ... TYPE refuses (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html).
 */
function widenRefused(target: TableRef, column: TargetColumn, error: Error): SyncConfigurationError {
  return new SyncConfigurationError(
    `cannot widen column ${JSON.stringify(column.name)} of ${target.schema}.${target.table} to ${column.redshiftType} (${error.message}): ` +
      'Redshift widens a VARCHAR only without a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint, a default, or BYTEDICT, RUNLENGTH, TEXT255 or TEXT32K encoding on it. ' +
      `Find the constraint with SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = '${target.schema}' AND table_name = '${target.table}', ` +
      `drop it with ALTER TABLE ${quoteWarehouseTable(target.schema, target.table)} DROP CONSTRAINT name (Redshift does not enforce it), and run the job again`,
  );
}

function secondsSince(value: string, dataType: string, zone: string, now: Date): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!match || value.startsWith('0000')) return undefined;
  const minuteStart = dataType === 'timestamp' || zone === 'UTC'
    ? Date.parse(`${match[1]}T${match[2]}:${match[3]}:00Z`)
    : zonedInstant(match[1], { hour: Number(match[2]), minute: Number(match[3]) }, zone).getTime();
  return Math.max(0, Math.round((now.getTime() - minuteStart) / 1000 - Number(match[4])));
}

/**
 * One sync run: MySQL table → warehouse table, in FULL_COPY, INCREMENTAL_COPY or UPDATE_LATEST_COPY mode.
 * The rows and the watermark they advance commit in one warehouse transaction, so a run that dies anywhere is
 * simply run again. The same engine serves the Lambda and the CLI.
 */
import { Readable } from 'node:stream';
import { quoteWarehouseTable } from '../core/sql-identifiers';
import { zonedInstant } from '../core/zoned-time';
import { readWatermarkSql } from '../warehouse/job-state';
import { planChanges, planTable, SchemaChangeError, type TablePlan } from '../warehouse/planner';
import type { Warehouse, WarehouseColumn } from '../warehouse/warehouse';
import {
  fullCopyKey,
  isIntegerColumn,
  isPrimaryKeyAlone,
  jobColumns,
  keyProblem,
  SyncConfigurationError,
  targetTable,
  validateJob,
  type SyncJob,
} from './core/job';
import type { SourceColumn, TargetColumn } from './core/mysql-types';
import {
  anotherChunkFits,
  caughtUp,
  DEFAULT_CHUNK_ROWS,
  incrementalChunk,
  keyRangeWhere,
  splitKeyRange,
  updateLatestBoundary,
  updateLatestChunk,
  type UpdateLatestStart,
} from './core/chunks';
import {
  fullCopyStage,
  fullCopySwap,
  loadPlan,
  stagedFullCopyPlan,
  swapFactsSql,
  type FullCopySwap,
  type LoadPlan,
  type SyncMode,
  type TableRef,
} from './core/sql';
import type { MysqlSource } from './adapters/mysql-source';
import { encodedRows, jobEncoder, newestOf, type Where } from './rows';
import { PROGRESS_EVERY_ROWS, type Progress } from './core/progress';

export { SyncConfigurationError, SyncValueError, validateJob, type SyncJob } from './core/job';

export interface SyncResult {
  readonly job: string;
  readonly table: string;
  readonly target: string;
  readonly mode: SyncMode;
  readonly status: 'ok' | 'skipped';
  /** Caught up: false when the deadline stopped the run with rows left, which the next run copies. */
  readonly done: boolean;
  readonly rowsWritten: number;
  readonly seconds: number;
  readonly watermark?: string;
  /** Age of the newest row read (UPDATE_LATEST_COPY). */
  readonly lagSeconds?: number;
  /** FULL_COPY: MySQL's estimate of the table's rows. */
  readonly estimatedRows?: number;
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
  /** INCREMENTAL_COPY: rows per committed chunk. @default DEFAULT_CHUNK_ROWS */
  readonly chunkRows?: number;
  /** Start no chunk that would not end before this (by the slowest chunk so far); rows left wait for the next run. */
  readonly deadline?: Date;
  /** Told how far the run has got, every PROGRESS_EVERY_ROWS rows and after each chunk. */
  readonly onProgress?: (progress: Progress) => void;
  /**
   * MySQL connections reading a FULL_COPY or an INCREMENTAL_COPY chunk side by side, each a range of an integer key
   * (splitKeyRange); their rows go to the warehouse in one load. Other jobs read with one. @default 1
   */
  readonly workers?: number;
  /**
   * FULL_COPY: the rows were extracted already, by fanned-out extracts (fan-out.ts), as these load files in the
   * warehouse's staging bucket: the run loads them instead of reading MySQL (Redshift only).
   */
  readonly extracted?: { readonly keys: readonly string[]; readonly rows: number };
}

export async function runSync(job: SyncJob, source: MysqlSource, warehouse: Warehouse, options: RunOptions): Promise<SyncResult> {
  validateJob(job);
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const stateSchema = job.stateSchema ?? 'sync_meta';
  const targetName = `${job.target.schema}.${job.target.table}`;

  const allColumns = await source.columns(job.table);
  const { source: sourceColumns, target: columns, key: keyColumn, updatedAt: updatedColumn } = jobColumns(job, allColumns, source.database);
  if (job.mode !== 'FULL_COPY') {
    const indexes = isPrimaryKeyAlone(keyColumn!, allColumns) ? [] : await source.uniqueIndexes(job.table);
    const problem = keyProblem(job.table, keyColumn!, allColumns, indexes);
    if (problem) throw new SyncConfigurationError(problem);
  }

  if (!(await warehouse.lockJob({ job: job.name, mode: job.mode, stateSchema, runId: options.runId, ttlMs: options.lockTtlMs ?? 30 * 60_000 }))) {
    return {
      job: job.name,
      table: job.table,
      target: targetName,
      mode: job.mode,
      status: 'skipped',
      done: false,
      rowsWritten: 0,
      seconds: (Date.now() - started) / 1000,
      truncatedValues: 0,
      schemaChanges: [],
    };
  }
  const readers: Promise<MysqlSource>[] = [Promise.resolve(source)];
  try {
    const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    const stagedKey = job.mode === 'FULL_COPY' && !options.extracted ? fullCopyKey(allColumns, sourceColumns) : undefined;
    const stage = fullCopyStage(job.target);
    const [described, stagingExists] = stagedKey
      ? await Promise.all([warehouse.describeTable(job.target.schema, job.target.table), warehouse.describeTable(stage.schema, stage.table)])
      : [undefined, undefined];
    // A first FULL_COPY staged over runs builds its staging table in the target's stead and renames it to the
    // target at the end: nothing can be attached to a table that is not there yet, so nothing is lost, and every row
    // is written once. Until then readers find no target, as before the job first ran.
    const intoPlace =
      stagedKey !== undefined &&
      described === undefined &&
      (stagingExists !== undefined ||
        (options.deadline !== undefined && (await source.nthValue(job.table, stagedKey.name, { sql: '', values: [] }, chunkRows)) !== undefined));
    let { changes: schemaChanges, created: targetIsNew } = await ensureTargetTable(
      warehouse,
      job,
      columns,
      keyColumn,
      intoPlace ? stage : job.target,
      intoPlace ? undefined : described,
    );
    if (intoPlace && !targetIsNew && schemaChanges.length > 0) {
      // The parts staged so far have the old columns: start the staged copy again with the new ones.
      await warehouse.execute(`DROP TABLE ${quoteWarehouseTable(stage.schema, stage.table)}`);
      targetIsNew = (await ensureTargetTable(warehouse, job, columns, keyColumn, stage)).created;
    }
    const previous = (await warehouse.query(readWatermarkSql(stateSchema, job.name)))[0]?.watermark as string | null | undefined;

    const newEncoder = () => jobEncoder(job, columns, warehouse.dialect);
    // One encoder and one MySQL connection per worker (the first of each is the run's own).
    const encoders = [newEncoder()];
    const readerAt = (index: number) => {
      // Kept as a promise at once: workers starting together share one connection each.
      if (!readers[index]) readers[index] = source.fork();
      return readers[index];
    };
    const workers = Math.max(1, Math.trunc(options.workers ?? 1));
    const watermarkIndex =
      job.mode === 'INCREMENTAL_COPY' ? sourceColumns.indexOf(keyColumn!) : job.mode === 'UPDATE_LATEST_COPY' ? sourceColumns.indexOf(updatedColumn!) : -1;
    const identifyingIndex = sourceColumns.findIndex((c) => c === keyColumn || (!keyColumn && c.primaryKey));
    const chunkBytes = options.chunkBytes ?? 256 * 1024;
    let rowsWritten = 0;
    // MySQL's estimate of a FULL_COPY's rows: the time left, in the CLI's progress and in a deployed execution's.
    const totalRows = job.mode === 'FULL_COPY' ? await source.estimatedRows(job.table) : undefined;
    const report = (rows: number) => options.onProgress?.({ rows, seconds: (Date.now() - started) / 1000, totalRows });

    /**
     * Reads the rows `where` selects (none for null; several wheres: side by side, one worker each) and loads them
     * by `plan` in one transaction with the newest value of column `watermarkAt` they hold.
     */
    const copy = async (where: Where | undefined | readonly Where[] | null, plan: LoadPlan, keepLock: boolean, watermarkAt = watermarkIndex) => {
      const integer = watermarkAt >= 0 && isIntegerColumn(sourceColumns[watermarkAt]);
      const wheres: readonly (Where | undefined)[] = where === null ? [] : Array.isArray(where) ? where : [where as Where | undefined];
      const spec = { table: job.table, sourceColumns, columns, watermarkAt, identifyingAt: identifyingIndex, chunkBytes };
      let progressRows = 0;
      const reads = await Promise.all(
        wheres.map(async (w, worker) => {
          if (!encoders[worker]) encoders[worker] = newEncoder();
          return encodedRows(await readerAt(worker), encoders[worker], spec, w, () => {
            if (options.onProgress && ++progressRows % PROGRESS_EVERY_ROWS === 0) report(rowsWritten + rowsOf());
          });
        }),
      );
      const rowsOf = () => reads.reduce((sum, read) => sum + read.rows(), 0);
      const streams = reads.map((read) => read.csv);
      const newestRead = () =>
        newestOf(
          reads.map((read) => read.newest()),
          integer,
        );
      await warehouse.load({
        before: plan.before,
        into: { table: plan.into, columns: columns.map((c) => c.name), stage: plan.intoStage },
        data: streams.length === 0 ? Readable.from([]) : streams.length === 1 ? streams[0] : streams,
        // Read once all rows are: inside the load, and for the result. rows_last_run counts the run's rows so far.
        after: () => plan.after({ watermark: newestRead(), rows: rowsWritten + rowsOf(), now: now() }),
        keepLock,
      });
      report(rowsWritten + rowsOf());
      return { rows: rowsOf(), newest: newestRead() };
    };
    /**
     * The key ranges, one per worker, of the rows above `after` (none: all rows), up to the `rows`-th of them when
     * given; empty when there are none. `last`: no row lies above the ranges.
     */
    const workerRanges = async (key: SourceColumn, after: string | undefined, rows?: number): Promise<{ wheres: Where[]; last: boolean }> => {
      const above = incrementalChunk(key.name, after, 0);
      const bounds = await source.valueRange(job.table, key.name, above);
      if (!bounds) return { wheres: [], last: true };
      const end = rows === undefined ? undefined : await source.nthValue(job.table, key.name, above, rows - 1);
      const ranges = splitKeyRange({ after, first: bounds.first, upTo: end ?? bounds.last }, workers);
      return { wheres: ranges.map((range) => keyRangeWhere(key.name, range)), last: end === undefined };
    };
    const plan = (targetIsNewNow: boolean) =>
      loadPlan({
        mode: job.mode,
        target: job.target,
        columns: columns.map((c) => c.name),
        key: keyColumn?.name.toLowerCase(),
        stateSchema,
        job: job.name,
        targetIsNew: targetIsNewNow,
      });
    let slowestChunkMs: number | undefined;
    /** Whether work expected to take `estimateMs` (by default the slowest chunk so far) ends before the deadline. */
    const fits = (estimateMs = slowestChunkMs) => anotherChunkFits(now().getTime(), options.deadline?.getTime(), estimateMs);
    /** Runs a chunk, keeping the slowest chunk's time for `fits`; returns what it returns and how long it took. */
    const timed = async <T>(chunk: () => Promise<T>): Promise<{ value: T; ms: number }> => {
      const chunkStarted = Date.now();
      const value = await chunk();
      const ms = Date.now() - chunkStarted;
      slowestChunkMs = Math.max(slowestChunkMs ?? 0, ms);
      return { value, ms };
    };
    /** Runs `chunk` while another fits before the deadline; false when the deadline stopped it first. */
    const chunks = async (chunk: (index: number) => Promise<boolean>): Promise<boolean> => {
      for (let index = 0; ; index++) {
        if (!fits()) return false;
        if ((await timed(() => chunk(index))).value) return true;
      }
    };

    /**
     * FULL_COPY: in one transaction when the run has no deadline, the table fits one chunk, or it has no integer
     * primary key to stage it by; otherwise part by part into a staging table, across runs if need be, the target
     * replaced by the last part. A copy spread over runs is not one snapshot: each part is, and a row changed in a
     * part already staged arrives with the next full copy.
     */
    const fullCopy = async (): Promise<boolean> => {
      const key = stagedKey;
      let staged = intoPlace || stagingExists !== undefined;
      if (staged && !intoPlace && schemaChanges.length > 0) {
        // The parts staged so far have the target's old columns: start the staged copy again with its new ones.
        await warehouse.execute(`DROP TABLE IF EXISTS ${quoteWarehouseTable(stage.schema, stage.table)}`);
        staged = false;
      }
      if (options.extracted) {
        const { keys, rows } = options.extracted;
        const replace = plan(targetIsNew);
        // A copy staged by deadline-bounded runs is superseded by this one: its parts must not be swapped in later.
        const dropStaging = `DROP TABLE IF EXISTS ${quoteWarehouseTable(stage.schema, stage.table)}`;
        await warehouse.load({
          before: [dropStaging, ...replace.before],
          into: { table: replace.into, columns: columns.map((c) => c.name) },
          data: { keys },
          after: () => replace.after({ rows, now: now() }),
        });
        rowsWritten = rows;
        return true;
      }
      const all = { sql: '', values: [] };
      const oneRun = options.deadline === undefined && !staged;
      if (!key || oneRun || (!staged && (await source.nthValue(job.table, key.name, all, chunkRows)) === undefined)) {
        const parallel = key && workers > 1 ? (await workerRanges(key, undefined)).wheres : [];
        rowsWritten = (await copy(parallel.length > 1 ? parallel : undefined, plan(targetIsNew), false)).rows;
        return true;
      }
      const keyAt = sourceColumns.indexOf(key);
      // A staging table made by this run holds no part yet, whatever the job's row says.
      let progress = staged && !(intoPlace && targetIsNew) ? (previous ?? undefined) : undefined;
      const columnNames = columns.map((c) => c.name);
      let stagedRows = 0;
      let stagingMs = 0;
      const stagingRows = async () => Number((await warehouse.query(`SELECT count(*) AS n FROM ${quoteWarehouseTable(stage.schema, stage.table)}`))[0]?.n ?? 0);
      const part = (last: boolean, swap?: FullCopySwap) =>
        stagedFullCopyPlan({ target: job.target, columns: columnNames, stateSchema, job: job.name, last, swap, intoPlace });
      for (let index = 0; ; index++) {
        const from = incrementalChunk(key.name, progress, chunkRows);
        const ranges = workers > 1 ? await workerRanges(key, progress, chunkRows) : undefined;
        const everythingStaged = ranges ? ranges.wheres.length === 0 : (await source.nthValue(job.table, key.name, from, 0)) === undefined;
        // A job that allows the rename gets it when the catalog shows nothing it would lose; a catalog the query cannot
        // read leaves the swap that keeps everything: the copy.
        const swap = !everythingStaged
          ? undefined
          : intoPlace
            ? 'rename'
            : job.fullCopySwap === 'rename'
              ? fullCopySwap(await warehouse.query(swapFactsSql(job.target)).catch(() => []))
              : 'copy';
        // The swap runs on its own once every part is staged: the first thing of a run, or when it fits the deadline
        // (a rename always does). The first part or swap of a run always runs.
        const swapMs = swap === 'rename' ? 0 : swap === 'copy' ? swapEstimateMs(await stagingRows(), stagedRows, stagingMs) : undefined;
        if (index > 0 && !fits(swapMs)) return false;
        if (swap === 'rename') {
          // Something the catalog query does not see may still hold the target (a foreign key to it, a row-level
          // security lookup): DROP fails, the transaction rolls back, and the copy replaces the target instead. A
          // first copy has no target to copy into: its failure is the run's.
          const renamed = copy(null, part(true, 'rename'), false);
          await (intoPlace ? renamed : renamed.catch(() => copy(null, part(true, 'copy'), false)));
          return true;
        }
        if (swap === 'copy') {
          await copy(null, part(true, 'copy'), false);
          return true;
        }
        const read = await timed(() => copy(ranges?.wheres ?? from, part(false), true, keyAt));
        rowsWritten += read.value.rows;
        stagedRows += read.value.rows;
        stagingMs += read.ms;
        if (read.value.newest !== undefined) progress = read.value.newest;
      }
    };

    let newestRead: string | undefined;
    let done = true;
    if (job.mode === 'FULL_COPY') {
      done = await fullCopy();
    } else {
      // Chunk by chunk, each committed with its watermark, until caught up or out of time: INCREMENTAL_COPY in key
      // order, UPDATE_LATEST_COPY in update-time order (a chunk ends after every row of its last update time).
      let watermark = previous ?? undefined;
      done = await chunks(async (index) => {
        let where: Where | Where[];
        // Whether this chunk reads to the end of the table; undefined: when it reads fewer rows than it asked for.
        let last: boolean | undefined;
        if (job.mode === 'INCREMENTAL_COPY' && workers > 1) {
          const ranges = await workerRanges(keyColumn!, watermark, chunkRows);
          if (ranges.wheres.length === 0) return true;
          where = ranges.wheres;
          last = ranges.last;
        } else if (job.mode === 'INCREMENTAL_COPY') {
          where = incrementalChunk(keyColumn!.name, watermark, chunkRows);
        } else {
          const start: UpdateLatestStart = index === 0 ? { kind: 'overlap', watermark, minutes: job.overlapMinutes ?? 5 } : { kind: 'after', time: watermark! };
          const boundary = updateLatestBoundary(updatedColumn!.name, start, chunkRows);
          const end = await source.nthValue(job.table, updatedColumn!.name, boundary.where, boundary.offset);
          where = updateLatestChunk(updatedColumn!.name, start, end);
          last = end === undefined;
        }
        const read = await copy(where, plan(targetIsNew && index === 0), true);
        rowsWritten += read.rows;
        if (read.newest !== undefined) watermark = newestRead = read.newest;
        return read.newest === undefined || (last ?? caughtUp(read.rows, chunkRows));
      });
    }

    // A target staged into place is new once it has its name.
    if (intoPlace ? done : targetIsNew) await warehouse.analyze(job.target.schema, job.target.table);
    const lagSeconds =
      job.mode === 'UPDATE_LATEST_COPY' && newestRead ? secondsSince(newestRead, updatedColumn!.dataType, job.sourceTimezone ?? 'UTC', now()) : undefined;
    return {
      job: job.name,
      table: job.table,
      target: targetName,
      mode: job.mode,
      status: 'ok',
      done,
      rowsWritten,
      seconds: Math.round(Date.now() - started) / 1000,
      watermark: job.mode === 'FULL_COPY' ? undefined : (newestRead ?? previous ?? undefined),
      lagSeconds,
      estimatedRows: totalRows,
      truncatedValues: encoders.reduce((sum, e) => sum + e.truncated, 0),
      schemaChanges,
    };
  } finally {
    await Promise.all(readers.slice(1).map(async (reader) => (await reader.catch(() => undefined))?.close()));
    await warehouse.unlockJob({ job: job.name, mode: job.mode, stateSchema, runId: options.runId, ttlMs: 0 }).catch(() => undefined);
  }
}

/**
 * Creates the target table, adds the columns MySQL gained and lengthens VARCHARs it widened, by the warehouse
 * layer's planner: a column need only hold the source's values, and any other change stops the run with what to do.
 */
async function ensureTargetTable(
  warehouse: Warehouse,
  job: SyncJob,
  columns: readonly TargetColumn[],
  key: SourceColumn | undefined,
  table: TableRef = job.target,
  described?: WarehouseColumn[],
): Promise<{ changes: string[]; created: boolean }> {
  let plan: TablePlan;
  try {
    const existing = described ?? (await warehouse.describeTable(table.schema, table.table));
    plan = planTable(targetTable({ ...job, target: table }, columns, key), existing, warehouse.dialect, { match: 'holds' });
  } catch (error) {
    if (error instanceof SchemaChangeError) throw new SyncConfigurationError(error.message);
    throw error;
  }
  for (const step of plan.steps) {
    try {
      await warehouse.execute(step.sql);
    } catch (error) {
      if (plan.created) {
        // Two first runs creating the same table at once: the loser gets a duplicate-key error from the catalog,
        // and the table is there when it looks again.
        await warehouse.execute(step.sql);
        continue;
      }
      if (step.lengthens !== undefined) throw widenRefused(table, columns.find((c) => c.name === step.lengthens)!, error as Error);
      throw error;
    }
  }
  return { changes: planChanges(plan), created: plan.created };
}

/**
 * How long replacing the target with the staging table (one INSERT ... SELECT of all `rows` staged, by every run)
 * should take: half the time this run took per row to stage its parts, as the PostgreSQL stand-in measures
 * (bench/README.md).
 */
function swapEstimateMs(rows: number, rowsThisRun: number, stagingMs: number): number | undefined {
  return rowsThisRun > 0 ? (rows * stagingMs * 0.5) / rowsThisRun : undefined;
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
  const minuteStart =
    dataType === 'timestamp' || zone === 'UTC'
      ? Date.parse(`${match[1]}T${match[2]}:${match[3]}:00Z`)
      : zonedInstant(match[1], { hour: Number(match[2]), minute: Number(match[3]) }, zone).getTime();
  return Math.max(0, Math.round((now.getTime() - minuteStart) / 1000 - Number(match[4])));
}

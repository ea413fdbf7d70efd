/**
 * A FULL_COPY fanned out across function invocations, driven by the source's state machine (lib/sync/sync-run-loop.ts):
 * `plan` splits the table's integer key into ranges, a Map state runs `extract` on each (at most `workers` at a time),
 * each writing its rows as gzip CSV parts to S3 and, last, a list of them; `load` (runSync with `extracted`) then
 * replaces the target by one COPY of every part through one manifest, in one transaction. An extract run again
 * (a retry) writes the same keys and its list last, so the load never takes a part twice.
 */
import type { Readable } from 'node:stream';
import type { MysqlSource } from './adapters/mysql-source';
import { keyRangeWhere, splitKeyRange, type KeyRange } from './core/chunks';
import { fullCopyKey, jobColumns, SyncConfigurationError, validateJob, type SyncJob } from './core/job';
import { MAX_RANGES } from './core/requests';
import { encodedRows, jobEncoder } from './rows';

/** Rows a range holds at most (by MySQL's estimate), so that one extract fits one function run with room to spare. */
export const RANGE_ROWS = 5_000_000;

export interface FanOutPlan {
  /** Extracts running at a time (the Map state's MaxConcurrency). */
  readonly workers: number;
  /** The Map state's items: each range with its position, and whether it is the last (which takes keys above it). */
  readonly ranges: readonly (KeyRange & { readonly index: number; readonly last: boolean })[];
}

/** What a finished extract leaves beside its parts, and what the load reads. */
export interface ExtractedRange {
  readonly rows: number;
  readonly parts: readonly string[];
}

/** The job's columns and the integer primary key its ranges split; throws when the table has no such key. */
async function splitColumns(job: SyncJob, source: MysqlSource) {
  validateJob(job);
  const all = await source.columns(job.table);
  const columns = jobColumns(job, all, source.database);
  const key = fullCopyKey(all, columns.source);
  if (!key) throw new SyncConfigurationError(`${job.table} has no single integer primary key to split among workers; set the job's workers to 1`);
  return { ...columns, key };
}

/** Splits the table's key range: at least one range per worker, and enough that none holds over `rangeRows` rows. */
export async function planFanOut(job: SyncJob, source: MysqlSource, rangeRows = RANGE_ROWS): Promise<FanOutPlan> {
  if (job.mode !== 'FULL_COPY') throw new SyncConfigurationError(`only a FULL_COPY fans out across invocations; ${job.name} is ${job.mode}`);
  const { key } = await splitColumns(job, source);
  const workers = job.workers ?? 1;
  const bounds = await source.valueRange(job.table, key.name, { sql: '', values: [] });
  if (!bounds) return { workers, ranges: [] };
  const estimate = (await source.estimatedRows(job.table)) ?? 0;
  const count = Math.min(MAX_RANGES, Math.max(workers, Math.ceil(estimate / rangeRows)));
  const ranges = splitKeyRange({ first: bounds.first, upTo: bounds.last }, count);
  return { workers, ranges: ranges.map((range, index) => ({ ...range, index, last: index === ranges.length - 1 })) };
}

/**
 * Reads the rows of one range and hands their CSV to `write` (which stages it as parts and returns their keys).
 * The first range also takes keys below the first planned one, the last keys above the last: rows inserted since the
 * plan are copied as by a run that started then.
 */
export async function extractRange(
  job: SyncJob,
  source: MysqlSource,
  range: KeyRange & { readonly last: boolean },
  write: (csv: Readable) => Promise<readonly string[]>,
): Promise<ExtractedRange> {
  const { source: sourceColumns, target: columns, key } = await splitColumns(job, source);
  const encoder = jobEncoder(job, columns, 'redshift');
  const where = keyRangeWhere(key.name, range.last ? { after: range.after } : range);
  const spec = { table: job.table, sourceColumns, columns, watermarkAt: -1, identifyingAt: sourceColumns.indexOf(key), chunkBytes: 256 * 1024 };
  const rows = encodedRows(source, encoder, spec, where);
  const parts = await write(rows.csv);
  return { rows: rows.rows(), parts };
}

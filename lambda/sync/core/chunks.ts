/**
 * A run in chunks: INCREMENTAL_COPY reads its rows in key order and UPDATE_LATEST_COPY in update-time order, a chunk
 * at a time, and commits each chunk with the watermark it reached, so a run stopped by its deadline (or killed) has
 * kept every chunk before, and the next run continues from there. Pure: the engine reads, loads and asks these.
 */
import { quoteMysqlIdentifier } from '../../core/sql-identifiers';

/** Rows a chunk reads unless the job says otherwise: a few seconds of copying, one COPY per chunk on Redshift. */
export const DEFAULT_CHUNK_ROWS = 500_000;

/** What a chunk of INCREMENTAL_COPY reads: the next `rows` keys above the watermark, in key order. */
export function incrementalChunk(
  key: string,
  watermark: string | null | undefined,
  rows: number,
): { sql: string; values: unknown[]; orderBy: string; limit: number } {
  const column = quoteMysqlIdentifier(key);
  return { sql: watermark ? `${column} > ?` : '', values: watermark ? [watermark] : [], orderBy: column, limit: rows };
}

/**
 * Whether another chunk fits before the deadline: the slowest chunk so far, and half again, must end before it.
 * No deadline: always. The first chunk always runs (a run that cannot copy one chunk makes no progress at all).
 */
export function anotherChunkFits(nowMs: number, deadlineMs: number | undefined, slowestChunkMs: number | undefined): boolean {
  if (deadlineMs === undefined || slowestChunkMs === undefined) return true;
  return nowMs + slowestChunkMs * 1.5 <= deadlineMs;
}

/** A chunk that read fewer rows than it asked for reached the end of the table: the job is caught up. */
export function caughtUp(rowsRead: number, chunkRows: number): boolean {
  return rowsRead < chunkRows;
}

/** Where an UPDATE_LATEST_COPY chunk starts: the run's first re-reads the overlap; later ones start after the last. */
export type UpdateLatestStart =
  | { readonly kind: 'overlap'; readonly watermark: string | null | undefined; readonly minutes: number }
  | { readonly kind: 'after'; readonly time: string };

function lowerBound(column: string, start: UpdateLatestStart): { sql: string; values: unknown[] } {
  if (start.kind === 'after') return { sql: `${column} > ?`, values: [start.time] };
  if (!start.watermark) return { sql: '', values: [] };
  return { sql: `${column} >= ? - INTERVAL ? MINUTE`, values: [start.watermark, start.minutes] };
}

/**
 * The update time the chunk ends at: the `rows`-th from its start, in update-time order. Several rows may share it,
 * so the chunk takes every row up to and including that time (a chunk may hold more than `rows` then, never fewer
 * whole times): no row is left behind at a chunk's edge, whatever its neighbours' stamps.
 */
export function updateLatestBoundary(updatedAt: string, start: UpdateLatestStart, rows: number): { where: { sql: string; values: unknown[] }; offset: number } {
  return { where: lowerBound(quoteMysqlIdentifier(updatedAt), start), offset: rows - 1 };
}

/** The rows of the chunk: from its start up to and including `end` (undefined: the rest of the table, the last chunk). */
export function updateLatestChunk(updatedAt: string, start: UpdateLatestStart, end: string | undefined): { sql: string; values: unknown[] } {
  const column = quoteMysqlIdentifier(updatedAt);
  const lower = lowerBound(column, start);
  const parts = [lower.sql, end === undefined ? '' : `${column} <= ?`].filter((p) => p !== '');
  return { sql: parts.join(' AND '), values: [...lower.values, ...(end === undefined ? [] : [end])] };
}

/**
 * Integer keys above `after` (none: from the first) up to and including `upTo` (none: to the last), as decimal text:
 * BIGINT UNSIGNED fits.
 */
export interface KeyRange {
  readonly after?: string;
  readonly upTo?: string;
}

/**
 * Splits the keys of `range` (above `after`, up to and including `upTo`, the smallest being `first`) into at most
 * `parts` contiguous ranges of equal width from `first`, for workers to read in parallel: together they hold every
 * key of the range once, and the first keeps the range's own lower bound. Auto-increment keys fill such ranges about
 * evenly; a range may hold no row at all, which costs its worker one empty query.
 */
export function splitKeyRange(range: { readonly after?: string; readonly first: string; readonly upTo: string }, parts: number): KeyRange[] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`parts must be a whole number of at least 1, not ${parts}`);
  const first = BigInt(range.first);
  const last = BigInt(range.upTo);
  if (last < first) return [];
  const width = last - first + 1n;
  const count = width < BigInt(parts) ? Number(width) : parts;
  const ranges: KeyRange[] = [];
  let after = first - 1n;
  for (let i = 1; i <= count; i++) {
    const upTo = i === count ? last : first - 1n + (width * BigInt(i)) / BigInt(count);
    ranges.push({ after: i === 1 ? range.after : after.toString(), upTo: upTo.toString() });
    after = upTo;
  }
  return ranges;
}

/** The rows of one key range, its bounds as placeholders. */
export function keyRangeWhere(key: string, range: KeyRange): { sql: string; values: unknown[] } {
  const column = quoteMysqlIdentifier(key);
  const bounds = [
    ...(range.after === undefined ? [] : [{ sql: `${column} > ?`, value: range.after }]),
    ...(range.upTo === undefined ? [] : [{ sql: `${column} <= ?`, value: range.upTo }]),
  ];
  return { sql: bounds.map((b) => b.sql).join(' AND '), values: bounds.map((b) => b.value) };
}

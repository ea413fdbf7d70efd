/**
 * A run in chunks: INCREMENTAL_COPY reads its rows in key order, a chunk at a time, and commits each chunk with the
 * watermark it reached, so a run stopped by its deadline (or killed) has kept every chunk before, and the next run
 * continues from there. Pure: the engine reads, loads and asks these when to stop.
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

/**
 * How far a run has got, as one line for an operator's terminal: rows so far, the rate, and when the table's size is
 * known (MySQL's estimate of it), the time left. Pure: the CLI decides when to print it.
 */

export interface Progress {
  /** Rows copied by this run so far. */
  readonly rows: number;
  readonly seconds: number;
  /** Rows this run should copy in all, when known (an estimate). */
  readonly totalRows?: number;
}

/** Rows a run copies between two reports of its progress. */
export const PROGRESS_EVERY_ROWS = 100_000;

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatProgress(progress: Progress): string {
  const rate = progress.seconds > 0 ? progress.rows / progress.seconds : undefined;
  const parts = [`${count(progress.rows)} rows`];
  if (progress.totalRows !== undefined && progress.totalRows > 0) parts[0] += ` of about ${count(progress.totalRows)}`;
  if (rate !== undefined) parts.push(`${count(rate)} rows/s`);
  if (rate !== undefined && rate > 0 && progress.totalRows !== undefined && progress.totalRows > progress.rows) {
    parts.push(`about ${duration((progress.totalRows - progress.rows) / rate)} left`);
  }
  return parts.join(', ');
}

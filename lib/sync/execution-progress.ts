/**
 * How far a deployed sync execution has got, read from its Step Functions history (the outputs of the function's
 * invocations): the runs so far and the rows they wrote (with MySQL's estimate of a FULL_COPY's rows), or for a
 * fanned-out FULL_COPY the ranges extracted of those planned, their rows, and from them an estimate of the table's
 * rows. Pure; free of CDK, for the operators' CLI.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export interface ExecutionProgress {
  /** Rows written by the runs so far, or extracted by the ranges so far. */
  readonly rows: number;
  readonly runs: number;
  /** A fanned-out copy: ranges extracted and planned. */
  readonly ranges?: { readonly done: number; readonly planned: number };
  /** The rows the execution should copy in all: for a fan-out estimated from the ranges extracted so far, for a FULL_COPY's runs MySQL's estimate. */
  readonly totalRows?: number;
}

/** The function's outputs in the history, in order. */
function outputs(events: readonly HistoryEvent[]): Record<string, unknown>[] {
  const texts = events.map((e) => e.lambdaFunctionSucceededEventDetails?.output ?? e.taskSucceededEventDetails?.output);
  return texts.flatMap((text) => {
    if (!text) return [];
    try {
      const value = JSON.parse(text) as unknown;
      return value && typeof value === 'object' ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

export function executionProgress(events: readonly HistoryEvent[]): ExecutionProgress {
  let rows = 0;
  let runs = 0;
  let planned: number | undefined;
  let estimatedRows: number | undefined;
  let extracted = 0;
  let extractedRows = 0;
  for (const output of outputs(events)) {
    if (Array.isArray(output.ranges)) planned = output.ranges.length;
    else if (typeof output.rows === 'number' && Array.isArray(output.parts)) {
      extracted++;
      extractedRows += output.rows;
    } else if (typeof output.rowsWritten === 'number') {
      runs++;
      rows += output.rowsWritten;
      if (typeof output.estimatedRows === 'number') estimatedRows = output.estimatedRows;
    }
  }
  if (planned === undefined) return estimatedRows === undefined ? { rows, runs } : { rows, runs, totalRows: estimatedRows };
  // The load's rows are the extracts' rows again: the fan-out counts what its ranges extracted.
  const totalRows = extracted > 0 && planned > 0 ? Math.round((extractedRows / extracted) * planned) : undefined;
  return { rows: extractedRows, runs, ranges: { done: extracted, planned }, totalRows };
}

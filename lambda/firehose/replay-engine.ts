/**
 * The local replay of a stream: JSON lines → the stream's table in PostgreSQL, converted as the stream's COPY
 * would load them into Redshift according to its documentation (core/replay.ts; the README lists where the replay
 * differs), with the table created or evolved by the same planning the deployment uses. Like COPY, it loads
 * nothing when MAXERROR or more lines are rejected (any, with the default 0; none with IGNOREALLERRORS) or a line
 * fails the COPY as a whole, unless asked to load the valid lines anyway.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { quoteWarehouseTable } from '../core/sql-identifiers';
import type { PostgresWarehouse } from '../warehouse/postgres';
import { parseCopyOptions, type StreamSpec } from './core/copy';
import { createLineConverter } from './core/replay';
import { applyPlans } from '../warehouse/planner';
import { planStreamTables } from './schema-deployment';

export interface ReplayOptions {
  /** Load the accepted lines even when COPY would fail on the rejected ones. @default false */
  readonly loadValid?: boolean;
}

export interface Rejection {
  readonly line: number;
  readonly reason: string;
}

export interface ReplaySummary {
  readonly stream: string;
  readonly table: string;
  readonly lines: number;
  readonly loaded: number;
  readonly rejected: number;
  /** Redshift's COPY would have failed as a whole (MAXERROR reached, or a line that fails any COPY). */
  readonly copyWouldFail: boolean;
  /** Why it would have failed. */
  readonly failure?: string;
  readonly schemaChanges: readonly string[];
}

/** Lines of a file as bytes, split on \n (a trailing \r is dropped), so invalid UTF-8 reaches the converter intact. */
export async function* fileLines(path: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path)) {
    let data: Buffer = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a)) {
      const line = data.subarray(0, newline);
      yield line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
      data = data.subarray(newline + 1);
    }
    rest = Buffer.from(data);
  }
  if (rest.length > 0) yield rest;
}

const csvValue = (value: string | null) => (value === null ? '\\N' : `"${value.replace(/"/g, '""')}"`);

/** Thrown from the load transaction to roll it back when COPY would have failed. */
class CopyWouldFail extends Error {}

export async function replayLines(
  stream: StreamSpec,
  lines: AsyncIterable<Buffer>,
  warehouse: PostgresWarehouse,
  onRejected: (rejection: Rejection) => void,
  options: ReplayOptions = {},
): Promise<ReplaySummary> {
  const copyOptions = parseCopyOptions(stream.copyOptions);
  const converter = createLineConverter(stream.columns, copyOptions);
  const schemaChanges = await applyPlans(warehouse, await planStreamTables(warehouse, [stream], 'postgres'));
  let count = 0;
  let loaded = 0;
  let rejected = 0;
  let failsAnyCopy = false;
  // "If the load returns the error_count number of errors or greater, the load fails."
  // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html#copy-maxerror
  const copyFails = () => failsAnyCopy || (!copyOptions.ignoreAllErrors && rejected >= Math.max(1, copyOptions.maxError));
  async function* csvRows(): AsyncGenerator<string> {
    for await (const line of lines) {
      count++;
      if (line.toString('latin1').trim() === '') continue; // a blank line carries no record
      const result = converter.convert(line);
      if ('rejected' in result) {
        rejected++;
        if (result.failsCopy) failsAnyCopy = true;
        onRejected({ line: count, reason: result.rejected });
      } else {
        loaded++;
        yield `${result.values.map(csvValue).join(',')}\n`;
      }
    }
  }
  // Rows stream into the table inside one transaction, which is rolled back if COPY would have failed as a whole.
  let rolledBack = false;
  try {
    await warehouse.load({
      before: [],
      into: { table: quoteWarehouseTable(stream.schema, stream.table), columns: stream.columns.map((c) => c.name) },
      data: Readable.from(csvRows()),
      after: () => {
        if (copyFails() && options.loadValid !== true) throw new CopyWouldFail();
        return [];
      },
    });
  } catch (error) {
    if (!(error instanceof CopyWouldFail)) throw error;
    rolledBack = true;
  }
  return {
    stream: stream.name,
    table: `${stream.schema}.${stream.table}`,
    lines: count,
    loaded: rolledBack ? 0 : loaded,
    rejected,
    copyWouldFail: copyFails(),
    failure: !copyFails()
      ? undefined
      : failsAnyCopy
        ? 'a JSONPath failed on a line, which fails the whole COPY whatever MAXERROR'
        : `${rejected} line(s) rejected, and MAXERROR ${copyOptions.maxError} fails the load at ${Math.max(1, copyOptions.maxError)}`,
    schemaChanges,
  };
}

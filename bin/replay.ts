#!/usr/bin/env node
/**
 * `npm run --silent replay -- --stream NAME --file SAMPLE.jsonl --target postgres://USER@HOST:PORT/DB
 *   [--env NAME | --config FILE] [--load-valid]`: loads JSON lines into the stream's table in PostgreSQL as the
 * stream's COPY would load them into Redshift (by the Developer Guide; the README lists where it differs), and
 * reports each rejected line with its reason.
 * Prints a one-line JSON summary; exit 0 when COPY would have succeeded, 1 when it would have failed.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileLines, type Rejection, replayLines } from '../lambda/firehose/replay-engine';
import { PostgresWarehouse } from '../lambda/warehouse/postgres';
import { type Print, runAsProgram, runCli, stdout } from '../lib/cli/command';
import { formatCountProgress, statusAndPrinters, type StatusLine } from '../lib/cli/progress';
import { streamForCli, streamSpec } from '../lib/firehose/streams';

const USAGE = `usage: npm run --silent replay -- --stream NAME --file SAMPLE.jsonl --target postgres://USER@HOST:PORT/DB [--env NAME | --config FILE] [--load-valid]
Loads the lines as the stream's COPY would; each rejected line is reported on stderr, and on a terminal how far the
file has got (lines, lines/s, time left). --load-valid loads the valid lines even when COPY would fail.`;

export interface ReplayCliOptions {
  /** The status line that shows how far the file has got. @default one on stderr when it is a terminal and `err` is stderr */
  readonly status?: StatusLine;
}

export function main(argv: string[], out: Print = stdout, err?: Print, options: ReplayCliOptions = {}): Promise<number> {
  // On a terminal, the lines about rejected lines print above the status line.
  const { status, print, err: printError } = statusAndPrinters(options.status, err);
  return runCli({
    usage: USAGE,
    argv,
    out,
    err: printError,
    parse: () => {
      const { values } = parseArgs({
        args: argv,
        options: {
          stream: { type: 'string' },
          file: { type: 'string' },
          target: { type: 'string' },
          env: { type: 'string' },
          config: { type: 'string' },
          'load-valid': { type: 'boolean' },
        },
      });
      for (const name of ['stream', 'file', 'target'] as const) if (!values[name]) throw new Error(`--${name} is required`);
      if (!/^postgres(ql)?:\/\//.test(values.target!)) throw new Error('--target must be a postgres:// URL');
      return { ...values, stream: values.stream!, file: values.file!, target: values.target! };
    },
    run: async (values) => {
      const stream = streamSpec(streamForCli(values).stream);
      if (!existsSync(values.file)) throw new Error(`no file ${values.file}`);
      const warehouse = await PostgresWarehouse.connect(values.target);
      try {
        let rejected = 0;
        const lines = status ? countedLines(fileLines(values.file), statSync(values.file).size, () => rejected, status) : fileLines(values.file);
        const onRejected = (r: Rejection) => {
          rejected++;
          print(`line ${r.line}: ${r.reason}`);
        };
        const summary = await replayLines(stream, lines, warehouse, onRejected, { loadValid: values['load-valid'] });
        status?.end();
        if (summary.copyWouldFail) {
          print(
            `Redshift's COPY would fail: ${summary.failure}; ${summary.loaded > 0 ? 'loaded the valid lines anyway (--load-valid)' : 'nothing loaded (--load-valid loads the valid lines)'}`,
          );
        }
        out(JSON.stringify(summary));
        return summary.copyWouldFail ? 1 : 0;
      } finally {
        await warehouse.close();
      }
    },
  });
}

/**
 * The file's lines, passed on as they are, telling the status line how far they have got every `every` lines and
 * at the end: lines read of the lines the file holds (estimated from the bytes read until the last), the rate, the
 * time left. Not every line: formatting the numbers costs more than a line's conversion.
 */
export async function* countedLines(
  lines: AsyncIterable<Buffer>,
  fileBytes: number,
  rejected: () => number,
  status: StatusLine,
  options: { readonly every?: number; readonly now?: () => number } = {},
): AsyncGenerator<Buffer> {
  const now = options.now ?? Date.now;
  const every = options.every ?? 1000;
  const started = now();
  let count = 0;
  let bytes = 0;
  const report = () => {
    const estimated = bytes < fileBytes;
    status.update(
      formatCountProgress({
        done: count,
        total: estimated ? Math.round((count * fileBytes) / bytes) : count,
        estimated,
        unit: 'lines',
        note: rejected() > 0 ? `${rejected().toLocaleString('en-US')} rejected` : undefined,
        seconds: (now() - started) / 1000,
      }),
    );
  };
  for await (const line of lines) {
    count++;
    bytes += line.length + 1;
    if (count % every === 0) report();
    yield line;
  }
  if (count % every !== 0) report();
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));

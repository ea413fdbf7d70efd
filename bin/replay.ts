#!/usr/bin/env node
/**
 * `npm run --silent replay -- --stream NAME --file SAMPLE.jsonl --target postgres://USER@HOST:PORT/DB
 *   [--env NAME | --config FILE] [--load-valid]`: loads JSON lines into the stream's table in PostgreSQL as the
 * stream's COPY would load them into Redshift (by the Developer Guide; the README lists where it differs), and
 * reports each rejected line with its reason.
 * Prints a one-line JSON summary; exit 0 when COPY would have succeeded, 1 when it would have failed.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileLines, replayLines } from '../lambda/firehose/replay-engine';
import { PostgresWarehouse } from '../lambda/warehouse/postgres';
import { runCommand, stderr, stdout, type Print } from '../lib/cli/command';
import { streamForCli, streamSpec } from '../lib/firehose/streams';

const USAGE =
  'usage: npm run --silent replay -- --stream NAME --file SAMPLE.jsonl --target postgres://USER@HOST:PORT/DB [--env NAME | --config FILE] [--load-valid]';

export function main(argv: string[], out: Print = stdout, err: Print = stderr): Promise<number> {
  return runCommand(
    USAGE,
    err,
    () => {
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
    async (values) => {
      const stream = streamSpec(streamForCli(values).stream);
      if (!existsSync(values.file)) throw new Error(`no file ${values.file}`);
      const warehouse = await PostgresWarehouse.connect(values.target);
      try {
        const summary = await replayLines(stream, fileLines(values.file), warehouse, (r) => err(`line ${r.line}: ${r.reason}`), {
          loadValid: values['load-valid'],
        });
        if (summary.copyWouldFail) {
          err(
            `Redshift's COPY would fail: ${summary.failure}; ${summary.loaded > 0 ? 'loaded the valid lines anyway (--load-valid)' : 'nothing loaded (--load-valid loads the valid lines)'}`,
          );
        }
        out(JSON.stringify(summary));
        return summary.copyWouldFail ? 1 : 0;
      } finally {
        await warehouse.close();
      }
    },
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

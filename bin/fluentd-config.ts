#!/usr/bin/env node
/**
 * `npm run --silent fluentd-config -- --stream NAME [--env NAME | --config FILE] [--state-dir DIR]
 *   [--flush-interval 1s]`: prints the Fluentd configuration that ships the stream's log file to its delivery stream.
 */
import { parseArgs } from 'node:util';
import { fluentdConfig } from '../lambda/firehose/core/fluentd';
import { type Print, runAsProgram, runCli, stderr, stdout } from '../lib/cli/command';
import { defaultLogFile, deliveryStreamName, streamForCli } from '../lib/firehose/streams';

const USAGE = 'usage: npm run --silent fluentd-config -- --stream NAME [--env NAME | --config FILE] [--state-dir DIR] [--flush-interval 1s]';

export function main(argv: string[], out: Print = stdout, err: Print = stderr): Promise<number> {
  return runCli({
    usage: USAGE,
    argv,
    out,
    err,
    parse: () => {
      const { values } = parseArgs({
        args: argv,
        options: {
          stream: { type: 'string' },
          env: { type: 'string' },
          config: { type: 'string' },
          'state-dir': { type: 'string' },
          'flush-interval': { type: 'string' },
        },
      });
      if (!values.stream) throw new Error('--stream is required');
      return { ...values, stream: values.stream };
    },
    run: (values) => {
      const { config, stream } = streamForCli(values);
      const text = fluentdConfig({
        name: stream.name,
        deliveryStreamName: deliveryStreamName(config.name, stream.name),
        region: config.region,
        logFile: stream.logFile ?? defaultLogFile(stream.name),
        stateDirectory: values['state-dir'],
        flushInterval: values['flush-interval'],
        environment: config.name,
      });
      out(text.trimEnd());
      return 0;
    },
  });
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));

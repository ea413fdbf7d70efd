#!/usr/bin/env node
/**
 * `npm run --silent fluentd-config -- --stream NAME [--env NAME | --config FILE] [--state-dir DIR]
 *   [--flush-interval 1s]`: prints the Fluentd configuration that ships the stream's log file to its delivery stream.
 */
import { parseArgs } from 'node:util';
import { fluentdConfig } from '../lambda/firehose/core/fluentd';
import { loadConfigForCli } from '../lib/config/load';
import { defaultLogFile, deliveryStreamName, findStream } from '../lib/firehose/streams';

const USAGE = 'usage: npm run --silent fluentd-config -- --stream NAME [--env NAME | --config FILE] [--state-dir DIR] [--flush-interval 1s]';

export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
  err: (text: string) => void = (t) => process.stderr.write(`${t}\n`),
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { stream: { type: 'string' }, env: { type: 'string' }, config: { type: 'string' }, 'state-dir': { type: 'string' }, 'flush-interval': { type: 'string' } },
    }));
    if (!values.stream) throw new Error('--stream is required');
  } catch (error) {
    err(`error: ${(error as Error).message}`);
    err(USAGE);
    return 2;
  }
  try {
    const { config, file } = loadConfigForCli(values);
    const stream = findStream(config, values.stream, file);
    out(
      fluentdConfig({
        name: stream.name,
        deliveryStreamName: deliveryStreamName(config.name, stream.name),
        region: config.region,
        logFile: stream.logFile ?? defaultLogFile(stream.name),
        stateDirectory: values['state-dir'],
        flushInterval: values['flush-interval'],
        environment: config.name,
      }).trimEnd(),
    );
    return 0;
  } catch (error) {
    err(`error: ${(error as Error).message.split('\n').join('; ')}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

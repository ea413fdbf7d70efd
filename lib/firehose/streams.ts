/** How a configured Firehose stream is named and described to the handlers and tools that share it. */
import * as path from 'node:path';
import type { StreamSpec } from '../../lambda/firehose/core/copy';
import { loadConfigForCli } from '../config/load';
import type { FirehoseStreamConfig, PlatformConfig } from '../config/schema';

/** Delivery stream names are explicit and stable: `<env>-<name>`. */
export function deliveryStreamName(envName: string, streamName: string): string {
  return `${envName}-${streamName}`;
}

export function defaultLogFile(streamName: string): string {
  return `/var/log/app/${streamName}.log`;
}

export function streamSpec(stream: FirehoseStreamConfig): StreamSpec {
  return {
    name: stream.name,
    schema: stream.schema,
    table: stream.table,
    copyOptions: stream.copyOptions,
    columns: stream.columns.map((c) => ({ name: c.name, type: c.type, ...(c.jsonPath ? { jsonPath: c.jsonPath } : {}) })),
  };
}

/** The named stream, or an error that lists the configured ones. */
export function findStream(config: PlatformConfig, name: string, file: string): FirehoseStreamConfig {
  const stream = config.firehose.streams.find((s) => s.name === name);
  if (!stream) {
    const known = config.firehose.streams.map((s) => s.name).join(', ') || 'none';
    throw new Error(`no stream ${JSON.stringify(name)} in ${path.relative(process.cwd(), file) || file}; streams: ${known}`);
  }
  return stream;
}

/** The stream a command-line tool names, from the configuration it was pointed at (`--env` or `--config`). */
export function streamForCli(options: { readonly stream: string; readonly env?: string; readonly config?: string }): {
  config: PlatformConfig;
  stream: FirehoseStreamConfig;
} {
  const { config, file } = loadConfigForCli(options);
  return { config, stream: findStream(config, options.stream, file) };
}

#!/usr/bin/env node
/**
 * Operating the Firehose route against Redshift (Data API, credentials from the environment):
 *   npm run --silent firehose -- load-errors --stream NAME [--limit 20]   (the view of the warehouse type)
 *   npm run --silent firehose -- replay-manifest --stream NAME --manifest s3://BUCKET/errors/...
 *   npm run --silent firehose -- jsonpaths --stream NAME       (prints the generated JSONPaths file)
 * Each takes [--env NAME | --config FILE] and [--region REGION].
 */
import { parseArgs } from 'node:util';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { RedshiftData } from '../lambda/warehouse/data-api';
import { replayManifestSql } from '../lambda/firehose/core/copy';
import { loadErrorsSql, s3UrlParts } from '../lambda/warehouse/copy';
import { jsonPathsDocument } from '../lambda/firehose/core/table-schema';
import { type Print, runAsProgram, runCli, stderr, stdout } from '../lib/cli/command';
import { streamForCli, streamSpec } from '../lib/firehose/streams';
import { redshiftConnection } from '../lib/config/warehouse';

const USAGE = `usage: npm run --silent firehose -- <command> --stream NAME [--env NAME | --config FILE] [--region REGION]
commands:
  load-errors [--limit N]          the latest load errors of the stream's table (STL_LOAD_ERRORS, or SYS_LOAD_ERROR_DETAIL on Serverless)
  replay-manifest --manifest URL   COPY a manifest Firehose gave up on (s3://BUCKET/errors/...), with the stream's options
  jsonpaths                        print the stream's generated JSONPaths file`;

export function main(argv: string[], out: Print = stdout, err: Print = stderr, client?: RedshiftDataClient): Promise<number> {
  return runCli({
    usage: USAGE,
    argv,
    out,
    err,
    parse: () => {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          stream: { type: 'string' },
          env: { type: 'string' },
          config: { type: 'string' },
          region: { type: 'string' },
          manifest: { type: 'string' },
          limit: { type: 'string' },
        },
      });
      const command = positionals[0];
      if (!command || !['load-errors', 'replay-manifest', 'jsonpaths'].includes(command))
        throw new Error(command ? `unknown command ${JSON.stringify(command)}` : 'a command is required');
      if (!values.stream) throw new Error('--stream is required');
      if (command === 'replay-manifest' && !values.manifest) throw new Error('replay-manifest needs --manifest s3://BUCKET/errors/...');
      if (values.manifest !== undefined) {
        try {
          s3UrlParts(values.manifest);
        } catch (error) {
          throw new Error(`--manifest ${(error as Error).message}`);
        }
      }
      if (values.limit !== undefined && !/^\d{1,4}$/.test(values.limit)) throw new Error('--limit must be a number');
      return { ...values, stream: values.stream, command };
    },
    run: async ({ command, ...values }) => {
      const { config, stream: configured } = streamForCli(values);
      const stream = streamSpec(configured);
      if (command === 'jsonpaths') {
        out(JSON.stringify(jsonPathsDocument(stream.columns), null, 2));
        return 0;
      }
      const w = config.warehouse;
      const redshift = new RedshiftData(client ?? new RedshiftDataClient({ region: values.region ?? config.region }), redshiftConnection(w), {
        statementName: `firehose-${command}`,
      });
      if (command === 'load-errors') {
        const rows = await redshift.query(loadErrorsSql(stream, values.limit ? Number(values.limit) : 20, w.type));
        for (const row of rows) out(JSON.stringify(row));
        if (rows.length === 0)
          err(
            `no load errors recorded for ${stream.schema}.${stream.table} (${w.type === 'serverless' ? 'SYS_LOAD_ERROR_DETAIL' : 'STL_LOAD_ERRORS'} keeps a few days)`,
          );
        return 0;
      }
      if (!w.copyRoleArn) throw new Error('warehouse.copyRoleArn is needed to COPY a manifest (the role the cluster uses to read the bucket)');
      const manifest = values.manifest!;
      const rows = await redshift.execute(replayManifestSql(stream, s3UrlParts(manifest).bucket, manifest, w.copyRoleArn));
      out(JSON.stringify({ stream: stream.name, table: `${stream.schema}.${stream.table}`, manifest, rowsLoaded: rows }));
      return 0;
    },
  });
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));

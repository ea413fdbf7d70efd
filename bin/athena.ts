#!/usr/bin/env node
/**
 * The Athena jobs from the command line, with the runs' own code:
 *   npm run --silent athena -- render --job NAME --partition 2026-11-24[T09]
 *   npm run --silent athena -- backfill --job NAME --from DATE[THH] --to DATE[THH] [--concurrency N]
 *   npm run --silent athena -- backfill --job NAME --missing-since DATE   (partitions without a run record)
 * Each takes [--env NAME | --config FILE]; backfill also [--region REGION] and uses your AWS credentials.
 */
import { parseArgs } from 'node:util';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { SFNClient } from '@aws-sdk/client-sfn';
import { RedshiftData } from '../lambda/warehouse/data-api';
import { backfill } from '../lambda/athena/backfill';
import { parsePartitionKey, partitionKey, partitionsBetween, renderSql, scheduledPartition, type Partition } from '../lambda/athena/core/partition';
import { loadedPartitionKeys } from '../lambda/athena/run-records';
import { athenaJobSpec, findAthenaJob, stateMachineName } from '../lib/athena/jobs';
import { type Print, runAsProgram, runCli, stdout } from '../lib/cli/command';
import { formatCountProgress, statusAndPrinters, type StatusLine } from '../lib/cli/progress';
import { loadConfigForCli } from '../lib/config/load';
import { redshiftConnection } from '../lib/config/warehouse';

const USAGE = `usage: npm run --silent athena -- <command> --job NAME [--env NAME | --config FILE]
commands:
  render --partition DATE[THH]                          print the job's SQL for one partition
  backfill --from DATE[THH] --to DATE[THH]              run the partitions of a range (at most --concurrency at once)
  backfill --missing-since DATE                         run the partitions since DATE that have no run record
options: --concurrency N (default athena.backfillConcurrency), --region REGION
A backfill prints a line per partition started and ended, and on a terminal how far it has got (partitions done,
the rate, the time left).`;

export interface AthenaCliClients {
  readonly sfn?: SFNClient;
  readonly data?: RedshiftDataClient;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  /** A backfill's status line. @default one on stderr when it is a terminal and `err` is stderr */
  readonly status?: StatusLine;
}

export function main(argv: string[], out: Print = stdout, err?: Print, clients: AthenaCliClients = {}): Promise<number> {
  // On a terminal, the lines about partitions print above the status line.
  const { status, print, err: printError } = statusAndPrinters(clients.status, err);
  return runCli({
    usage: USAGE,
    argv,
    out,
    err: printError,
    parse: () => {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          job: { type: 'string' },
          partition: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          'missing-since': { type: 'string' },
          concurrency: { type: 'string' },
          env: { type: 'string' },
          config: { type: 'string' },
          region: { type: 'string' },
        },
      });
      const command = positionals[0];
      if (command !== 'render' && command !== 'backfill') throw new Error(command ? `unknown command ${JSON.stringify(command)}` : 'a command is required');
      if (!values.job) throw new Error('--job is required');
      if (command === 'render' && !values.partition) throw new Error('render needs --partition DATE[THH]');
      if (command === 'backfill' && !values['missing-since'] && !(values.from && values.to))
        throw new Error('backfill needs --from and --to, or --missing-since');
      if (values.concurrency !== undefined && !/^([1-9]|1\d|20)$/.test(values.concurrency)) throw new Error('--concurrency must be a number from 1 to 20');
      return { ...values, job: values.job, command };
    },
    run: async (values) => {
      const { config } = loadConfigForCli(values);
      const job = findAthenaJob(config, values.job);
      const spec = athenaJobSpec(job);
      if (values.command === 'render') {
        out(renderSql(spec.sql, job.partition, parsePartitionKey(job.partition, values.partition!)).trimEnd());
        return 0;
      }
      const now = (clients.now ?? (() => new Date()))();
      let partitions: Partition[];
      if (values['missing-since']) {
        const since = parsePartitionKey(job.partition, values['missing-since']);
        const all = partitionsBetween(job.partition, since, scheduledPartition(job.partition, now, config.timezone));
        const redshift = new RedshiftData(
          clients.data ?? new RedshiftDataClient({ region: values.region ?? config.region }),
          redshiftConnection(config.warehouse),
          { statementName: 'athena-backfill' },
        );
        const loaded = await loadedPartitionKeys(redshift, config.athena.metaSchema, job.name, partitionKey(since));
        partitions = all.filter((p) => !loaded.has(partitionKey(p)));
        print(`${partitions.length} of ${all.length} partitions since ${partitionKey(since)} have no run record`);
      } else {
        partitions = partitionsBetween(job.partition, parsePartitionKey(job.partition, values.from!), parsePartitionKey(job.partition, values.to!), 2000);
      }
      // The executions name the job; the step runs the SQL deployed with it (deploy first after changing a job).
      const summary = await backfill(clients.sfn ?? new SFNClient({ region: values.region ?? config.region }), job.name, partitions, {
        stateMachineArn: `arn:aws:states:${values.region ?? config.region}:${config.account}:stateMachine:${stateMachineName(config.name)}`,
        concurrency: values.concurrency ? Number(values.concurrency) : config.athena.backfillConcurrency,
        sleep: clients.sleep,
        progress: backfillProgress(partitions.length, print, status),
      });
      status?.end();
      out(JSON.stringify(summary));
      return summary.failed.length > 0 ? 1 : 0;
    },
  });
}

/** Each started or ended partition as a line; on a terminal, also partitions done of all, failed, rate, time left. */
export function backfillProgress(total: number, print: Print, status: StatusLine | undefined, now: () => number = Date.now): (line: string) => void {
  const started = now();
  let ended = 0;
  let failed = 0;
  return (line) => {
    print(line);
    if (line.startsWith('started ')) return;
    ended++;
    if (!line.startsWith('loaded ')) failed++;
    status?.update(
      formatCountProgress({ done: ended, total, unit: 'partitions', note: failed > 0 ? `${failed} failed` : undefined, seconds: (now() - started) / 1000 }),
    );
  };
}

if (require.main === module) runAsProgram(() => main(process.argv.slice(2)));

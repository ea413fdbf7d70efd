#!/usr/bin/env node
/**
 * `npm run --silent sync -- --source mysql://USER:PASS@HOST:PORT/DB --target postgres://USER@HOST:PORT/DB
 *   --table NAME [--target-table SCHEMA.NAME] --mode FULL_COPY|INCREMENTAL_COPY|UPDATE_LATEST_COPY
 *   [--key COLUMN] [--updated-at COLUMN] [--source-tls on|off]`: one sync run with the Lambda's engine, into PostgreSQL.
 * MySQL is reached over TLS, verified against the RDS certificate authorities, unless --source-tls off (a local server).
 * Prints a one-line JSON summary; any problem is one line on stderr and a non-zero exit, the target untouched.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isValidTimeZone } from '../lambda/core/clock';
import { MysqlSource, parseMysqlUrl } from '../lambda/sync/adapters/mysql-source';
import { PostgresWarehouse } from '../lambda/warehouse/postgres';
import type { OversizePolicy } from '../lambda/sync/core/csv';
import { formatProgress, type Progress } from '../lambda/sync/core/progress';
import { runDeployedJob, type DeployedRunClients } from '../lib/cli/sync-deployed';
import { SYNC_MODES, type SyncMode } from '../lambda/sync/core/sql';
import { runSync, validateJob, type SyncJob } from '../lambda/sync/engine';
import { MAX_WORKERS } from '../lambda/sync/core/job';

const USAGE =
  'usage: npm run --silent sync -- --source mysql://USER:PASS@HOST:PORT/DB --target postgres://USER@HOST:PORT/DB --table NAME ' +
  '[--target-table SCHEMA.NAME] --mode FULL_COPY|INCREMENTAL_COPY|UPDATE_LATEST_COPY [--key COLUMN] [--updated-at COLUMN] ' +
  '[--job NAME] [--overlap-minutes N] [--source-timezone ZONE] [--oversize-text error|truncate] [--exclude-columns A,B] [--state-schema NAME] [--source-tls on|off] ' +
  '[--deadline SECONDS] [--chunk-rows N] [--workers N] [--swap copy|rename]\n' +
  '   or: npm run --silent sync -- --job NAME [--env NAME | --config FILE] [--mode MODE] [--region REGION]   (the deployed run loop, with your AWS credentials)';

class UsageError extends Error {}

export function jobFromArguments(argv: string[]): {
  job: SyncJob;
  source: string;
  sourceTls: boolean;
  target: string;
  deadlineSeconds?: number;
  chunkRows?: number;
  workers?: number;
} {
  const parse = () =>
    parseArgs({
      args: argv,
      options: {
        source: { type: 'string' },
        target: { type: 'string' },
        table: { type: 'string' },
        'target-table': { type: 'string' },
        mode: { type: 'string' },
        key: { type: 'string' },
        'updated-at': { type: 'string' },
        job: { type: 'string' },
        'overlap-minutes': { type: 'string' },
        'source-timezone': { type: 'string' },
        'oversize-text': { type: 'string' },
        'state-schema': { type: 'string' },
        'source-tls': { type: 'string' },
        'exclude-columns': { type: 'string' },
        deadline: { type: 'string' },
        'chunk-rows': { type: 'string' },
        workers: { type: 'string' },
        swap: { type: 'string' },
      },
    });
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const need = (name: string, value: string | undefined) => {
    if (!value) throw new UsageError(`--${name} is required`);
    return value;
  };
  const table = need('table', values.table);
  const mode = need('mode', values.mode);
  if (!(SYNC_MODES as readonly string[]).includes(mode)) throw new UsageError(`--mode ${JSON.stringify(mode)} is not one of ${SYNC_MODES.join(', ')}`);
  const [schema, targetTable] = values['target-table']?.includes('.')
    ? values['target-table'].split('.', 2)
    : ['public', values['target-table'] ?? table.toLowerCase()];
  const overlap = values['overlap-minutes'] === undefined ? 5 : Number(values['overlap-minutes']);
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > 1440) throw new UsageError('--overlap-minutes must be a whole number from 0 to 1440');
  const zone = values['source-timezone'] ?? 'UTC';
  if (!isValidTimeZone(zone)) throw new UsageError(`--source-timezone ${JSON.stringify(zone)} is not an IANA time zone`);
  const oversize = values['oversize-text'] ?? 'error';
  if (oversize !== 'error' && oversize !== 'truncate') throw new UsageError('--oversize-text must be error or truncate');
  const tls = values['source-tls'] ?? 'on';
  if (tls !== 'on' && tls !== 'off') throw new UsageError('--source-tls must be on or off');
  const target = need('target', values.target);
  if (!/^postgres(ql)?:\/\//.test(target)) throw new UsageError('--target must be a postgres:// URL (the Lambda loads Redshift)');
  const job: SyncJob = {
    name: values.job ?? `${schema}-${targetTable}`.replace(/^[^a-z]/, 'j'),
    table,
    mode: mode as SyncMode,
    key: values.key,
    updatedAt: values['updated-at'],
    overlapMinutes: overlap,
    target: { schema, table: targetTable },
    stateSchema: values['state-schema'],
    sourceTimezone: zone,
    oversizeText: oversize as OversizePolicy,
    excludeColumns: values['exclude-columns']
      ?.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
    fullCopySwap: values.swap as SyncJob['fullCopySwap'],
  };
  try {
    validateJob(job);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const positive = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number above 0`);
    return value;
  };
  const deadlineSeconds = positive('deadline', values.deadline);
  const chunkRows = positive('chunk-rows', values['chunk-rows']);
  const workers = positive('workers', values.workers);
  if (workers !== undefined && workers > MAX_WORKERS) throw new UsageError(`--workers must be at most ${MAX_WORKERS} (each is a MySQL connection)`);
  return { job, source: need('source', values.source), sourceTls: tls === 'on', target, deadlineSeconds, chunkRows, workers };
}

/** A configured job on the deployed platform: starts its run loop and waits for it (bin/sync-deployed.ts). */
async function deployed(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
  progress: ((line: string) => void) | undefined,
  clients: DeployedRunClients,
): Promise<number> {
  let values: { job?: string; env?: string; config?: string; region?: string; mode?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { job: { type: 'string' }, env: { type: 'string' }, config: { type: 'string' }, region: { type: 'string' }, mode: { type: 'string' } },
    }));
    if (!values.job) throw new Error('--job is required with --env or --config');
    if (values.mode !== undefined && !(SYNC_MODES as readonly string[]).includes(values.mode))
      throw new Error(`--mode must be one of ${SYNC_MODES.join(', ')} (by default the job's own)`);
  } catch (error) {
    err(`error: ${(error as Error).message}`);
    err(USAGE);
    return 2;
  }
  try {
    return await runDeployedJob({ ...values, job: values.job }, out, err, progress, clients);
  } catch (error) {
    err(`error: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    return 1;
  }
}

/** Progress on a terminal: one line rewritten in place. */
const terminal = (line: string) => process.stderr.write(`\r\x1b[K${line}`);

/**
 * `progress` gets a line about how far the run has got at most once a second, and a last one when it ends; by
 * default only when stderr is a terminal, so logs and pipes stay quiet.
 */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
  err: (text: string) => void = (t) => process.stderr.write(`${t}\n`),
  progress: ((line: string) => void) | undefined = process.stderr.isTTY ? terminal : undefined,
  clients: DeployedRunClients = {},
): Promise<number> {
  if (argv.includes('--env') || argv.includes('--config')) return deployed(argv, out, err, progress, clients);
  let parsed: ReturnType<typeof jobFromArguments>;
  try {
    parsed = jobFromArguments(argv);
  } catch (error) {
    err(`error: ${(error as Error).message}`);
    err(USAGE);
    return 2;
  }
  let source: MysqlSource | undefined;
  let warehouse: PostgresWarehouse | undefined;
  try {
    const [mysql, postgres] = await Promise.allSettled([
      MysqlSource.connect({ ...parseMysqlUrl(parsed.source), tls: parsed.sourceTls }),
      PostgresWarehouse.connect(parsed.target),
    ]);
    if (mysql.status === 'fulfilled') source = mysql.value;
    if (postgres.status === 'fulfilled') warehouse = postgres.value;
    if (mysql.status === 'rejected') throw mysql.reason;
    if (postgres.status === 'rejected') throw postgres.reason;
    const deadline = parsed.deadlineSeconds === undefined ? undefined : new Date(Date.now() + parsed.deadlineSeconds * 1000);
    let shown = 0;
    let last: Progress | undefined;
    const onProgress = progress
      ? (now: Progress) => {
          last = now;
          if (Date.now() - shown < 1000) return;
          shown = Date.now();
          progress(formatProgress(now));
        }
      : undefined;
    const result = await runSync(parsed.job, mysql.value, postgres.value, {
      runId: randomUUID(),
      deadline,
      chunkRows: parsed.chunkRows,
      workers: parsed.workers,
      onProgress,
    });
    if (progress && last) {
      progress(formatProgress(last));
      if (progress === terminal) process.stderr.write('\n');
    }
    out(JSON.stringify(result));
    return 0;
  } catch (error) {
    err(`error: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    return 1;
  } finally {
    // The run is over (committed or rolled back, the job unlocked): waiting for the servers to close their ends
    // would only delay the exit.
    source?.disconnect();
    warehouse?.disconnect();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

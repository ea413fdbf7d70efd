/**
 * The sync CLI's local form: one run with the Lambda's engine from a MySQL server into PostgreSQL, described by the
 * arguments (bin/sync.ts). The arguments are checked here (usage errors) before anything connects.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isValidTimeZone } from '../../lambda/core/clock';
import { MysqlSource } from '../../lambda/sync/adapters/mysql-source';
import { MAX_WORKERS } from '../../lambda/sync/core/job';
import type { OversizePolicy } from '../../lambda/sync/core/csv';
import { formatProgress, type Progress } from '../../lambda/sync/core/progress';
import { SYNC_MODES, type SyncMode } from '../../lambda/sync/core/sql';
import { runSync, validateJob, type SyncJob } from '../../lambda/sync/engine';
import { PostgresWarehouse } from '../../lambda/warehouse/postgres';
import type { Print } from './command';
import type { StatusLine } from './progress';
import { checkSourceLogin, type SourceLoginArguments, sourceLogin, TARGET_PASSWORD_WARNING, urlPassword } from './source-login';

export interface LocalRun {
  readonly job: SyncJob;
  readonly login: SourceLoginArguments;
  readonly sourceTls: boolean;
  readonly target: string;
  readonly deadlineSeconds?: number;
  readonly chunkRows?: number;
  readonly workers?: number;
}

export function localRunFromArguments(argv: readonly string[]): LocalRun {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      source: { type: 'string' },
      'source-secret': { type: 'string' },
      'source-password-stdin': { type: 'boolean' },
      region: { type: 'string' },
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
  const need = (name: string, value: string | undefined) => {
    if (!value) throw new Error(`--${name} is required`);
    return value;
  };
  const table = need('table', values.table);
  const mode = need('mode', values.mode);
  if (!(SYNC_MODES as readonly string[]).includes(mode)) throw new Error(`--mode ${JSON.stringify(mode)} is not one of ${SYNC_MODES.join(', ')}`);
  const [schema, targetTable] = values['target-table']?.includes('.')
    ? values['target-table'].split('.', 2)
    : ['public', values['target-table'] ?? table.toLowerCase()];
  const overlap = values['overlap-minutes'] === undefined ? 5 : Number(values['overlap-minutes']);
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > 1440) throw new Error('--overlap-minutes must be a whole number from 0 to 1440');
  const zone = values['source-timezone'] ?? 'UTC';
  if (!isValidTimeZone(zone)) throw new Error(`--source-timezone ${JSON.stringify(zone)} is not an IANA time zone`);
  const oversize = values['oversize-text'] ?? 'error';
  if (oversize !== 'error' && oversize !== 'truncate') throw new Error('--oversize-text must be error or truncate');
  const tls = values['source-tls'] ?? 'on';
  if (tls !== 'on' && tls !== 'off') throw new Error('--source-tls must be on or off');
  const target = need('target', values.target);
  if (!/^postgres(ql)?:\/\//.test(target)) throw new Error('--target must be a postgres:// URL (the Lambda loads Redshift)');
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
  validateJob(job);
  const positive = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`);
    return value;
  };
  const deadlineSeconds = positive('deadline', values.deadline);
  const chunkRows = positive('chunk-rows', values['chunk-rows']);
  const workers = positive('workers', values.workers);
  if (workers !== undefined && workers > MAX_WORKERS) throw new Error(`--workers must be at most ${MAX_WORKERS} (each is a MySQL connection)`);
  const login: SourceLoginArguments = {
    url: need('source', values.source),
    secret: values['source-secret'],
    passwordStdin: values['source-password-stdin'],
    region: values.region,
  };
  checkSourceLogin(login);
  return { job, login, sourceTls: tls === 'on', target, deadlineSeconds, chunkRows, workers };
}

export interface LocalRunIo {
  readonly out: Print;
  readonly err: Print;
  /** How far the run has got, at most once a second and once at the end. */
  readonly progress?: (line: string) => void;
  /** A terminal's status line, ended before the summary or the error. */
  readonly status?: StatusLine;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  /** Told each password once it is known, so no output shows it. */
  readonly secret: (value: string) => void;
}

export async function runLocal(run: LocalRun, io: LocalRunIo): Promise<number> {
  if (urlPassword(run.target) !== '') io.err(TARGET_PASSWORD_WARNING);
  let source: MysqlSource | undefined;
  let warehouse: PostgresWarehouse | undefined;
  let last: Progress | undefined;
  try {
    const login = await sourceLogin(run.login, { env: io.env, stdin: io.stdin, warn: io.err });
    io.secret(login.password);
    const [mysql, postgres] = await Promise.allSettled([MysqlSource.connect({ ...login, tls: run.sourceTls }), PostgresWarehouse.connect(run.target)]);
    if (mysql.status === 'fulfilled') source = mysql.value;
    if (postgres.status === 'fulfilled') warehouse = postgres.value;
    if (mysql.status === 'rejected') throw mysql.reason;
    if (postgres.status === 'rejected') throw postgres.reason;
    const deadline = run.deadlineSeconds === undefined ? undefined : new Date(Date.now() + run.deadlineSeconds * 1000);
    let shown = 0;
    const progress = io.progress;
    const onProgress = progress
      ? (now: Progress) => {
          last = now;
          if (Date.now() - shown < 1000) return;
          shown = Date.now();
          progress(formatProgress(now));
        }
      : undefined;
    const result = await runSync(run.job, mysql.value, postgres.value, {
      runId: randomUUID(),
      deadline,
      chunkRows: run.chunkRows,
      workers: run.workers,
      onProgress,
    });
    if (last) {
      if (io.status) io.status.end(formatProgress(last));
      else progress?.(formatProgress(last));
    }
    io.out(JSON.stringify(result));
    return 0;
  } finally {
    io.status?.end();
    // The run is over (committed or rolled back, the job unlocked): waiting for the servers to close their ends
    // would only delay the exit.
    source?.disconnect();
    warehouse?.disconnect();
  }
}

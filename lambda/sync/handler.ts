/**
 * Lambda entry point of the MySQL → Redshift sync: one function per MySQL source, invoked by its run loop's state
 * machine with `{ "job": NAME }` for a run, or, for a FULL_COPY fanned out across invocations (fan-out.ts), with an
 * `action`: plan, extract (one key range), load, failed (report). Publishes metrics after each run and a JANDI alert
 * when a run fails. The `check` action (the operators' doctor) connects to the source, reads the job's table as a run
 * would and returns its columns or the error, writing nothing and alerting no one.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { readJsonSecret } from '../adapters/secrets';
import { languageFromEnv, messagesFor, type Language, type Messages } from '../core/messages/catalogue';
import type { Notification } from '../core/notification';
import { requiredEnv } from '../shared/env';
import { publishNotification } from '../shared/notify';
import { logger, metrics } from '../shared/powertools';
import { MysqlSource } from './adapters/mysql-source';
import { RedshiftWarehouse, uploadCsvParts, type RedshiftConnection } from '../warehouse/redshift';
import { fanOutKeys, syncRequest, type SyncRequest } from './core/requests';
import { sourceCredentials } from './core/source-secret';
import { extractRange, planFanOut, type ExtractedRange, type FanOutPlan } from './fan-out';
import { runSync, type SyncJob, type SyncResult } from './engine';
import { isPrimaryKeyAlone, jobColumns, keyProblem, SyncConfigurationError, validateJob } from './core/job';

export interface SourceSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly secretArn: string;
  readonly timezone: string;
  /** TLS with the RDS certificate authorities (mysql-source.ts). @default true */
  readonly tls?: boolean;
}

export interface SyncSettings {
  readonly source: SourceSettings;
  readonly jobs: readonly SyncJob[];
  readonly warehouse: RedshiftConnection;
  readonly stagingBucket: string;
  readonly copyRoleArn: string;
  /** Load files are written in sets of this many: the cluster's slices. */
  readonly slices: number;
  readonly topicArn: string;
  /** The language of its JANDI messages. @default 'en' */
  readonly language?: Language;
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SyncSettings {
  return {
    source: JSON.parse(requiredEnv('SYNC_SOURCE', env)) as SourceSettings,
    jobs: JSON.parse(requiredEnv('SYNC_JOBS', env)) as SyncJob[],
    warehouse: JSON.parse(requiredEnv('SYNC_WAREHOUSE', env)) as RedshiftConnection,
    stagingBucket: requiredEnv('STAGING_BUCKET', env),
    slices: Number(requiredEnv('WAREHOUSE_SLICES', env)),
    copyRoleArn: requiredEnv('COPY_ROLE_ARN', env),
    topicArn: requiredEnv('NOTIFICATIONS_TOPIC_ARN', env),
    language: languageFromEnv(env),
  };
}

export interface SyncDependencies {
  readonly data: RedshiftDataClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
}

/** What a run that failed in a way the handler caught returns (it has already alerted JANDI). */
export interface SyncFailure {
  readonly job: string;
  readonly status: 'failed';
  readonly error: string;
}

/**
 * Runs the job the event names. A failure the handler catches is alerted to JANDI and returned, not thrown, so the
 * function's Errors metric (and its alarm) counts only what no handler can report: time-outs and crashes.
 */
/**
 * Time a run leaves itself before the function's limit when it plans its chunks: the end of the last chunk's load,
 * the metrics and a failure alert must fit in it.
 */
export const DEADLINE_MARGIN_MS = 60_000;

export async function runJob(
  settings: SyncSettings,
  event: unknown,
  runId: string,
  deps: SyncDependencies,
  deadline?: Date,
): Promise<SyncResult | SyncFailure | FanOutPlan | ExtractedRange | SyncCheck | { readonly reported: true }> {
  const request = syncRequest(event, settings.jobs);
  const job = { ...request.job, sourceTimezone: settings.source.timezone };
  if (request.action === 'failed') {
    await reportFailure(settings, deps, job, request.error);
    return { reported: true };
  }
  let source: MysqlSource | undefined;
  const connect = async () => {
    const { user, password } = sourceCredentials(await readJsonSecret(settings.source.secretArn), `the secret of source ${settings.source.name}`);
    const { host, port, database, tls } = settings.source;
    source = await MysqlSource.connect({ host, port, database, tls, user, password });
    return source;
  };
  try {
    // A fanned-out step that fails is retried by the state machine, which reports it once retries are spent.
    if (request.action === 'check') return await checkJob(job, connect);
    if (request.action === 'plan') return await planFanOut(job, await connect());
    if (request.action === 'extract') return await extractToStaging(settings, deps.s3, job, request, await connect());
    return await runReported(settings, deps, job, request, connect, runId, deadline);
  } finally {
    await source?.close();
  }
}

/** What a check returns: the job's columns as a run would read and map them, or why it cannot run. */
export type SyncCheck =
  | {
      readonly job: string;
      readonly action: 'check';
      readonly status: 'ok';
      /** database.table on the source. */
      readonly table: string;
      /** The columns the job copies: MySQL's column type and the Redshift type it becomes. */
      readonly columns: readonly { readonly name: string; readonly type: string; readonly target: string }[];
    }
  | { readonly job: string; readonly action: 'check'; readonly status: 'failed'; readonly error: string };

/**
 * Connects and reads the job's table definition as runSync does before it touches the warehouse (the columns, their
 * mapping, the key's fitness), and nothing else: no warehouse, no S3, no lease, no alert, no metric.
 */
async function checkJob(job: SyncJob, connect: () => Promise<MysqlSource>): Promise<SyncCheck> {
  try {
    validateJob(job);
    const source = await connect();
    const all = await source.columns(job.table);
    const { target, key } = jobColumns(job, all, source.database);
    if (job.mode !== 'FULL_COPY') {
      const problem = keyProblem(job.table, key!, all, isPrimaryKeyAlone(key!, all) ? [] : await source.uniqueIndexes(job.table));
      if (problem) throw new SyncConfigurationError(problem);
    }
    logger.info('source checked', { job: job.name, columns: target.length });
    return {
      job: job.name,
      action: 'check',
      status: 'ok',
      table: `${source.database}.${job.table}`,
      columns: target.map((c) => ({ name: c.source.name, type: c.source.columnType, target: c.redshiftType })),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn('source check failed', { job: job.name, error: message });
    return { job: job.name, action: 'check', status: 'failed', error: message };
  }
}

/** The staging prefix of a job's files. */
const jobPrefix = (settings: SyncSettings, job: SyncJob) => `${settings.source.name}/${job.name}/`;

/** One range of a fanned-out copy as gzip parts in the staging bucket, then the list of them. */
async function extractToStaging(
  settings: SyncSettings,
  s3: S3Client,
  job: SyncJob,
  request: Extract<SyncRequest, { action: 'extract' }>,
  source: MysqlSource,
): Promise<ExtractedRange> {
  const keys = fanOutKeys(jobPrefix(settings, job), request.runId, request.index);
  const extracted = await extractRange(job, source, { ...request.range, last: request.last }, (csv) =>
    uploadCsvParts(s3, settings.stagingBucket, keys.parts, csv, { files: settings.slices }),
  );
  // Written last: the load takes a range's parts from this list only, so a retried extract's are never taken twice.
  await s3.send(new PutObjectCommand({ Bucket: settings.stagingBucket, Key: keys.list, ContentType: 'application/json', Body: JSON.stringify(extracted) }));
  logger.info('range extracted', { job: job.name, index: request.index, rows: extracted.rows, parts: extracted.parts.length });
  return extracted;
}

/** A run, or a fanned-out copy's load: its metrics published, its failure alerted to JANDI and returned. */
async function runReported(
  settings: SyncSettings,
  deps: SyncDependencies,
  job: SyncJob,
  request: SyncRequest,
  connect: () => Promise<MysqlSource>,
  runId: string,
  deadline: Date | undefined,
): Promise<SyncResult | SyncFailure> {
  try {
    const prefix = jobPrefix(settings, job);
    const extracted = request.action === 'load' ? await readExtracted(deps.s3, settings.stagingBucket, prefix, request.runId, request.ranges) : undefined;
    const staging = { bucket: settings.stagingBucket, prefix, copyRoleArn: settings.copyRoleArn };
    const warehouse = new RedshiftWarehouse(deps.data, deps.s3, settings.warehouse, staging, { files: settings.slices });
    const result = await runSync(job, await connect(), warehouse, { runId, lockTtlMs: 16 * 60_000, deadline, workers: job.workers, extracted });
    logger.info('sync run finished', { result });
    if (result.status === 'ok') {
      metrics.addDimension('Job', job.name);
      metrics.addMetric('RowsWritten', MetricUnit.Count, result.rowsWritten);
      metrics.addMetric('Duration', MetricUnit.Seconds, result.seconds);
      if (result.lagSeconds !== undefined) metrics.addMetric('LagSeconds', MetricUnit.Seconds, result.lagSeconds);
    }
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await reportFailure(settings, deps, job, message, error);
    return { job: job.name, status: 'failed', error: message };
  }
}

/** Every range's list of parts, as the extracts left them: the load's files and rows. */
async function readExtracted(s3: S3Client, bucket: string, jobPrefix: string, runId: string, ranges: number): Promise<{ keys: string[]; rows: number }> {
  const lists = await Promise.all(
    Array.from({ length: ranges }, async (_, index) => {
      const key = fanOutKeys(jobPrefix, runId, index).list;
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return JSON.parse(await object.Body!.transformToString()) as ExtractedRange;
      } catch (error) {
        throw new Error(
          `range ${index} of fan-out ${runId} has no list of parts (s3://${bucket}/${key}: ${(error as Error).name}); its extract did not finish`,
        );
      }
    }),
  );
  return { keys: lists.flatMap((list) => list.parts), rows: lists.reduce((sum, list) => sum + list.rows, 0) };
}

/**
 * Alerts JANDI that a job failed and counts it. When the alert cannot be sent either, the invocation fails (with
 * `error`, when given) so that the function's Errors alarm reports it.
 */
async function reportFailure(settings: SyncSettings, deps: SyncDependencies, job: SyncJob, message: string, error?: unknown): Promise<void> {
  logger.error('sync run failed', { job: job.name, error: message });
  await publishNotification(deps.sns, settings.topicArn, syncFailure(settings.source, job, message, messagesFor(settings.language ?? 'en'))).catch(
    (publishError: unknown) => {
      logger.error('could not publish the failure', { error: String(publishError) });
      throw error ?? new Error(message);
    },
  );
  metrics.addDimension('Job', job.name);
  metrics.addMetric('FailedRuns', MetricUnit.Count, 1);
}

/** The JANDI alert of a failed run: the job, where it copies from and to, and the error as it came. */
export function syncFailure(source: SourceSettings, job: SyncJob, error: string, messages: Messages): Notification {
  const say = messages.reports;
  return {
    source: 'mysql-sync',
    severity: 'failure',
    title: say.syncFailed(job.name),
    fields: [
      { title: say.fieldJob, value: `${job.name} (${job.mode})` },
      { title: say.fieldTable, value: `${source.name}:${source.database}.${job.table} -> ${job.target.schema}.${job.target.table}` },
      { title: say.fieldError, value: error },
    ],
  };
}

let settings: SyncSettings | undefined;
let dependencies: SyncDependencies | undefined;

async function runInvocation(event: unknown, context: Context): ReturnType<typeof runJob> {
  settings ??= settingsFromEnvironment();
  dependencies ??= { data: new RedshiftDataClient({}), s3: new S3Client({}), sns: new SNSClient({}) };
  return runJob(settings, event, context.awsRequestId, dependencies, new Date(Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS));
}

export const handler = middy(runInvocation).use(injectLambdaContext(logger)).use(logMetrics(metrics));

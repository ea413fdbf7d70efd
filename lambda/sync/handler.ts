/**
 * Lambda entry point of the MySQL → Redshift sync: one function per MySQL source, invoked by one EventBridge
 * rule per job with `{ "job": NAME }`. Publishes metrics after each run and a JANDI alert when a run fails.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { readJsonSecret } from '../adapters/secrets';
import { requiredEnv } from '../shared/env';
import { publishNotification } from '../shared/notify';
import { logger, metrics } from '../shared/powertools';
import { MysqlSource } from './adapters/mysql-source';
import { RedshiftWarehouse, type RedshiftConnection } from '../warehouse/redshift';
import { runSync, type SyncJob, type SyncResult } from './engine';

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
  readonly topicArn: string;
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SyncSettings {
  return {
    source: JSON.parse(requiredEnv('SYNC_SOURCE', env)) as SourceSettings,
    jobs: JSON.parse(requiredEnv('SYNC_JOBS', env)) as SyncJob[],
    warehouse: JSON.parse(requiredEnv('SYNC_WAREHOUSE', env)) as RedshiftConnection,
    stagingBucket: requiredEnv('STAGING_BUCKET', env),
    copyRoleArn: requiredEnv('COPY_ROLE_ARN', env),
    topicArn: requiredEnv('NOTIFICATIONS_TOPIC_ARN', env),
  };
}

/** The event names one of this function's jobs. */
export function jobForEvent(event: unknown, jobs: readonly SyncJob[]): SyncJob {
  const name = (event as { job?: unknown } | null)?.job;
  const job = typeof name === 'string' ? jobs.find((j) => j.name === name) : undefined;
  if (!job) throw new Error(`expected an event {"job": NAME} naming one of ${jobs.map((j) => j.name).join(', ')}; got ${JSON.stringify(event)?.slice(0, 200)}`);
  return job;
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
): Promise<SyncResult | SyncFailure> {
  const job = jobForEvent(event, settings.jobs);
  let source: MysqlSource | undefined;
  try {
    const credentials = ((await readJsonSecret(settings.source.secretArn)) ?? {}) as { username?: string; password?: string };
    if (!credentials.username || credentials.password === undefined)
      throw new Error(`the secret of source ${settings.source.name} has no username and password`);
    const { host, port, database, tls } = settings.source;
    source = await MysqlSource.connect({ host, port, database, tls, user: credentials.username, password: credentials.password });
    const warehouse = new RedshiftWarehouse(deps.data, deps.s3, settings.warehouse, {
      bucket: settings.stagingBucket,
      prefix: `${settings.source.name}/${job.name}/`,
      copyRoleArn: settings.copyRoleArn,
    });
    const result = await runSync({ ...job, sourceTimezone: settings.source.timezone }, source, warehouse, { runId, lockTtlMs: 16 * 60_000, deadline });
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
    logger.error('sync run failed', { job: job.name, error: message });
    await publishNotification(deps.sns, settings.topicArn, {
      source: 'mysql-sync',
      severity: 'failure',
      title: `Sync job ${job.name} failed`,
      fields: [
        { title: 'Job', value: `${job.name} (${job.mode})` },
        { title: 'Table', value: `${settings.source.name}:${settings.source.database}.${job.table} -> ${job.target.schema}.${job.target.table}` },
        { title: 'Error', value: message },
      ],
    }).catch((publishError: unknown) => {
      // Without the alert the failure would go unseen: fail the invocation so the Errors alarm reports it.
      logger.error('could not publish the failure', { error: String(publishError) });
      throw error;
    });
    metrics.addDimension('Job', job.name);
    metrics.addMetric('FailedRuns', MetricUnit.Count, 1);
    return { job: job.name, status: 'failed', error: message };
  } finally {
    await source?.close();
  }
}

let settings: SyncSettings | undefined;
let dependencies: SyncDependencies | undefined;

async function runInvocation(event: unknown, context: Context): Promise<SyncResult | SyncFailure> {
  settings ??= settingsFromEnvironment();
  dependencies ??= { data: new RedshiftDataClient({}), s3: new S3Client({}), sns: new SNSClient({}) };
  return runJob(settings, event, context.awsRequestId, dependencies, new Date(Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS));
}

export const handler = middy(runInvocation).use(injectLambdaContext(logger)).use(logMetrics(metrics));

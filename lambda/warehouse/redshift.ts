/**
 * Redshift through the Data API: statements by ExecuteStatement (polled with DescribeStatement, the failing
 * statement's error text surfaced), one load as one BatchExecuteStatement (a single transaction), rows staged
 * as gzip CSV parts in S3 and loaded with COPY ... MANIFEST. Credentials come from a Secrets Manager secret.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RedshiftData, RedshiftStatementError, RedshiftStatementTimeout, type RedshiftConnection, type RedshiftDataOptions } from './data-api';
import { COPY_CSV_FORMAT, copyFromS3Sql, isRoleArn, queryLoadErrorsSql, s3UrlParts, type WarehouseType } from './copy';
import { clientToken } from './retry';
import { acquireLeaseSql, ensureStateRowSql, releaseLeaseSql } from './job-state';
import { createStateTable, isStagedParts, type JobLock, type LoadRequest, type Warehouse, type WarehouseColumn } from './warehouse';

const gzip = promisify(gzipCallback);

export { RedshiftStatementError, RedshiftStatementTimeout, type RedshiftConnection } from './data-api';

export interface StagingArea {
  readonly bucket: string;
  /** Key prefix of this job's files, ending in /. */
  readonly prefix: string;
  /** Role the cluster assumes to read the files (IAM_ROLE of COPY). */
  readonly copyRoleArn: string;
}

export interface RedshiftOptions extends RedshiftDataOptions {
  /** Uncompressed CSV per part file. @default 64 MiB */
  readonly partBytes?: number;
}

export class RedshiftWarehouse implements Warehouse {
  readonly dialect = 'redshift' as const;
  private readonly sql: RedshiftData;
  /** Which system view holds COPY's rejected rows (STL_LOAD_ERRORS does not exist on Serverless). */
  private readonly warehouseType: WarehouseType;
  /** The job and run holding the lease (from lockJob): what the load's ClientToken is made from. */
  private lease?: JobLock;
  private loads = 0;
  /** Set when a load was cancelled but not seen to end: its lease is left to expire rather than released. */
  private unstoppedLoad?: string;

  constructor(
    data: RedshiftDataClient,
    private readonly s3: S3Client,
    connection: RedshiftConnection,
    private readonly staging: StagingArea,
    private readonly options: RedshiftOptions = {},
  ) {
    if (!isRoleArn(staging.copyRoleArn)) throw new Error(`copy role ${JSON.stringify(staging.copyRoleArn)} is not an IAM role ARN`);
    s3UrlParts(`s3://${staging.bucket}/${staging.prefix}manifest.json`);
    this.sql = new RedshiftData(data, connection, { ...options, statementName: 'platform-sync' });
    this.warehouseType = connection.workgroupName ? 'serverless' : 'provisioned';
  }

  query(sql: string): Promise<Record<string, unknown>[]> {
    return this.sql.query(sql);
  }

  execute(sql: string): Promise<number> {
    return this.sql.execute(sql);
  }

  describeTable(schema: string, table: string): Promise<WarehouseColumn[] | undefined> {
    return this.sql.describeTable(schema, table);
  }

  /** A lease row in sync_state, taken with a conditional UPDATE; it expires if its run dies. */
  async lockJob(lock: JobLock): Promise<boolean> {
    this.lease = lock;
    await createStateTable((sql) => this.execute(sql), lock.stateSchema);
    await this.execute(ensureStateRowSql(lock.stateSchema, lock.job, lock.mode));
    const now = new Date();
    // Two first runs of a new job may both have inserted its row (Redshift does not enforce the key). The lease
    // UPDATE is still all-or-nothing, so any row updated means this run holds the job; the twin rows then carry
    // the same lease and watermark and do no harm.
    return (await this.execute(acquireLeaseSql(lock.stateSchema, lock.job, lock.runId, now, new Date(now.getTime() + lock.ttlMs)))) >= 1;
  }

  /**
   * Releases the lease, unless a load of this run timed out and may still be running on the cluster despite its
   * CancelStatement: then the lease is left to expire, so the next run cannot overlap it.
   */
  async unlockJob(lock: JobLock): Promise<void> {
    if (this.unstoppedLoad) return;
    await this.execute(releaseLeaseSql(lock.stateSchema, lock.job, lock.runId));
  }

  async load(request: LoadRequest): Promise<void> {
    const folder = `${this.staging.prefix}${new Date().toISOString().slice(0, 10)}/${randomUUID()}/`;
    const parts = await this.stagedParts(request.data, folder);
    const statements = [...request.before];
    if (parts.length > 0) {
      const manifestKey = `${folder}manifest.json`;
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.staging.bucket,
          Key: manifestKey,
          ContentType: 'application/json',
          Body: JSON.stringify({ entries: parts.map((key) => ({ url: `s3://${this.staging.bucket}/${key}`, mandatory: true })) }),
        }),
      );
      statements.push(
        copyFromS3Sql({
          into: request.into.table,
          columns: request.into.columns,
          from: `s3://${this.staging.bucket}/${manifestKey}`,
          roleArn: this.staging.copyRoleArn,
          manifest: true,
          options: `GZIP ${COPY_CSV_FORMAT.redshift} TIMEFORMAT 'auto' DATEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF`,
        }),
      );
    }
    statements.push(...request.after());
    // The same job, run and load give the same token: a retried invocation of this run (Lambda retries with the same
    // request id, the run id) gets the first submit's statement back instead of loading the rows a second time.
    this.loads++;
    const token = this.lease ? clientToken('sync', this.lease.job, this.lease.runId, this.loads) : undefined;
    try {
      await this.sql.batch(statements, { clientToken: token, statementName: 'platform-sync' });
    } catch (error) {
      if (error instanceof RedshiftStatementTimeout && !error.stopped) this.unstoppedLoad = error.statementId;
      if (
        error instanceof RedshiftStatementError &&
        !(error instanceof RedshiftStatementTimeout) &&
        error.queryId !== undefined &&
        /load_error|Load into table/i.test(error.message)
      ) {
        throw new RedshiftStatementError(`${error.message}${await this.rejectedRows(error.queryId)}`, error.queryId);
      }
      throw error;
    }
  }

  /** The first rows the failed COPY rejected, from the warehouse type's view; nothing when they cannot be read. */
  private async rejectedRows(queryId: number): Promise<string> {
    try {
      const rows = await this.query(queryLoadErrorsSql(queryId, 3, this.warehouseType));
      if (rows.length === 0) return '';
      return `; rejected rows: ${rows.map((r) => `line ${r.line}, column ${r.column}: ${r.reason} (${r.file})`).join('; ')}`;
    } catch {
      return '';
    }
  }

  async analyze(): Promise<void> {
    // Redshift analyzes new tables by itself (automatic analyze).
  }

  async close(): Promise<void> {
    // The Data API keeps no connection open.
  }

  /** The S3 keys of the load's parts: uploaded from its streams (side by side), or already there. */
  private async stagedParts(data: LoadRequest['data'], folder: string): Promise<string[]> {
    if (isStagedParts(data)) return [...data.keys];
    const streams = Array.isArray(data) ? (data as readonly Readable[]) : [data as Readable];
    const partBytes = this.options.partBytes;
    // Workers' parts upload side by side, each compressed on libuv's thread pool, not on the one JavaScript thread.
    const keys = await Promise.all(
      streams.map((stream, i) => uploadCsvParts(this.s3, this.staging.bucket, streams.length > 1 ? `${folder}w${i + 1}-` : folder, stream, partBytes)),
    ).catch((error: unknown) => {
      for (const stream of streams) stream.destroy();
      throw error;
    });
    return keys.flat();
  }
}

/**
 * Streams CSV into gzip part files of about `partBytes` (uncompressed) each, keyed `<prefix>part-00001.csv.gz` and on;
 * returns their keys. Each part is compressed on libuv's thread pool.
 */
export async function uploadCsvParts(s3: S3Client, bucket: string, prefix: string, data: Readable, partBytes = 64 * 1024 * 1024): Promise<string[]> {
  const keys: string[] = [];
  let pending: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const key = `${prefix}part-${String(keys.length + 1).padStart(5, '0')}.csv.gz`;
    const body = await gzip(Buffer.concat(pending));
    pending = [];
    size = 0;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/csv', ContentEncoding: 'gzip' }));
    keys.push(key);
  };
  for await (const chunk of data) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    pending.push(bytes);
    size += bytes.length;
    if (size >= partBytes) await flush();
  }
  await flush();
  return keys;
}

/**
 * Redshift through the Data API: statements by ExecuteStatement (polled with DescribeStatement, the failing
 * statement's error text surfaced), one load as one BatchExecuteStatement (a single transaction), rows staged
 * as gzip CSV parts in S3 and loaded with COPY ... MANIFEST. Credentials come from a Secrets Manager secret.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RedshiftData, RedshiftStatementError, RedshiftStatementTimeout, type RedshiftConnection, type RedshiftDataOptions } from './data-api';
import { COPY_CSV_FORMAT, copyFromS3Sql, isRoleArn, queryLoadErrorsSql, s3UrlParts, type WarehouseType } from './copy';
import { clientToken } from './retry';
import { acquireLeaseSql, ensureStateRowSql, releaseLeaseSql } from './job-state';
import { createStateTable, isStagedParts, type JobLock, type LoadRequest, type Warehouse, type WarehouseColumn } from './warehouse';

export { RedshiftStatementError, RedshiftStatementTimeout, type RedshiftConnection } from './data-api';

export interface StagingArea {
  readonly bucket: string;
  /** Key prefix of this job's files, ending in /. */
  readonly prefix: string;
  /** Role the cluster assumes to read the files (IAM_ROLE of COPY). */
  readonly copyRoleArn: string;
}

export interface RedshiftOptions extends RedshiftDataOptions, PartOptions {}

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
    // The same job, run and load give the same token: a submit the SDK sends again after a lost answer gets the first
    // submit's statement back instead of starting a second load. A retried invocation has another run id; the lease,
    // the run record in the load's transaction and the delete-then-insert merges keep it from loading twice.
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
    const files = this.options.files ?? 1;
    const parts = { partBytes: this.options.partBytes ?? partBytesFor(streams.length * files), files };
    // Workers' parts upload side by side, each compressed on libuv's thread pool, not on the one JavaScript thread.
    // The first failure stops every stream, and the load fails with it once all have stopped, so no upload goes on.
    let firstError: { error: unknown } | undefined;
    const uploads = await Promise.allSettled(
      streams.map((stream, i) =>
        uploadCsvParts(this.s3, this.staging.bucket, streams.length > 1 ? `${folder}w${i + 1}-` : folder, stream, parts).catch((error: unknown) => {
          firstError ??= { error };
          for (const other of streams) other.destroy();
          throw error;
        }),
      ),
    );
    if (firstError) throw firstError.error;
    return uploads.flatMap((upload) => (upload.status === 'fulfilled' ? upload.value : []));
  }
}

/** What a load's files look like in S3. */
export interface PartOptions {
  /** Uncompressed CSV per file. @default partBytesFor(files) */
  readonly partBytes?: number;
  /** Files are written in sets of this many, of about equal size: the cluster's slices. @default 1 */
  readonly files?: number;
}

/**
 * CSV per file when a process writes `lanes` files at once (slices, times the workers' streams of one load): 64 MiB,
 * less when there are many, so that the compressed bytes held stay bounded (all lanes together hold at most 1 GiB of
 * CSV, compressed), never under 8 MiB (over the 1 MB compressed COPY's guidance asks for).
 */
export function partBytesFor(lanes: number): number {
  const MiB = 1024 * 1024;
  return Math.max(8 * MiB, Math.min(64 * MiB, Math.floor((1024 * MiB) / Math.max(1, lanes) / MiB) * MiB));
}

/** One file being written: its gzip stream, what came out of it so far, and how much CSV went in. */
interface Lane {
  gzip: Gzip;
  out: Buffer[];
  inBytes: number;
}

function openLane(): Lane {
  const lane: Lane = { gzip: createGzip(), out: [], inBytes: 0 };
  lane.gzip.on('data', (chunk: Buffer) => lane.out.push(chunk));
  return lane;
}

/**
 * Streams CSV (chunks of whole rows) into gzip part files keyed `<prefix>part-00001.csv.gz` and on; returns their keys.
 * As COPY's guidance asks (https://docs.aws.amazon.com/redshift/latest/dg/c_best-practices-use-multiple-files.html),
 * the files come in sets of `files` (the cluster's slices) of about equal size: the chunks are dealt to `files`
 * gzip streams in turn, and when the last of a round holds `partBytes` of CSV every stream becomes a file (the last
 * set may have fewer files when fewer chunks than files are left). Only
 * the compressed bytes are held, and gzip runs on libuv's thread pool, not on the one JavaScript thread.
 */
export async function uploadCsvParts(s3: S3Client, bucket: string, prefix: string, data: Readable, options: PartOptions = {}): Promise<string[]> {
  const lanes = Array.from({ length: Math.max(1, Math.trunc(options.files ?? 1)) }, openLane);
  const partBytes = options.partBytes ?? partBytesFor(lanes.length);
  const backlogBytes = partBytes / 16;
  const keys: string[] = [];
  const flush = async (index: number) => {
    const lane = lanes[index];
    if (lane.inBytes === 0) {
      lane.gzip.destroy();
      return;
    }
    lanes[index] = openLane();
    const key = `${prefix}part-${String(keys.length + 1).padStart(5, '0')}.csv.gz`;
    keys.push(key);
    const ended = once(lane.gzip, 'end');
    lane.gzip.end();
    await ended;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.concat(lane.out), ContentType: 'text/csv', ContentEncoding: 'gzip' }));
  };
  let next = 0;
  for await (const chunk of data) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    const index = next;
    next = (next + 1) % lanes.length;
    const lane = lanes[index];
    // Each lane compresses on its own; wait for one only when it falls well behind (a sixteenth of a file: all lanes
    // together at most 64 MiB, by partBytesFor), so that they work side by side.
    if (!lane.gzip.write(bytes) && lane.gzip.writableLength > backlogBytes) await once(lane.gzip, 'drain');
    lane.inBytes += bytes.length;
    // The lanes fill in turn: when the last of a round is full, all are, and the set is cut together, each file the
    // same number of chunks.
    if (index === lanes.length - 1 && lane.inBytes >= partBytes) await Promise.all(lanes.map((_, i) => flush(i)));
  }
  await Promise.all(lanes.map((_, index) => flush(index)));
  return keys;
}

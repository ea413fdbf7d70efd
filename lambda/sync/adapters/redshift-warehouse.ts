/**
 * Redshift through the Data API: statements by ExecuteStatement (polled with DescribeStatement, the failing
 * statement's error text surfaced), one load as one BatchExecuteStatement (a single transaction), rows staged
 * as gzip CSV parts in S3 and loaded with COPY ... MANIFEST. Credentials come from a Secrets Manager secret.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type DescribeStatementCommandOutput,
  GetStatementResultCommand,
  type Field,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { WAREHOUSE_IDENTIFIER } from '../../core/sql-identifiers';
import { acquireLeaseSql, ensureStateRowSql, releaseLeaseSql } from '../core/sql';
import type { JobLock, LoadRequest, Warehouse, WarehouseColumn } from './warehouse';

export interface RedshiftConnection {
  readonly database: string;
  /** Secret with the loading user's username and password. */
  readonly secretArn: string;
  /** A provisioned cluster, or */
  readonly clusterIdentifier?: string;
  /** a Serverless workgroup. */
  readonly workgroupName?: string;
}

export interface StagingArea {
  readonly bucket: string;
  /** Key prefix of this job's files, ending in /. */
  readonly prefix: string;
  /** Role the cluster assumes to read the files (IAM_ROLE of COPY). */
  readonly copyRoleArn: string;
}

export interface RedshiftOptions {
  /** Uncompressed CSV per part file. @default 64 MiB */
  readonly partBytes?: number;
  /** First wait between DescribeStatement calls; doubles up to 5 s. @default 200 ms */
  readonly pollMs?: number;
  /** Longest wait for one statement or batch. @default 14 minutes (a Lambda's limit) */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class RedshiftStatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedshiftStatementError';
  }
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9_.\/-]*$/;

export class RedshiftWarehouse implements Warehouse {
  readonly dialect = 'redshift' as const;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly data: RedshiftDataClient,
    private readonly s3: S3Client,
    private readonly connection: RedshiftConnection,
    private readonly staging: StagingArea,
    private readonly options: RedshiftOptions = {},
  ) {
    if (!connection.clusterIdentifier === !connection.workgroupName) throw new Error('give exactly one of clusterIdentifier and workgroupName');
    if (!ROLE_ARN.test(staging.copyRoleArn)) throw new Error(`copy role ${JSON.stringify(staging.copyRoleArn)} is not an IAM role ARN`);
    if (!BUCKET.test(staging.bucket) || !PREFIX.test(staging.prefix)) throw new Error('the staging bucket or prefix has characters COPY cannot take');
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private get target() {
    return {
      Database: this.connection.database,
      SecretArn: this.connection.secretArn,
      ...(this.connection.clusterIdentifier ? { ClusterIdentifier: this.connection.clusterIdentifier } : { WorkgroupName: this.connection.workgroupName }),
    };
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const { Id: id } = await this.run(sql);
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const page = await this.data.send(new GetStatementResultCommand({ Id: id, NextToken: token }));
      const names = (page.ColumnMetadata ?? []).map((c) => c.name ?? c.label ?? '');
      for (const record of page.Records ?? []) rows.push(Object.fromEntries(record.map((field, i) => [names[i], fieldValue(field)])));
      token = page.NextToken;
    } while (token);
    return rows;
  }

  async execute(sql: string): Promise<number> {
    return Number((await this.run(sql)).ResultRows ?? 0);
  }

  /**
   * From SVV_COLUMNS rather than the Data API's DescribeTable, whose table name is a LIKE pattern: `ad_providers`
   * would also match `adXproviders`. Both names are validated warehouse identifiers, so they can be literals.
   */
  async describeTable(schema: string, table: string): Promise<WarehouseColumn[] | undefined> {
    for (const name of [schema, table]) if (!WAREHOUSE_IDENTIFIER.test(name)) throw new Error(`unsafe SQL identifier ${JSON.stringify(name)}`);
    const rows = await this.query(
      `SELECT column_name, data_type, character_maximum_length FROM svv_columns WHERE table_schema = '${schema}' AND table_name = '${table}' ORDER BY ordinal_position`,
    );
    if (rows.length === 0) return undefined;
    return rows.map((r) => ({
      name: String(r.column_name),
      type: String(r.data_type).toUpperCase(),
      length: r.character_maximum_length === null || r.character_maximum_length === undefined ? undefined : Number(r.character_maximum_length),
    }));
  }

  /** A lease row in sync_state, taken with a conditional UPDATE; it expires if its run dies. */
  async lockJob(lock: JobLock): Promise<boolean> {
    await this.execute(ensureStateRowSql(lock.stateSchema, lock.job, lock.mode));
    const now = new Date();
    return (await this.execute(acquireLeaseSql(lock.stateSchema, lock.job, lock.runId, now, new Date(now.getTime() + lock.ttlMs)))) === 1;
  }

  async unlockJob(lock: JobLock): Promise<void> {
    await this.execute(releaseLeaseSql(lock.stateSchema, lock.job, lock.runId));
  }

  async load(request: LoadRequest): Promise<void> {
    const folder = `${this.staging.prefix}${new Date().toISOString().slice(0, 10)}/${randomUUID()}/`;
    const parts = await this.uploadParts(request.data, folder);
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
        `COPY ${request.into.table} (${request.into.columns.map((c) => `"${c}"`).join(', ')}) FROM 's3://${this.staging.bucket}/${manifestKey}' ` +
          `IAM_ROLE '${this.staging.copyRoleArn}' MANIFEST GZIP FORMAT AS CSV NULL AS '\\N' TIMEFORMAT 'auto' DATEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF`,
      );
    }
    statements.push(...request.after());
    const batch = await this.data.send(new BatchExecuteStatementCommand({ ...this.target, Sqls: statements, StatementName: 'platform-sync' }));
    await this.wait(batch.Id!);
  }

  async analyze(): Promise<void> {
    // Redshift analyzes new tables by itself (automatic analyze).
  }

  async close(): Promise<void> {
    // The Data API keeps no connection open.
  }

  /** Streams the CSV into gzip part files of about `partBytes` each; returns their keys. */
  private async uploadParts(data: Readable, folder: string): Promise<string[]> {
    const partBytes = this.options.partBytes ?? 64 * 1024 * 1024;
    const keys: string[] = [];
    let pending: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      if (size === 0) return;
      const key = `${folder}part-${String(keys.length + 1).padStart(5, '0')}.csv.gz`;
      await this.s3.send(new PutObjectCommand({ Bucket: this.staging.bucket, Key: key, Body: gzipSync(Buffer.concat(pending)), ContentType: 'text/csv', ContentEncoding: 'gzip' }));
      keys.push(key);
      pending = [];
      size = 0;
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

  private async run(sql: string): Promise<{ Id: string; ResultRows?: number }> {
    const started = await this.data.send(new ExecuteStatementCommand({ ...this.target, Sql: sql, StatementName: 'platform-sync' }));
    const finished = await this.wait(started.Id!);
    return { Id: started.Id!, ResultRows: finished.ResultRows };
  }

  /** Polls until the statement finishes; returns its final description. */
  private async wait(id: string): Promise<DescribeStatementCommandOutput> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 14 * 60_000);
    let delay = this.options.pollMs ?? 200;
    for (;;) {
      const described = await this.data.send(new DescribeStatementCommand({ Id: id }));
      if (described.Status === 'FINISHED') return described;
      if (described.Status === 'FAILED' || described.Status === 'ABORTED') {
        const failedSub = described.SubStatements?.find((s) => s.Status === 'FAILED');
        const detail = failedSub ? `statement ${failedSub.Id?.split(':').pop()} (${(failedSub.QueryString ?? '').slice(0, 120)}) failed: ${failedSub.Error}` : described.Error;
        throw new RedshiftStatementError(`Redshift ${described.Status === 'ABORTED' ? 'aborted the statement' : 'statement failed'}: ${detail ?? 'no error text'}`);
      }
      if (Date.now() > deadline) throw new RedshiftStatementError(`Redshift statement ${id} did not finish in time (status ${described.Status})`);
      await this.sleep(delay);
      delay = Math.min(5000, delay * 2);
    }
  }
}

function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
}

/**
 * Statements on Redshift through the Data API: ExecuteStatement polled with DescribeStatement until it finishes,
 * the failing statement's error text surfaced, results read page by page. Used by the MySQL sync's warehouse
 * adapter and by the Firehose route's schema deployment.
 */
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type DescribeStatementCommandOutput,
  GetStatementResultCommand,
  type Field,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { WAREHOUSE_IDENTIFIER } from '../core/sql-identifiers';

export interface RedshiftConnection {
  readonly database: string;
  /** Secret with the user's username and password. */
  readonly secretArn: string;
  /** A provisioned cluster, or */
  readonly clusterIdentifier?: string;
  /** a Serverless workgroup. */
  readonly workgroupName?: string;
}

export interface RedshiftDataOptions {
  /** First wait between DescribeStatement calls; doubles up to 5 s. @default 200 ms */
  readonly pollMs?: number;
  /** Longest wait for one statement or batch. @default 14 minutes (a Lambda's limit) */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Shown in SYS_QUERY_HISTORY and the console. @default 'platform' */
  readonly statementName?: string;
}

export interface CatalogColumn {
  readonly name: string;
  /** Upper-case type name as the catalog reports it: CHARACTER VARYING, INTEGER, NUMERIC, ... */
  readonly type: string;
  /** Declared length of character columns. */
  readonly length?: number;
  /** Precision and scale of NUMERIC columns. */
  readonly precision?: number;
  readonly scale?: number;
}

export class RedshiftStatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedshiftStatementError';
  }
}

export class RedshiftData {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: RedshiftDataClient,
    private readonly connection: RedshiftConnection,
    private readonly options: RedshiftDataOptions = {},
  ) {
    if (!connection.clusterIdentifier === !connection.workgroupName) throw new Error('give exactly one of clusterIdentifier and workgroupName');
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The Database / SecretArn / ClusterIdentifier or WorkgroupName part of every request. */
  get target(): { Database: string; SecretArn: string; ClusterIdentifier?: string; WorkgroupName?: string } {
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
      const page = await this.client.send(new GetStatementResultCommand({ Id: id, NextToken: token }));
      const names = (page.ColumnMetadata ?? []).map((c) => c.name ?? c.label ?? '');
      for (const record of page.Records ?? []) rows.push(Object.fromEntries(record.map((field, i) => [names[i], fieldValue(field)])));
      token = page.NextToken;
    } while (token);
    return rows;
  }

  /** One statement in its own transaction; returns the rows it changed. */
  async execute(sql: string): Promise<number> {
    return Number((await this.run(sql)).ResultRows ?? 0);
  }

  /**
   * From SVV_COLUMNS rather than the Data API's DescribeTable, whose table name is a LIKE pattern: `ad_providers`
   * would also match `adXproviders`. Both names are validated warehouse identifiers, so they can be literals.
   */
  async describeTable(schema: string, table: string): Promise<CatalogColumn[] | undefined> {
    for (const name of [schema, table]) if (!WAREHOUSE_IDENTIFIER.test(name)) throw new Error(`unsafe SQL identifier ${JSON.stringify(name)}`);
    const rows = await this.query(
      'SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM svv_columns ' +
        `WHERE table_schema = '${schema}' AND table_name = '${table}' ORDER BY ordinal_position`,
    );
    if (rows.length === 0) return undefined;
    return rows.map(catalogColumn);
  }

  /** Polls until the statement (or batch) finishes; returns its final description. */
  async wait(id: string): Promise<DescribeStatementCommandOutput> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 14 * 60_000);
    let delay = this.options.pollMs ?? 200;
    for (;;) {
      const described = await this.client.send(new DescribeStatementCommand({ Id: id }));
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

  private async run(sql: string): Promise<{ Id: string; ResultRows?: number }> {
    const started = await this.client.send(new ExecuteStatementCommand({ ...this.target, Sql: sql, StatementName: this.options.statementName ?? 'platform' }));
    const finished = await this.wait(started.Id!);
    return { Id: started.Id!, ResultRows: finished.ResultRows };
  }
}

/** A row of SVV_COLUMNS or information_schema.columns (same column names) as a CatalogColumn. */
export function catalogColumn(row: Record<string, unknown>): CatalogColumn {
  const number = (value: unknown) => (value === null || value === undefined ? undefined : Number(value));
  return {
    name: String(row.column_name),
    type: String(row.data_type).toUpperCase(),
    length: number(row.character_maximum_length),
    precision: number(row.numeric_precision),
    scale: number(row.numeric_scale),
  };
}

function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
}

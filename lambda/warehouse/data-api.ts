/**
 * Statements on Redshift through the Data API: ExecuteStatement (or BatchExecuteStatement, one transaction) polled
 * with DescribeStatement until it finishes, the failing statement's error text surfaced, results read page by page.
 * Used by the MySQL sync's warehouse adapter, the Athena route and the Firehose route's schema deployment.
 *
 * A statement Redshift cancelled for serializable isolation (error 1023) is submitted again after a jittered wait
 * (the decision is lambda/warehouse/retry.ts). A statement still running when the wait runs out is cancelled
 * (CancelStatement) before the error is thrown, so it cannot keep running on the cluster under the next run: a
 * statement keeps running after its client stops polling. https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_CancelStatement.html
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type DescribeStatementCommandOutput,
  GetStatementResultCommand,
  type Field,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { clientToken, retryAfterFailure, SERIALIZATION_RETRY, type StatementRetryPolicy } from '../warehouse/retry';
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
  /** Tries of a statement Redshift cancelled for serializable isolation. @default SERIALIZATION_RETRY */
  readonly retry?: StatementRetryPolicy;
  /** Uniform in [0, 1), for the backoff's jitter. @default Math.random */
  readonly random?: () => number;
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
  constructor(
    message: string,
    /** Redshift's query id of the failed statement (DescribeStatement's RedshiftQueryId), where it gave one. */
    readonly queryId?: number,
  ) {
    super(message);
    this.name = 'RedshiftStatementError';
  }
}

/**
 * The statement did not finish before the wait ran out. `stopped`: CancelStatement was sent and the statement is
 * known to have ended (ABORTED or FAILED); false when it may still be running.
 */
export class RedshiftStatementTimeout extends RedshiftStatementError {
  constructor(
    message: string,
    readonly statementId: string,
    readonly stopped: boolean,
  ) {
    super(message);
    this.name = 'RedshiftStatementTimeout';
  }
}

/** Looks after a CancelStatement until the statement has ended. */
const CANCEL_CHECKS = 10;

export interface BatchOptions {
  /** Idempotency token of the first submit (retries after a serialization conflict derive their own from it). */
  readonly clientToken?: string;
  readonly statementName?: string;
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
    return this.rows((await this.run(sql)).Id);
  }

  /** The rows of a finished statement, every page, by column name. */
  async rows(id: string): Promise<Record<string, unknown>[]> {
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

  /**
   * SQL statements run in one transaction (BatchExecuteStatement), submitted again while Redshift cancels them for
   * serializable isolation; returns the batch's final description (SubStatements hold each statement's ResultRows).
   */
  async batch(sqls: readonly string[], options: BatchOptions = {}): Promise<DescribeStatementCommandOutput> {
    return (
      await this.withRetries(options.clientToken, (token) =>
        this.client.send(
          new BatchExecuteStatementCommand({
            ...this.target,
            Sqls: [...sqls],
            StatementName: options.statementName ?? this.options.statementName ?? 'platform',
            ClientToken: token,
          }),
        ),
      )
    ).described;
  }

  /**
   * Polls until the statement (or batch) finishes; returns its final description. A statement still running when
   * the wait runs out is cancelled; one that finished meanwhile counts as finished.
   */
  async wait(id: string): Promise<DescribeStatementCommandOutput> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 14 * 60_000);
    let delay = this.options.pollMs ?? 200;
    for (;;) {
      const described = await this.client.send(new DescribeStatementCommand({ Id: id }));
      if (described.Status === 'FINISHED') return described;
      if (described.Status === 'FAILED' || described.Status === 'ABORTED') throw failure(described);
      if (Date.now() > deadline) {
        const ended = await this.cancel(id);
        if (ended?.Status === 'FINISHED') return ended;
        const stopped = ended !== undefined;
        throw new RedshiftStatementTimeout(
          `Redshift statement ${id} did not finish in time (status ${described.Status}); ${stopped ? `cancelled (${ended.Status})` : 'CancelStatement was sent, but it may still be running'}`,
          id,
          stopped,
        );
      }
      await this.sleep(delay);
      delay = Math.min(5000, delay * 2);
    }
  }

  /**
   * Sends CancelStatement and looks (at most `looks` times) until the statement has ended; returns its last
   * description, or undefined if it still runs. A statement that ended before the cancel reached it makes
   * CancelStatement fail: that is fine.
   */
  async cancel(id: string, looks = CANCEL_CHECKS): Promise<DescribeStatementCommandOutput | undefined> {
    try {
      await this.client.send(new CancelStatementCommand({ Id: id }));
    } catch {
      // "To be canceled, a query must be running": it may have just ended; the look below tells.
    }
    for (let look = 1; ; look++) {
      const described = await this.client.send(new DescribeStatementCommand({ Id: id }));
      if (described.Status === 'FINISHED' || described.Status === 'FAILED' || described.Status === 'ABORTED') return described;
      if (look >= looks) return undefined;
      await this.sleep(this.options.pollMs ?? 200);
    }
  }

  private async run(sql: string): Promise<{ Id: string; ResultRows?: number }> {
    const { id, described } = await this.withRetries(undefined, () =>
      this.client.send(new ExecuteStatementCommand({ ...this.target, Sql: sql, StatementName: this.options.statementName ?? 'platform' })),
    );
    return { Id: id, ResultRows: described.ResultRows };
  }

  /**
   * Submits, waits, and submits again while the failure is one retryAfterFailure retries. Each try has its own
   * token (the Data API would answer a repeated token with the failed statement); the tokens derive from the first.
   */
  private async withRetries(
    token: string | undefined,
    submit: (token: string | undefined) => Promise<{ Id?: string }>,
  ): Promise<{ id: string; described: DescribeStatementCommandOutput }> {
    const policy = this.options.retry ?? SERIALIZATION_RETRY;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      const started = await submit(token === undefined ? undefined : attempt === 1 ? token : clientToken(token, 'retry', attempt));
      try {
        return { id: started.Id!, described: await this.wait(started.Id!) };
      } catch (error) {
        if (!(error instanceof RedshiftStatementError) || error instanceof RedshiftStatementTimeout) throw error;
        const decision = retryAfterFailure(error.message, attempt, policy, random());
        if (!decision.retry) throw error;
        await this.sleep(decision.waitMs);
      }
    }
  }
}

/** The error of a FAILED or ABORTED statement, naming the failing statement of a batch. */
function failure(described: DescribeStatementCommandOutput): RedshiftStatementError {
  const failedSub = described.SubStatements?.find((s) => s.Status === 'FAILED');
  const detail = failedSub
    ? `statement ${failedSub.Id?.split(':').pop()} (${(failedSub.QueryString ?? '').slice(0, 120)}) failed: ${failedSub.Error}`
    : described.Error;
  const queryId = failedSub ? failedSub.RedshiftQueryId : described.RedshiftQueryId;
  return new RedshiftStatementError(
    `Redshift ${described.Status === 'ABORTED' ? 'aborted the statement' : 'statement failed'}: ${detail ?? 'no error text'}`,
    queryId || undefined,
  );
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

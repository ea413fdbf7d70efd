/**
 * The doctor's statements on the warehouse through the Data API, with values passed as parameters (`:name` in the
 * SQL), never concatenated. Submitted here, then waited for by lambda/warehouse/data-api.ts (polling, the error
 * text, cancelling a statement that outlives its wait) and read page by page by the same code.
 */
import { ExecuteStatementCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { RedshiftData, type RedshiftConnection } from '../../lambda/warehouse/data-api';

export interface StatementOptions {
  /** First wait between looks; doubles up to 5 s. @default 200 */
  readonly pollMs?: number;
  /** Longest wait for the statement. @default 60 s */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Shown in SYS_QUERY_HISTORY, so the doctor's statements are told from the platform's. */
export const DOCTOR_STATEMENT_NAME = 'platform-doctor';

export class DoctorStatements {
  private readonly data: RedshiftData;

  constructor(
    private readonly client: RedshiftDataClient,
    connection: RedshiftConnection,
    options: StatementOptions = {},
  ) {
    this.data = new RedshiftData(client, connection, { timeoutMs: 60_000, ...options, statementName: DOCTOR_STATEMENT_NAME });
  }

  /** Rows of a query. */
  async query(sql: string, parameters: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>[]> {
    return this.data.rows((await this.submit(sql, parameters)).Id);
  }

  /** Rows a statement changed. */
  async execute(sql: string, parameters: Readonly<Record<string, string>> = {}): Promise<number> {
    return (await this.submit(sql, parameters)).ResultRows;
  }

  private async submit(sql: string, parameters: Readonly<Record<string, string>>): Promise<{ Id: string; ResultRows: number }> {
    const entries = Object.entries(parameters);
    const { Id } = await this.client.send(
      new ExecuteStatementCommand({
        ...this.data.target,
        Sql: sql,
        StatementName: DOCTOR_STATEMENT_NAME,
        // The Data API refuses an empty list.
        ...(entries.length > 0 ? { Parameters: entries.map(([name, value]) => ({ name, value })) } : {}),
      }),
    );
    const described = await this.data.wait(Id!);
    return { Id: Id!, ResultRows: Number(described.ResultRows ?? 0) };
  }
}

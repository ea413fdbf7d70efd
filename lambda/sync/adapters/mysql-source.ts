/**
 * Reading a MySQL table: its columns from information_schema, then its rows as one streaming query inside a
 * consistent snapshot (bounded memory whatever the table size), with the session in UTC so TIMESTAMP values
 * arrive in UTC and DATETIME values as written.
 */
import { createConnection, type Connection } from 'mysql2';
import { quoteMysqlIdentifier as ident } from '../../core/sql-identifiers';
import type { SourceColumn } from '../core/mysql-types';

export interface MysqlConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export function parseMysqlUrl(url: string): MysqlConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('the source is not a URL of the form mysql://USER:PASS@HOST:PORT/DB');
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (u.protocol !== 'mysql:' || !u.hostname || !database) throw new Error('the source is not a URL of the form mysql://USER:PASS@HOST:PORT/DB');
  return { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database };
}

export class MysqlSource {
  private constructor(
    private readonly connection: Connection,
    readonly database: string,
  ) {}

  static async connect(options: MysqlConnectionOptions): Promise<MysqlSource> {
    const connection = createConnection({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      charset: 'utf8mb4',
      connectTimeout: 10_000,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      dateStrings: true,
      jsonStrings: true,
      timezone: 'Z',
    });
    try {
      await connection.promise().connect();
      await connection.promise().query("SET time_zone = '+00:00'");
    } catch (error) {
      connection.destroy();
      throw new Error(`cannot connect to MySQL at ${options.host}:${options.port}/${options.database}: ${(error as Error).message}`);
    }
    return new MysqlSource(connection, options.database);
  }

  async columns(table: string): Promise<SourceColumn[]> {
    const [rows] = await this.connection.promise().query(
      'SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, CHARACTER_MAXIMUM_LENGTH AS charMaxLength, ' +
        'NUMERIC_PRECISION AS numericPrecision, NUMERIC_SCALE AS numericScale, CHARACTER_SET_NAME AS charset, IS_NULLABLE AS nullable, COLUMN_KEY AS columnKey ' +
        'FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [this.database, table],
    );
    return (rows as Record<string, unknown>[]).map((r) => ({
      name: String(r.name),
      dataType: String(r.dataType).toLowerCase(),
      columnType: String(r.columnType).toLowerCase(),
      charMaxLength: r.charMaxLength === null ? null : Number(r.charMaxLength),
      numericPrecision: r.numericPrecision === null ? null : Number(r.numericPrecision),
      numericScale: r.numericScale === null ? null : Number(r.numericScale),
      charset: r.charset === null ? null : String(r.charset),
      nullable: r.nullable === 'YES',
      primaryKey: r.columnKey === 'PRI',
    }));
  }

  /** Begins the read-only snapshot every row of this run comes from. */
  async beginSnapshot(): Promise<void> {
    await this.connection.promise().query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await this.connection.promise().query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  }

  /**
   * Rows of `columns` (in that order) as arrays, streamed. `where` is built by the caller from quoted identifiers;
   * its values are passed as placeholders.
   */
  async *rows(table: string, columns: readonly string[], where?: { sql: string; values: unknown[] }): AsyncGenerator<unknown[]> {
    const sql = `SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)}${where ? ` WHERE ${where.sql}` : ''}`;
    const stream = this.connection.query({ sql, values: where?.values ?? [], rowsAsArray: true }).stream({ highWaterMark: 2000 });
    for await (const row of stream) yield row as unknown[];
  }

  async close(): Promise<void> {
    await this.connection.promise().end().catch(() => this.connection.destroy());
  }
}

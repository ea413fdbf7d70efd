/**
 * Reading a MySQL table: its columns from information_schema, then its rows as one streaming query inside a
 * consistent snapshot (bounded memory whatever the table size), with the session in UTC so TIMESTAMP values
 * arrive in UTC and DATETIME values as written.
 */
import { Readable } from 'node:stream';
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
   * The rows of `columns` (in that order), each turned into text by `encodeRow`, as a stream of text chunks.
   * Rows are taken straight from the driver's row events (no per-row stream machinery); when the consumer is
   * full the connection is paused, so memory stays bounded whatever the table size. `where` is built by the
   * caller from quoted identifiers; its values are passed as placeholders.
   */
  textStream(
    table: string,
    columns: readonly string[],
    where: { sql: string; values: unknown[] } | undefined,
    encodeRow: (row: unknown[]) => string,
    chunkChars = 256 * 1024,
  ): Readable {
    const sql = `SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)}${where ? ` WHERE ${where.sql}` : ''}`;
    const connection = this.connection;
    let started = false;
    let failed = false;
    let chunk = '';
    const stream = new Readable({
      read() {
        if (started) {
          connection.resume();
          return;
        }
        started = true;
        connection
          .query({ sql, values: where?.values ?? [], rowsAsArray: true })
          .on('result', (row) => {
            if (failed) return;
            try {
              chunk += encodeRow(row as unknown as unknown[]);
            } catch (error) {
              failed = true;
              stream.destroy(error as Error);
              return;
            }
            if (chunk.length >= chunkChars) {
              const more = stream.push(chunk);
              chunk = '';
              if (!more) connection.pause();
            }
          })
          .on('error', (error) => {
            failed = true;
            stream.destroy(error);
          })
          .on('end', () => {
            if (failed) return;
            if (chunk) stream.push(chunk);
            stream.push(null);
          });
      },
    });
    return stream;
  }

  async close(): Promise<void> {
    await this.connection.promise().end().catch(() => this.connection.destroy());
  }
}

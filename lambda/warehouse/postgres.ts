/** PostgreSQL as the warehouse stand-in: the same SQL, rows loaded with COPY FROM STDIN in the merge transaction. */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../core/sql-identifiers';
import { COPY_CSV_FORMAT } from './copy';
import { ensureStateRowSql, literal } from './job-state';
import { catalogColumn } from './data-api';
import { createStateTable, isStagedParts, type JobLock, type LoadRequest, type Warehouse, type WarehouseColumn } from './warehouse';

/**
 * A table's columns from information_schema.columns, as Redshift's SVV_COLUMNS gives them; a type from an
 * extension (PostGIS's geometry) is named by its type rather than 'USER-DEFINED'.
 */
const DESCRIBE_TABLE_SQL =
  "SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN upper(udt_name) ELSE data_type END AS data_type, " +
  'character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns ' +
  'WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position';

/** SQLSTATEs of a missing table and a missing schema. */
const UNDEFINED_TABLE = '42P01';
const UNDEFINED_SCHEMA = '3F000';
/** SQLSTATE of an unknown type, such as GEOMETRY without PostGIS. */
const UNDEFINED_OBJECT = '42704';
/** Above this many rows a stage is analyzed and merged by hash join; below, by key lookups. */
const LARGE_STAGE_ROWS = 50_000;

export class PostgresWarehouse implements Warehouse {
  readonly dialect = 'postgres' as const;

  /** The job whose advisory lock this session holds, until the load that commits its rows releases it. */
  private lockedJob: string | undefined;

  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<PostgresWarehouse> {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to PostgreSQL at ${describeUrl(url)}: ${(error as Error).message}`);
    }
    return new PostgresWarehouse(client);
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.client.query(sql)).rows as Record<string, unknown>[];
  }

  async execute(sql: string): Promise<number> {
    try {
      return (await this.client.query(sql)).rowCount ?? 0;
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_OBJECT && /type "geometry"/.test((error as Error).message)) {
        throw new Error(`${(error as Error).message}: MySQL's spatial columns become GEOMETRY, which PostgreSQL has with PostGIS (CREATE EXTENSION postgis)`);
      }
      throw error;
    }
  }

  /**
   * A session-level advisory lock (released by PostgreSQL itself if this process dies), then the job's state row.
   * sync_state is created when the row's INSERT finds no table: every later run saves the two round trips of
   * CREATE ... IF NOT EXISTS.
   */
  async lockJob(lock: JobLock): Promise<boolean> {
    const result = await this.client.query(`${advisoryLockSql('pg_try_advisory_lock', lock.job)} AS locked`);
    if (result.rows[0].locked !== true) return false;
    try {
      await this.ensureStateRow(lock);
    } catch (error) {
      await this.client.query(advisoryLockSql('pg_advisory_unlock', lock.job)).catch(() => undefined);
      throw error;
    }
    this.lockedJob = lock.job;
    return true;
  }

  private async ensureStateRow(lock: JobLock): Promise<void> {
    const sql = ensureStateRowSql(lock.stateSchema, lock.job, lock.mode);
    try {
      await this.client.query(sql);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== UNDEFINED_TABLE && code !== UNDEFINED_SCHEMA) throw error;
      await createStateTable((statement) => this.client.query(statement), lock.stateSchema);
      await this.client.query(sql);
    }
  }

  async unlockJob(lock: JobLock): Promise<void> {
    if (this.lockedJob !== lock.job) return; // released with the COMMIT of its load
    this.lockedJob = undefined;
    await this.client.query(advisoryLockSql('pg_advisory_unlock', lock.job));
  }

  async describeTable(schema: string, table: string): Promise<WarehouseColumn[] | undefined> {
    quoteWarehouseTable(schema, table); // validates both names
    const result = await this.client.query(DESCRIBE_TABLE_SQL, [schema, table]);
    if (result.rowCount === 0) return undefined;
    return result.rows.map(catalogColumn);
  }

  /**
   * Statements that follow one another go as one multi-statement query, a round trip each instead of one per
   * statement: PostgreSQL stops at the first that fails, which aborts the transaction as it would alone.
   */
  async load(request: LoadRequest): Promise<void> {
    const into = request.into.table;
    try {
      await this.client.query(['BEGIN', ...request.before].join(';\n'));
      const rows = await this.copy(into, request);
      // Without statistics the planner sizes the temporary stage by its pages and joins it to the target by key
      // lookups: right for a few thousand rows (ANALYZE would cost more than it saves), far too slow for a large
      // stage, which needs the statistics to get a hash join.
      const analyze = request.into.stage === true && rows > LARGE_STAGE_ROWS ? [`ANALYZE ${into}`] : [];
      // The job's rows and watermark are in once COMMIT returns: its lock goes in the same round trip.
      const unlock = this.lockedJob === undefined || request.keepLock ? [] : [advisoryLockSql('pg_advisory_unlock', this.lockedJob)];
      await this.client.query([...analyze, ...request.after(), 'COMMIT', ...unlock].join(';\n'));
      if (!request.keepLock) this.lockedJob = undefined;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** COPY of the request's rows into `table`; returns how many. */
  private async copy(table: string, request: LoadRequest): Promise<number> {
    if (isStagedParts(request.data)) throw new Error('parts staged in S3 load into Redshift only; the stand-in takes the rows themselves');
    const copy = this.client.query(copyFrom(`COPY ${table} (${request.into.columns.map(ident).join(', ')}) FROM STDIN WITH (${COPY_CSV_FORMAT.postgres})`));
    await pipeline(Array.isArray(request.data) ? interleave(request.data as readonly Readable[]) : (request.data as Readable), copy);
    return copy.rowCount;
  }

  /** Autovacuum would get there within a minute; the next incremental merge should not plan without statistics. */
  async analyze(schema: string, table: string): Promise<void> {
    await this.client.query(`ANALYZE ${ident(schema)}.${ident(table)}`);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** Sends Terminate and returns without waiting for the server to close its end, as libpq's PQfinish does. */
  disconnect(): void {
    this.client.end().catch(() => undefined);
  }
}

/**
 * One stream of the chunks of several, each chunk whole rows, in the order they arrive: the workers read side by
 * side, and the one COPY of the load transaction takes their rows. The first error ends it.
 */
export function interleave(streams: readonly Readable[]): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const drain = async (stream: Readable) => {
    for await (const chunk of stream) if (!out.write(chunk)) await once(out, 'drain');
  };
  Promise.all(streams.map(drain)).then(
    () => out.end(),
    (error: Error) => {
      for (const stream of streams) stream.destroy();
      out.destroy(error);
    },
  );
  return out;
}

/** A call of a session advisory lock function on the job's lock, one key per job name. */
function advisoryLockSql(fn: 'pg_try_advisory_lock' | 'pg_advisory_unlock', job: string): string {
  return `SELECT ${fn}(hashtext('sync:' || ${literal('job', job)}))`;
}

/** host:port/db of a connection URL, without the user's password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '(default port)'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** The warehouse side of a sync, behind one small interface: Redshift in production, PostgreSQL locally. */
import type { Readable } from 'node:stream';
import type { CatalogColumn } from './data-api';
import { stateTableSql } from './job-state';
import type { WarehouseDialect } from './types';

/** A column as the warehouse's catalog reports it. */
export type WarehouseColumn = CatalogColumn;

export interface JobLock {
  readonly job: string;
  /** The job's kind, kept in its state row (the sync's mode). */
  readonly mode: string;
  /** Schema of the sync_state table (where Redshift keeps the lease). */
  readonly stateSchema: string;
  readonly runId: string;
  /** How long the lock outlives a run that died without releasing it (Redshift). */
  readonly ttlMs: number;
}

export interface LoadRequest {
  /** Statements before the rows are loaded (create the stage table). */
  readonly before: readonly string[];
  /** Table (already quoted) and columns the CSV rows go into. */
  readonly into: {
    readonly table: string;
    readonly columns: readonly string[];
    /** A temporary stage the rows are merged from (PostgreSQL gathers its statistics when it is large). */
    readonly stage?: boolean;
  };
  /**
   * CSV text in chunks of whole rows (see core/csv.ts for the format), from one reader or one per parallel worker;
   * an error in any aborts the load. Redshift stages each stream as its own parts and loads them all by one COPY;
   * PostgreSQL's one COPY takes their chunks as they come.
   */
  readonly data: Readable | readonly Readable[] | StagedParts;
  /** Statements after the rows are loaded, computed once all data was read (merge, watermark). */
  readonly after: () => readonly string[];
  /** More loads of the job follow in this run: keep its lock past this load's commit. @default false */
  readonly keepLock?: boolean;
}

/** Load files already in the warehouse's staging bucket (gzip CSV parts, written by fanned-out extracts): Redshift only. */
export interface StagedParts {
  readonly keys: readonly string[];
}

export function isStagedParts(data: LoadRequest['data']): data is StagedParts {
  return !Array.isArray(data) && 'keys' in (data as object) && Array.isArray((data as StagedParts).keys);
}

export interface Warehouse {
  readonly dialect: WarehouseDialect;
  /** Rows of a read-only query. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** One statement in its own transaction; returns the rows it changed. */
  execute(sql: string): Promise<number>;
  /** The table's columns, or undefined when it does not exist. */
  describeTable(schema: string, table: string): Promise<WarehouseColumn[] | undefined>;
  /**
   * Takes the job's lock unless another run holds it, and makes sure the job has its row in sync_state (creating
   * the table on the first run of any job); false
   * means another run of the job is under way. The lock dies with a crashed run (PostgreSQL: with its session;
   * Redshift: when its lease expires).
   */
  lockJob(lock: JobLock): Promise<boolean>;
  unlockJob(lock: JobLock): Promise<void>;
  /** before → load rows → after, all in one transaction: all of it happens, or none. */
  load(request: LoadRequest): Promise<void>;
  /** After the first load into a new table: let the warehouse gather statistics if it does not by itself. */
  analyze(schema: string, table: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs CREATE ... IF NOT EXISTS statements. Two runs creating the same object at once can still collide (the
 * loser gets a duplicate-key error from the catalog); once more then finds the object there.
 */
export async function createIfMissing(execute: (sql: string) => Promise<unknown>, statements: readonly string[]): Promise<void> {
  for (const sql of statements) {
    try {
      await execute(sql);
    } catch {
      await execute(sql);
    }
  }
}

/** Creates sync_state's schema and table if missing. */
export function createStateTable(execute: (sql: string) => Promise<unknown>, stateSchema: string): Promise<void> {
  return createIfMissing(execute, stateTableSql(stateSchema));
}

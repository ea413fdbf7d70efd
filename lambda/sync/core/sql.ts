/**
 * The load transaction of a sync, valid on Redshift (no ON CONFLICT, no TRUNCATE inside the load transaction,
 * keys not enforced) and run unchanged on PostgreSQL, the local stand-in. The table itself is planned by the
 * warehouse layer (lambda/warehouse/planner.ts); the job's state row is lambda/warehouse/job-state.ts.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../../core/sql-identifiers';
import { recordProgressSql, recordRunSql, type RunRecord } from '../../warehouse/job-state';

export const SYNC_MODES = ['FULL_COPY', 'INCREMENTAL_COPY', 'UPDATE_LATEST_COPY'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const STAGE_TABLE = 'sync_stage';

export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

export function createStageSql(target: TableRef): string {
  return `CREATE TEMP TABLE ${ident(STAGE_TABLE)} (LIKE ${quoteWarehouseTable(target.schema, target.table)})`;
}

export interface LoadInput {
  readonly mode: SyncMode;
  readonly target: TableRef;
  readonly columns: readonly string[];
  /** Target key column (INCREMENTAL_COPY, UPDATE_LATEST_COPY). */
  readonly key?: string;
  readonly stateSchema: string;
  readonly job: string;
  /** The table was created by this run: there is nothing to merge with. */
  readonly targetIsNew?: boolean;
}

export interface LoadPlan {
  /** Statements before the rows are loaded. */
  readonly before: string[];
  /** The table the rows are copied into, and whether it is the temporary stage. */
  readonly into: string;
  readonly intoStage: boolean;
  /** Statements after the rows are loaded, in the same transaction; the watermark is kept unless given. */
  readonly after: (run: Omit<RunRecord, 'watermark'> & { readonly watermark?: string }) => string[];
}

/**
 * The statements of one load transaction. FULL_COPY empties the target with DELETE (not TRUNCATE, which would
 * commit on Redshift and show readers an empty table) and copies straight into it: readers see the old rows
 * until COMMIT. The incremental modes copy into a stage table and replace older versions by key, because keys
 * are not enforced on Redshift. The run is recorded last; a crash anywhere before COMMIT changes nothing.
 */
export function loadPlan(input: LoadInput): LoadPlan {
  const target = quoteWarehouseTable(input.target.schema, input.target.table);
  const recordRun: LoadPlan['after'] = (run) => [
    recordRunSql(input.stateSchema, input.job, { ...run, watermark: input.mode === 'FULL_COPY' ? null : run.watermark }),
  ];
  if (input.mode === 'FULL_COPY') return { before: [`DELETE FROM ${target}`], into: target, intoStage: false, after: recordRun };
  // A table created by this run holds nothing to merge with: the first load goes straight in.
  if (input.targetIsNew) return { before: [], into: target, intoStage: false, after: recordRun };
  if (!input.key) throw new Error(`${input.mode} needs a key column`);
  const stage = ident(STAGE_TABLE);
  const key = ident(input.key);
  const columns = input.columns.map(ident).join(', ');
  return {
    before: [createStageSql(input.target)],
    into: stage,
    intoStage: true,
    // The stage is dropped in the transaction that made it: a temporary table lives as long as its session, and a
    // session that loads twice (a reused connection) would find it there.
    after: (run) => [
      `DELETE FROM ${target} USING ${stage} WHERE ${target}.${key} = ${stage}.${key}`,
      `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage}`,
      ...recordRun(run),
      `DROP TABLE ${stage}`,
    ],
  };
}

/** The table a FULL_COPY stages its parts in across runs: a real table beside the target, which lives until the swap. */
export function fullCopyStage(target: TableRef): TableRef {
  return { schema: target.schema, table: `${target.table}__staging` };
}

/**
 * How the last step of a staged FULL_COPY replaces the target. `rename`: drop the target and rename the staging table
 * to it, the rows written once; only when nothing is lost by it: no view depends on the target (it would have to be
 * dropped too; late-binding views do not depend), and the staging table has the target's owner and grants (as when
 * both took them from the schema's default privileges). `copy`: `DELETE` and `INSERT ... SELECT` from the staging
 * table, which keeps the target itself, its grants and its views, and writes every row a second time.
 */
export type FullCopySwap = 'rename' | 'copy';

/**
 * What decides the swap, from the catalog tables that Redshift's leader node and PostgreSQL share: whether the
 * staging table has the target's owner and grants (relacl, compared whole), and how many views depend on the target,
 * found as Redshift's DROP TABLE page finds them (a view's rewrite rule depends on the table, and internally on the
 * view; Redshift's example joins by relfilenode, PostgreSQL records oids, so either counts: a false match only
 * chooses the copy). One row, or none when either table is missing.
 * https://docs.aws.amazon.com/redshift/latest/dg/r_DROP_TABLE.html
 */
export function swapFactsSql(target: TableRef): string {
  quoteWarehouseTable(target.schema, target.table); // validates both names, which are then safe as literals
  const stage = fullCopyStage(target);
  return (
    'SELECT t.relowner = s.relowner AS same_owner, ((t.relacl IS NULL AND s.relacl IS NULL) OR t.relacl = s.relacl) AS same_grants, ' +
    '(SELECT count(*) FROM pg_depend d_p JOIN pg_depend d_c ON d_c.objid = d_p.objid JOIN pg_class v ON d_c.refobjid IN (v.oid, v.relfilenode) ' +
    "WHERE d_p.refobjid IN (t.oid, t.relfilenode) AND d_c.deptype = 'i' AND v.relkind = 'v' AND v.oid <> t.oid) AS dependent_views " +
    'FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class s ON s.relnamespace = t.relnamespace ' +
    `WHERE n.nspname = '${target.schema}' AND t.relname = '${target.table}' AND s.relname = '${stage.table}'`
  );
}

/** The swap the catalog's facts (the rows of swapFactsSql) allow; anything unclear chooses the copy. */
export function fullCopySwap(facts: readonly Record<string, unknown>[]): FullCopySwap {
  const row = facts[0];
  const yes = (value: unknown) => value === true || value === 't';
  return row && yes(row.same_owner) && yes(row.same_grants) && Number(row.dependent_views) === 0 ? 'rename' : 'copy';
}

/**
 * A FULL_COPY spread over runs: each part's rows go into the staging table, and the key it reached is recorded as
 * the job's progress in the same transaction. Once every part is staged, `last` replaces the target with the staging
 * table's rows in one transaction (the engine runs it with no rows of its own), by `swap`: readers see the old table
 * until the new one is whole, and rows deleted in MySQL go. `intoPlace`: there is no target yet; the engine made the
 * staging table as the target would be made, and the last step renames it to the target.
 */
export function stagedFullCopyPlan(
  input: Omit<LoadInput, 'mode' | 'key' | 'targetIsNew'> & { readonly last: boolean; readonly swap?: FullCopySwap; readonly intoPlace?: boolean },
): LoadPlan {
  const target = quoteWarehouseTable(input.target.schema, input.target.table);
  const stage = fullCopyStage(input.target);
  const staging = quoteWarehouseTable(stage.schema, stage.table);
  const columns = input.columns.map(ident).join(', ');
  // RENAME TO takes the bare name: the table stays in its schema.
  const rename = `ALTER TABLE ${staging} RENAME TO ${ident(input.target.table)}`;
  const replace = input.intoPlace
    ? [rename]
    : input.swap === 'rename'
      ? [`DROP TABLE ${target}`, rename]
      : [`DELETE FROM ${target}`, `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${staging}`, `DROP TABLE ${staging}`];
  return {
    before: input.intoPlace ? [] : [`CREATE TABLE IF NOT EXISTS ${staging} (LIKE ${target})`],
    into: staging,
    intoStage: false,
    after: (run) =>
      input.last
        ? [...replace, recordRunSql(input.stateSchema, input.job, { ...run, watermark: null })]
        : [recordProgressSql(input.stateSchema, input.job, run.watermark)],
  };
}

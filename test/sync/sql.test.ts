import { planTable } from '../../lambda/warehouse/planner';
import { acquireLeaseSql, literal } from '../../lambda/warehouse/job-state';
import { fullCopyKey, targetTable, type SyncJob } from '../../lambda/sync/core/job';
import { mapColumn } from '../../lambda/sync/core/mysql-types';
import { fullCopySwap, loadPlan, stagedFullCopyPlan, swapFactsSql } from '../../lambda/sync/core/sql';

const base = { target: { schema: 'mysql_ads', table: 'ads' }, columns: ['id', 'title'], stateSchema: 'sync_meta', job: 'ads' };
const run = { rows: 3, now: new Date('2026-11-24T00:00:00Z') };
/** Every statement of a load transaction, before and after the rows. */
const transaction = (input: Parameters<typeof loadPlan>[0], watermark?: string) => {
  const plan = loadPlan(input);
  return [...plan.before, ...plan.after({ ...run, watermark })];
};

test('FULL_COPY empties the table with DELETE, never TRUNCATE, and copies straight into it in the same transaction', () => {
  const plan = loadPlan({ ...base, mode: 'FULL_COPY' });
  expect(plan.before).toEqual(['DELETE FROM "mysql_ads"."ads"']);
  expect(plan).toMatchObject({ into: '"mysql_ads"."ads"', intoStage: false });
  expect(plan.after(run)).toEqual([
    `UPDATE "sync_meta"."sync_state" SET watermark = NULL, rows_last_run = 3, last_success_at = '2026-11-24 00:00:00' WHERE job_name = 'ads'`,
  ]);
});

test('incremental modes delete older versions by key and keep the watermark when nothing was read', () => {
  const sql = transaction({ ...base, mode: 'UPDATE_LATEST_COPY', key: 'id' }, '2026-11-23 10:00:00.123');
  expect(sql).toEqual([
    'CREATE TEMP TABLE "sync_stage" (LIKE "mysql_ads"."ads")',
    'DELETE FROM "mysql_ads"."ads" USING "sync_stage" WHERE "mysql_ads"."ads"."id" = "sync_stage"."id"',
    'INSERT INTO "mysql_ads"."ads" ("id", "title") SELECT "id", "title" FROM "sync_stage"',
    `UPDATE "sync_meta"."sync_state" SET watermark = '2026-11-23 10:00:00.123', rows_last_run = 3, last_success_at = '2026-11-24 00:00:00' WHERE job_name = 'ads'`,
    'DROP TABLE "sync_stage"',
  ]);
  expect(loadPlan({ ...base, mode: 'UPDATE_LATEST_COPY', key: 'id' }).intoStage).toBe(true);
  expect(transaction({ ...base, mode: 'INCREMENTAL_COPY', key: 'id' })[3]).toContain('SET watermark = watermark');
  expect(() => loadPlan({ ...base, mode: 'INCREMENTAL_COPY' })).toThrow('INCREMENTAL_COPY needs a key column');
  for (const statement of [...sql, ...transaction({ ...base, mode: 'FULL_COPY' })]) expect(statement).not.toMatch(/ON CONFLICT|TRUNCATE|MERGE/);
});

test('the first load of an incremental job into a table created by the same run goes straight in', () => {
  const plan = loadPlan({ ...base, mode: 'INCREMENTAL_COPY', key: 'id', targetIsNew: true });
  expect(plan.before).toEqual([]);
  expect(plan.into).toBe('"mysql_ads"."ads"');
  expect(plan.after({ watermark: '7', rows: 7, now: run.now })).toEqual([
    `UPDATE "sync_meta"."sync_state" SET watermark = '7', rows_last_run = 7, last_success_at = '2026-11-24 00:00:00' WHERE job_name = 'ads'`,
  ]);
});

test('literals are refused unless they match their strict pattern', () => {
  expect(() => literal('watermark', "1' OR '1'='1")).toThrow('refusing to put watermark');
  expect(() => literal('job', 'Ads; DROP')).toThrow('refusing to put job');
  expect(() => transaction({ ...base, mode: 'INCREMENTAL_COPY', key: 'id' }, '1; DROP TABLE x')).toThrow();
  expect(() => planTable({ schema: 'Bad', table: 'ads', columns: [] }, undefined, 'redshift')).toThrow('unsafe SQL identifier');
  expect(acquireLeaseSql('sync_meta', 'ads', 'run-1', new Date('2026-11-24T00:00:00Z'), new Date('2026-11-24T00:30:00Z'))).toBe(
    `UPDATE "sync_meta"."sync_state" SET lease_owner = 'run-1', lease_until = '2026-11-24 00:30:00' WHERE job_name = 'ads' AND (lease_owner IS NULL OR lease_until < '2026-11-24 00:00:00')`,
  );
});

test('target DDL: Redshift types, PostgreSQL spelling of VARBYTE, no PRIMARY KEY, NOT NULL on the merge key only, sorted by it', () => {
  const col = (name: string, dataType: string) =>
    mapColumn({
      name,
      dataType,
      columnType: dataType,
      charMaxLength: 8,
      numericPrecision: null,
      numericScale: null,
      charset: 'utf8mb4',
      nullable: name !== 'id' && name !== 'n',
      primaryKey: name === 'id',
    });
  const columns = [col('id', 'bigint'), col('b', 'varbinary'), col('n', 'int')];
  const job = (mode: SyncJob['mode']): SyncJob => ({
    name: 't',
    table: 't',
    mode,
    key: mode === 'FULL_COPY' ? undefined : 'id',
    target: { schema: 's', table: 't' },
  });
  const ddl = (mode: SyncJob['mode'], dialect: 'redshift' | 'postgres') =>
    planTable(targetTable(job(mode), columns, columns[0].source), undefined, dialect).steps.map((s) => s.sql);
  // Redshift has no ALTER COLUMN ... DROP NOT NULL and refuses ALTER COLUMN ... TYPE on PRIMARY KEY columns
  // (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html): a column MySQL later drops or makes
  // nullable must already be nullable, and a VARCHAR key MySQL widens must carry no constraint.
  expect(ddl('FULL_COPY', 'redshift')[1]).toBe('CREATE TABLE IF NOT EXISTS "s"."t" ("id" BIGINT, "b" VARBYTE(8), "n" INTEGER)');
  for (const mode of ['INCREMENTAL_COPY', 'UPDATE_LATEST_COPY'] as const) {
    // Sorted by the key the merge deletes by: its zone maps let the DELETE read only the blocks holding the keys.
    expect(ddl(mode, 'redshift')).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "s"',
      'CREATE TABLE IF NOT EXISTS "s"."t" ("id" BIGINT NOT NULL, "b" VARBYTE(8), "n" INTEGER) SORTKEY ("id")',
    ]);
    // The stand-in's equivalent of the sort key is a plain B-tree index, constraining nothing.
    expect(ddl(mode, 'postgres')).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "s"',
      'CREATE TABLE IF NOT EXISTS "s"."t" ("id" BIGINT NOT NULL, "b" BYTEA, "n" INTEGER)',
      'CREATE INDEX ON "s"."t" ("id")',
    ]);
  }
});

test('a FULL_COPY over several runs: parts into the staging table with their progress, the last replaces the target', () => {
  const part = stagedFullCopyPlan({ ...base, last: false });
  expect(part.before).toEqual(['CREATE TABLE IF NOT EXISTS "mysql_ads"."ads__staging" (LIKE "mysql_ads"."ads")']);
  expect(part.into).toBe('"mysql_ads"."ads__staging"');
  expect(part.after({ ...run, watermark: '1000' })).toEqual([`UPDATE "sync_meta"."sync_state" SET watermark = '1000' WHERE job_name = 'ads'`]);
  expect(stagedFullCopyPlan({ ...base, last: true }).after({ ...run, watermark: '2500' })).toEqual([
    'DELETE FROM "mysql_ads"."ads"',
    'INSERT INTO "mysql_ads"."ads" ("id", "title") SELECT "id", "title" FROM "mysql_ads"."ads__staging"',
    'DROP TABLE "mysql_ads"."ads__staging"',
    `UPDATE "sync_meta"."sync_state" SET watermark = NULL, rows_last_run = 3, last_success_at = '2026-11-24 00:00:00' WHERE job_name = 'ads'`,
  ]);
  // By rename: the target goes and the staging table takes its name, in the same transaction as the run record.
  expect(stagedFullCopyPlan({ ...base, last: true, swap: 'rename' }).after({ ...run, watermark: '2500' })).toEqual([
    'DROP TABLE "mysql_ads"."ads"',
    'ALTER TABLE "mysql_ads"."ads__staging" RENAME TO "ads"',
    `UPDATE "sync_meta"."sync_state" SET watermark = NULL, rows_last_run = 3, last_success_at = '2026-11-24 00:00:00' WHERE job_name = 'ads'`,
  ]);
  // A first copy: the engine made the staging table as the target, so parts create nothing, and the last only renames.
  expect(stagedFullCopyPlan({ ...base, last: false, intoPlace: true }).before).toEqual([]);
  expect(stagedFullCopyPlan({ ...base, last: true, swap: 'rename', intoPlace: true }).after({ ...run, watermark: '2500' })).toEqual([
    'ALTER TABLE "mysql_ads"."ads__staging" RENAME TO "ads"',
    `UPDATE "sync_meta"."sync_state" SET watermark = NULL, rows_last_run = 3, last_success_at = '2026-11-24 00:00:00' WHERE job_name = 'ads'`,
  ]);
});

describe('how the staged copy replaces the target', () => {
  const facts = (row: Partial<{ same_owner: unknown; same_grants: unknown; dependent_views: unknown }> = {}) => [
    { same_owner: true, same_grants: true, dependent_views: 0, ...row },
  ];
  test('by rename when the staging table has the target owner and grants and no view depends on the target', () => {
    expect(fullCopySwap(facts())).toBe('rename');
    expect(fullCopySwap(facts({ same_owner: 't', same_grants: 't', dependent_views: '0' }))).toBe('rename');
  });
  test('by copy when a view depends on the target, the grants or the owner differ, a table is missing, or a fact is unclear', () => {
    expect(fullCopySwap(facts({ dependent_views: 1 }))).toBe('copy');
    expect(fullCopySwap(facts({ same_grants: false }))).toBe('copy');
    expect(fullCopySwap(facts({ same_owner: false }))).toBe('copy');
    expect(fullCopySwap(facts({ same_grants: null }))).toBe('copy');
    expect(fullCopySwap([])).toBe('copy');
  });
  test('the facts come from the catalog, the names as literals once validated', () => {
    expect(swapFactsSql({ schema: 'mysql_ads', table: 'ads' })).toContain("WHERE n.nspname = 'mysql_ads' AND t.relname = 'ads' AND s.relname = 'ads__staging'");
    expect(() => swapFactsSql({ schema: 'mysql_ads', table: "ads' OR '1" })).toThrow();
  });
});

test('a FULL_COPY is staged by a single integer primary key only, and only if it is copied', () => {
  const col = (name: string, dataType: string, primaryKey: boolean) => ({
    name,
    dataType,
    columnType: dataType,
    charMaxLength: null,
    numericPrecision: null,
    numericScale: null,
    charset: null,
    nullable: !primaryKey,
    primaryKey,
  });
  const id = col('id', 'bigint', true);
  const v = col('v', 'varchar', false);
  expect(fullCopyKey([id, v], [id, v])).toBe(id);
  expect(fullCopyKey([id, v], [v])).toBeUndefined();
  expect(fullCopyKey([col('code', 'varchar', true), v], [v])).toBeUndefined();
  expect(fullCopyKey([id, col('n', 'int', true)], [id])).toBeUndefined();
});

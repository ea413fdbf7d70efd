/**
 * Schema as code on deploy: every stream's table is planned against the warehouse first (so one refused change
 * stops the deployment before anything changed), then the JSONPaths files are written and the DDL is run.
 * Redshift through the Data API in the custom resource; PostgreSQL in the local replay. Same planning either way.
 */
import type { CatalogColumn } from '../warehouse/data-api';
import { jsonPathsKey, type StreamSpec } from './core/copy';
import { jsonPathsDocument, planTable, SchemaChangeError, type Dialect, type TablePlan, type TableSpec } from './core/table-schema';

/** What planning and applying DDL need from a warehouse; RedshiftData and PostgresWarehouse both have it. */
export interface SchemaTarget {
  describeTable(schema: string, table: string): Promise<CatalogColumn[] | undefined>;
  execute(sql: string): Promise<number>;
}

/**
 * Plans every table and refuses them all if any change is refused, naming the owner of each problem (`stream
 * click: ...`). Streams deploy their tables with it; Athena jobs evolve their targets with it before a load.
 */
export async function planTables(
  target: SchemaTarget,
  tables: readonly (TableSpec & { readonly name: string })[],
  dialect: Dialect,
  owner: 'stream' | 'job' = 'stream',
): Promise<TablePlan[]> {
  const plans: TablePlan[] = [];
  const problems: string[] = [];
  for (const table of tables) {
    try {
      plans.push(planTable(table, await target.describeTable(table.schema, table.table), dialect));
    } catch (error) {
      if (!(error instanceof SchemaChangeError)) throw error;
      problems.push(...error.problems.map((p) => `${owner} ${table.name}: ${p}`));
    }
  }
  if (problems.length > 0) throw new SchemaChangeError(problems);
  return plans;
}

export async function applyPlans(target: SchemaTarget, plans: readonly TablePlan[]): Promise<string[]> {
  for (const plan of plans) for (const sql of plan.statements) await target.execute(sql);
  return plans.flatMap((p) => p.changes);
}

export interface JsonPathsWriter {
  put(key: string, body: string): Promise<void>;
}

/** Plans every table, refuses the lot if any change is refused, then writes the JSONPaths and applies the DDL. */
export async function deploySchema(target: SchemaTarget, files: JsonPathsWriter, streams: readonly StreamSpec[]): Promise<string[]> {
  const plans = await planTables(target, streams, 'redshift');
  for (const stream of streams) await files.put(jsonPathsKey(stream.name), `${JSON.stringify(jsonPathsDocument(stream.columns), null, 2)}\n`);
  return applyPlans(target, plans);
}

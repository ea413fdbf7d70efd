/**
 * Schema as code on deploy: every stream's table is planned against the warehouse first (so one refused change
 * stops the deployment before anything changed), then the JSONPaths files are written and the DDL is run.
 * Redshift through the Data API in the custom resource; PostgreSQL in the local replay. Same planning either way.
 */
import { applyPlans, declaredColumns, planTables, SchemaChangeError, type SchemaTarget, type TablePlan } from '../warehouse/planner';
import type { WarehouseDialect } from '../warehouse/types';
import { jsonPathsKey, type StreamSpec } from './core/copy';
import { jsonPathsDocument } from './core/table-schema';

export interface JsonPathsWriter {
  put(key: string, body: string): Promise<void>;
}

/** Plans the streams' tables; a refused change or an undeclarable type names its stream. */
export function planStreamTables(target: SchemaTarget, streams: readonly StreamSpec[], dialect: WarehouseDialect): Promise<TablePlan[]> {
  const problems: string[] = [];
  const tables = streams.map((stream) => {
    try {
      return { owner: `stream ${stream.name}`, schema: stream.schema, table: stream.table, columns: declaredColumns(stream.columns) };
    } catch (error) {
      if (!(error instanceof SchemaChangeError)) throw error;
      problems.push(...error.problems.map((p) => `stream ${stream.name}: ${p}`));
      return undefined;
    }
  });
  if (problems.length > 0) throw new SchemaChangeError(problems);
  return planTables(
    target,
    tables.filter((t) => t !== undefined),
    dialect,
  );
}

/** Plans every table, refuses the lot if any change is refused, then writes the JSONPaths and applies the DDL. */
export async function deploySchema(target: SchemaTarget, files: JsonPathsWriter, streams: readonly StreamSpec[]): Promise<string[]> {
  const plans = await planStreamTables(target, streams, 'redshift');
  for (const stream of streams) await files.put(jsonPathsKey(stream.name), `${JSON.stringify(jsonPathsDocument(stream.columns), null, 2)}\n`);
  return applyPlans(target, plans);
}

/**
 * The one table planner of every route: the columns a table should have, compared with what the warehouse's
 * catalog says it has. A missing table is created, a missing column added, a VARCHAR lengthened; nothing
 * is dropped, and any other change is refused with a message naming the table, the column and both types, because
 * Redshift changes a column's type in place only to lengthen a VARCHAR
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html, ALTER COLUMN column_name TYPE).
 *
 * Declared tables (a Firehose stream, an Athena job) say exactly what the table is: a column wider than declared is
 * refused too. Derived tables (the MySQL sync) need only hold the source's values: a column at least as wide is kept.
 */
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../core/sql-identifiers';
import type { CatalogColumn } from './data-api';
import { catalogType, columnTypeSql, formatRedshiftType, parseDeclarableType, type RedshiftType, type WarehouseDialect } from './types';

export interface PlannedColumn {
  readonly name: string;
  readonly type: RedshiftType;
  /** Declared NOT NULL (the sync's merge key only: Redshift's ALTER TABLE has no DROP NOT NULL). */
  readonly notNull?: boolean;
}

export interface TableSpec {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly PlannedColumn[];
  /**
   * The column a new table is sorted by on Redshift (SORTKEY), so a merge that deletes by it reads only the blocks
   * whose zone maps hold the keys; the stand-in gets a B-tree index on it, PostgreSQL's way to the same rows.
   * https://docs.aws.amazon.com/redshift/latest/dg/t_Sorting_data.html
   */
  readonly sortKey?: string;
}

export interface PlanOptions {
  /** 'exact' (declared tables) refuses a column wider than wanted; 'holds' (derived tables) keeps it. @default 'exact' */
  readonly match?: 'exact' | 'holds';
}

export interface PlanStep {
  /** One statement, run on its own: Redshift cannot ALTER COLUMN ... TYPE inside a transaction block. */
  readonly sql: string;
  /** What it does, for logs, run summaries and the deployment's output (nothing for CREATE SCHEMA IF NOT EXISTS). */
  readonly change?: string;
  /** The column a lengthening step alters (its failure is explained by the caller). */
  readonly lengthens?: string;
}

export interface TablePlan {
  readonly created: boolean;
  readonly steps: readonly PlanStep[];
  /** Notes that change nothing (columns kept though no longer wanted). */
  readonly notes: readonly string[];
}

export class SchemaChangeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'SchemaChangeError';
  }
}

/** Columns a configuration declares (name and type text); a type outside REDSHIFT_TYPE_RULE is refused by name. */
export function declaredColumns(columns: readonly { readonly name: string; readonly type: string }[]): PlannedColumn[] {
  const problems: string[] = [];
  const planned = columns.map((c) => {
    const type = parseDeclarableType(c.type);
    if (!type) problems.push(`column ${c.name}: ${JSON.stringify(c.type)} is not a Redshift type this platform declares`);
    return { name: c.name, type: type ?? { kind: 'VARCHAR', bytes: 1 } };
  });
  if (problems.length > 0) throw new SchemaChangeError(problems);
  return planned;
}

const INTEGER_RANK: Partial<Record<RedshiftType['kind'], number>> = { SMALLINT: 1, INTEGER: 2, BIGINT: 3 };

/** Whether a column of type `have` stores every value of type `want`. */
export function holds(have: RedshiftType, want: RedshiftType): boolean {
  if (formatRedshiftType(have) === formatRedshiftType(want)) return true;
  const haveRank = INTEGER_RANK[have.kind];
  const wantRank = INTEGER_RANK[want.kind];
  if (haveRank !== undefined && wantRank !== undefined) return haveRank >= wantRank;
  if (have.kind === 'DOUBLE PRECISION' && want.kind === 'REAL') return true;
  if (have.kind === 'DECIMAL' && want.kind === 'DECIMAL') return have.scale === want.scale && have.precision >= want.precision;
  if ((have.kind === 'VARCHAR' || have.kind === 'VARBYTE' || have.kind === 'CHAR') && have.kind === want.kind)
    return have.bytes >= (want as { bytes: number }).bytes;
  return false;
}

export function planTable(spec: TableSpec, existing: readonly CatalogColumn[] | undefined, dialect: WarehouseDialect, options: PlanOptions = {}): TablePlan {
  const table = quoteWarehouseTable(spec.schema, spec.table);
  const name = `${spec.schema}.${spec.table}`;
  const definition = (c: PlannedColumn) => `${ident(c.name)} ${columnTypeSql(c.type, dialect)}${c.notNull ? ' NOT NULL' : ''}`;
  if (!existing) {
    return {
      created: true,
      steps: [
        { sql: `CREATE SCHEMA IF NOT EXISTS ${ident(spec.schema)}` },
        {
          sql: `CREATE TABLE IF NOT EXISTS ${table} (${spec.columns.map(definition).join(', ')})${spec.sortKey && dialect === 'redshift' ? ` SORTKEY (${ident(spec.sortKey)})` : ''}`,
          change: `created ${name} with ${spec.columns.length} columns`,
        },
        ...(spec.sortKey && dialect === 'postgres' ? [{ sql: `CREATE INDEX ON ${table} (${ident(spec.sortKey)})` }] : []),
      ],
      notes: [],
    };
  }

  const current = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
  const steps: PlanStep[] = [];
  const problems: string[] = [];
  for (const column of spec.columns) {
    const found = current.get(column.name);
    const wanted = formatRedshiftType(column.type);
    if (!found) {
      // Added columns are nullable whatever was asked: rows already there have no value for them.
      steps.push({
        sql: `ALTER TABLE ${table} ADD COLUMN ${ident(column.name)} ${columnTypeSql(column.type, dialect)}`,
        change: `added ${name}.${column.name} ${wanted}`,
      });
      continue;
    }
    const have = catalogType(found);
    const haveText = have ? formatRedshiftType(have) : found.type;
    if (have && (haveText === wanted || (options.match === 'holds' && holds(have, column.type)))) continue;
    if (have?.kind === 'VARCHAR' && column.type.kind === 'VARCHAR' && column.type.bytes > have.bytes) {
      steps.push({
        sql: `ALTER TABLE ${table} ALTER COLUMN ${ident(column.name)} TYPE ${columnTypeSql(column.type, dialect)}`,
        change: `widened ${name}.${column.name} from ${haveText} to ${wanted}`,
        lengthens: column.name,
      });
      continue;
    }
    problems.push(refusal(name, column.name, haveText, wanted, have !== undefined && holds(have, column.type), options.match ?? 'exact'));
  }
  if (problems.length > 0) throw new SchemaChangeError(problems);
  const unwanted = existing.filter((c) => !spec.columns.some((d) => d.name === c.name.toLowerCase())).map((c) => c.name);
  return { created: false, steps, notes: unwanted.length > 0 ? [`kept ${name} columns no longer wanted (never dropped): ${unwanted.join(', ')}`] : [] };
}

function refusal(table: string, column: string, have: string, want: string, wider: boolean, match: 'exact' | 'holds'): string {
  const why = wider ? 'narrowing a column could cut stored values, so it is refused' : 'Redshift changes a column in place only to lengthen a VARCHAR';
  return match === 'exact'
    ? `${table}.${column} is ${have} in the warehouse but declared ${want}: ${why}; declare ${have} again, or add a new column and migrate the data by hand`
    : `${table}.${column} is ${have} in the warehouse but the source now needs ${want}: ${why}; rename the table away (the next run creates it anew and copies every row), ` +
        'or add a column of the new type, copy the values over, and drop the old one by hand';
}

/** What planning and applying need from a warehouse: the Data API adapter and both Warehouse implementations have it. */
export interface SchemaTarget {
  describeTable(schema: string, table: string): Promise<CatalogColumn[] | undefined>;
  execute(sql: string): Promise<number>;
}

/**
 * Plans every table and refuses them all if any change is refused, naming the owner of each problem (`stream
 * click: ...`), so one refused change stops a deployment before anything changed.
 */
export async function planTables(
  target: SchemaTarget,
  tables: readonly (TableSpec & { readonly owner: string })[],
  dialect: WarehouseDialect,
  options: PlanOptions = {},
): Promise<TablePlan[]> {
  const plans: TablePlan[] = [];
  const problems: string[] = [];
  for (const table of tables) {
    try {
      plans.push(planTable(table, await target.describeTable(table.schema, table.table), dialect, options));
    } catch (error) {
      if (!(error instanceof SchemaChangeError)) throw error;
      problems.push(...error.problems.map((p) => `${table.owner}: ${p}`));
    }
  }
  if (problems.length > 0) throw new SchemaChangeError(problems);
  return plans;
}

/** Runs every step, each on its own; returns what changed. */
export async function applyPlans(target: SchemaTarget, plans: readonly TablePlan[]): Promise<string[]> {
  for (const plan of plans) for (const step of plan.steps) await target.execute(step.sql);
  return plans.flatMap(planChanges);
}

/** What a plan changes, and its notes. */
export function planChanges(plan: TablePlan): string[] {
  return [...plan.steps.flatMap((s) => (s.change === undefined ? [] : [s.change])), ...plan.notes];
}

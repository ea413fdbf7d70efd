/**
 * Schema as code for the Firehose route: a stream's declared columns become its table's DDL and its JSONPaths
 * file. Planning compares the declaration with the warehouse's catalog: a missing table is created, a declared
 * column that is missing is added, a VARCHAR may grow; nothing is ever dropped or narrowed, and any other type
 * change is refused with a message that says what to do instead.
 */
import { formatRedshiftType, parseRedshiftType, type RedshiftType } from '../../warehouse/types';
import { quoteWarehouseIdentifier as ident, quoteWarehouseTable } from '../../core/sql-identifiers';
import type { CatalogColumn } from '../../warehouse/data-api';
import { dotSpellable, formatJsonPath, jsonPathNotation, parseJsonPath } from './json-values';

export type Dialect = 'redshift' | 'postgres';

export interface DeclaredColumn {
  readonly name: string;
  /** A Redshift type as the configuration spells it (see REDSHIFT_TYPE_RULE). */
  readonly type: string;
  /** Where the value sits in each JSON record. @default $.name */
  readonly jsonPath?: string;
}

export interface TableSpec {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly DeclaredColumn[];
}

export class SchemaChangeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'SchemaChangeError';
  }
}

/**
 * The JSONPaths file COPY reads: one path per declared column, in the column order of the COPY. COPY refuses a
 * file that mixes bracket and dot notation, so all paths are written in dot notation, or all in bracket notation
 * as soon as one path is declared in it or has a key dot notation cannot spell.
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html
 */
export function jsonPathsDocument(columns: readonly DeclaredColumn[]): { jsonpaths: string[] } {
  const declared = columns.map((c) => c.jsonPath ?? `$['${c.name}']`);
  const steps = declared.map(parseJsonPath);
  const dot = columns.every((c, i) => dotSpellable(steps[i]) && (c.jsonPath === undefined || ['dot', 'either'].includes(jsonPathNotation(c.jsonPath))));
  return { jsonpaths: steps.map((s) => formatJsonPath(s, dot ? 'dot' : 'bracket')) };
}

export function declaredType(column: DeclaredColumn): RedshiftType {
  const type = parseRedshiftType(column.type);
  if (!type) throw new SchemaChangeError([`column ${column.name}: ${JSON.stringify(column.type)} is not a Redshift type this platform declares`]);
  return type;
}

/** The type of a column as Redshift's SVV_COLUMNS (or PostgreSQL's information_schema) reports it. */
export function catalogType(column: CatalogColumn): RedshiftType | undefined {
  const type = column.type.toUpperCase();
  switch (type) {
    case 'CHARACTER VARYING':
      return { kind: 'VARCHAR', bytes: column.length ?? 256 };
    case 'CHARACTER':
      return { kind: 'CHAR', bytes: column.length ?? 1 };
    case 'NUMERIC':
      return { kind: 'DECIMAL', precision: column.precision ?? 18, scale: column.scale ?? 0 };
    case 'TIMESTAMP WITHOUT TIME ZONE':
      return { kind: 'TIMESTAMP' };
    case 'TIMESTAMP WITH TIME ZONE':
      return { kind: 'TIMESTAMPTZ' };
    case 'JSONB':
      return { kind: 'SUPER' };
    default:
      return parseRedshiftType(type);
  }
}

/** The type as DDL of the dialect spells it. PostgreSQL has no SUPER; it stands in with JSONB. */
export function ddlType(type: RedshiftType, dialect: Dialect): string {
  return dialect === 'postgres' && type.kind === 'SUPER' ? 'JSONB' : formatRedshiftType(type);
}

export interface TablePlan {
  /** Statements to run, each on its own (Redshift runs some ALTER TABLE forms only outside a transaction). */
  readonly statements: readonly string[];
  /** What the statements do, for logs and the deployment's output. */
  readonly changes: readonly string[];
}

export function planTable(spec: TableSpec, existing: readonly CatalogColumn[] | undefined, dialect: Dialect): TablePlan {
  const table = quoteWarehouseTable(spec.schema, spec.table);
  const name = `${spec.schema}.${spec.table}`;
  const declared = spec.columns.map((c) => ({ name: c.name, type: declaredType(c) }));
  if (!existing) {
    // No NOT NULL: a record without a field loads NULL, as COPY does for a missing JSONPath.
    const columns = declared.map((c) => `${ident(c.name)} ${ddlType(c.type, dialect)}`).join(', ');
    return {
      statements: [`CREATE SCHEMA IF NOT EXISTS ${ident(spec.schema)}`, `CREATE TABLE IF NOT EXISTS ${table} (${columns})`],
      changes: [`created ${name} with ${declared.length} columns`],
    };
  }

  const current = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
  const statements: string[] = [];
  const changes: string[] = [];
  const problems: string[] = [];
  for (const column of declared) {
    const found = current.get(column.name);
    const wanted = formatRedshiftType(column.type);
    if (!found) {
      statements.push(`ALTER TABLE ${table} ADD COLUMN ${ident(column.name)} ${ddlType(column.type, dialect)}`);
      changes.push(`added ${name}.${column.name} ${wanted}`);
      continue;
    }
    const have = catalogType(found);
    const haveText = have ? formatRedshiftType(have) : found.type;
    if (have && formatRedshiftType(have) === wanted) continue;
    if (have?.kind === 'VARCHAR' && column.type.kind === 'VARCHAR' && column.type.bytes > have.bytes) {
      statements.push(`ALTER TABLE ${table} ALTER COLUMN ${ident(column.name)} TYPE ${wanted}`);
      changes.push(`widened ${name}.${column.name} from ${haveText} to ${wanted}`);
      continue;
    }
    const narrowing = have?.kind === column.type.kind && (have.kind === 'VARCHAR' || have.kind === 'CHAR' || have.kind === 'DECIMAL');
    problems.push(
      `${name}.${column.name} is ${haveText} in the warehouse but declared ${wanted}: ` +
        (narrowing ? 'narrowing a column could cut stored values, so it is refused' : 'Redshift cannot change a column to another type in place') +
        `; declare ${haveText} again, or add a new column and migrate the data by hand`,
    );
  }
  if (problems.length > 0) throw new SchemaChangeError(problems);
  const undeclared = existing.filter((c) => !declared.some((d) => d.name === c.name.toLowerCase())).map((c) => c.name);
  if (undeclared.length > 0) changes.push(`kept ${name} columns not declared any more (never dropped): ${undeclared.join(', ')}`);
  return { statements, changes };
}

/**
 * Schema as code for the Firehose route: a stream's declared columns become its table (planned by the warehouse
 * layer's planner, lambda/warehouse/planner.ts) and its JSONPaths file.
 */
import { declaredColumns } from '../../warehouse/planner';
import type { DeclarableType } from '../../warehouse/types';
import { dotSpellable, formatJsonPath, jsonPathNotation, parseJsonPath } from './json-values';

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

/** The declared type of each column (a type outside REDSHIFT_TYPE_RULE is refused by name). */
export function declaredTypes(columns: readonly DeclaredColumn[]): DeclarableType[] {
  return declaredColumns(columns).map((c) => c.type as DeclarableType);
}

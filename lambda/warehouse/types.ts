/**
 * Redshift column types, parsed into a canonical form: what DDL spells, what the table planner compares, and
 * what each dialect calls them (the PostgreSQL stand-in has BYTEA for VARBYTE and JSONB for SUPER).
 */

/** The types a configuration may declare for a stream or an Athena job. */
export type DeclarableType =
  | { readonly kind: 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'REAL' | 'DOUBLE PRECISION' | 'BOOLEAN' }
  | { readonly kind: 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ' | 'SUPER' }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'CHAR' | 'VARCHAR'; readonly bytes: number };

/** Every type the platform creates: the declarable ones, and VARBYTE and GEOMETRY, which the sync derives. */
export type RedshiftType = DeclarableType | { readonly kind: 'VARBYTE'; readonly bytes: number } | { readonly kind: 'GEOMETRY' };

export type WarehouseDialect = 'redshift' | 'postgres';

export const REDSHIFT_TYPE_RULE =
  'SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, SUPER, ' +
  'DECIMAL(p,s) with 1 <= p <= 38 and 0 <= s <= min(p, 37), CHAR(n) with n <= 4096 bytes, VARCHAR(n) with n <= 65535 bytes, or VARCHAR(MAX)';

export const MAX_VARCHAR_BYTES = 65535;
export const MAX_CHAR_BYTES = 4096;
/** "VARBYTE ... up to 1,024,000 bytes" (https://docs.aws.amazon.com/redshift/latest/dg/r_VARBYTE_type.html). */
export const MAX_VARBYTE_BYTES = 1_024_000;
/** "The maximum size of a GEOMETRY object is 1,048,447 bytes" (https://docs.aws.amazon.com/redshift/latest/dg/spatial-limitations.html). */
export const MAX_GEOMETRY_BYTES = 1_048_447;

const SIMPLE: Record<string, RedshiftType['kind']> = {
  SMALLINT: 'SMALLINT',
  INT2: 'SMALLINT',
  INTEGER: 'INTEGER',
  INT: 'INTEGER',
  INT4: 'INTEGER',
  BIGINT: 'BIGINT',
  INT8: 'BIGINT',
  REAL: 'REAL',
  FLOAT4: 'REAL',
  'DOUBLE PRECISION': 'DOUBLE PRECISION',
  FLOAT8: 'DOUBLE PRECISION',
  FLOAT: 'DOUBLE PRECISION',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMPTZ',
  SUPER: 'SUPER',
  GEOMETRY: 'GEOMETRY',
};

export function parseRedshiftType(text: string): RedshiftType | undefined {
  const normalized = text
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1');
  const simple = SIMPLE[normalized];
  if (simple) return { kind: simple } as RedshiftType;

  const decimal = /^(?:DECIMAL|NUMERIC)(?:\((\d{1,2})(?:,(\d{1,2}))?\))?$/.exec(normalized);
  if (decimal) {
    const precision = decimal[1] === undefined ? 18 : Number(decimal[1]);
    const scale = decimal[2] === undefined ? 0 : Number(decimal[2]);
    // "The maximum precision for all DECIMAL values is 38, and the maximum scale is 37" (https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html).
    if (precision < 1 || precision > 38 || scale > precision || scale > 37) return undefined;
    return { kind: 'DECIMAL', precision, scale };
  }

  const text_ = /^(CHAR|CHARACTER|NCHAR|BPCHAR|VARCHAR|CHARACTER VARYING|NVARCHAR|TEXT)(?:\((\d{1,5}|MAX)\))?$/.exec(normalized);
  if (text_) {
    const kind = /^(CHAR|CHARACTER|NCHAR|BPCHAR)$/.test(text_[1]) ? 'CHAR' : 'VARCHAR';
    const max = kind === 'CHAR' ? MAX_CHAR_BYTES : MAX_VARCHAR_BYTES;
    if (text_[1] === 'TEXT' && text_[2] !== undefined) return undefined;
    // Redshift's defaults: CHAR is CHAR(1), VARCHAR and TEXT are VARCHAR(256).
    const bytes = text_[2] === 'MAX' ? max : text_[2] === undefined ? (kind === 'CHAR' ? 1 : 256) : Number(text_[2]);
    if (bytes < 1 || bytes > max) return undefined;
    return { kind, bytes };
  }
  const varbyte = /^(?:VARBYTE|VARBINARY|BINARY VARYING)(?:\((\d{1,7})\))?$/.exec(normalized);
  if (varbyte) {
    // Redshift's default VARBYTE is VARBYTE(64000).
    const bytes = varbyte[1] === undefined ? 64000 : Number(varbyte[1]);
    return bytes >= 1 && bytes <= MAX_VARBYTE_BYTES ? { kind: 'VARBYTE', bytes } : undefined;
  }
  return undefined;
}

/** A type a configuration may declare (see REDSHIFT_TYPE_RULE), or undefined. */
export function parseDeclarableType(text: string): DeclarableType | undefined {
  const type = parseRedshiftType(text);
  return type === undefined || type.kind === 'VARBYTE' || type.kind === 'GEOMETRY' ? undefined : type;
}

/**
 * The type of a column as Redshift's SVV_COLUMNS or PostgreSQL's information_schema.columns reports it (the
 * stand-in's BYTEA, JSONB and PostGIS geometry read as VARBYTE, SUPER and GEOMETRY); undefined for a type this
 * platform never creates.
 */
export function catalogType(column: {
  readonly type: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
}): RedshiftType | undefined {
  switch (column.type.toUpperCase()) {
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
    case 'BINARY VARYING':
      return { kind: 'VARBYTE', bytes: column.length ?? 64000 };
    case 'BYTEA':
      return { kind: 'VARBYTE', bytes: MAX_VARBYTE_BYTES };
    case 'JSONB':
      return { kind: 'SUPER' };
    default:
      return parseRedshiftType(column.type);
  }
}

/** The type as the dialect's DDL spells it. */
export function columnTypeSql(type: RedshiftType, dialect: WarehouseDialect): string {
  if (dialect === 'postgres' && type.kind === 'VARBYTE') return 'BYTEA';
  if (dialect === 'postgres' && type.kind === 'SUPER') return 'JSONB';
  return formatRedshiftType(type);
}

export function formatRedshiftType(type: RedshiftType): string {
  switch (type.kind) {
    case 'DECIMAL':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'CHAR':
    case 'VARCHAR':
    case 'VARBYTE':
      return `${type.kind}(${type.bytes})`;
    default:
      return type.kind;
  }
}

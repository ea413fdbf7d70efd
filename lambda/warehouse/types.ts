/**
 * The Redshift column types a configuration may declare, parsed into a canonical form.
 * Canonical text is what DDL uses and what schema comparison (add column, refuse narrowing) compares.
 */

export type RedshiftType =
  | { readonly kind: 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'REAL' | 'DOUBLE PRECISION' | 'BOOLEAN' }
  | { readonly kind: 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ' | 'SUPER' }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'CHAR' | 'VARCHAR'; readonly bytes: number };

export const REDSHIFT_TYPE_RULE =
  'SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, SUPER, ' +
  'DECIMAL(p,s) with 1 <= p <= 38 and 0 <= s <= min(p, 37), CHAR(n) with n <= 4096 bytes, VARCHAR(n) with n <= 65535 bytes, or VARCHAR(MAX)';

const SIMPLE: Record<string, RedshiftType['kind']> = {
  SMALLINT: 'SMALLINT', INT2: 'SMALLINT',
  INTEGER: 'INTEGER', INT: 'INTEGER', INT4: 'INTEGER',
  BIGINT: 'BIGINT', INT8: 'BIGINT',
  REAL: 'REAL', FLOAT4: 'REAL',
  'DOUBLE PRECISION': 'DOUBLE PRECISION', FLOAT8: 'DOUBLE PRECISION', FLOAT: 'DOUBLE PRECISION',
  BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  DATE: 'DATE', TIMESTAMP: 'TIMESTAMP', TIMESTAMPTZ: 'TIMESTAMPTZ', SUPER: 'SUPER',
};

export const MAX_VARCHAR_BYTES = 65535;
export const MAX_CHAR_BYTES = 4096;

export function parseRedshiftType(text: string): RedshiftType | undefined {
  const normalized = text.trim().toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1');
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
  return undefined;
}

export function formatRedshiftType(type: RedshiftType): string {
  switch (type.kind) {
    case 'DECIMAL':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'CHAR':
    case 'VARCHAR':
      return `${type.kind}(${type.bytes})`;
    default:
      return type.kind;
  }
}

/**
 * SQL identifier rules shared by synth-time configuration validation and the handlers that build SQL.
 *
 * Redshift folds unquoted and (by default) quoted identifiers to lower case and allows at most 127 bytes,
 * so warehouse names are restricted to lower-case ASCII: what is written in the configuration is exactly
 * what exists in the warehouse. MySQL names are case-preserving and at most 64 characters.
 */

export const WAREHOUSE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,126}$/;
export const WAREHOUSE_IDENTIFIER_RULE = 'a warehouse identifier: lower-case letters, digits and _, starting with a letter or _, at most 127 characters';

export const MYSQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;
export const MYSQL_IDENTIFIER_RULE = 'a MySQL identifier: letters, digits, _ and $, starting with a letter or _, at most 64 characters';

export class UnsafeIdentifierError extends Error {
  constructor(identifier: string, rule: string) {
    super(`unsafe SQL identifier ${JSON.stringify(identifier)}: expected ${rule}`);
    this.name = 'UnsafeIdentifierError';
  }
}

/** Double-quotes a validated warehouse identifier (Redshift and PostgreSQL syntax). */
export function quoteWarehouseIdentifier(identifier: string): string {
  if (!WAREHOUSE_IDENTIFIER.test(identifier)) throw new UnsafeIdentifierError(identifier, WAREHOUSE_IDENTIFIER_RULE);
  return `"${identifier}"`;
}

/** `"schema"."table"` for a validated pair. */
export function quoteWarehouseTable(schema: string, table: string): string {
  return `${quoteWarehouseIdentifier(schema)}.${quoteWarehouseIdentifier(table)}`;
}

/** Back-quotes a validated MySQL identifier. */
export function quoteMysqlIdentifier(identifier: string): string {
  if (!MYSQL_IDENTIFIER.test(identifier)) throw new UnsafeIdentifierError(identifier, MYSQL_IDENTIFIER_RULE);
  return `\`${identifier}\``;
}

/**
 * MySQL column → Redshift column, exactly: lengths in bytes of UTF-8, unsigned ranges, exact decimals, time zones,
 * zero dates, binary data. Each mapping names how values are written to the load files (the `value` kind).
 */
import { WAREHOUSE_IDENTIFIER } from '../../core/sql-identifiers';
import { formatRedshiftType, MAX_GEOMETRY_BYTES, MAX_VARBYTE_BYTES, MAX_VARCHAR_BYTES, parseRedshiftType, type RedshiftType } from '../../warehouse/types';

/** A column as information_schema.COLUMNS describes it. */
export interface SourceColumn {
  readonly name: string;
  /** DATA_TYPE, lower case: int, varchar, datetime, ... */
  readonly dataType: string;
  /** COLUMN_TYPE: `int(10) unsigned`, `tinyint(1)`, `enum('a','b')`, ... */
  readonly columnType: string;
  /** CHARACTER_MAXIMUM_LENGTH (characters for text, bytes for binary). */
  readonly charMaxLength: number | null;
  readonly numericPrecision: number | null;
  readonly numericScale: number | null;
  readonly charset: string | null;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
}

export type ValueKind =
  | 'number' // integers and DOUBLE as MySQL prints them
  | 'float' // FLOAT, read as the exact double it holds and written as the shortest text that is the same REAL
  | 'decimal' // exact decimal text
  | 'text' // quoted string, checked against the byte limit
  | 'date' // YYYY-MM-DD; zero dates become NULL
  | 'timestamp' // MySQL TIMESTAMP, read in UTC
  | 'datetime' // MySQL DATETIME: wall clock in the source's time zone
  | 'binary' // bytes, hex encoded
  | 'bit' // BIT(n) as an unsigned integer
  | 'geometry' // MySQL's SRID + WKB, written as hexadecimal EWKB
  | 'json'; // JSON text into SUPER, never cut

export interface TargetColumn {
  readonly source: SourceColumn;
  /** Warehouse column name (MySQL names are folded to lower case, as Redshift does). */
  readonly name: string;
  readonly type: RedshiftType;
  /** The type as DDL and messages spell it. */
  readonly redshiftType: string;
  readonly value: ValueKind;
  /** Largest value in bytes the target column holds (text and binary). */
  readonly maxBytes?: number;
}

/**
 * Redshift's VARCHAR counts UTF-8 bytes; MySQL counts characters of the column's character set. The most UTF-8
 * bytes one character of each set takes, measured on MariaDB for every one- and two-byte sequence (see
 * test/sync/charsets.test.ts): `latin1` is Windows-1252, whose € and ™ take 3. Sets whose characters may lie
 * outside the Basic Multilingual Plane take 4, and so does any set not listed.
 */
const BYTES_PER_CHAR: Record<string, number> = {
  ascii: 1,
  dec8: 2,
  latin2: 2,
  latin5: 2,
  swe7: 2,
  armscii8: 3,
  big5: 3,
  cp1250: 3,
  cp1251: 3,
  cp1256: 3,
  cp1257: 3,
  cp850: 3,
  cp852: 3,
  cp866: 3,
  cp932: 3,
  eucjpms: 3,
  euckr: 3,
  gb2312: 3,
  gbk: 3,
  geostd8: 3,
  greek: 3,
  hebrew: 3,
  hp8: 3,
  keybcs2: 3,
  koi8r: 3,
  koi8u: 3,
  latin1: 3,
  latin7: 3,
  macce: 3,
  macroman: 3,
  sjis: 3,
  tis620: 3,
  ucs2: 3,
  ujis: 3,
  utf8: 3,
  utf8mb3: 3,
  utf8mb4: 4,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  gb18030: 4,
};

/** UTF-8 bytes the longest character of a MySQL character set takes. */
export function utf8BytesPerChar(charset: string | null): number {
  return BYTES_PER_CHAR[charset ?? 'utf8mb4'] ?? 4;
}

/** MySQL's spatial types (DATA_TYPE), all one GEOMETRY in Redshift. */
const SPATIAL_TYPES = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

export class UnsupportedColumnError extends Error {
  constructor(column: string, reason: string) {
    super(`column ${JSON.stringify(column)}: ${reason}`);
    this.name = 'UnsupportedColumnError';
  }
}

export function mapColumn(column: SourceColumn): TargetColumn {
  const name = column.name.toLowerCase();
  if (!WAREHOUSE_IDENTIFIER.test(name)) {
    throw new UnsupportedColumnError(column.name, 'its name is not a warehouse identifier (letters, digits and _ only); rename it or exclude the table');
  }
  const unsigned = /\bunsigned\b/i.test(column.columnType);
  const map = (text: string, value: ValueKind, maxBytes?: number): TargetColumn => {
    const type = parseRedshiftType(text)!;
    return { source: column, name, type, redshiftType: formatRedshiftType(type), value, maxBytes };
  };
  const textBytes = (chars: number) => Math.min(MAX_VARCHAR_BYTES, Math.max(1, chars * utf8BytesPerChar(column.charset)));

  switch (column.dataType) {
    case 'tinyint': // tinyint(1) included: it may hold any value from -128 to 255, not only 0 and 1
      return map('SMALLINT', 'number');
    case 'smallint':
      return map(unsigned ? 'INTEGER' : 'SMALLINT', 'number');
    case 'mediumint':
      return map('INTEGER', 'number');
    case 'int':
    case 'integer':
      return map(unsigned ? 'BIGINT' : 'INTEGER', 'number');
    case 'bigint':
      // 18446744073709551615 does not fit BIGINT.
      return map(unsigned ? 'DECIMAL(20,0)' : 'BIGINT', unsigned ? 'decimal' : 'number');
    case 'year':
      return map('SMALLINT', 'number');
    case 'decimal':
    case 'numeric': {
      const precision = column.numericPrecision ?? 10;
      const scale = column.numericScale ?? 0;
      // Redshift stops at 38 digits; wider decimals are kept exact as text.
      return precision <= 38 ? map(`DECIMAL(${precision},${scale})`, 'decimal') : map(`VARCHAR(${precision + 2})`, 'text', precision + 2);
    }
    case 'float':
      return map('REAL', 'float');
    case 'double':
    case 'real':
      return map('DOUBLE PRECISION', 'number');
    case 'bit':
      return map(column.numericPrecision !== null && column.numericPrecision > 63 ? 'DECIMAL(20,0)' : 'BIGINT', 'bit');
    case 'char':
    case 'varchar':
    case 'enum':
    case 'set': {
      // Redshift CHAR holds single-byte characters only, so every string becomes VARCHAR of UTF-8 bytes.
      const bytes = textBytes(column.charMaxLength ?? 255);
      return map(`VARCHAR(${bytes})`, 'text', bytes);
    }
    case 'tinytext':
      return map(`VARCHAR(${textBytes(255)})`, 'text', textBytes(255));
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return map(`VARCHAR(${MAX_VARCHAR_BYTES})`, 'text', MAX_VARCHAR_BYTES);
    case 'json':
      // A document of any size up to the 4 MB COPY row, not only the 65,535 bytes of a VARCHAR; its strings
      // are held to 65,535 bytes each (https://docs.aws.amazon.com/redshift/latest/dg/limitations-super.html).
      return map('SUPER', 'json');
    case 'date':
      return map('DATE', 'date');
    case 'datetime':
      return map('TIMESTAMPTZ', 'datetime');
    case 'timestamp':
      return map('TIMESTAMPTZ', 'timestamp');
    case 'time':
      // MySQL TIME is a duration from -838:59:59 to 838:59:59, not a time of day.
      return map('VARCHAR(17)', 'text', 17);
    case 'binary':
    case 'varbinary': {
      const bytes = Math.min(MAX_VARBYTE_BYTES, Math.max(1, column.charMaxLength ?? 255));
      return map(`VARBYTE(${bytes})`, 'binary', bytes);
    }
    case 'tinyblob':
      return map('VARBYTE(255)', 'binary', 255);
    case 'blob':
      return map('VARBYTE(65535)', 'binary', 65535);
    case 'mediumblob':
    case 'longblob':
      return map(`VARBYTE(${MAX_VARBYTE_BYTES})`, 'binary', MAX_VARBYTE_BYTES);
    default:
      if (SPATIAL_TYPES.has(column.dataType)) return map('GEOMETRY', 'geometry', MAX_GEOMETRY_BYTES);
      throw new UnsupportedColumnError(column.name, `MySQL type ${column.columnType} has no Redshift mapping; leave the column out with excludeColumns`);
  }
}

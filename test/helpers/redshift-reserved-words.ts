/**
 * Amazon Redshift's reserved words, copied in full from the Database Developer Guide, "Reserved words":
 * https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html
 *
 * A reserved word is usable as a name only as a delimited identifier ("timestamp"). PostgreSQL reserves fewer
 * words (it takes `timestamp`, `tag`, `open`, `system` ... as bare column names), so the local stand-in cannot
 * catch these. The same page notes that START and CONNECT, though not reserved, fail as bare table aliases.
 *
 * Production code quotes every identifier it writes (lambda/core/sql-identifiers.ts), so only the tests need
 * the list; it lives with the test helpers.
 */
export const REDSHIFT_RESERVED_WORDS: ReadonlySet<string> = new Set(
  `AES128 AES256 ALL ALLOWOVERWRITE ANALYSE ANALYZE AND ANY ARRAY AS ASC AUTHORIZATION AZ64 BACKUP BETWEEN BINARY
  BLANKSASNULL BOTH BYTEDICT BZIP2 CASE CAST CHECK COLLATE COLUMN CONSTRAINT CREATE CREDENTIALS CROSS CURRENT_DATE
  CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURRENT_USER_ID DEFAULT DEFERRABLE DEFLATE DEFRAG DELTA DELTA32K DESC
  DISABLE DISTINCT DO ELSE EMPTYASNULL ENABLE ENCODE ENCRYPT ENCRYPTION END EXCEPT EXPLICIT FALSE FOR FOREIGN FREEZE
  FROM FULL GLOBALDICT256 GLOBALDICT64K GRANT GROUP GZIP HAVING IDENTITY IGNORE ILIKE IN INITIALLY INNER INTERSECT
  INTERVAL INTO IS ISNULL JOIN LEADING LEFT LIKE LIMIT LOCALTIME LOCALTIMESTAMP LUN LUNS LZO LZOP MINUS MOSTLY16
  MOSTLY32 MOSTLY8 NATURAL NEW NOT NOTNULL NULL NULLS OFF OFFLINE OFFSET OID OLD ON ONLY OPEN OR ORDER OUTER OVERLAPS
  PARALLEL PARTITION PERCENT PERMISSIONS PIVOT PLACING PRIMARY RAW READRATIO RECOVER REFERENCES REJECTLOG RESORT
  RESPECT RESTORE RIGHT SELECT SESSION_USER SIMILAR SNAPSHOT SOME SYSDATE SYSTEM TABLE TAG TDES TEXT255 TEXT32K THEN
  TIMESTAMP TO TOP TRAILING TRUE TRUNCATECOLUMNS UNION UNIQUE UNNEST UNPIVOT USER USING VERBOSE WALLET WHEN WHERE
  WITH WITHOUT`
    .split(/\s+/)
    .filter(Boolean),
);

/** Not reserved, but fail as bare table aliases (same page). */
export const REDSHIFT_UNSAFE_ALIASES: ReadonlySet<string> = new Set(['START', 'CONNECT']);

/**
 * PostgreSQL system column names Redshift refuses as user column names, quoted or not ("Unsupported PostgreSQL
 * features": https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html).
 */
export const POSTGRES_SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['oid', 'tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid']);

/**
 * The Redshift dialect checker itself: each rule fires on a statement that breaks it and stays quiet on the
 * Redshift way of saying the same thing.
 */
import { redshiftDialectProblems as problems, tokenize } from '../helpers/redshift-dialect';
import { REDSHIFT_RESERVED_WORDS } from '../helpers/redshift-reserved-words';

describe('tokenizer', () => {
  test('string literals, quoted identifiers, dollar quotes and comments are single tokens or skipped', () => {
    const tokens = tokenize(`SELECT 'it''s ON CONFLICT', "a""b" -- RETURNING\n/* jsonb */ FROM t WHERE x = :p AND y::int > 1.5e3 $$ DO $$`);
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:SELECT',
      "string:'it''s ON CONFLICT'",
      'op:,',
      'qident:"a""b"',
      'word:FROM',
      'word:t',
      'word:WHERE',
      'word:x',
      'op:=',
      'param::p',
      'word:AND',
      'word:y',
      'op:::',
      'word:int',
      'op:>',
      'number:1.5e3',
      'string:$$ DO $$',
    ]);
  });

  test('unterminated literals are reported, not thrown', () => {
    expect(problems("SELECT 'abc")).toEqual(['unterminated string literal at offset 7']);
    expect(problems('SELECT "abc')).toEqual(['unterminated quoted identifier at offset 7']);
    expect(problems('SELECT 1 /* x')).toEqual(['unterminated comment at offset 9']);
  });

  test('the reserved-word list is the documented one (spot checks at both ends and the ones PostgreSQL allows)', () => {
    expect(REDSHIFT_RESERVED_WORDS.size).toBe(156);
    for (const word of ['AES128', 'TIMESTAMP', 'USER', 'TAG', 'SYSTEM', 'OPEN', 'NEW', 'OLD', 'OFFSET', 'PARTITION', 'PERCENT', 'WITHOUT'])
      expect(REDSHIFT_RESERVED_WORDS.has(word)).toBe(true);
    for (const word of ['START', 'CONNECT', 'TYPE', 'MODE', 'NAME']) expect(REDSHIFT_RESERVED_WORDS.has(word)).toBe(false);
  });
});

describe('reserved words as identifiers', () => {
  // [bad statement, where the bare reserved word sits, the quoted form that passes]
  const cases: [string, string, string][] = [
    ["COPY events.t (id, timestamp) FROM 's3://b/m' MANIFEST GZIP", 'COPY column list', 'COPY events.t (id, "timestamp") FROM \'s3://b/m\' MANIFEST GZIP'],
    ["COPY system.t (id) FROM 's3://b/m'", 'qualified name', 'COPY "system".t (id) FROM \'s3://b/m\''],
    ["COPY tag (id) FROM 's3://b/m'", 'COPY table name', 'COPY "tag" (id) FROM \'s3://b/m\''],
    ['INSERT INTO t (id, user) SELECT 1, 2', 'INSERT column list', 'INSERT INTO t (id, "user") SELECT 1, 2'],
    ['CREATE TABLE t (id INT, open BOOLEAN)', 'column definition', 'CREATE TABLE t (id INT, "open" BOOLEAN)'],
    ['CREATE TABLE t (id INT, PRIMARY KEY (offset))', 'constraint column list', 'CREATE TABLE t (id INT, PRIMARY KEY ("offset"))'],
    ['CREATE TABLE t (id INT) SORTKEY (new)', 'SORTKEY column list', 'CREATE TABLE t (id INT) SORTKEY ("new")'],
    ['CREATE TABLE IF NOT EXISTS old (id INT)', 'name after TABLE', 'CREATE TABLE IF NOT EXISTS "old" (id INT)'],
    ['CREATE SCHEMA IF NOT EXISTS system', 'name after SCHEMA', 'CREATE SCHEMA IF NOT EXISTS "system"'],
    ['DELETE FROM t USING tag WHERE t.id = 1', 'name after USING', 'DELETE FROM t USING "tag" WHERE t.id = 1'],
    ['SELECT a FROM t JOIN u USING (timestamp)', 'USING column list', 'SELECT a FROM t JOIN u USING ("timestamp")'],
    ['ALTER TABLE t ADD COLUMN percent INT', 'name after ADD COLUMN', 'ALTER TABLE t ADD COLUMN "percent" INT'],
    ['ALTER TABLE t ALTER COLUMN partition TYPE VARCHAR(10)', 'name after ALTER COLUMN', 'ALTER TABLE t ALTER COLUMN "partition" TYPE VARCHAR(10)'],
    ['ALTER TABLE t RENAME COLUMN a TO tag', 'name after RENAME ... TO', 'ALTER TABLE t RENAME COLUMN a TO "tag"'],
    ['SELECT COUNT(*) AS open FROM t', 'alias after AS', 'SELECT COUNT(*) AS "open" FROM t'],
    ['SELECT id, tag FROM t', 'SELECT list column', 'SELECT id, "tag" FROM t'],
    ['SELECT id FROM t ORDER BY timestamp DESC', 'ORDER BY list', 'SELECT id FROM t ORDER BY "timestamp" DESC'],
    ['SELECT id FROM t GROUP BY offset', 'GROUP BY list', 'SELECT id FROM t GROUP BY "offset"'],
    ["UPDATE t SET system = 'x' WHERE id = 1", 'operand of =', `UPDATE t SET "system" = 'x' WHERE id = 1`],
    ["SELECT id FROM t WHERE timestamp >= '2026-01-01'", 'operand of >=', `SELECT id FROM t WHERE "timestamp" >= '2026-01-01'`],
    ['SELECT id FROM t WHERE tag IS NULL', 'operand of IS', 'SELECT id FROM t WHERE "tag" IS NULL'],
    ['SELECT COUNT(tag) FROM t', 'argument of COUNT()', 'SELECT COUNT("tag") FROM t'],
    ['SELECT NVL(user_id, 0), DATEADD(day, 1, open) FROM t', 'argument of DATEADD()', 'SELECT NVL(user_id, 0), DATEADD(day, 1, "open") FROM t'],
    ["SELECT id FROM t WHERE tag NOT IN ('a')", 'operand of NOT IN', `SELECT id FROM t WHERE "tag" NOT IN ('a')`],
    ['SELECT id FROM t WHERE open BETWEEN 1 AND 2', 'operand of BETWEEN', `SELECT id FROM t WHERE "open" BETWEEN 1 AND 2`],
  ];
  test.each(cases)('%s → flagged as %s', (bad, where, good) => {
    const found = problems(bad);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^reserved word \\w+ used as a bare identifier \\(${where.replace(/[.()]/g, '\\$&')}\\)`));
    expect(problems(good)).toEqual([]);
  });

  test("a reserved word after a dot is accepted (PostgreSQL grammar; AWS's Redshift admin views write n.oid), before a dot it is not", () => {
    expect(problems('SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace')).toEqual([]);
    expect(problems('SELECT tag.id FROM t tag')).toEqual([expect.stringContaining('reserved word tag used as a bare identifier (qualified name)')]);
  });

  test('reserved words inside string literals, comments and quoted identifiers are not identifiers', () => {
    expect(problems(`SELECT "timestamp", 'user tag open' FROM "system"."offset" WHERE "new" = 'old' -- timestamp, user`)).toEqual([]);
  });

  test('USER beside an operator is the current user (valid SQL), so it is not flagged there; as a column name it is', () => {
    expect(problems('SELECT id FROM t WHERE owner = USER')).toEqual([]);
    expect(problems('INSERT INTO t (user) SELECT 1')).toHaveLength(1);
  });

  test('reserved words used as keywords are fine: COPY options, typed literals, value keywords', () => {
    expect(
      problems(
        "COPY t FROM 's3://b/m' CREDENTIALS 'aws_iam_role=x' MANIFEST FORMAT AS JSON 's3://b/j' GZIP TIMEFORMAT AS 'auto' ACCEPTINVCHARS TRUNCATECOLUMNS COMPUPDATE OFF",
      ),
    ).toEqual([]);
    expect(problems("SELECT id FROM t WHERE at > TIMESTAMP '2026-01-01 00:00:00' AND who = CURRENT_USER AND n IS NOT NULL AND k = NULL")).toEqual([]);
    expect(problems('CREATE TABLE t (at TIMESTAMP, n INTEGER IDENTITY(1, 1))')).toEqual([]);
    expect(problems("SELECT CONVERT(TIMESTAMP, '2026-01-01'), CAST(x AS TIMESTAMP), NULLIF(a, NULL) FROM t")).toEqual([]);
  });

  test('PostgreSQL system column names are refused as column names, quoted or not', () => {
    expect(problems('CREATE TABLE t (id INT, "oid" INT)')).toEqual([expect.stringContaining('column name oid is a PostgreSQL system column name')]);
    expect(problems('ALTER TABLE t ADD COLUMN ctid INT')).toEqual([expect.stringContaining('column name ctid')]);
    expect(problems('CREATE TABLE t (id INT, oid_ref INT)')).toEqual([]);
  });
});

describe('PostgreSQL-only syntax, types and functions', () => {
  // [rule, PostgreSQL statement, message fragment, the Redshift statement that passes]
  const cases: [string, string, RegExp, string][] = [
    [
      'ON CONFLICT',
      'INSERT INTO t (id) SELECT 1 ON CONFLICT (id) DO NOTHING',
      /ON CONFLICT is PostgreSQL only/,
      'INSERT INTO t (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM t WHERE id = 1)',
    ],
    ['RETURNING', 'DELETE FROM t WHERE id = 1 RETURNING id', /RETURNING/, 'DELETE FROM t WHERE id = 1'],
    ['CREATE INDEX', 'CREATE UNIQUE INDEX t_id ON t (id)', /no indexes/, 'CREATE TABLE t (id INT) SORTKEY (id)'],
    ['USING hash', 'CREATE INDEX ON t USING hash (id)', /index access methods/, 'DELETE FROM t USING s WHERE t.id = s.id'],
    ['UNLOGGED', 'CREATE UNLOGGED TABLE t (id INT)', /UNLOGGED/, 'CREATE TEMP TABLE t (id INT)'],
    ['TABLESPACE', 'CREATE TABLE t (id INT) TABLESPACE fast', /tablespaces/, 'CREATE TABLE t (id INT) DISTSTYLE AUTO'],
    ['INHERITS', 'CREATE TABLE t (id INT) INHERITS (base)', /inheritance/, 'CREATE TABLE t (LIKE base)'],
    [
      'PARTITION BY',
      'CREATE TABLE t (id INT, ds DATE) PARTITION BY RANGE (ds)',
      /table partitioning/,
      'CREATE TABLE t AS SELECT ROW_NUMBER() OVER (PARTITION BY ds ORDER BY id) AS n FROM s',
    ],
    ['CREATE SEQUENCE', 'CREATE SEQUENCE t_id_seq', /sequences/, 'CREATE TABLE t (id BIGINT IDENTITY(1, 1))'],
    ['VALUES as a table', "SELECT * FROM (VALUES (1, 'a')) AS v (id, name)", /VALUES list used as a table/, "INSERT INTO t (id, name) VALUES (1, 'a')"],
    ['CHECK', 'CREATE TABLE t (id INT CHECK (id > 0))', /CHECK and EXCLUDE/, 'CREATE TABLE t (id INT NOT NULL)'],
    ['ARRAY[...]', "SELECT ARRAY['a', 'b']", /array constructors/, "SELECT SPLIT_TO_ARRAY('a,b', ',')"],
    ['ILIKE ANY', "SELECT id FROM t WHERE name ILIKE ANY ('{a%,b%}')", /LIKE\/ILIKE ANY/, "SELECT id FROM t WHERE name ILIKE 'a%' OR name ILIKE 'b%'"],
    [
      'GENERATED ALWAYS AS IDENTITY',
      'CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY)',
      /GENERATED/,
      'CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY (1, 1))',
    ],
    [
      'GENERATED BY DEFAULT AS IDENTITY without seed',
      'CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY)',
      /GENERATED/,
      'CREATE TABLE t (id BIGINT IDENTITY(0, 1))',
    ],
    ['COPY FROM STDIN', 'COPY t (id) FROM STDIN', /COPY reads only from S3/, "COPY t (id) FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/r' CSV"],
    ['COPY TO', "COPY t TO '/tmp/t.csv'", /COPY reads only from S3/, "UNLOAD ('SELECT * FROM t') TO 's3://b/p/' IAM_ROLE 'arn:aws:iam::123456789012:role/r'"],
    ['DO $$', 'DO $$ BEGIN PERFORM 1; END $$', /anonymous code blocks/, 'CALL refresh_all()'],
    ['ON COMMIT', 'CREATE TEMP TABLE s (LIKE t) ON COMMIT DROP', /ON COMMIT/, 'CREATE TEMP TABLE s (LIKE t)'],
    ['DROP NOT NULL', 'ALTER TABLE t ALTER COLUMN c DROP NOT NULL', /ALTER COLUMN takes only TYPE/, 'ALTER TABLE t ALTER COLUMN c ENCODE zstd'],
    ['SET DEFAULT', 'ALTER TABLE t ALTER COLUMN c SET DEFAULT 0', /ALTER COLUMN takes only TYPE/, 'ALTER TABLE t ALTER COLUMN c TYPE VARCHAR(200)'],
    [
      'ALTER COLUMN TYPE to a non-VARCHAR',
      'ALTER TABLE t ALTER COLUMN c TYPE BIGINT',
      /only widens a VARCHAR/,
      'ALTER TABLE t ALTER COLUMN c TYPE VARCHAR(512)',
    ],
    ['ADD COLUMN IF NOT EXISTS', 'ALTER TABLE t ADD COLUMN IF NOT EXISTS c INT', /IF NOT EXISTS/, 'ALTER TABLE t ADD COLUMN c INT'],
    ['two ALTER TABLE actions', 'ALTER TABLE t ADD COLUMN a VARCHAR(10), ADD COLUMN b INT', /one action/, 'ALTER TABLE t ADD COLUMN a VARCHAR(10)'],
    ['LOCK ... IN MODE', 'LOCK TABLE t IN ACCESS EXCLUSIVE MODE', /LOCK takes no lock mode/, 'LOCK t, u'],
    ['FOR UPDATE', 'SELECT id FROM t WHERE id = 1 FOR UPDATE', /row locking/, 'SELECT id FROM t WHERE id = 1'],
    [
      'writable CTE',
      'WITH gone AS (DELETE FROM t WHERE id = 1) SELECT 1',
      /writable common table expressions/,
      'WITH kept AS (SELECT id FROM t) SELECT id FROM kept',
    ],
    ['IS DISTINCT FROM', 'SELECT id FROM t WHERE a IS DISTINCT FROM b', /IS \[NOT\] DISTINCT FROM/, 'SELECT id FROM t WHERE NVL(a, 0) <> NVL(b, 0)'],
    ['DISTINCT ON', 'SELECT DISTINCT ON (k) k, v FROM t', /DISTINCT ON/, 'SELECT DISTINCT k, v FROM t'],
    ['COLLATE "C"', 'SELECT id FROM t ORDER BY name COLLATE "C"', /collations/, 'CREATE TABLE t (name VARCHAR(10) COLLATE CASE_INSENSITIVE)'],
    ['jsonb', 'CREATE TABLE t (doc jsonb)', /unsupported PostgreSQL data type jsonb/, 'CREATE TABLE t (doc SUPER)'],
    ['SERIAL', 'CREATE TABLE t (id SERIAL)', /serial types/, 'CREATE TABLE t (id INTEGER IDENTITY(1, 1))'],
    ['uuid in a cast', "SELECT 'a'::uuid", /the uuid type/, "SELECT 'a'::VARCHAR(36)"],
    ['::regclass', "SELECT 't'::regclass", /object identifier types/, "SELECT 't'::VARCHAR"],
    ['bytea in ADD COLUMN', 'ALTER TABLE t ADD COLUMN b bytea', /the bytea type/, 'ALTER TABLE t ADD COLUMN b VARBYTE(100)'],
    ['text[] arrays', 'CREATE TABLE t (tags text[])', /array type text\[\]/, 'CREATE TABLE t (tags SUPER)'],
    ['INTEGER ARRAY', 'SELECT CAST(x AS INTEGER ARRAY) FROM t', /array type/, 'SELECT CAST(x AS INTEGER) FROM t'],
    ['VARCHAR over 65535 bytes', 'CREATE TABLE t (s VARCHAR(100000))', /at most 65535 bytes/, 'CREATE TABLE t (s VARCHAR(65535))'],
    ['DECIMAL over 38 digits', 'CREATE TABLE t (n NUMERIC(40, 2))', /precision is at most 38/, 'CREATE TABLE t (n NUMERIC(38, 2))'],
    ['pg_advisory_lock', 'SELECT pg_advisory_lock(42)', /advisory lock functions/, 'LOCK t'],
    ['to_regclass', "SELECT to_regclass('s.t')", /object lookup functions/, "SELECT 1 FROM svv_tables WHERE table_schema = 's' AND table_name = 't'"],
    ['string_agg', "SELECT string_agg(name, ',') FROM t", /aggregate function/, "SELECT LISTAGG(name, ',') FROM t"],
    ['generate_series', 'SELECT * FROM generate_series(1, 10)', /does not support this function/, 'SELECT id FROM t LIMIT 10'],
    ['nextval', "SELECT nextval('t_id_seq')", /sequence functions/, 'SELECT MAX(id) + 1 FROM t'],
    ['jsonb_build_object', "SELECT jsonb_build_object('a', 1)", /PostgreSQL JSON functions/, "SELECT JSON_EXTRACT_PATH_TEXT('{\"a\": 1}', 'a')"],
    ['array_length', 'SELECT array_length(a, 1) FROM t', /PostgreSQL array functions/, 'SELECT GET_ARRAY_LENGTH(a) FROM t'],
    ['clock_timestamp', 'SELECT clock_timestamp()', /date\/time function/, 'SELECT GETDATE()'],
  ];
  test.each(cases)('%s', (_rule, postgres, message, redshift) => {
    expect(problems(postgres).join('\n')).toMatch(message);
    expect(problems(redshift)).toEqual([]);
  });

  test('SET LOCAL is Redshift SQL too (r_SET), so it is not flagged', () => {
    expect(problems("SET LOCAL query_group TO 'etl'")).toEqual([]);
  });

  test('forbidden words inside literals do not trip the rules', () => {
    expect(problems("INSERT INTO t (note) SELECT 'ON CONFLICT DO NOTHING RETURNING jsonb text[] pg_advisory_lock(1)'")).toEqual([]);
  });

  test('several statements are checked one by one and numbered', () => {
    expect(problems('BEGIN; INSERT INTO t (id) SELECT 1 RETURNING id; COMMIT')).toEqual([expect.stringMatching(/^statement 2: RETURNING is PostgreSQL only/)]);
  });
});

/** Every MySQL type through a FULL_COPY into the real PostgreSQL stand-in, value by value. */
import type { Connection } from 'mysql2/promise';
import type { Client } from 'pg';
import { catalogColumn } from '../../lambda/warehouse/data-api';
import { runSync } from '../../lambda/sync/engine';
import { mysqlAdmin, openPair, pgAdmin } from './databases';

let mysql: Connection;
let pg: Client;

beforeAll(async () => {
  mysql = await mysqlAdmin();
  pg = await pgAdmin();
  await mysql.query(`
    SET SESSION sql_mode = '';
    CREATE TABLE all_types (
      id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
      t_bool TINYINT(1), t_tiny_u TINYINT UNSIGNED, t_small SMALLINT, t_int_u INT UNSIGNED, t_big BIGINT, t_big_u BIGINT UNSIGNED,
      t_dec DECIMAL(38,10), t_dec_wide DECIMAL(50,5), t_float FLOAT, t_double DOUBLE, t_bit BIT(10), t_year YEAR,
      t_char CHAR(3), t_varchar VARCHAR(5), t_latin VARCHAR(5) CHARACTER SET latin1, t_text TEXT, t_json JSON,
      t_enum ENUM('small','large'), t_set SET('a','b','c'),
      t_date DATE, t_datetime DATETIME(6), t_ts TIMESTAMP(3) NULL DEFAULT NULL, t_time TIME,
      t_bin BINARY(4), t_varbin VARBINARY(10), t_blob BLOB
    ) CHARSET utf8mb4;
    INSERT INTO all_types VALUES
      (1, 2, 255, -32768, 4294967295, -9223372036854775808, 18446744073709551615,
       '1234567890123456789012345678.0123456789', '123456789012345678901234567890123456789012345.12345', 1.5, 0.1, b'1111111111', 2155,
       'é😀x', 'a😀"\t\n', 'ñé', 'tabs\there\nnew line "quotes" back\\\\slash 😀 한글', '{"k": [1, "😀"]}',
       'large', 'a,c', '2026-02-28', '2026-03-08 02:30:00.123456', '2038-01-19 03:14:07.999', '-838:59:59',
       0x00010203, 0x00, 0xDEADBEEF),
      (2, 0, 0, 0, 0, 0, 0, '0', '0', 0, 0, b'0', 1901, '', '', '', '', '[]', 'small', '', '0000-00-00', '0000-00-00 00:00:00', NULL, '00:00:00', 0x00000000, '', ''),
      (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  `);
});

afterAll(async () => {
  await mysql.end();
  await pg.end();
});

test('values survive exactly: ranges, decimals, text with tabs, newlines, quotes, backslashes and emoji, NULL versus empty', async () => {
  const pair = await openPair();
  try {
    const result = await runSync(
      { name: 'all-types', table: 'all_types', mode: 'FULL_COPY', target: { schema: 'types', table: 'all_types' }, sourceTimezone: 'Asia/Seoul' },
      pair.source,
      pair.warehouse,
      { runId: 'run-types' },
    );
    expect(result).toMatchObject({ status: 'ok', rowsWritten: 3, schemaChanges: ['created types.all_types with 27 columns'] });
  } finally {
    await pair.close();
  }

  const columns = [
    'id',
    't_bool',
    't_tiny_u',
    't_small',
    't_int_u',
    't_big',
    't_big_u',
    't_dec',
    't_dec_wide',
    't_float',
    't_double',
    't_bit',
    't_year',
    't_char',
    't_varchar',
    't_latin',
    't_text',
    't_json',
    't_enum',
    't_set',
    't_date',
  ];
  const { rows } = await pg.query(
    `SELECT ${columns.map((c) => `${c}::text AS ${c}`).join(', ')},
       to_char(t_datetime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS t_datetime,
       to_char(t_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS t_ts,
       t_time, encode(t_bin, 'hex') AS t_bin, encode(t_varbin, 'hex') AS t_varbin, encode(t_blob, 'hex') AS t_blob
     FROM types.all_types ORDER BY id`,
  );
  expect(rows[0]).toEqual({
    id: '1',
    t_bool: '2',
    t_tiny_u: '255',
    t_small: '-32768',
    t_int_u: '4294967295',
    t_big: '-9223372036854775808',
    t_big_u: '18446744073709551615',
    t_dec: '1234567890123456789012345678.0123456789',
    t_dec_wide: '123456789012345678901234567890123456789012345.12345',
    t_float: '1.5',
    t_double: '0.1',
    t_bit: '1023',
    t_year: '2155',
    t_char: 'é😀x',
    t_varchar: 'a😀"\t\n',
    t_latin: 'ñé',
    t_text: 'tabs\there\nnew line "quotes" back\\slash 😀 한글',
    t_json: '{"k": [1, "😀"]}',
    t_enum: 'large',
    t_set: 'a,c',
    t_date: '2026-02-28',
    t_datetime: '2026-03-07 17:30:00.123456', // 02:30 in Seoul is 17:30 UTC the day before
    t_ts: '2038-01-19 03:14:07.999',
    t_time: '-838:59:59',
    t_bin: '00010203',
    t_varbin: '00',
    t_blob: 'deadbeef',
  });
  expect(rows[1]).toMatchObject({
    t_bool: '0',
    t_bit: '0',
    t_char: '',
    t_varchar: '',
    t_text: '',
    t_set: '',
    t_date: null,
    t_datetime: null,
    t_ts: null,
    t_bin: '00000000',
    t_varbin: '',
    t_blob: '',
  });
  expect(Object.entries(rows[2]).filter(([k, v]) => k !== 'id' && v !== null)).toEqual([]);

  const types = await pg.query(
    "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_schema = 'types' AND table_name = 'all_types' ORDER BY ordinal_position",
  );
  const typeOf = (name: string) => types.rows.find((r: { column_name: string }) => r.column_name === name);
  expect(typeOf('t_big_u')).toMatchObject({ data_type: 'numeric', numeric_precision: 20, numeric_scale: 0 });
  expect(typeOf('t_varchar')).toMatchObject({ data_type: 'character varying', character_maximum_length: 20 });
  expect(typeOf('t_latin')).toMatchObject({ character_maximum_length: 15 });
  // MariaDB's JSON (LONGTEXT with CHECK (json_valid(...))) is found and loaded as SUPER (JSONB in the stand-in).
  expect(typeOf('t_json')).toMatchObject({ data_type: 'jsonb' });
  expect(typeOf('t_datetime')).toMatchObject({ data_type: 'timestamp with time zone' });
  expect(typeOf('id')).toMatchObject({ data_type: 'numeric' });
});

test("the warehouse's describeTable reads information_schema.columns, naming extension types", async () => {
  await pg.query(`CREATE SCHEMA IF NOT EXISTS types;
    DROP TABLE IF EXISTS types.described; CREATE TYPE pg_temp.mood AS ENUM ('ok');
    CREATE TABLE types.described (a VARCHAR(12), b CHAR(3), c NUMERIC(20,0), d NUMERIC, e INTEGER, f BIGINT, g SMALLINT, h DOUBLE PRECISION, i REAL,
      j TIMESTAMP, k TIMESTAMPTZ, l DATE, m BYTEA, n TEXT, o BOOLEAN, p INTEGER[], q pg_temp.mood, dropped INTEGER, r TIME);
    ALTER TABLE types.described DROP COLUMN dropped`);
  const catalog = await pg.query(
    "SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN upper(udt_name) ELSE data_type END AS data_type, character_maximum_length, numeric_precision, numeric_scale " +
      "FROM information_schema.columns WHERE table_schema = 'types' AND table_name = 'described' ORDER BY ordinal_position",
  );
  const pair = await openPair();
  try {
    const described = await pair.warehouse.describeTable('types', 'described');
    expect(described).toEqual(catalog.rows.map(catalogColumn));
    expect(described?.map((c) => c.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r']);
    expect(described?.find((c) => c.name === 'q')?.type).toBe('MOOD'); // a type of its own is named, as PostGIS's GEOMETRY must be
    expect(described?.find((c) => c.name === 'p')?.type).toBe('ARRAY');
    expect(await pair.warehouse.describeTable('types', 'no_such_table')).toBeUndefined();
  } finally {
    await pair.close();
  }
});

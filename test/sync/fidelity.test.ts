/**
 * Values the peers' MySQL type tests found changed or lost, through a real sync from MariaDB into the PostgreSQL
 * stand-in (with PostGIS), each compared with what MariaDB holds.
 */
import type { SyncJob } from '../../lambda/sync/engine';
import { adminConnections, syncOnce } from './databases';

const db = adminConnections();

const sync = (job: Omit<SyncJob, 'name' | 'target'> & Partial<Pick<SyncJob, 'name' | 'target'>>) =>
  syncOnce({ name: job.table.replace(/_/g, '-'), target: { schema: 'fidelity', table: job.table }, ...job });

test('FLOAT lands as the REAL MySQL stored (not its 6-digit text), DOUBLE as the same double (numeric types: https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html)', async () => {
  await db.mysql.query(`CREATE TABLE floats (id INT PRIMARY KEY, f FLOAT, f_dec FLOAT(7,4), d DOUBLE, d_dec DOUBLE(10,2))`);
  await db.mysql.query(`INSERT INTO floats VALUES
    (1, 123.4567, 123.4567, 0.30000000000000004, 1234.56),
    (2, 16777216, -1.5, 1.7976931348623157e308, -0.01),
    (3, 3.4028234e38, 0, 2.2250738585072014e-308, 0),
    (4, -1.17549435e-38, 999.9999, 123456789.12345678, 99999999.99),
    (5, 0.1, NULL, 1e-5, NULL),
    (6, NULL, NULL, NULL, NULL)`);
  expect(await sync({ table: 'floats', mode: 'FULL_COPY' })).toMatchObject({ status: 'ok', rowsWritten: 6 });

  const [stored] = await db.mysql.query('SELECT id, f + 0e0 AS f, f_dec + 0e0 AS f_dec, d, d_dec FROM floats ORDER BY id');
  const { rows: landed } = await db.pg.query(
    'SELECT id, f::text AS f, f_dec::text AS f_dec, d::text AS d, d_dec::text AS d_dec FROM fidelity.floats ORDER BY id',
  );
  const asStored = (row: Record<string, unknown>) => ({
    id: Number(row.id),
    f: row.f === null ? null : Math.fround(Number(row.f)),
    f_dec: row.f_dec === null ? null : Math.fround(Number(row.f_dec)),
    d: row.d === null ? null : Number(row.d),
    d_dec: row.d_dec === null ? null : Number(row.d_dec),
  });
  expect(landed.map(asStored)).toEqual((stored as Record<string, unknown>[]).map(asStored));
  // The values the peers' tests use, as written: PostgreSQL prints the shortest text of a REAL.
  expect(landed[0]).toMatchObject({ f: '123.4567', f_dec: '123.4567', d: '0.30000000000000004', d_dec: '1234.56' });
  expect(Number(landed[1].f)).toBe(16777216);
  expect(landed[2].f).toBe('3.4028235e+38');
  expect(landed[3]).toMatchObject({ f: '-1.1754944e-38', d: '123456789.12345678' });
  expect(landed[4]).toMatchObject({ f: '0.1', d: '1e-05' });
});

test('zero dates in NOT NULL columns load as NULL and every other row lands (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html: no DROP NOT NULL, so targets are created nullable)', async () => {
  await db.mysql.query(`SET SESSION sql_mode = '';
    CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE NOT NULL, dt DATETIME NOT NULL, ts TIMESTAMP NOT NULL DEFAULT '2026-01-01 00:00:00');
    INSERT INTO zero_dates VALUES
      (1, '2026-11-30', '2026-11-30 09:00:00', '2026-11-30 00:00:00'),
      (2, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
      (3, '2026-00-15', '2026-00-15 10:00:00', '2026-11-30 00:00:01'),
      (4, '2026-05-00', '2026-05-00 10:00:00', '2026-11-30 00:00:02'),
      (5, '1000-01-01', '9999-12-31 23:59:59', '2038-01-19 03:14:07');
    SET SESSION sql_mode = DEFAULT`);
  for (const mode of ['FULL_COPY', 'INCREMENTAL_COPY'] as const) {
    expect(
      await sync({
        name: `zero-dates-${mode.toLowerCase().replace('_', '-')}`,
        table: 'zero_dates',
        mode,
        key: mode === 'FULL_COPY' ? undefined : 'id',
        target: { schema: 'fidelity', table: `zero_dates_${mode.toLowerCase()}` },
      }),
    ).toMatchObject({ status: 'ok', rowsWritten: 5 });
    const { rows } = await db.pg.query(
      `SELECT id, d::text AS d, to_char(dt AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS dt, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS ts FROM fidelity.zero_dates_${mode.toLowerCase()} ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, d: '2026-11-30', dt: '2026-11-30 09:00:00', ts: '2026-11-30 00:00:00' },
      { id: 2, d: null, dt: null, ts: null },
      { id: 3, d: null, dt: null, ts: '2026-11-30 00:00:01' },
      { id: 4, d: null, dt: null, ts: '2026-11-30 00:00:02' },
      { id: 5, d: '1000-01-01', dt: '9999-12-31 23:59:59', ts: '2038-01-19 03:14:07' },
    ]);
  }
});

test("latin1 is Windows-1252: a full column of € and ™ fits its VARCHAR, as do other 8-bit and Korean character sets' widest characters", async () => {
  await db.mysql.query(`CREATE TABLE narrow_sets (id INT PRIMARY KEY,
      l1 VARCHAR(3) CHARACTER SET latin1, l1c CHAR(2) CHARACTER SET latin1, l2 VARCHAR(2) CHARACTER SET latin2,
      cyr VARCHAR(2) CHARACTER SET cp1251, kr VARCHAR(2) CHARACTER SET euckr, th VARCHAR(2) CHARACTER SET tis620) CHARSET utf8mb4;
    INSERT INTO narrow_sets VALUES (1, '€™…', '€‰', 'Łž', '€Ж', '한글', 'ภษ'), (2, 'abc', 'ab', 'ab', 'ab', 'ab', 'ab')`);
  expect(await sync({ table: 'narrow_sets', mode: 'FULL_COPY' })).toMatchObject({ status: 'ok', rowsWritten: 2 });
  const { rows } = await db.pg.query('SELECT l1, l1c, l2, cyr, kr, th FROM fidelity.narrow_sets ORDER BY id');
  expect(rows[0]).toEqual({ l1: '€™…', l1c: '€‰', l2: 'Łž', cyr: '€Ж', kr: '한글', th: 'ภษ' });
  const { rows: types } = await db.pg.query(
    "SELECT column_name, character_maximum_length AS n FROM information_schema.columns WHERE table_schema = 'fidelity' AND table_name = 'narrow_sets' AND column_name <> 'id' ORDER BY ordinal_position",
  );
  expect(Object.fromEntries(types.map((t) => [t.column_name, t.n]))).toEqual({ l1: 9, l1c: 6, l2: 4, cyr: 6, kr: 6, th: 6 });
});

test('spatial columns land as GEOMETRY with their SRID, the same geometry MySQL holds (https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-spatial-data.html)', async () => {
  await db.mysql.query(`CREATE TABLE places (id INT PRIMARY KEY, g GEOMETRY, p POINT, area POLYGON);
    INSERT INTO places VALUES
      (1, ST_GeomFromText('POINT(126.978 37.5665)', 4326), ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))')),
      (2, ST_GeomFromText('LINESTRING(0 0,1 1,2 0)'), ST_GeomFromText('POINT(-1.5 1e10)', 3857), NULL),
      (3, ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))', 4326), NULL, NULL),
      (4, ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))'), NULL, NULL),
      (5, NULL, NULL, NULL)`);
  expect(await sync({ table: 'places', mode: 'FULL_COPY' })).toMatchObject({ status: 'ok', rowsWritten: 5 });

  const wkb = (column: string) =>
    `CASE WHEN ${column} IS NULL THEN NULL ELSE concat(lower(hex(ST_AsWKB(${column}))), '/', ST_SRID(${column})) END AS ${column}`;
  const [stored] = await db.mysql.query(`SELECT id, ${wkb('g')}, ${wkb('p')}, ${wkb('area')} FROM places ORDER BY id`);
  const landedWkb = (column: string) =>
    `CASE WHEN ${column} IS NULL THEN NULL ELSE concat(encode(ST_AsBinary(${column}, 'NDR'), 'hex'), '/', ST_SRID(${column})) END AS ${column}`;
  const { rows: landed } = await db.pg.query(`SELECT id, ${landedWkb('g')}, ${landedWkb('p')}, ${landedWkb('area')} FROM fidelity.places ORDER BY id`);
  expect(landed).toEqual(stored);
  const { rows } = await db.pg.query(
    "SELECT ST_AsEWKT(g) AS g, format_type(atttypid, atttypmod) AS type FROM fidelity.places, pg_attribute WHERE id = 1 AND attrelid = 'fidelity.places'::regclass AND attname = 'g'",
  );
  expect(rows[0]).toEqual({ g: 'SRID=4326;POINT(126.978 37.5665)', type: 'geometry' });
  // The next run finds the GEOMETRY columns it made and changes nothing.
  expect(await sync({ table: 'places', mode: 'FULL_COPY' })).toMatchObject({ status: 'ok', schemaChanges: [] });
});

test('a spatial value over the 1,048,447 bytes of a Redshift GEOMETRY stops the run naming the column and row (https://docs.aws.amazon.com/redshift/latest/dg/spatial-limitations.html)', async () => {
  await db.mysql.query('CREATE TABLE long_lines (id INT PRIMARY KEY, line LINESTRING)');
  const points = (n: number) => Array.from({ length: n }, (_, i) => `${i} ${i % 7}`).join(',');
  await db.mysql.query('INSERT INTO long_lines VALUES (1, ST_GeomFromText(?)), (2, ST_GeomFromText(?))', [
    `LINESTRING(${points(10)})`,
    `LINESTRING(${points(65_600)})`,
  ]);
  await expect(sync({ table: 'long_lines', mode: 'FULL_COPY' })).rejects.toThrow(
    'column "line": a spatial value of 1049609 bytes is over the 1048447 bytes of a Redshift GEOMETRY; simplify it in MySQL or leave the column out (excludeColumns) (long_lines where id = 2)',
  );
  expect(
    (await db.pg.query("SELECT to_regclass('fidelity.long_lines') IS NULL OR (SELECT count(*) FROM fidelity.long_lines) = 0 AS empty")).rows[0].empty,
  ).toBe(true);
});

test('excludeColumns leaves out a column the warehouse cannot hold, and names what it cannot leave out', async () => {
  await db.mysql.query("CREATE TABLE devices (id INT PRIMARY KEY, u UUID, name VARCHAR(10)); INSERT INTO devices VALUES (1, UUID(), 'a'), (2, NULL, 'b')");
  await expect(sync({ table: 'devices', mode: 'FULL_COPY' })).rejects.toThrow(
    'column "u": MySQL type uuid has no Redshift mapping; leave the column out with excludeColumns',
  );
  expect(await sync({ table: 'devices', mode: 'INCREMENTAL_COPY', key: 'id', excludeColumns: ['u'] })).toMatchObject({ status: 'ok', rowsWritten: 2 });
  expect((await db.pg.query('SELECT * FROM fidelity.devices ORDER BY id')).rows).toEqual([
    { id: 1, name: 'a' },
    { id: 2, name: 'b' },
  ]);

  await expect(sync({ table: 'devices', mode: 'FULL_COPY', excludeColumns: ['serial'] })).rejects.toThrow(
    'excludeColumns names "serial", which is not a column of devices; columns: id, u, name',
  );
  await expect(sync({ table: 'devices', mode: 'INCREMENTAL_COPY', key: 'id', excludeColumns: ['id', 'u'] })).rejects.toThrow(
    'excludeColumns names "id", the job\'s key column, which the sync needs',
  );
});

test('JSON lands as SUPER at any size a COPY row takes; a string inside over 65,535 bytes stops the run naming the row (https://docs.aws.amazon.com/redshift/latest/dg/limitations-super.html)', async () => {
  const big = { items: Array.from({ length: 3_000 }, (_, i) => ({ id: i, label: `항목 ${i} 😀`, tags: ['a', 'b'] })) };
  await db.mysql.query('CREATE TABLE documents (id INT PRIMARY KEY, doc JSON)');
  await db.mysql.query('INSERT INTO documents VALUES (1, ?), (2, ?), (3, NULL)', [JSON.stringify(big), '{"n": 1.50, "s": "x"}']);
  expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(100_000);
  expect(await sync({ table: 'documents', mode: 'FULL_COPY' })).toMatchObject({ status: 'ok', rowsWritten: 3 });
  const { rows } = await db.pg.query('SELECT id, doc FROM fidelity.documents ORDER BY id');
  expect(rows[0].doc).toEqual(big);
  expect(rows[1].doc).toEqual({ n: 1.5, s: 'x' });
  expect(rows[2].doc).toBeNull();

  await db.mysql.query('INSERT INTO documents VALUES (4, ?)', [JSON.stringify({ note: 'x'.repeat(70_000) })]);
  await expect(sync({ table: 'documents', mode: 'FULL_COPY' })).rejects.toThrow(
    'column "doc": a JSON document holds a string of 70000 bytes; SUPER holds strings of at most 65535 bytes (documents where id = 4)',
  );
  expect((await db.pg.query('SELECT count(*)::int AS n FROM fidelity.documents')).rows[0].n).toBe(3);
});

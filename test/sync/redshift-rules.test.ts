/**
 * Redshift rules the PostgreSQL stand-in would not enforce by itself, through the real MariaDB → PostgreSQL path:
 * what the sync must do so that the same runs also work on Redshift.
 */
import { runSync, type SyncJob } from '../../lambda/sync/engine';
import { adminConnections, nextRunId, openPair, syncOnce } from './databases';

const db = adminConnections();

const sync = syncOnce;

test('a MySQL text that is literally \\N loads as that text, NULL as NULL, the empty string as empty', async () => {
  await db.mysql.query(
    "CREATE TABLE backslash_n_t (id INT PRIMARY KEY, v VARCHAR(10), t TEXT); INSERT INTO backslash_n_t VALUES (1, '\\\\N', '\\\\N'), (2, NULL, NULL), (3, '', ''), (4, 'NULL', '\\\\\\\\N')",
  );
  const job: SyncJob = { name: 'backslash-n-t', table: 'backslash_n_t', mode: 'FULL_COPY', target: { schema: 'rules', table: 'backslash_n_t' } };
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 4 });
  const { rows } = await db.pg.query('SELECT id, v, t FROM rules.backslash_n_t ORDER BY id');
  expect(rows).toEqual([
    { id: 1, v: '\\N', t: '\\N' },
    { id: 2, v: null, t: null },
    { id: 3, v: '', t: '' },
    { id: 4, v: 'NULL', t: '\\\\N' },
  ]);
});

test('a column dropped in MySQL, and one made nullable, after the target was created: every later row lands', async () => {
  await db.mysql.query(`CREATE TABLE drift_t (id INT PRIMARY KEY, a VARCHAR(10) NOT NULL, b INT NOT NULL, c INT NOT NULL, updated_at DATETIME NOT NULL);
    INSERT INTO drift_t VALUES (1, 'a1', 10, 100, '2026-11-24 09:00:00'), (2, 'a2', 20, 200, '2026-11-24 10:00:00')`);
  const incremental: SyncJob = {
    name: 'drift-t',
    table: 'drift_t',
    mode: 'UPDATE_LATEST_COPY',
    key: 'id',
    updatedAt: 'updated_at',
    target: { schema: 'rules', table: 'drift_t' },
  };
  const full: SyncJob = { name: 'drift-full-t', table: 'drift_t', mode: 'FULL_COPY', target: { schema: 'rules', table: 'drift_full_t' } };
  expect(await sync(incremental)).toMatchObject({ status: 'ok', rowsWritten: 2 });
  expect(await sync(full)).toMatchObject({ status: 'ok', rowsWritten: 2 });

  await db.mysql.query(`ALTER TABLE drift_t DROP COLUMN b, MODIFY a VARCHAR(10) NULL;
    UPDATE drift_t SET a = NULL, updated_at = '2026-11-24 11:00:00' WHERE id = 2; INSERT INTO drift_t VALUES (3, NULL, 300, '2026-11-24 11:00:00')`);
  expect(await sync(incremental)).toMatchObject({ status: 'ok', rowsWritten: 2 });
  expect(await sync(full)).toMatchObject({ status: 'ok', rowsWritten: 3 });
  for (const table of ['rules.drift_t', 'rules.drift_full_t']) {
    const { rows } = await db.pg.query(`SELECT id, a, b, c FROM ${table} ORDER BY id`);
    // The dropped column keeps what it held in rows that were not read again; rows loaded since hold NULL.
    const keptB = table === 'rules.drift_t' ? 10 : null;
    expect(rows).toEqual([
      { id: 1, a: 'a1', b: keptB, c: 100 },
      { id: 2, a: null, b: null, c: 200 },
      { id: 3, a: null, b: null, c: 300 },
    ]);
  }
});

test('a VARCHAR merge key MySQL widens is widened in the warehouse, and the merge goes on by it', async () => {
  await db.mysql.query(
    "CREATE TABLE wide_key_t (code VARCHAR(4) PRIMARY KEY, v INT, updated_at DATETIME NOT NULL); INSERT INTO wide_key_t VALUES ('ab', 1, '2026-11-24 10:00:00')",
  );
  const job: SyncJob = {
    name: 'wide-key-t',
    table: 'wide_key_t',
    mode: 'UPDATE_LATEST_COPY',
    key: 'code',
    updatedAt: 'updated_at',
    target: { schema: 'rules', table: 'wide_key_t' },
  };
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 1 });
  await db.mysql.query(
    "ALTER TABLE wide_key_t MODIFY code VARCHAR(40); INSERT INTO wide_key_t VALUES ('a-much-longer-code', 2, '2026-11-24 10:01:00'); UPDATE wide_key_t SET v = 3 WHERE code = 'ab'",
  );
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 2, schemaChanges: ['widened rules.wide_key_t.code from VARCHAR(16) to VARCHAR(160)'] });
  const { rows } = await db.pg.query('SELECT code, v FROM rules.wide_key_t ORDER BY code');
  expect(rows).toEqual([
    { code: 'a-much-longer-code', v: 2 },
    { code: 'ab', v: 3 },
  ]);
});

test('a widening the warehouse refuses (a table declared elsewhere with PRIMARY KEY on the column) says what to do; nothing is loaded', async () => {
  await db.mysql.query("CREATE TABLE refuse_t (code VARCHAR(4) PRIMARY KEY, v INT); INSERT INTO refuse_t VALUES ('ab', 1)");
  const job: SyncJob = { name: 'refuse-t', table: 'refuse_t', mode: 'FULL_COPY', target: { schema: 'rules', table: 'refuse_t' } };
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 1 });
  await db.mysql.query("ALTER TABLE refuse_t MODIFY code VARCHAR(40); INSERT INTO refuse_t VALUES ('a-much-longer-code', 2)");
  const pair = await openPair();
  // What Redshift answers for ALTER COLUMN ... TYPE on a column with a constraint.
  const execute = pair.warehouse.execute.bind(pair.warehouse);
  pair.warehouse.execute = async (sql: string) => {
    if (/ALTER COLUMN .* TYPE/.test(sql))
      throw new Error('Redshift statement failed: cannot alter type of a column used by a primary key or unique constraint');
    return execute(sql);
  };
  try {
    await expect(runSync(job, pair.source, pair.warehouse, { runId: nextRunId() })).rejects.toThrow(
      'cannot widen column "code" of rules.refuse_t to VARCHAR(160) (Redshift statement failed: cannot alter type of a column used by a primary key or unique constraint): ' +
        'Redshift widens a VARCHAR only without a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint, a default, or BYTEDICT, RUNLENGTH, TEXT255 or TEXT32K encoding on it. ' +
        "Find the constraint with SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = 'rules' AND table_name = 'refuse_t', " +
        'drop it with ALTER TABLE "rules"."refuse_t" DROP CONSTRAINT name (Redshift does not enforce it), and run the job again',
    );
  } finally {
    await pair.close();
  }
  expect((await db.pg.query('SELECT code, v FROM rules.refuse_t ORDER BY code')).rows).toEqual([{ code: 'ab', v: 1 }]);
});

test('a row over the 4 MB that COPY takes per input row is refused before anything is loaded, naming the table, the key and the largest values', async () => {
  // Each blob fits VARBYTE(1024000), but hex doubles it in the load file: 3 x 2,000,000 bytes in one row.
  await db.mysql.query(`CREATE TABLE wide_row_t (id INT PRIMARY KEY, a LONGBLOB, b LONGBLOB, c LONGBLOB, note VARCHAR(10));
    INSERT INTO wide_row_t VALUES (1, x'00ff', NULL, NULL, 'small'), (2, REPEAT('a', 1000000), REPEAT('b', 1000000), REPEAT('c', 999999), 'big'), (3, REPEAT('a', 1000000), NULL, NULL, 'fits')`);
  const job: SyncJob = { name: 'wide-row-t', table: 'wide_row_t', mode: 'FULL_COPY', target: { schema: 'rules', table: 'wide_row_t' } };
  for (const oversizeText of ['error', 'truncate'] as const) {
    await expect(sync({ ...job, oversizeText })).rejects.toThrow(
      "a row of 6,000,014 bytes in the load file is over the 4,000,000 bytes Redshift's COPY takes in one row; largest values: a (1,000,000 bytes, 2,000,000 as hex), " +
        'b (1,000,000 bytes, 2,000,000 as hex), c (999,999 bytes, 1,999,998 as hex): Redshift cannot load this row; shorten these values in MySQL (wide_row_t where id = 2)',
    );
  }
  expect((await db.pg.query('SELECT count(*) AS n FROM rules.wide_row_t')).rows[0].n).toBe('0');
  await db.mysql.query("UPDATE wide_row_t SET b = REPEAT('b', 990000), c = NULL WHERE id = 2");
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 3 });
  expect((await db.pg.query('SELECT id, octet_length(a) AS a, octet_length(b) AS b FROM rules.wide_row_t ORDER BY id')).rows).toEqual([
    { id: 1, a: 2, b: null },
    { id: 2, a: 1_000_000, b: 990_000 },
    { id: 3, a: 1_000_000, b: null },
  ]);
});

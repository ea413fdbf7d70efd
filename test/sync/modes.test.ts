/** The three modes against real MariaDB and PostgreSQL: inserts, updates, deletes between runs, schema changes, concurrency. */
import { runSync, type SyncJob } from '../../lambda/sync/engine';
import { adminConnections, nextRunId, openPair, pgAdmin, syncOnce } from './databases';

const db = adminConnections();

const sync = syncOnce;

async function targetRows(table: string, columns = 'id, v'): Promise<string[]> {
  const { rows } = await db.pg.query(`SELECT ${columns} FROM ${table} ORDER BY id`);
  return rows.map((r: Record<string, unknown>) => Object.values(r).map(String).join('|'));
}

async function sourceRows(table: string, columns = 'id, v'): Promise<string[]> {
  const [rows] = await db.mysql.query(`SELECT ${columns} FROM ${table} ORDER BY id`);
  return (rows as Record<string, unknown>[]).map((r) => Object.values(r).map(String).join('|'));
}

test('FULL_COPY: inserts, updates and deletes all arrive; readers never see the table empty', async () => {
  await db.mysql.query('CREATE TABLE full_t (id INT PRIMARY KEY, v VARCHAR(40))');
  const values = Array.from({ length: 30_000 }, (_, i) => `(${i + 1}, 'value ${i + 1}')`).join(',');
  await db.mysql.query(`INSERT INTO full_t VALUES ${values}`);
  const job: SyncJob = { name: 'full-t', table: 'full_t', mode: 'FULL_COPY', target: { schema: 'modes', table: 'full_t' } };
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 30_000 });

  await db.mysql.query("DELETE FROM full_t WHERE id % 3 = 0; UPDATE full_t SET v = 'changed' WHERE id % 3 = 1; INSERT INTO full_t VALUES (40000, 'new')");
  const counts: number[] = [];
  let reading = true;
  const reader = (async () => {
    const client = await pgAdmin();
    while (reading) counts.push(Number((await client.query('SELECT count(*) AS n FROM modes.full_t')).rows[0].n));
    await client.end();
  })();
  const second = await sync(job);
  reading = false;
  await reader;

  expect(second.rowsWritten).toBe(20_001);
  expect(await targetRows('modes.full_t')).toEqual(await sourceRows('full_t'));
  expect(counts.length).toBeGreaterThan(2);
  expect(counts.every((n) => n === 30_000 || n === 20_001)).toBe(true);
});

test('INCREMENTAL_COPY: only rows above the last key; nothing twice', async () => {
  await db.mysql.query('CREATE TABLE inc_t (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))');
  await db.mysql.query(`INSERT INTO inc_t (v) VALUES ${Array.from({ length: 100 }, (_, i) => `('a${i}')`).join(',')}`);
  const job: SyncJob = { name: 'inc-t', table: 'inc_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'modes', table: 'inc_t' } };
  expect(await sync(job)).toMatchObject({ rowsWritten: 100, watermark: '100' });
  await db.mysql.query(`INSERT INTO inc_t (v) VALUES ${Array.from({ length: 50 }, (_, i) => `('b${i}')`).join(',')}`);
  expect(await sync(job)).toMatchObject({ rowsWritten: 50, watermark: '150' });
  expect(await sync(job)).toMatchObject({ rowsWritten: 0, watermark: '150' });
  expect(await targetRows('modes.inc_t')).toEqual(await sourceRows('inc_t'));
  expect((await db.pg.query('SELECT count(DISTINCT id) AS d, count(*) AS n FROM modes.inc_t')).rows[0]).toEqual({ d: '150', n: '150' });
});

test('UPDATE_LATEST_COPY: updates replace older versions, same-second and late-committed rows are not lost', async () => {
  await db.mysql.query('CREATE TABLE upd_t (id INT PRIMARY KEY, v VARCHAR(40), updated_at DATETIME NOT NULL)');
  await db.mysql.query(`INSERT INTO upd_t VALUES ${Array.from({ length: 10 }, (_, i) => `(${i + 1}, 'v1', '2026-11-24 10:00:00')`).join(',')}`);
  const job: SyncJob = {
    name: 'upd-t',
    table: 'upd_t',
    mode: 'UPDATE_LATEST_COPY',
    key: 'id',
    updatedAt: 'updated_at',
    overlapMinutes: 5,
    target: { schema: 'modes', table: 'upd_t' },
  };
  expect(await sync(job)).toMatchObject({ rowsWritten: 10, watermark: '2026-11-24 10:00:00' });

  // Updated within the same second as the watermark; and a row a long transaction committed late, stamped earlier.
  await db.mysql.query("UPDATE upd_t SET v = 'v2' WHERE id IN (2, 3); INSERT INTO upd_t VALUES (11, 'late', '2026-11-24 09:58:00')");
  const second = await sync(job);
  expect(second.rowsWritten).toBe(11); // everything from 09:55 on is re-read
  expect(await targetRows('modes.upd_t')).toEqual(await sourceRows('upd_t'));

  await db.mysql.query("UPDATE upd_t SET v = 'v3', updated_at = '2026-11-24 11:00:00' WHERE id = 5");
  // The watermark was 10:00, so everything from 09:55 is read again; the next run reads from 10:55 only.
  expect(await sync(job)).toMatchObject({ rowsWritten: 11, watermark: '2026-11-24 11:00:00' });
  expect(await sync(job)).toMatchObject({ rowsWritten: 1, watermark: '2026-11-24 11:00:00' });
  expect(await targetRows('modes.upd_t')).toEqual(await sourceRows('upd_t'));
  expect((await db.pg.query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM modes.upd_t')).rows[0]).toEqual({ n: '11', d: '11' });
  // The stand-in indexes the key as Redshift sorts by it, and like Redshift enforces no key: the merge keeps keys unique.
  const { rows: indexes } = await db.pg.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'modes' AND tablename = 'upd_t'");
  expect(indexes.map((r: { indexdef: string }) => r.indexdef.replace(/INDEX \S+ ON/, 'INDEX ON'))).toEqual(['CREATE INDEX ON modes.upd_t USING btree (id)']);
});

test('UPDATE_LATEST_COPY of many megabytes that fails on its last row changes nothing; run again, it lands whole', async () => {
  // ~1 KB rows: 8,000 of them are 8 MB of CSV, many chunks.
  await db.mysql.query('CREATE TABLE late_fail_t (id INT PRIMARY KEY, v VARCHAR(40), pad VARCHAR(1000), updated_at DATETIME NOT NULL, KEY (updated_at))');
  const rows = (from: number, to: number, v: string, at: (id: number) => string) =>
    Array.from({ length: to - from + 1 }, (_, i) => `(${from + i}, '${v}', REPEAT('p', 1000), '${at(from + i)}')`).join(',');
  await db.mysql.query(`INSERT INTO late_fail_t VALUES ${rows(1, 6000, 'v1', () => '2026-11-24 10:00:00')}`);
  const job: SyncJob = {
    name: 'late-fail-t',
    table: 'late_fail_t',
    mode: 'UPDATE_LATEST_COPY',
    key: 'id',
    updatedAt: 'updated_at',
    target: { schema: 'modes', table: 'late_fail_t' },
  };
  expect(await sync(job)).toMatchObject({ rowsWritten: 6000 });
  const before = await targetRows('modes.late_fail_t');

  // Every row changes and 2,000 are new.
  const at = (id: number) => `2026-11-24 11:${String(Math.floor(id / 200) % 60).padStart(2, '0')}:00`;
  await db.mysql.query(
    `UPDATE late_fail_t SET v = 'v2', updated_at = '2026-11-24 10:30:00' + INTERVAL (id % 600) SECOND; INSERT INTO late_fail_t VALUES ${rows(6001, 8000, 'new', at)}`,
  );
  // A value the warehouse cannot hold, read last, after megabytes were already copied.
  await db.mysql.query("INSERT INTO late_fail_t VALUES (8001, CONCAT('bad', CHAR(0)), 'p', '2026-11-24 12:59:59')");
  await expect(sync(job)).rejects.toThrow('NUL character');
  expect(await targetRows('modes.late_fail_t')).toEqual(before);
  expect((await db.pg.query("SELECT watermark FROM sync_meta.sync_state WHERE job_name = 'late-fail-t'")).rows[0].watermark).toBe('2026-11-24 10:00:00');

  await db.mysql.query('DELETE FROM late_fail_t WHERE id = 8001');
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 8000, watermark: '2026-11-24 11:40:00' });
  expect(await targetRows('modes.late_fail_t', "id, v, pad, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")).toEqual(
    await sourceRows('late_fail_t', "id, v, pad, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s')"),
  );
  expect((await db.pg.query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM modes.late_fail_t')).rows[0]).toEqual({ n: '8000', d: '8000' });
});

test('UPDATE_LATEST_COPY merges rows that arrive out of key order, few or many (hash-join sized) alike', async () => {
  await db.mysql.query('CREATE TABLE order_t (id INT PRIMARY KEY, v VARCHAR(20), updated_at DATETIME NOT NULL, KEY (updated_at))');
  for (let batch = 0; batch < 3; batch++) {
    await db.mysql.query(
      `INSERT INTO order_t VALUES ${Array.from({ length: 20_000 }, (_, i) => `(${batch * 20_000 + i + 1}, 'v1', '2026-11-24 10:00:00')`).join(',')}`,
    );
  }
  const job: SyncJob = {
    name: 'order-t',
    table: 'order_t',
    mode: 'UPDATE_LATEST_COPY',
    key: 'id',
    updatedAt: 'updated_at',
    target: { schema: 'modes', table: 'order_t' },
  };
  expect(await sync(job)).toMatchObject({ rowsWritten: 60_000 });
  // Update times that run against the key, so rows are read in an order unrelated to it.
  await db.mysql.query("UPDATE order_t SET v = CONCAT('v2-', id), updated_at = '2026-11-24 11:00:00' + INTERVAL ((id * 7919) % 3600) SECOND");
  const many = await sync(job);
  expect(many).toMatchObject({ rowsWritten: 60_000, watermark: '2026-11-24 11:59:59' });
  expect(await targetRows('modes.order_t')).toEqual(await sourceRows('order_t'));
  await db.mysql.query(
    "UPDATE order_t SET v = 'v3', updated_at = '2026-11-24 12:00:00' + INTERVAL ((id * 7919) % 60) SECOND WHERE id % 50 = 0; INSERT INTO order_t VALUES (60001, 'new', '2026-11-24 12:00:30')",
  );
  // The 1,201 changed rows and the five minutes before the watermark, read again.
  const [[{ n: expected }]] = (await db.mysql.query("SELECT COUNT(*) AS n FROM order_t WHERE updated_at >= '2026-11-24 11:54:59'")) as unknown as [
    [{ n: number }],
  ];
  expect(Number(expected)).toBeLessThan(10_000);
  expect(await sync(job)).toMatchObject({ rowsWritten: Number(expected) });
  expect(await targetRows('modes.order_t')).toEqual(await sourceRows('order_t'));
  expect((await db.pg.query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM modes.order_t')).rows[0]).toEqual({ n: '60001', d: '60001' });
});

test('a column added in MySQL is added in the warehouse, and a widened VARCHAR is widened', async () => {
  await db.mysql.query("CREATE TABLE evolve_t (id INT PRIMARY KEY, v VARCHAR(5)); INSERT INTO evolve_t VALUES (1, 'short')");
  const job: SyncJob = { name: 'evolve-t', table: 'evolve_t', mode: 'FULL_COPY', target: { schema: 'modes', table: 'evolve_t' } };
  await sync(job);
  await db.mysql.query(
    "ALTER TABLE evolve_t ADD COLUMN extra INT, MODIFY v VARCHAR(50); INSERT INTO evolve_t VALUES (2, 'a much longer value than before', 7)",
  );
  const result = await sync(job);
  expect(result.schemaChanges).toEqual(['widened modes.evolve_t.v from VARCHAR(20) to VARCHAR(200)', 'added modes.evolve_t.extra INTEGER']);
  expect(await targetRows('modes.evolve_t', 'id, v, extra')).toEqual(['1|short|null', '2|a much longer value than before|7']);
});

test('two runs of one job at once: one copies, the other exits cleanly without touching data', async () => {
  await db.mysql.query('CREATE TABLE conc_t (id INT PRIMARY KEY, v VARCHAR(20))');
  await db.mysql.query(`INSERT INTO conc_t VALUES ${Array.from({ length: 20_000 }, (_, i) => `(${i}, 'x')`).join(',')}`);
  const job: SyncJob = { name: 'conc-t', table: 'conc_t', mode: 'FULL_COPY', target: { schema: 'modes', table: 'conc_t' } };
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsWritten: 20_000 });
  await db.mysql.query("INSERT INTO conc_t VALUES (20000, 'new')");

  // The first run is held inside its load (its DELETE waits for this session's lock on the table), so the second
  // starts while the first certainly holds the job: no race with how fast the first run is.
  const blocker = await pgAdmin();
  await blocker.query('BEGIN; LOCK TABLE modes.conc_t IN ACCESS EXCLUSIVE MODE');
  const first = sync(job);
  const waiting = async () =>
    Number(
      (await db.pg.query("SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'conc_t' AND NOT l.granted")).rows[0].n,
    ) > 0;
  while (!(await waiting())) await new Promise((r) => setTimeout(r, 5));
  const second = await sync(job);
  expect(second).toMatchObject({ status: 'skipped', rowsWritten: 0 });
  await blocker.query('COMMIT');
  await blocker.end();
  expect(await first).toMatchObject({ status: 'ok', rowsWritten: 20_001 });
  expect((await db.pg.query('SELECT count(*) AS n FROM modes.conc_t')).rows[0].n).toBe('20001');
});

test('a run releases its job when it ends, with its rows committed or not, so the same session can run it again', async () => {
  await db.mysql.query("CREATE TABLE relock_t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO relock_t VALUES (1, 'a')");
  const job: SyncJob = { name: 'relock-t', table: 'relock_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'modes', table: 'relock_t' } };
  const pair = await openPair();
  // The job's own advisory lock (hashtext('sync:' || job), a bigint key whose low 32 bits pg_locks shows as objid):
  // other test files' runs hold theirs meanwhile.
  const heldLocks = async () =>
    Number(
      (
        await db.pg.query(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid::bigint = (hashtext('sync:' || $1)::bigint & 4294967295)",
          [job.name],
        )
      ).rows[0].n,
    );
  try {
    // The count sees the job's lock while a run holds it.
    const lock = { job: job.name, mode: job.mode, stateSchema: 'sync_meta', runId: nextRunId(), ttlMs: 60_000 };
    expect(await pair.warehouse.lockJob(lock)).toBe(true);
    expect(await heldLocks()).toBe(1);
    await pair.warehouse.unlockJob(lock);
    for (const [rows, watermark] of [
      [1, '1'],
      [0, '1'],
    ] as const) {
      expect(await runSync(job, pair.source, pair.warehouse, { runId: nextRunId() })).toMatchObject({ status: 'ok', rowsWritten: rows, watermark });
      expect(await heldLocks()).toBe(0);
    }
    await db.mysql.query("INSERT INTO relock_t VALUES (2, CONCAT('bad', CHAR(0)))");
    await expect(runSync(job, pair.source, pair.warehouse, { runId: nextRunId() })).rejects.toThrow('NUL character');
    expect(await heldLocks()).toBe(0);
    await db.mysql.query("UPDATE relock_t SET v = 'b' WHERE id = 2");
    expect(await runSync(job, pair.source, pair.warehouse, { runId: nextRunId() })).toMatchObject({ status: 'ok', rowsWritten: 1, watermark: '2' });
  } finally {
    await pair.close();
  }
});

test('a MySQL connection the server closes while idle ends nothing but itself: the next query says so', async () => {
  const pair = await openPair();
  try {
    // The server closes a session idle for longer than wait_timeout (as during a long warehouse merge).
    await new Promise<void>((resolve, reject) =>
      (pair.source as unknown as { connection: { query: (sql: string, done: (error: Error | null) => void) => void } }).connection.query(
        'SET SESSION wait_timeout = 1',
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await expect(pair.source.columns('conc_t')).rejects.toThrow(/closed state|Connection lost/);
  } finally {
    await pair.close();
  }
});

test('the first runs of several jobs at once, on a state schema that does not exist yet, all create it and all land', async () => {
  await db.mysql.query("CREATE TABLE fresh_state_t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO fresh_state_t VALUES (1, 'a'), (2, 'b')");
  await db.pg.query('DROP SCHEMA IF EXISTS fresh_meta CASCADE');
  const job = (n: number): SyncJob => ({
    name: `fresh-${n}`,
    table: 'fresh_state_t',
    mode: 'INCREMENTAL_COPY',
    key: 'id',
    target: { schema: 'modes', table: `fresh_state_${n}` },
    stateSchema: 'fresh_meta',
  });
  const results = await Promise.all([1, 2, 3].map((n) => sync(job(n))));
  expect(results.map((r) => [r.status, r.rowsWritten])).toEqual([
    ['ok', 2],
    ['ok', 2],
    ['ok', 2],
  ]);
  const { rows } = await db.pg.query('SELECT job_name, watermark FROM fresh_meta.sync_state ORDER BY job_name');
  expect(rows).toEqual([1, 2, 3].map((n) => ({ job_name: `fresh-${n}`, watermark: '2' })));
  // Later runs find the table and only add their rows.
  await db.mysql.query("INSERT INTO fresh_state_t VALUES (3, 'c')");
  expect(await sync(job(1))).toMatchObject({ status: 'ok', rowsWritten: 1, watermark: '3' });
  expect(await targetRows('modes.fresh_state_1')).toEqual(['1|a', '2|b', '3|c']);
});

test('a key or updated-at column that is missing or of the wrong type is refused before anything is written', async () => {
  await db.mysql.query("CREATE TABLE bad_t (id INT PRIMARY KEY, name VARCHAR(10), updated DATE); INSERT INTO bad_t VALUES (1, 'a', '2026-01-01')");
  await expect(sync({ name: 'bad-t', table: 'bad_t', mode: 'INCREMENTAL_COPY', key: 'uid', target: { schema: 'modes', table: 'bad_t' } })).rejects.toThrow(
    'key column "uid" is not a column of bad_t; columns: id, name, updated',
  );
  await expect(sync({ name: 'bad-t', table: 'bad_t', mode: 'INCREMENTAL_COPY', key: 'name', target: { schema: 'modes', table: 'bad_t' } })).rejects.toThrow(
    'key column "name" is varchar(10); expected one of tinyint, smallint, mediumint, int, integer, bigint',
  );
  await expect(
    sync({ name: 'bad-t', table: 'bad_t', mode: 'UPDATE_LATEST_COPY', key: 'id', updatedAt: 'updated', target: { schema: 'modes', table: 'bad_t' } }),
  ).rejects.toThrow('updated-at column "updated" is date; expected one of datetime, timestamp');
  await expect(sync({ name: 'nope', table: 'no_such_table', mode: 'FULL_COPY', target: { schema: 'modes', table: 'nope' } })).rejects.toThrow(
    'MySQL table ads.no_such_table does not exist',
  );
  expect(
    (await db.pg.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'modes' AND table_name IN ('bad_t', 'nope')")).rows[0].n,
  ).toBe('0');
});

test('a key that does not single out one row is refused for the incremental modes; a NOT NULL UNIQUE column will do', async () => {
  await db.mysql.query(`CREATE TABLE keys_t (day INT NOT NULL, ad INT NOT NULL, code INT NOT NULL, maybe INT, plain INT NOT NULL, at DATETIME NOT NULL,
    PRIMARY KEY (day, ad), UNIQUE KEY (code), UNIQUE KEY (maybe), KEY (plain));
    INSERT INTO keys_t VALUES (1, 1, 10, NULL, 5, '2026-11-24 10:00:00'), (1, 2, 20, NULL, 5, '2026-11-24 10:00:00')`);
  const job = (key: string): SyncJob => ({
    name: 'keys-t',
    table: 'keys_t',
    mode: 'UPDATE_LATEST_COPY',
    key,
    updatedAt: 'at',
    target: { schema: 'modes', table: 'keys_t' },
  });
  await expect(sync(job('day'))).rejects.toThrow(
    'key column "day" does not identify one row of keys_t (it is one column of the primary key (day, ad)): the incremental modes replace rows by key, so the key must be a single-column primary key or a NOT NULL column with a UNIQUE index of its own; copy this table with FULL_COPY otherwise',
  );
  await expect(sync(job('plain'))).rejects.toThrow('(it is neither the primary key nor UNIQUE)');
  await expect(sync(job('maybe'))).rejects.toThrow('(it is UNIQUE but nullable)');
  await expect(sync({ ...job('ad'), mode: 'INCREMENTAL_COPY', updatedAt: undefined })).rejects.toThrow('key column "ad" does not identify one row');
  expect((await db.pg.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'modes' AND table_name = 'keys_t'")).rows[0].n).toBe('0');

  expect(await sync(job('code'))).toMatchObject({ status: 'ok', rowsWritten: 2 });
  await db.mysql.query("UPDATE keys_t SET plain = 6, at = '2026-11-24 11:00:00' WHERE code = 20");
  expect(await sync(job('code'))).toMatchObject({ status: 'ok', rowsWritten: 2 }); // the changed row and the overlap
  expect(await targetRows('modes.keys_t', 'code AS id, plain')).toEqual(['10|5', '20|6']);
});

test('text longer than Redshift holds: a clear error naming column and row, target untouched; or cut and counted', async () => {
  await db.mysql.query(`CREATE TABLE long_t (id INT PRIMARY KEY, body LONGTEXT); INSERT INTO long_t VALUES (1, 'short'), (2, REPEAT('가', 30000))`);
  const job: SyncJob = { name: 'long-t', table: 'long_t', mode: 'FULL_COPY', target: { schema: 'modes', table: 'long_t' } };
  await expect(sync(job)).rejects.toThrow(
    'column "body": a value of 90000 bytes exceeds VARCHAR(65535); set oversizeText: truncate to cut such values (long_t where id = 2)',
  );
  expect((await db.pg.query('SELECT count(*) AS n FROM modes.long_t')).rows[0].n).toBe('0');
  const cut = await sync({ ...job, oversizeText: 'truncate' });
  expect(cut).toMatchObject({ status: 'ok', rowsWritten: 2, truncatedValues: 1 });
  const { rows } = await db.pg.query("SELECT id, octet_length(body) AS bytes, body = repeat('가', 21845) AS whole_characters FROM modes.long_t ORDER BY id");
  expect(rows).toEqual([
    { id: 1, bytes: 5, whole_characters: false },
    { id: 2, bytes: 65535, whole_characters: true },
  ]);
});

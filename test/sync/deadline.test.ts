/**
 * INCREMENTAL_COPY in chunks against the real MariaDB and PostgreSQL: each chunk commits with its watermark, so a run
 * the deadline stops (or a failure ends) keeps what it copied, says it is not done, and the next run goes on.
 */
import { openPair, adminConnections, nextRunId } from './databases';
import { runSync, type SyncJob } from '../../lambda/sync/engine';

const db = adminConnections();

async function run(job: SyncJob, options: { chunkRows?: number; deadline?: Date; now?: () => Date } = {}) {
  const pair = await openPair();
  try {
    return await runSync(job, pair.source, pair.warehouse, { runId: nextRunId(), ...options });
  } finally {
    await pair.close();
  }
}

const state = async (job: string) => (await db.pg.query('SELECT watermark, rows_last_run FROM sync_meta.sync_state WHERE job_name = $1', [job])).rows[0];
const oid = async (table: string) => (await db.pg.query('SELECT to_regclass($1)::oid::text AS oid', [table])).rows[0].oid as string | null;
const summary = async (table: string) =>
  (await db.pg.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d, coalesce(sum(id), 0)::bigint AS s FROM ${table}`)).rows[0];

test('one run without a deadline copies chunk after chunk until caught up', async () => {
  await db.mysql.query('CREATE TABLE chunked_t (id INT PRIMARY KEY, v VARCHAR(10))');
  await db.mysql.query(`INSERT INTO chunked_t VALUES ${Array.from({ length: 3_500 }, (_, i) => `(${i + 1}, 'v${i}')`).join(',')}`);
  const job: SyncJob = { name: 'chunked-t', table: 'chunked_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'deadline', table: 'chunked_t' } };
  expect(await run(job, { chunkRows: 1_000 })).toMatchObject({ status: 'ok', done: true, rowsWritten: 3_500, watermark: '3500' });
  expect(await summary('deadline.chunked_t')).toEqual({ n: 3_500, d: 3_500, s: String((3_500 * 3_501) / 2) });
  // Each chunk's commit records the run so far: the last one, all 3,500 rows.
  expect(await state('chunked-t')).toEqual({ watermark: '3500', rows_last_run: '3500' });
});

test('the deadline stops a run between chunks with what it copied committed; the next run continues (a clock that moves 10 s per look)', async () => {
  await db.mysql.query('CREATE TABLE late_t (id BIGINT PRIMARY KEY, v VARCHAR(10))');
  await db.mysql.query(`INSERT INTO late_t VALUES ${Array.from({ length: 3_500 }, (_, i) => `(${i + 1}, 'v${i}')`).join(',')}`);
  const job: SyncJob = { name: 'late-t', table: 'late_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'deadline', table: 'late_t' } };
  const start = Date.parse('2026-11-30T00:00:00Z');
  let looks = 0;
  // Looks: the check before chunk 1 (0 s), its run record (10 s), the check before chunk 2 (20 s), its record (30 s),
  // the check before chunk 3 (40 s): past the deadline at 25 s.
  const now = () => new Date(start + 10_000 * looks++);
  const first = await run(job, { chunkRows: 1_000, deadline: new Date(start + 25_000), now });
  expect(first).toMatchObject({ status: 'ok', done: false, rowsWritten: 2_000, watermark: '2000' });
  expect(await summary('deadline.late_t')).toMatchObject({ n: 2_000, d: 2_000 });

  await db.mysql.query("INSERT INTO late_t VALUES (5000, 'new')");
  const second = await run(job, { chunkRows: 1_000 });
  expect(second).toMatchObject({ status: 'ok', done: true, rowsWritten: 1_501, watermark: '5000' });
  expect(await summary('deadline.late_t')).toEqual({ n: 3_501, d: 3_501, s: String((3_500 * 3_501) / 2 + 5_000) });
});

test('a chunk that fails leaves the chunks before it committed and nothing of its own; the rerun copies each row once', async () => {
  await db.mysql.query('CREATE TABLE broken_t (id INT PRIMARY KEY, v VARCHAR(10))');
  await db.mysql.query(`INSERT INTO broken_t VALUES ${Array.from({ length: 3_000 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
  await db.mysql.query("UPDATE broken_t SET v = CONCAT('bad', CHAR(0)) WHERE id = 2500");
  const job: SyncJob = { name: 'broken-t', table: 'broken_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'deadline', table: 'broken_t' } };
  await expect(run(job, { chunkRows: 1_000 })).rejects.toThrow('cannot store (broken_t where id = 2500)');
  expect(await state('broken-t')).toMatchObject({ watermark: '2000' });
  expect(await summary('deadline.broken_t')).toMatchObject({ n: 2_000, d: 2_000 });

  await db.mysql.query("UPDATE broken_t SET v = 'fixed' WHERE id = 2500");
  expect(await run(job, { chunkRows: 1_000 })).toMatchObject({ status: 'ok', done: true, rowsWritten: 1_000, watermark: '3000' });
  expect(await summary('deadline.broken_t')).toEqual({ n: 3_000, d: 3_000, s: String((3_000 * 3_001) / 2) });
});

test('a key range with no rows (a gap in the keys) and an empty table are chunks like any other', async () => {
  await db.mysql.query('CREATE TABLE gaps_t (id INT PRIMARY KEY, v VARCHAR(10))');
  const job: SyncJob = { name: 'gaps-t', table: 'gaps_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'deadline', table: 'gaps_t' } };
  expect(await run(job, { chunkRows: 10 })).toMatchObject({ status: 'ok', done: true, rowsWritten: 0 });
  await db.mysql.query(`INSERT INTO gaps_t VALUES ${[1, 2, 3, 1_000_000, 1_000_001, 2_000_000_000].map((id) => `(${id}, 'v')`).join(',')}`);
  expect(await run(job, { chunkRows: 2 })).toMatchObject({ status: 'ok', done: true, rowsWritten: 6, watermark: '2000000000' });
  expect(await summary('deadline.gaps_t')).toMatchObject({ n: 6, d: 6 });
});

test('another run of the job waits for no chunk: it finds the job locked for the whole chunked run', async () => {
  await db.mysql.query('CREATE TABLE held_t (id INT PRIMARY KEY, v VARCHAR(10))');
  await db.mysql.query(`INSERT INTO held_t VALUES ${Array.from({ length: 3_000 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
  const job: SyncJob = { name: 'held-t', table: 'held_t', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'deadline', table: 'held_t' } };
  const pair = await openPair();
  let between: Awaited<ReturnType<typeof run>> | undefined;
  // The third look at the clock is the check before chunk 2, after chunk 1 committed: start a second run there.
  const looked: Promise<void>[] = [];
  const now = () => {
    if (looked.length === 2) {
      looked.push(
        run(job, { chunkRows: 1_000 }).then((result) => {
          between = result;
        }),
      );
    } else looked.push(Promise.resolve());
    return new Date();
  };
  try {
    expect(await runSync(job, pair.source, pair.warehouse, { runId: nextRunId(), chunkRows: 1_000, now })).toMatchObject({ done: true, rowsWritten: 3_000 });
  } finally {
    await pair.close();
  }
  await Promise.all(looked);
  expect(between).toMatchObject({ status: 'skipped' });
  expect(await summary('deadline.held_t')).toMatchObject({ n: 3_000, d: 3_000 });
});

test('UPDATE_LATEST_COPY in update-time chunks: rows sharing a stamp across a chunk edge all land once, a deadline between chunks keeps them', async () => {
  await db.mysql.query('CREATE TABLE stamps_t (id INT PRIMARY KEY, v VARCHAR(10), updated_at DATETIME(6) NOT NULL, KEY (updated_at))');
  // 2,500 rows a second apart, except rows 900-1,200, which share one stamp: the 1,000th row's.
  const stamp = (i: number) =>
    new Date(Date.UTC(2026, 10, 30, 0, 0, 0) + (i >= 900 && i <= 1_200 ? 900 : i) * 1_000).toISOString().replace('T', ' ').replace('Z', '');
  await db.mysql.query(`INSERT INTO stamps_t VALUES ${Array.from({ length: 2_500 }, (_, i) => `(${i + 1}, 'v', '${stamp(i + 1)}')`).join(',')}`);
  const job: SyncJob = {
    name: 'stamps-t',
    table: 'stamps_t',
    mode: 'UPDATE_LATEST_COPY',
    key: 'id',
    updatedAt: 'updated_at',
    target: { schema: 'deadline', table: 'stamps_t' },
  };
  const start = Date.parse('2026-12-01T00:00:00Z');
  let looks = 0;
  const now = () => new Date(start + 10_000 * looks++);
  // Chunk 1 ends at the 1,000th stamp and takes all 1,200 rows up to it (ties included), chunk 2 the next 1,000;
  // the deadline stops the run before chunk 3.
  const first = await run(job, { chunkRows: 1_000, deadline: new Date(start + 25_000), now });
  expect(first).toMatchObject({ status: 'ok', done: false, rowsWritten: 2_200, watermark: '2026-11-30 00:36:40.000000' });
  expect(await summary('deadline.stamps_t')).toMatchObject({ n: 2_200, d: 2_200 });

  await db.mysql.query("UPDATE stamps_t SET v = 'changed', updated_at = '2026-11-30 02:00:00' WHERE id IN (5, 2400)");
  // The next run re-reads its overlap (5 minutes before the watermark), then goes on chunk by chunk to the end.
  const second = await run(job, { chunkRows: 1_000 });
  expect(second).toMatchObject({ status: 'ok', done: true, watermark: '2026-11-30 02:00:00.000000' });
  expect(await summary('deadline.stamps_t')).toEqual({ n: 2_500, d: 2_500, s: String((2_500 * 2_501) / 2) });
  expect((await db.pg.query("SELECT id FROM deadline.stamps_t WHERE v = 'changed' ORDER BY id")).rows).toEqual([{ id: 5 }, { id: 2400 }]);
});

describe('FULL_COPY larger than one run', () => {
  const job: SyncJob = { name: 'big-full', table: 'big_full', mode: 'FULL_COPY', target: { schema: 'deadline', table: 'big_full' }, fullCopySwap: 'rename' };
  const start = Date.parse('2026-12-02T00:00:00Z');

  test('stages its parts across runs and replaces the target whole with the last: readers never see half, deletes go', async () => {
    await db.mysql.query('CREATE TABLE big_full (id INT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO big_full VALUES ${Array.from({ length: 2_500 }, (_, i) => `(${i + 1}, 'old')`).join(',')}`);
    expect(await run(job)).toMatchObject({ status: 'ok', done: true, rowsWritten: 2_500 });

    await db.mysql.query("DELETE FROM big_full WHERE id <= 100; UPDATE big_full SET v = 'new'");
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    // Two parts of 1,000 rows fit the deadline; the third waits for the next run.
    const first = await run(job, { chunkRows: 1_000, deadline: new Date(start + 25_000), now });
    expect(first).toMatchObject({ status: 'ok', done: false, rowsWritten: 2_000 });
    // The target is still the old copy; the parts wait in the staging table, the progress in the job's row.
    expect(await summary('deadline.big_full')).toMatchObject({ n: 2_500 });
    expect((await db.pg.query("SELECT count(*)::int AS n FROM deadline.big_full WHERE v = 'new'")).rows[0].n).toBe(0);
    expect(await summary('deadline.big_full__staging')).toMatchObject({ n: 2_000 });
    expect(await state('big-full')).toMatchObject({ watermark: '2100' });
    const stagingOid = await oid('deadline.big_full__staging');

    // Rows inserted into a range already staged arrive with the next full copy; rows beyond it with this one.
    await db.mysql.query("INSERT INTO big_full VALUES (50, 'late'), (9000, 'late')");
    const second = await run(job, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) });
    expect(second).toMatchObject({ status: 'ok', done: true, rowsWritten: 401 });
    expect(await summary('deadline.big_full')).toEqual({ n: 2_401, d: 2_401, s: String((2_500 * 2_501) / 2 - (100 * 101) / 2 + 9_000) });
    expect((await db.pg.query("SELECT count(*)::int AS n FROM deadline.big_full WHERE v <> 'new'")).rows[0].n).toBe(1); // 9000
    expect((await db.pg.query("SELECT to_regclass('deadline.big_full__staging') IS NULL AS gone")).rows[0].gone).toBe(true);
    // Nothing depends on the target and both tables have the same owner and grants: the staging table took its name.
    expect(await oid('deadline.big_full')).toBe(stagingOid);
    expect(await state('big-full')).toMatchObject({ watermark: null });

    // The next full copy has the row inserted into the staged range.
    expect(await run(job, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 2_402 });
    expect((await db.pg.query('SELECT v FROM deadline.big_full WHERE id = 50')).rows).toEqual([{ v: 'late' }]);
  });

  test('a view on the target, or grants of its own, keep the target: the swap copies the rows into it instead', async () => {
    await db.mysql.query('CREATE TABLE kept_full (id INT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO kept_full VALUES ${Array.from({ length: 1_500 }, (_, i) => `(${i + 1}, 'old')`).join(',')}`);
    const keptJob: SyncJob = {
      name: 'kept-full',
      table: 'kept_full',
      mode: 'FULL_COPY',
      target: { schema: 'deadline', table: 'kept_full' },
      fullCopySwap: 'rename',
    };
    expect(await run(keptJob)).toMatchObject({ done: true, rowsWritten: 1_500 });
    const staged = async () => {
      await db.mysql.query("UPDATE kept_full SET v = 'new'");
      return run(keptJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) });
    };

    await db.pg.query("CREATE VIEW deadline.kept_full_new AS SELECT id FROM deadline.kept_full WHERE v = 'new'");
    const before = await oid('deadline.kept_full');
    expect(await staged()).toMatchObject({ done: true, rowsWritten: 1_500 });
    expect(await oid('deadline.kept_full')).toBe(before);
    expect((await db.pg.query('SELECT count(*)::int AS n FROM deadline.kept_full_new')).rows[0].n).toBe(1_500);
    await db.pg.query('DROP VIEW deadline.kept_full_new');

    const role = `kept_reader_${process.pid}`;
    await db.pg.query(`CREATE ROLE ${role}; GRANT SELECT ON deadline.kept_full TO ${role}`);
    try {
      await db.mysql.query("UPDATE kept_full SET v = 'newer'");
      expect(await run(keptJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 1_500 });
      expect(await oid('deadline.kept_full')).toBe(before);
      expect((await db.pg.query("SELECT has_table_privilege($1, 'deadline.kept_full', 'SELECT') AS granted", [role])).rows[0].granted).toBe(true);
      expect((await db.pg.query("SELECT count(*)::int AS n FROM deadline.kept_full WHERE v = 'newer'")).rows[0].n).toBe(1_500);
    } finally {
      await db.pg.query(`REVOKE ALL ON deadline.kept_full FROM ${role}; DROP ROLE ${role}`);
    }
  });

  test('a rename that DROP refuses (a dependent the catalog query does not count) falls back to the copy', async () => {
    await db.mysql.query('CREATE TABLE held_full (id INT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO held_full VALUES ${Array.from({ length: 1_500 }, (_, i) => `(${i + 1}, 'old')`).join(',')}`);
    const heldJob: SyncJob = {
      name: 'held-full',
      table: 'held_full',
      mode: 'FULL_COPY',
      target: { schema: 'deadline', table: 'held_full' },
      fullCopySwap: 'rename',
    };
    expect(await run(heldJob)).toMatchObject({ done: true, rowsWritten: 1_500 });
    // A materialized view depends on the target like a view, but the query counts only views.
    await db.pg.query('CREATE MATERIALIZED VIEW deadline.held_full_ids AS SELECT id FROM deadline.held_full');
    await db.mysql.query("UPDATE held_full SET v = 'new'");
    const before = await oid('deadline.held_full');
    expect(await run(heldJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 1_500 });
    expect(await oid('deadline.held_full')).toBe(before);
    expect((await db.pg.query("SELECT count(*)::int AS n FROM deadline.held_full WHERE v = 'new'")).rows[0].n).toBe(1_500);
    expect((await db.pg.query("SELECT to_regclass('deadline.held_full__staging') IS NULL AS gone")).rows[0].gone).toBe(true);
  });

  test('a target MySQL changed while parts were staged: the staged copy starts again with the new columns', async () => {
    await db.mysql.query('CREATE TABLE grown_full (id INT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO grown_full VALUES ${Array.from({ length: 2_500 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
    const grownJob: SyncJob = { name: 'grown-full', table: 'grown_full', mode: 'FULL_COPY', target: { schema: 'deadline', table: 'grown_full' } };
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    expect(await run(grownJob, { chunkRows: 1_000, deadline: new Date(start + 25_000), now })).toMatchObject({ done: false, rowsWritten: 2_000 });
    await db.mysql.query("ALTER TABLE grown_full ADD COLUMN w VARCHAR(5) NOT NULL DEFAULT 'new'");
    const rerun = await run(grownJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) });
    expect(rerun).toMatchObject({ done: true, rowsWritten: 2_500, schemaChanges: [expect.stringContaining('w')] });
    expect((await db.pg.query("SELECT count(*)::int AS n FROM deadline.grown_full WHERE w = 'new'")).rows[0].n).toBe(2_500);
  });

  test('the swap runs on its own when it would not fit after the last part: the next run starts with it', async () => {
    await db.mysql.query('CREATE TABLE swap_full (id INT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO swap_full VALUES ${Array.from({ length: 1_500 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
    const swapJob: SyncJob = { name: 'swap-full', table: 'swap_full', mode: 'FULL_COPY', target: { schema: 'deadline', table: 'swap_full' } };
    expect(await run(swapJob)).toMatchObject({ done: true, rowsWritten: 1_500 });
    const target = await oid('deadline.swap_full');
    await db.mysql.query("DELETE FROM swap_full WHERE id > 1400; UPDATE swap_full SET v = 'new'");
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    // Both parts fit before the deadline; the swap's turn comes after it.
    expect(await run(swapJob, { chunkRows: 1_000, deadline: new Date(start + 25_000), now })).toMatchObject({ done: false, rowsWritten: 1_400 });
    expect(await summary('deadline.swap_full__staging')).toMatchObject({ n: 1_400 });
    expect(await summary('deadline.swap_full')).toMatchObject({ n: 1_500 });
    // The next run finds everything staged and replaces the target first thing, reading nothing.
    expect(await run(swapJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 0 });
    expect(await summary('deadline.swap_full')).toEqual({ n: 1_400, d: 1_400, s: String((1_400 * 1_401) / 2) });
    // By default the swap copies into the target, which stays the same table.
    expect(await oid('deadline.swap_full')).toBe(target);
  });

  test("a first copy is staged in the target's stead and renamed to it at the end: no target until then, each row written once", async () => {
    await db.mysql.query('CREATE TABLE first_full (id BIGINT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO first_full VALUES ${Array.from({ length: 2_500 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
    const firstJob: SyncJob = { name: 'first-full', table: 'first_full', mode: 'FULL_COPY', target: { schema: 'deadline', table: 'first_full' } };
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    expect(await run(firstJob, { chunkRows: 1_000, deadline: new Date(start + 25_000), now })).toMatchObject({ done: false, rowsWritten: 2_000 });
    // Readers find no target, as before the job first ran; the staging table is planned as the target would be.
    expect(await oid('deadline.first_full')).toBeNull();
    const staging = await oid('deadline.first_full__staging');
    expect(await summary('deadline.first_full__staging')).toMatchObject({ n: 2_000 });
    expect(
      (
        await db.pg.query(
          "SELECT data_type FROM information_schema.columns WHERE table_schema = 'deadline' AND table_name = 'first_full__staging' ORDER BY ordinal_position",
        )
      ).rows,
    ).toEqual([{ data_type: 'bigint' }, { data_type: 'character varying' }]);

    await db.mysql.query("DELETE FROM first_full WHERE id = 10; INSERT INTO first_full VALUES (9000, 'late')");
    expect(await run(firstJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 501 });
    // The staging table took the target's name (never copied), and is gone under its own.
    expect(await oid('deadline.first_full')).toBe(staging);
    expect(await oid('deadline.first_full__staging')).toBeNull();
    // Row 10 was staged before MySQL deleted it: a copy spread over runs is one snapshot per part; the next copy drops it.
    expect(await summary('deadline.first_full')).toEqual({ n: 2_501, d: 2_501, s: String((2_500 * 2_501) / 2 + 9_000) });
    expect(await state('first-full')).toMatchObject({ watermark: null });

    // From now on the job replaces a target that exists, by its swap (the copy by default).
    expect(await run(firstJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 2_500 });
    expect(await oid('deadline.first_full')).toBe(staging);
    expect(await summary('deadline.first_full')).toEqual({ n: 2_500, d: 2_500, s: String((2_500 * 2_501) / 2 - 10 + 9_000) });
  });

  test('a target someone creates while a first copy is staged is kept: the swap copies into it', async () => {
    await db.mysql.query('CREATE TABLE raced_full (id INT PRIMARY KEY, v VARCHAR(10))');
    await db.mysql.query(`INSERT INTO raced_full VALUES ${Array.from({ length: 2_500 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
    const racedJob: SyncJob = { name: 'raced-full', table: 'raced_full', mode: 'FULL_COPY', target: { schema: 'deadline', table: 'raced_full' } };
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    expect(await run(racedJob, { chunkRows: 1_000, deadline: new Date(start + 25_000), now })).toMatchObject({ done: false, rowsWritten: 2_000 });
    await db.pg.query('CREATE TABLE deadline.raced_full (id INT, v VARCHAR(10), note TEXT)');
    const created = await oid('deadline.raced_full');
    // That table is planned like any target (its VARCHAR lengthened), so the parts staged so far start again.
    expect(await run(racedJob, { chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).toMatchObject({ done: true, rowsWritten: 2_500 });
    expect(await oid('deadline.raced_full')).toBe(created);
    expect(await summary('deadline.raced_full')).toEqual({ n: 2_500, d: 2_500, s: String((2_500 * 2_501) / 2) });
  });
});

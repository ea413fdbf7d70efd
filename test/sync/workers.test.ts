/**
 * Parallel extraction against the real MariaDB and PostgreSQL: with `workers`, a FULL_COPY and an INCREMENTAL_COPY
 * chunk are read by several MySQL connections side by side, a key range each, and loaded in one transaction.
 */
import { openPair, adminConnections, nextRunId } from './databases';
import { runSync, type RunOptions, type SyncJob } from '../../lambda/sync/engine';
import type { MysqlSource } from '../../lambda/sync/adapters/mysql-source';

const db = adminConnections();

/** MySQL thread ids of the connections the last run opened beside its own (kept when it fails). */
let forkThreads: number[] = [];

/** A run with its reads counted: connections opened beside the run's own, and the row reads started. */
async function run(job: SyncJob, options: Omit<RunOptions, 'runId'> = {}) {
  const pair = await openPair();
  const forks: MysqlSource[] = [];
  forkThreads = [];
  const fork = pair.source.fork.bind(pair.source);
  jest.spyOn(pair.source, 'fork').mockImplementation(async () => {
    const forked = await fork();
    forks.push(forked);
    forkThreads.push((forked as unknown as { connection: { threadId: number } }).connection.threadId);
    jest.spyOn(forked, 'close');
    return forked;
  });
  const reads = jest.spyOn(pair.source, 'csvStream');
  try {
    const result = await runSync(job, pair.source, pair.warehouse, { runId: nextRunId(), ...options });
    return { result, forks: forks.length, forksClosed: forks.every((f) => (f.close as jest.Mock).mock.calls.length === 1), ownReads: reads.mock.calls.length };
  } finally {
    await pair.close();
  }
}

/** Every row of the target is the source's, each once: counts, distinct keys, key sums and every value. */
const same = async (mysqlTable: string, pgTable: string) => {
  const [[source]] = (await db.mysql.query(
    `SELECT count(*) AS n, count(DISTINCT id) AS d, CAST(coalesce(sum(id), 0) AS CHAR) AS s FROM ${mysqlTable}`,
  )) as unknown as [{ n: number; d: number; s: string }[]];
  const target = (await db.pg.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d, coalesce(sum(id), 0)::text AS s FROM ${pgTable}`)).rows[0];
  expect(target).toEqual({ n: Number(source.n), d: Number(source.d), s: source.s });
  const values = (await db.pg.query(`SELECT id::text AS id, v FROM ${pgTable} ORDER BY id`)).rows;
  const [rows] = (await db.mysql.query(`SELECT CAST(id AS CHAR) AS id, v FROM ${mysqlTable} ORDER BY id`)) as unknown as [{ id: string; v: string }[]];
  expect(values).toEqual(rows.map((r) => ({ id: r.id, v: r.v })));
};

const fill = (table: string, ids: readonly (number | string)[]) =>
  db.mysql.query(`INSERT INTO ${table} VALUES ${ids.map((id) => `(${id}, 'v${String(id).slice(-6)}')`).join(',')}`);

describe('FULL_COPY with workers', () => {
  test('three connections read a key range each; one load has every row once, gaps and the largest BIGINT UNSIGNED keys included', async () => {
    await db.mysql.query('CREATE TABLE par_full (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(20))');
    const ids = [...Array.from({ length: 2_000 }, (_, i) => i + 1), 5_000_000, '18446744073709551614', '18446744073709551615'];
    await fill('par_full', ids);
    const job: SyncJob = { name: 'par-full', table: 'par_full', mode: 'FULL_COPY', target: { schema: 'workers', table: 'par_full' } };
    const first = await run(job, { workers: 3 });
    expect(first.result).toMatchObject({ status: 'ok', done: true, rowsWritten: 2_003 });
    // Two connections beside the run's own, each closed at the end; the run's own reads one of the three ranges.
    expect(first).toMatchObject({ forks: 2, forksClosed: true, ownReads: 1 });
    await same('par_full', 'workers.par_full');

    // Replacing the copy: rows deleted in MySQL go, changed ones change.
    await db.mysql.query("DELETE FROM par_full WHERE id BETWEEN 10 AND 1000; UPDATE par_full SET v = 'changed' WHERE id > 1500");
    expect((await run(job, { workers: 3 })).result).toMatchObject({ done: true, rowsWritten: 1_012 });
    await same('par_full', 'workers.par_full');
  });

  test('an empty table and a one-row table need no second connection', async () => {
    await db.mysql.query('CREATE TABLE par_tiny (id INT PRIMARY KEY, v VARCHAR(20))');
    const job: SyncJob = { name: 'par-tiny', table: 'par_tiny', mode: 'FULL_COPY', target: { schema: 'workers', table: 'par_tiny' } };
    expect(await run(job, { workers: 4 })).toMatchObject({ result: { done: true, rowsWritten: 0 }, forks: 0 });
    await fill('par_tiny', [7]);
    expect(await run(job, { workers: 4 })).toMatchObject({ result: { done: true, rowsWritten: 1 }, forks: 0 });
    await same('par_tiny', 'workers.par_tiny');
  });

  test('parts extracted to S3 load into Redshift only: the stand-in refuses them and keeps its copy', async () => {
    await db.mysql.query("CREATE TABLE par_s3 (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO par_s3 VALUES (1, 'a')");
    const job: SyncJob = { name: 'par-s3', table: 'par_s3', mode: 'FULL_COPY', target: { schema: 'workers', table: 'par_s3' } };
    await run(job);
    await expect(run(job, { extracted: { keys: ['src/par-s3/fan-out/e/r00000-part-00001.csv.gz'], rows: 5 } })).rejects.toThrow(
      'parts staged in S3 load into Redshift only; the stand-in takes the rows themselves',
    );
    await same('par_s3', 'workers.par_s3');
    // The session is usable after the refusal: the next run copies as before.
    expect((await run(job)).result).toMatchObject({ done: true, rowsWritten: 1 });
  });

  test('a value one worker cannot store fails the whole load: the target keeps its previous copy, no connection is left open', async () => {
    await db.mysql.query('CREATE TABLE par_bad (id INT PRIMARY KEY, v VARCHAR(20))');
    await fill(
      'par_bad',
      Array.from({ length: 30_000 }, (_, i) => i + 1),
    );
    const job: SyncJob = { name: 'par-bad', table: 'par_bad', mode: 'FULL_COPY', target: { schema: 'workers', table: 'par_bad' } };
    await run(job, { workers: 2 });
    await db.mysql.query("UPDATE par_bad SET v = CONCAT('bad', CHAR(0)) WHERE id IN (5, 2900); UPDATE par_bad SET v = 'new'  WHERE id < 10");
    await expect(run(job, { workers: 2, chunkBytes: 1_024 })).rejects.toThrow(/\(par_bad where id = (5|2900)\)/);
    expect((await db.pg.query("SELECT count(*)::int AS n FROM workers.par_bad WHERE v = 'new'")).rows[0].n).toBe(0);
    expect((await db.pg.query('SELECT count(*)::int AS n FROM workers.par_bad')).rows[0].n).toBe(30_000);
    // The worker's connection is gone from the server (which may take a moment to see the socket closed).
    expect(forkThreads).toHaveLength(1);
    const open = async () =>
      ((await db.mysql.query('SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (?)', [forkThreads])) as unknown as [unknown[]])[0].length;
    for (let tries = 0; (await open()) > 0 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 50));
    expect(await open()).toBe(0);
  });

  test('staged across runs by a deadline, each part read by two workers: the target equals the source', async () => {
    await db.mysql.query('CREATE TABLE par_staged (id INT PRIMARY KEY, v VARCHAR(20))');
    await fill(
      'par_staged',
      Array.from({ length: 2_500 }, (_, i) => 2 * i + 1),
    );
    const job: SyncJob = { name: 'par-staged', table: 'par_staged', mode: 'FULL_COPY', target: { schema: 'workers', table: 'par_staged' } };
    const start = Date.parse('2026-12-02T00:00:00Z');
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    const first = await run(job, { workers: 2, chunkRows: 1_000, deadline: new Date(start + 25_000), now });
    expect(first.result).toMatchObject({ done: false, rowsWritten: 2_000 });
    expect(first.ownReads).toBe(2); // one range of each of the two parts
    expect((await db.pg.query('SELECT count(*)::int AS n FROM workers.par_staged__staging')).rows[0].n).toBe(2_000);
    // A row inserted beyond the staged parts arrives with this copy.
    await db.mysql.query("INSERT INTO par_staged VALUES (100000, 'late')");
    expect((await run(job, { workers: 2, chunkRows: 1_000, deadline: new Date(Date.now() + 600_000) })).result).toMatchObject({ done: true, rowsWritten: 501 });
    await same('par_staged', 'workers.par_staged');
  });
});

describe('INCREMENTAL_COPY with workers', () => {
  test('each chunk split among the workers commits with the largest key read; the next run goes on from it', async () => {
    await db.mysql.query('CREATE TABLE par_inc (id INT PRIMARY KEY, v VARCHAR(20))');
    await fill('par_inc', [...Array.from({ length: 2_500 }, (_, i) => i + 1), 1_000_000]);
    const job: SyncJob = { name: 'par-inc', table: 'par_inc', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'workers', table: 'par_inc' } };
    const first = await run(job, { workers: 2, chunkRows: 1_000 });
    expect(first.result).toMatchObject({ status: 'ok', done: true, rowsWritten: 2_501, watermark: '1000000' });
    expect(first).toMatchObject({ forks: 1, ownReads: 3 }); // three chunks (1,000 + 1,000 + 501 rows), one range each for the run's own connection
    await same('par_inc', 'workers.par_inc');
    expect((await db.pg.query("SELECT watermark FROM sync_meta.sync_state WHERE job_name = 'par-inc'")).rows[0].watermark).toBe('1000000');

    await fill('par_inc', [1_000_001, 1_000_002, 2_000_000]);
    expect((await run(job, { workers: 2, chunkRows: 1_000 })).result).toMatchObject({ done: true, rowsWritten: 3, watermark: '2000000' });
    expect((await run(job, { workers: 2, chunkRows: 1_000 })).result).toMatchObject({ done: true, rowsWritten: 0, watermark: '2000000' });
    await same('par_inc', 'workers.par_inc');
  });

  test('a deadline between chunks keeps the chunks copied; UPDATE_LATEST_COPY reads with one connection', async () => {
    await db.mysql.query('CREATE TABLE par_late (id INT PRIMARY KEY, v VARCHAR(20))');
    await fill(
      'par_late',
      Array.from({ length: 3_000 }, (_, i) => i + 1),
    );
    const job: SyncJob = { name: 'par-late', table: 'par_late', mode: 'INCREMENTAL_COPY', key: 'id', target: { schema: 'workers', table: 'par_late' } };
    const start = Date.parse('2026-12-02T00:00:00Z');
    let looks = 0;
    const now = () => new Date(start + 10_000 * looks++);
    expect((await run(job, { workers: 3, chunkRows: 1_000, deadline: new Date(start + 25_000), now })).result).toMatchObject({
      done: false,
      rowsWritten: 2_000,
      watermark: '2000',
    });
    expect((await run(job, { workers: 3, chunkRows: 1_000 })).result).toMatchObject({ done: true, rowsWritten: 1_000, watermark: '3000' });
    await same('par_late', 'workers.par_late');

    // UPDATE_LATEST_COPY reads in update-time order, by one connection.
    await db.mysql.query(
      "CREATE TABLE par_latest (id INT PRIMARY KEY, v VARCHAR(20), t DATETIME); INSERT INTO par_latest VALUES (1, 'x', '2026-01-01'), (2, 'y', '2026-01-02')",
    );
    const latest: SyncJob = {
      name: 'par-latest',
      table: 'par_latest',
      mode: 'UPDATE_LATEST_COPY',
      key: 'id',
      updatedAt: 't',
      target: { schema: 'workers', table: 'par_latest' },
    };
    expect(await run(latest, { workers: 3 })).toMatchObject({ result: { done: true, rowsWritten: 2 }, forks: 0 });
  });
});

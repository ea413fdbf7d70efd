/** The sync CLI as a process: a run killed mid-load leaves the target as it was; the rerun makes it equal the source. */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../bin/sync';
import { statusLine } from '../../lib/cli/progress';
import { ROOT } from '../helpers/platform';
import { adminConnections, MYSQL_URL, POSTGRES_URL } from './databases';

const db = adminConnections();

async function fill(table: string, from: number, count: number, value: string): Promise<void> {
  for (let start = from; start < from + count; start += 50_000) {
    const n = Math.min(50_000, from + count - start);
    await db.mysql.query(`INSERT INTO ${table} VALUES ${Array.from({ length: n }, (_, i) => `(${start + i}, '${value}')`).join(',')}`);
  }
}

/** The test server's MySQL URL without its password, and the password, given as MYSQL_PWD (never an argument). */
const SOURCE_URL = () => MYSQL_URL().replace(/:[^:@/]*@/, '@');
const SOURCE_PASSWORD = () => decodeURIComponent(new URL(MYSQL_URL()).password);
const withPassword = (password = SOURCE_PASSWORD()) => ({ ...process.env, MYSQL_PWD: password });

/** The CLI's arguments for a local run of `table` into `target`, the test servers' URLs, TLS off. */
function localArgs(table: string, target: string, mode: string, ...extra: string[]): string[] {
  return ['--source', SOURCE_URL(), '--source-tls', 'off', '--target', POSTGRES_URL(), '--table', table, '--target-table', target, '--mode', mode, ...extra];
}

async function inProcess(args: string[], env = withPassword()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out, err };
}

let killed = 0;

/**
 * Starts the CLI and kills it (SIGKILL) once rows are flowing into its COPY (the transaction still open). Its
 * PostgreSQL session is told apart from other test files' by its application_name (PGAPPNAME).
 */
async function killMidLoad(args: string[]): Promise<void> {
  const appName = `killed-cli-${process.pid}-${++killed}`;
  // One process (node with tsx's loader), so SIGKILL hits the process doing the load.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'sync.ts'), ...args], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...withPassword(), PGAPPNAME: appName },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const rowsCopied = async () =>
    Number(
      (
        await db.pg.query(
          'SELECT coalesce(max(p.tuples_processed), 0) AS n FROM pg_stat_progress_copy p JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1',
          [appName],
        )
      ).rows[0].n,
    );
  const deadline = Date.now() + 60_000;
  while ((await rowsCopied()) === 0) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the CLI never reached its COPY');
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  await exited;
  // PostgreSQL notices the dead client, aborts its transaction and frees its lock as its session ends.
  const lingering = async () => Number((await db.pg.query('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [appName])).rows[0].n) > 0;
  while (await lingering()) await new Promise((r) => setTimeout(r, 10));
}

const summary = async (table: string) => (await db.pg.query(`SELECT count(*) AS n, count(DISTINCT id) AS d, min(v) AS lo, max(v) AS hi FROM ${table}`)).rows[0];

test('FULL_COPY killed mid-load: the old copy stays whole; the rerun replaces it', async () => {
  await db.mysql.query('CREATE TABLE crash_full (id INT PRIMARY KEY, v VARCHAR(10))');
  await fill('crash_full', 0, 300_000, 'old');
  const args = localArgs('crash_full', 'crash.full_t', 'FULL_COPY');
  expect((await inProcess(args)).code).toBe(0);
  await db.mysql.query("UPDATE crash_full SET v = 'new'; DELETE FROM crash_full WHERE id >= 250000");

  await killMidLoad(args);
  expect(await summary('crash.full_t')).toEqual({ n: '300000', d: '300000', lo: 'old', hi: 'old' });

  const rerun = await inProcess(args);
  expect(rerun.code).toBe(0);
  expect(await summary('crash.full_t')).toEqual({ n: '250000', d: '250000', lo: 'new', hi: 'new' });
});

test('INCREMENTAL_COPY killed mid-load: neither rows nor watermark move; the rerun copies each row once', async () => {
  await db.mysql.query('CREATE TABLE crash_inc (id INT PRIMARY KEY, v VARCHAR(10))');
  await fill('crash_inc', 0, 1000, 'first');
  const args = localArgs('crash_inc', 'crash.inc_t', 'INCREMENTAL_COPY', '--key', 'id');
  expect(JSON.parse((await inProcess(args)).out[0])).toMatchObject({ rowsWritten: 1000, watermark: '999' });
  await fill('crash_inc', 1000, 300_000, 'second');

  await killMidLoad(args);
  expect(await summary('crash.inc_t')).toEqual({ n: '1000', d: '1000', lo: 'first', hi: 'first' });
  expect((await db.pg.query("SELECT watermark FROM sync_meta.sync_state WHERE job_name = 'crash-inc_t'")).rows[0].watermark).toBe('999');

  const rerun = JSON.parse((await inProcess(args)).out[0]);
  expect(rerun).toMatchObject({ rowsWritten: 300_000, watermark: '300999' });
  expect(await summary('crash.inc_t')).toEqual({ n: '301000', d: '301000', lo: 'first', hi: 'second' });
});

/** `npm run --silent sync -- ARGS` as a person runs it: npm, then tsx running bin/sync.ts. */
const npmSync = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'sync', '--', ...args], { cwd: ROOT, encoding: 'utf8', env });

test('npm run --silent sync: bad arguments exit 2, a refused login is one line on stderr and exit 1, a copy prints a one-line JSON summary', async () => {
  await db.mysql.query("CREATE TABLE cli_ok (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO cli_ok VALUES (1, 'a'), (2, NULL)");
  const connection = ['--source-tls', 'off', '--target', POSTGRES_URL(), '--table', 'cli_ok', '--mode', 'FULL_COPY'];

  const usage = npmSync(withPassword(), '--table', 'cli_ok');
  expect(usage.status).toBe(2);
  expect(usage.stderr).toBe('error: --mode is required (see --help)\n');
  expect(usage.stdout).toBe('');

  const refused = npmSync(withPassword('wrong-pass'), '--source', SOURCE_URL(), ...connection);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/^error: cannot connect to MySQL at 127\.0\.0\.1:\d+\/ads: Access denied for user 'sync'/);
  expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  expect(refused.stderr).not.toContain('wrong-pass');
  expect(refused.stdout).toBe('');

  const copied = npmSync(withPassword(), '--source', SOURCE_URL(), ...connection);
  expect(copied.stderr).toBe('');
  expect(copied.status).toBe(0);
  expect(copied.stdout.trim().split('\n')).toHaveLength(1);
  expect(JSON.parse(copied.stdout)).toMatchObject({
    table: 'cli_ok',
    target: 'public.cli_ok',
    mode: 'FULL_COPY',
    status: 'ok',
    rowsWritten: 2,
    seconds: expect.any(Number),
  });
  expect((await db.pg.query('SELECT id, v FROM public.cli_ok ORDER BY id')).rows).toEqual([
    { id: 1, v: 'a' },
    { id: 2, v: null },
  ]);
});

describe('mistakes get one clear line and a non-zero exit, and the target is untouched', () => {
  const base = () => ['--source', SOURCE_URL(), '--source-tls', 'off', '--target', POSTGRES_URL()];
  test.each([
    [['--table', 'ads', '--mode', 'FULL'], 2, 'error: --mode "FULL" is not one of FULL_COPY, INCREMENTAL_COPY, UPDATE_LATEST_COPY (see --help)'],
    [['--table', 'ads'], 2, 'error: --mode is required (see --help)'],
    [
      ['--table', 'ads;drop table x', '--mode', 'FULL_COPY', '--target-table', 'public.x'],
      2,
      'error: table "ads;drop table x" is not a MySQL identifier (see --help)',
    ],
    [['--table', 'cli_ok', '--mode', 'INCREMENTAL_COPY'], 2, 'error: INCREMENTAL_COPY needs a key column (--key) (see --help)'],
    [
      ['--table', 'cli_ok', '--mode', 'INCREMENTAL_COPY', '--key', 'nope', '--target-table', 'public.cli_missing'],
      1,
      'error: key column "nope" is not a column of cli_ok; columns: id, v',
    ],
    [
      ['--table', 'cli_ok', '--mode', 'FULL_COPY', '--target-table', 'Public.X'],
      2,
      'error: target schema "Public" is not a warehouse identifier (lower-case letters, digits, _) (see --help)',
    ],
  ])('%j', async (args, code, message) => {
    const result = await inProcess([...base(), ...args]);
    expect(result.code).toBe(code);
    expect(result.err).toEqual([message]);
    expect(result.out).toEqual([]);
  });

  test('unreachable databases', async () => {
    const mysqlDown = await inProcess(
      ['--source', 'mysql://sync@127.0.0.1:1/ads', '--target', POSTGRES_URL(), '--table', 'cli_ok', '--mode', 'FULL_COPY'],
      withPassword('secret-pass'),
    );
    expect(mysqlDown.code).toBe(1);
    expect(mysqlDown.err).toEqual([expect.stringMatching(/^error: cannot connect to MySQL at 127\.0\.0\.1:1\/ads: .*ECONNREFUSED/)]);
    expect(mysqlDown.err[0]).not.toContain('secret-pass');
    const pgDown = await inProcess([
      '--source',
      SOURCE_URL(),
      '--source-tls',
      'off',
      '--target',
      'postgres://postgres@127.0.0.1:1/warehouse',
      '--table',
      'cli_ok',
      '--mode',
      'FULL_COPY',
    ]);
    expect(pgDown.code).toBe(1);
    expect(pgDown.err).toEqual([expect.stringMatching(/^error: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/warehouse: /)]);
  });

  test('TLS is on unless --source-tls off: a local server without TLS is refused in one line that says so', async () => {
    const tls = await inProcess([
      '--source',
      SOURCE_URL(),
      '--target',
      POSTGRES_URL(),
      '--table',
      'cli_ok',
      '--mode',
      'FULL_COPY',
      '--target-table',
      'public.cli_missing',
    ]);
    expect(tls.code).toBe(1);
    expect(tls.err).toEqual([
      expect.stringMatching(
        /^error: cannot connect to MySQL at 127\.0\.0\.1:\d+\/ads: Server does not support secure connection \(TLS is on by default; turn it off only for a server without TLS, such as a local test server: tls: false on the source, --source-tls off in the CLI\)$/,
      ),
    ]);
    const bad = await inProcess([...base(), '--source-tls', 'maybe', '--table', 'cli_ok', '--mode', 'FULL_COPY']);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual(['error: --source-tls must be on or off (see --help)']);
  });

  test('nothing was created by the failures', async () => {
    const { rows } = await db.pg.query("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_name IN ('x', 'cli_missing')");
    expect(rows).toEqual([]);
  });
});

test('--exclude-columns leaves the named columns out of the copy', async () => {
  await db.mysql.query("CREATE TABLE cli_excluded (id INT PRIMARY KEY, secret VARCHAR(10), v VARCHAR(10)); INSERT INTO cli_excluded VALUES (1, 's', 'a')");
  const run = await inProcess(localArgs('cli_excluded', 'cli.excluded', 'FULL_COPY', '--exclude-columns', 'secret'));
  expect(run).toMatchObject({ code: 0, err: [] });
  expect((await db.pg.query('SELECT * FROM cli.excluded')).rows).toEqual([{ id: 1, v: 'a' }]);
});

test('--chunk-rows and --deadline: chunked INCREMENTAL_COPY whose summary says whether it is done; bad values are usage errors', async () => {
  await db.mysql.query("CREATE TABLE cli_chunked (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO cli_chunked VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  const args = localArgs('cli_chunked', 'cli.chunked', 'INCREMENTAL_COPY', '--key', 'id');
  const run = await inProcess([...args, '--chunk-rows', '2', '--deadline', '600']);
  expect(run).toMatchObject({ code: 0, err: [] });
  expect(JSON.parse(run.out[0])).toMatchObject({ status: 'ok', done: true, rowsWritten: 3, watermark: '3' });
  for (const bad of [
    ['--chunk-rows', '0'],
    ['--deadline', 'soon'],
  ]) {
    const refused = await inProcess([...args, ...bad]);
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual([expect.stringMatching(/^error: --(chunk-rows|deadline) must be a whole number above 0 \(see --help\)$/)]);
  }
});

test('--workers N: a FULL_COPY read by N connections side by side; at most 16', async () => {
  await db.mysql.query('CREATE TABLE cli_workers (id INT PRIMARY KEY, v VARCHAR(10))');
  await db.mysql.query(`INSERT INTO cli_workers VALUES ${Array.from({ length: 1_000 }, (_, i) => `(${i + 1}, 'v')`).join(',')}`);
  const args = localArgs('cli_workers', 'cli.workers', 'FULL_COPY');
  const run = await inProcess([...args, '--workers', '3']);
  expect(run).toMatchObject({ code: 0, err: [] });
  expect(JSON.parse(run.out[0])).toMatchObject({ status: 'ok', done: true, rowsWritten: 1_000 });
  expect((await db.pg.query('SELECT count(DISTINCT id)::int AS n, sum(id)::int AS s FROM cli.workers')).rows[0]).toEqual({ n: 1_000, s: 500_500 });
  for (const [flag, bad, message] of [
    ['--workers', '0', 'error: --workers must be a whole number above 0 (see --help)'],
    ['--workers', '17', 'error: --workers must be at most 16 (each is a MySQL connection) (see --help)'],
    ['--swap', 'move', 'error: fullCopySwap "move" is not copy or rename (see --help)'],
  ]) {
    const refused = await inProcess([...args, flag, bad]);
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.err).toEqual([message]);
  }
});

test('a FULL_COPY staged over runs, killed mid-part: the old target stays whole, and runs until done leave it equal to the source', async () => {
  await db.mysql.query('CREATE TABLE crash_staged (id INT PRIMARY KEY, v VARCHAR(10))');
  await fill('crash_staged', 0, 200_000, 'old');
  const args = localArgs('crash_staged', 'crash.staged_t', 'FULL_COPY', '--chunk-rows', '50000', '--deadline', '600');
  expect(JSON.parse((await inProcess(args)).out[0])).toMatchObject({ done: true, rowsWritten: 200_000 });
  await db.mysql.query("UPDATE crash_staged SET v = 'new'; DELETE FROM crash_staged WHERE id % 10 = 0");

  await killMidLoad(args);
  // The old copy is whole; whatever parts were staged wait in the staging table.
  expect(await summary('crash.staged_t')).toEqual({ n: '200000', d: '200000', lo: 'old', hi: 'old' });

  for (let run = 1; ; run++) {
    const result = await inProcess(args);
    expect(result.code).toBe(0);
    if (JSON.parse(result.out[0]).done) break;
    expect(run).toBeLessThan(5);
  }
  expect(await summary('crash.staged_t')).toEqual({ n: '180000', d: '180000', lo: 'new', hi: 'new' });
  expect((await db.pg.query("SELECT to_regclass('crash.staged_t__staging') IS NULL AS gone")).rows[0].gone).toBe(true);
});

test('progress: lines of rows, rate and time left go to the progress sink (a terminal by default), none when there is none', async () => {
  await db.mysql.query('CREATE TABLE cli_progress (id INT PRIMARY KEY, v VARCHAR(10))');
  await fill('cli_progress', 0, 250_000, 'p');
  await db.mysql.query('ANALYZE TABLE cli_progress');
  const args = localArgs('cli_progress', 'cli.progress', 'FULL_COPY');
  const lines: string[] = [];
  const out: string[] = [];
  expect(await main(args, { out: (t) => out.push(t), err: () => undefined, progress: (line) => lines.push(line), env: withPassword() })).toBe(0);
  // At least the last line, with every row and MySQL's estimate of the table.
  expect(lines.at(-1)).toMatch(/^250,000 rows of about [\d,]+, [\d,]+ rows\/s/);
  expect(JSON.parse(out[0])).toMatchObject({ done: true, rowsWritten: 250_000 });
  // Another err than stderr, and no terminal: no status line, nothing but the summary.
  const quiet: string[] = [];
  expect(await main(args, { out: () => undefined, err: (t) => quiet.push(t), env: withPassword() })).toBe(0);
  expect(quiet).toEqual([]);
  // A terminal: the status line drawn in place (a carriage return and erase-line before each), ended by a newline.
  const drawn: string[] = [];
  const status = statusLine({ isTTY: true, write: (chunk) => drawn.push(chunk) }, { delayMs: 0 });
  expect(await main(args, { out: () => undefined, status, env: withPassword() })).toBe(0);
  const final = drawn.at(-2)!;
  expect(final.slice(0, 4)).toBe('\r\x1b[K');
  expect(final.slice(4)).toMatch(/^250,000 rows of about [\d,]+, [\d,]+ rows\/s/);
  expect(drawn.at(-1)).toBe('\n');
});

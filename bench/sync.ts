/**
 * The sync engine against the usual alternatives, on real servers started here (MariaDB, PostgreSQL):
 * a table of N rows of mixed types copied (a) by this CLI's FULL_COPY, (b) by pgloader, (c) by the raw pipe
 * `mariadb --quick -B | psql \copy`; the CLI's peak memory; then incremental runs after 1% of rows changed.
 * The CLI runs as `npm run sync` runs it (tsx, bin/sync.ts), as `node --import tsx` so the process timed is the one
 * copying (tsx's own command would start it as a child) and npm's start (~0.15 s) is left out. Each CLI figure is
 * the process's wall time; "run" is the time the engine reports in its summary (`seconds`: from reading the table's
 * columns to the commit, what a Lambda invocation spends on the job once connected, without starting Node and
 * TypeScript).
 * Results and the trade-offs measured with them: bench/README.md.
 *
 *   npm run --silent bench:sync                 1,000,000 rows, then the peak-memory run at 5,000,000
 *   npm run --silent bench:sync -- --rows 200000 --no-large
 *
 * Needs mariadb-server, postgresql and pgloader (Debian packages); installs them when run as root.
 */
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServers, type LocalServers } from '../test/servers/local-servers';

const root = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'no-large': { type: 'boolean', default: false },
    // Only the deadline phase: a FULL_COPY of this many rows in runs bounded by --deadline, against one unbounded run.
    'deadline-rows': { type: 'string' },
    deadline: { type: 'string', default: '20' },
  },
});
const ROWS = Number(values.rows);

function ensurePackages(): void {
  const missing = ['mariadb-server', 'postgresql', 'postgresql-15-postgis-3', 'pgloader'].filter(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format field, not a template.
    (p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout.indexOf('install ok installed') < 0,
  );
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')}`);
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')} >/dev/null`, {
    stdio: 'inherit',
  });
}

interface Timed {
  readonly seconds: number;
  readonly peakMb: number;
  readonly cpu: number;
  readonly stdout: string;
}

class Bench {
  readonly mysql: URL;
  readonly pg: URL;
  constructor(readonly servers: LocalServers) {
    this.mysql = new URL(servers.mysqlUrl);
    this.pg = new URL(servers.postgresUrl);
  }

  sql(query: string): string {
    return execFileSync(
      'mariadb',
      ['--default-character-set=utf8mb4', '-h127.0.0.1', `-P${this.mysql.port}`, '-usync', '-psync-pass', 'ads', '-N', '-B', '-e', query],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
  }

  psql(query: string): string {
    return execFileSync('psql', ['-h', '127.0.0.1', '-p', this.pg.port, '-U', 'postgres', '-d', 'warehouse', '-At', '-c', query], { encoding: 'utf8' });
  }

  createTable(table: string, rows: number): void {
    this.sql(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (
      id BIGINT UNSIGNED NOT NULL PRIMARY KEY, user_id INT NOT NULL, title VARCHAR(100) NOT NULL, price DECIMAL(12,2) NOT NULL,
      score DOUBLE NOT NULL, active TINYINT(1) NOT NULL, status ENUM('draft','live','ended') NOT NULL, body TEXT NOT NULL,
      created_at DATETIME NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, KEY (updated_at)) CHARSET utf8mb4`);
    for (let start = 1; start <= rows; start += 1_000_000) {
      const end = Math.min(rows, start + 999_999);
      this.sql(`INSERT INTO ${table} SELECT seq, seq % 100000, CONCAT('광고 캠페인 ', seq, ' "sale" 😀'), (seq % 100000) / 100, seq / 7,
        seq % 2, ELT(1 + seq % 3, 'draft', 'live', 'ended'), CONCAT('line one\\tcol\\nline two ', REPEAT('x', seq % 50)),
        '2026-01-01 00:00:00' + INTERVAL (seq % 86400) SECOND, '2026-01-01 00:00:00' + INTERVAL (seq % 86400) SECOND
        FROM seq_${start}_to_${end}`);
    }
  }

  /**
   * Waits until neither server is still digesting earlier work (InnoDB purging old row versions, an autovacuum
   * worker), so a short timed run measures itself and not the bulk loads before it. Returns seconds waited.
   */
  settle(timeoutSeconds = 120): number {
    const started = Date.now();
    for (;;) {
      const history = Number(this.sql("SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'").split('\t')[1]);
      const vacuuming = Number(this.psql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"));
      if (history === 0 && vacuuming === 0) return (Date.now() - started) / 1000;
      if (Date.now() - started > timeoutSeconds * 1000)
        throw new Error(`servers still busy after ${timeoutSeconds} s (history ${history}, vacuum workers ${vacuuming})`);
      execFileSync('sleep', ['0.2']);
    }
  }

  /** Runs a command, returning seconds, peak RSS in MB and CPU seconds (user + system) (GNU time). */
  timed(command: string, args: string[]): Timed {
    const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', command, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: TIMED_ENV,
      maxBuffer: 1 << 26,
    });
    const match = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
    if (result.status !== 0 || !match) throw new Error(`${command} failed:\n${result.stderr.slice(-2000)}`);
    return { seconds: Number(match[1]), peakMb: Number(match[2]) / 1024, cpu: Number(match[3]) + Number(match[4]), stdout: result.stdout };
  }

  /** One run of the sync CLI; `run` is the engine's own time from its JSON summary. */
  cli(table: string, target: string, mode: string, extra: string[] = []): Timed & { run: number; rowsWritten: number } {
    const timed = this.timed(process.execPath, [
      '--import',
      'tsx',
      'bin/sync.ts',
      '--source',
      this.servers.mysqlUrl,
      '--source-tls',
      'off',
      '--target',
      this.servers.postgresUrl,
      '--table',
      table,
      '--target-table',
      target,
      '--mode',
      mode,
      ...extra,
    ]);
    const summary = JSON.parse(timed.stdout) as { seconds: number; rowsWritten: number };
    return { ...timed, run: summary.seconds, rowsWritten: summary.rowsWritten };
  }

  /** Median seconds of starting the CLI to a usage error: tsx, loading bin/sync.ts and everything it imports. */
  cliStart(): number {
    const starts = Array.from({ length: 7 }, () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['--import', 'tsx', 'bin/sync.ts'], { cwd: root, env: TIMED_ENV });
      return Number(process.hrtime.bigint() - started) / 1e9;
    });
    return medianBy(starts, (s) => s);
  }

  pgloader(table: string) {
    this.psql('DROP SCHEMA IF EXISTS pgloader_ads CASCADE');
    const loadFile = path.join(mkdtempSync(path.join(tmpdir(), 'pgloader-')), 'load.load');
    writeFileSync(
      loadFile,
      `LOAD DATABASE
         FROM mysql://sync:sync-pass@127.0.0.1:${this.mysql.port}/ads
         INTO postgresql://postgres@127.0.0.1:${this.pg.port}/warehouse
       WITH include drop, create tables, create no indexes, prefetch rows = 10000, workers = 4, concurrency = 1
       CAST type tinyint to smallint drop typemod
       INCLUDING ONLY TABLE NAMES MATCHING '${table}'
       ALTER SCHEMA 'ads' RENAME TO 'pgloader_ads';\n`,
    );
    return this.timed('pgloader', ['--quiet', '--root-dir', path.dirname(loadFile), loadFile]);
  }

  rawPipe(table: string) {
    this.psql(
      `DROP TABLE IF EXISTS raw_${table}; CREATE TABLE raw_${table} (id NUMERIC(20,0), user_id INTEGER, title VARCHAR(400), price NUMERIC(12,2), score DOUBLE PRECISION, active SMALLINT, status VARCHAR(20), body VARCHAR(65535), created_at TIMESTAMP, updated_at TIMESTAMP)`,
    );
    const pipe = `mariadb --default-character-set=utf8mb4 --quick -B -N -h127.0.0.1 -P${this.mysql.port} -usync -psync-pass ads -e 'SELECT * FROM ${table}' | psql -h 127.0.0.1 -p ${this.pg.port} -U postgres -d warehouse -c '\\copy raw_${table} FROM STDIN'`;
    return this.timed('bash', ['-c', pipe]);
  }
}

/**
 * The timed commands' environment: this one without NODE_EXTRA_CA_CERTS. Node 20 reads and parses that whole
 * certificate file when it starts, whether or not anything uses TLS (nothing here does: every server is on
 * loopback); on a machine that sets it for its own proxy that is tens of milliseconds on every run, measured and
 * printed by `startupCost`, that have nothing to do with copying rows.
 */
const TIMED_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** Median start-up of a bare Node process with and without this environment's NODE_EXTRA_CA_CERTS, in ms. */
function startupCost(): { without: number; with: number } {
  const start = (env: NodeJS.ProcessEnv) =>
    medianBy(
      Array.from({ length: 7 }, () => {
        const started = process.hrtime.bigint();
        execFileSync(process.execPath, ['-e', '0'], { env });
        return Number(process.hrtime.bigint() - started) / 1e6;
      }),
      (ms) => ms,
    );
  return { without: start(TIMED_ENV), with: start(process.env) };
}

/** The middle item by `value` (the upper middle of an even count). */
function medianBy<T>(items: readonly T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)];
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`;
}

/**
 * A FULL_COPY too large for one deadline: runs with `--deadline` until one says done, against one run without it
 * (into another table), each timed as a whole process; then the two targets and the source are compared.
 */
function deadlinePhase(bench: Bench, rows: number, deadline: number): void {
  let t = Date.now();
  bench.createTable('huge', rows);
  console.log(`${rows.toLocaleString('en-US')}-row table created in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  bench.settle();
  const unbounded = bench.cli('huge', 'bench.huge_once', 'FULL_COPY');
  console.log(`one unbounded FULL_COPY   ${unbounded.seconds.toFixed(2)} s (run ${unbounded.run.toFixed(2)} s)`);
  bench.settle();
  const runs: (Timed & { run: number; rowsWritten: number; done: boolean })[] = [];
  t = Date.now();
  for (;;) {
    const run = bench.cli('huge', 'bench.huge_bounded', 'FULL_COPY', ['--deadline', String(deadline), '--chunk-rows', '500000']);
    const done = (JSON.parse(run.stdout) as { done: boolean }).done;
    runs.push({ ...run, done });
    if (done || runs.length > 50) break;
  }
  const total = runs.reduce((sum, r) => sum + r.seconds, 0);
  console.log(
    `runs with --deadline ${deadline} until done: ${runs.length}, ${total.toFixed(2)} s in all (${ratio(total, unbounded.seconds)} the unbounded run); ` +
      `longest ${Math.max(...runs.map((r) => r.seconds)).toFixed(2)} s; each: ${runs.map((r) => `${r.seconds.toFixed(1)} s (${r.rowsWritten})`).join(', ')}`,
  );
  const check = (table: string) => bench.psql(`SELECT count(*), count(DISTINCT id), sum(id), sum(user_id) FROM ${table}`).trim();
  const source = bench.sql('SELECT count(*), count(DISTINCT id), sum(id), sum(user_id) FROM huge').trim().split('\t').join('|');
  console.log(`source ${source}; unbounded target ${check('bench.huge_once')}; bounded target ${check('bench.huge_bounded')}`);
}

async function main(): Promise<void> {
  ensurePackages();
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time (GNU time) is needed for peak memory');
  const servers = await startLocalServers();
  const bench = new Bench(servers);
  try {
    console.log(
      `node ${process.version}, ${ROWS.toLocaleString('en-US')} rows of 10 mixed columns (ids, text with Korean, quotes, tabs, newlines and emoji, decimals, floats, enum, datetime, timestamp)`,
    );
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const cost = startupCost();
      console.log(
        `NODE_EXTRA_CA_CERTS is set here; the timed runs go without it (a bare Node start: ${cost.without.toFixed(0)} ms without, ${cost.with.toFixed(0)} ms with it)`,
      );
    }
    console.log('');
    if (values['deadline-rows']) {
      deadlinePhase(bench, Number(values['deadline-rows']), Number(values.deadline));
      return;
    }
    let t = Date.now();
    bench.createTable('big', ROWS);
    console.log(`source table created in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    bench.cli('big', 'bench.warmup', 'FULL_COPY', ['--job', 'warmup']); // fills tsx's cache, warms both servers' caches
    const median = <T extends { seconds: number }>(runs: T[]) => medianBy(runs, (run) => run.seconds);
    const repeat = <T>(n: number, run: () => T) => Array.from({ length: n }, run);
    // Like pgloader and the pipe, each timed copy goes into a table that does not exist yet.
    let copyNumber = 0;
    const cliRuns = repeat(3, () => bench.cli('big', `bench.big_${++copyNumber}`, 'FULL_COPY'));
    const cli = median(cliRuns);
    // And a FULL_COPY that replaces a previous copy (DELETE + COPY in one transaction).
    const replace = median(repeat(3, () => bench.cli('big', 'bench.big_1', 'FULL_COPY')));
    const loader = median(repeat(3, () => bench.pgloader('big')));
    const raw = median(repeat(3, () => bench.rawPipe('big')));
    const copied = Number(bench.psql('SELECT count(*) FROM bench.big_1'));
    if (copied !== ROWS) throw new Error(`the CLI copied ${copied} rows, not ${ROWS}`);
    if (Number(bench.psql('SELECT count(*) FROM pgloader_ads.big')) !== ROWS) throw new Error('pgloader did not copy every row');
    console.log('\nFULL_COPY of the whole table (median of 3 runs each)');
    console.log(
      `  this CLI            ${cli.seconds.toFixed(2)} s   (run ${cli.run.toFixed(2)} s, CPU ${cli.cpu.toFixed(2)} s)   peak RSS ${Math.max(...cliRuns.map((r) => r.peakMb)).toFixed(0)} MB`,
    );
    console.log(`  pgloader            ${loader.seconds.toFixed(2)} s   (the CLI is ${ratio(loader.seconds, cli.seconds)} as fast)`);
    console.log(`  raw pipe            ${raw.seconds.toFixed(2)} s   (the CLI takes ${ratio(cli.seconds, raw.seconds)} its time)`);
    console.log(`  this CLI, replacing a previous copy   ${replace.seconds.toFixed(2)} s   (run ${replace.run.toFixed(2)} s)`);
    const start = bench.cliStart();
    console.log(`  starting the CLI (tsx, loading its modules, a usage error; median of 7): ${start.toFixed(2)} s`);

    // Incremental runs after 1% of the rows changed.
    const changed = Math.max(1, Math.round(ROWS / 100));
    const latestArgs = ['--key', 'id', '--updated-at', 'updated_at'];
    bench.cli('big', 'bench.big_latest', 'UPDATE_LATEST_COPY', latestArgs);
    bench.cli('big', 'bench.big_inc', 'INCREMENTAL_COPY', ['--key', 'id']);
    // A scheduled incremental run meets a warehouse at rest, not one still vacuuming millions of rows just
    // bulk-loaded by the copies above: drop the other tools' tables, vacuum the two targets as autovacuum would
    // within a minute of their first load, and wait for both servers to go quiet before each timed run.
    bench.psql('DROP TABLE IF EXISTS bench.warmup, bench.big_2, bench.big_3, raw_big; DROP SCHEMA IF EXISTS pgloader_ads CASCADE');
    bench.psql('VACUUM (ANALYZE) bench.big_latest, bench.big_inc');
    bench.psql('CHECKPOINT');
    let settling = bench.settle();
    // UPDATE_LATEST rounds first, then INCREMENTAL rounds, so each timed run sees exactly 1% of rows changed.
    // Each round edits another 1% of the rows, with update times spread over the hour after the previous round's,
    // as an hourly job would find them; the 5-minute overlap then also re-reads the previous round's last five
    // minutes (833 rows). Round 0 is not timed: its overlap re-reads the bulk-loaded rows' last five minutes
    // (3,472 rows, since the generated table was all written within one day), which no later run meets.
    const ROUNDS = 5;
    const latestRuns = [];
    for (let round = 0; round <= ROUNDS; round++) {
      bench.sql(
        `UPDATE big SET title = CONCAT(LEFT(title, 60), ' (edit ${round})'), updated_at = '2026-06-0${round + 1} 00:00:00' + INTERVAL (id % 3600) SECOND WHERE id % 100 = ${round}`,
      );
      settling += bench.settle();
      const run = bench.cli('big', 'bench.big_latest', 'UPDATE_LATEST_COPY', latestArgs);
      if (round > 0) latestRuns.push(run);
    }
    const incRuns = [];
    for (let round = 1; round <= ROUNDS; round++) {
      bench.sql(
        `INSERT INTO big SELECT seq + ${ROWS + (round - 1) * changed}, 1, 'new', 1, 1, 1, 'live', 'b', '2026-06-01 00:00:00', '2026-06-01 00:00:00' FROM seq_1_to_${changed}`,
      );
      settling += bench.settle();
      incRuns.push(bench.cli('big', 'bench.big_inc', 'INCREMENTAL_COPY', ['--key', 'id']));
    }
    const latest = median(latestRuns);
    const inc = median(incRuns);
    const all = (runs: { seconds: number; rowsWritten: number }[]) => runs.map((r) => `${r.seconds.toFixed(2)} s (${r.rowsWritten})`).join(', ');
    const share = (run: { seconds: number; run: number }) =>
      `${((run.seconds / cli.seconds) * 100).toFixed(1)}% of the full copy; run ${run.run.toFixed(2)} s, ${((run.run / cli.run) * 100).toFixed(1)}% of the full copy's run`;
    console.log(
      `\nafter 1% of rows changed (${changed.toLocaleString('en-US')} rows; median of ${ROUNDS} rounds, each after the servers went quiet: ${settling.toFixed(1)} s of waiting in all)`,
    );
    console.log(`  UPDATE_LATEST_COPY  ${latest.seconds.toFixed(2)} s   (${share(latest)}); rounds (rows read): ${all(latestRuns)}`);
    console.log(`  INCREMENTAL_COPY    ${inc.seconds.toFixed(2)} s   (${share(inc)}); rounds (rows read): ${all(incRuns)}`);

    if (!values['no-large']) {
      const large = ROWS * 5;
      t = Date.now();
      bench.createTable('large', large);
      console.log(`\n${large.toLocaleString('en-US')}-row table created in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const run = bench.cli('large', 'bench.large', 'FULL_COPY');
      console.log(
        `  this CLI            ${run.seconds.toFixed(2)} s   (run ${run.run.toFixed(2)} s, CPU ${run.cpu.toFixed(2)} s)   peak RSS ${run.peakMb.toFixed(0)} MB (${ROWS.toLocaleString('en-US')} rows: ${cli.peakMb.toFixed(0)} MB)`,
      );
    }
  } finally {
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

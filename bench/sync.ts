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
 *   npm run --silent bench:sync -- --deadline-rows 10000000 --deadline 20 [--swap copy|rename]   only the deadline phase (bench/sync-phases.ts)
 *   npm run --silent bench:sync -- --workers-rows 5000000 [--workers 2]   only the workers phase: --workers 1 against N, and the extract alone
 *   npm run --silent bench:sync -- --kill-rows 3000000 [--kills 4] [--kill-seed 1] [--kill-workers N]   only the kill phase: SIGKILL, rerun, compare
 *
 * The servers' clients, the generated table and the timed CLI runs are bench/sync-bench.ts.
 * Needs mariadb-server, postgresql and pgloader (Debian packages); installs them when run as root.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalServers } from '../test/servers/local-servers';
import { Bench, ensurePackages, medianBy, ratio, startupCost } from './sync-bench';
import { deadlinePhase, killPhase, workersPhase } from './sync-phases';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'no-large': { type: 'boolean', default: false },
    // Only the deadline phase: a FULL_COPY of this many rows in runs bounded by --deadline, against one unbounded run.
    'deadline-rows': { type: 'string' },
    deadline: { type: 'string', default: '20' },
    // How the bounded runs' staged copy replaces the target (the CLI's --swap).
    swap: { type: 'string', default: 'copy' },
    // Only the kill phase: SIGKILL during chunked runs of a table of this many rows, then reruns until done.
    'kill-rows': { type: 'string' },
    // Only the workers phase: a FULL_COPY of this many rows with --workers 1 and --workers N (default 2).
    'workers-rows': { type: 'string' },
    workers: { type: 'string', default: '2' },
    kills: { type: 'string', default: '4' },
    'kill-seed': { type: 'string', default: '1' },
    // The CLI's --workers for the kill phase's runs (its own default, one reader, without it).
    'kill-workers': { type: 'string' },
  },
});
const ROWS = Number(values.rows);
/** The rows of the table the run fills: the default phase's, or the one phase asked for. */
const TABLE_ROWS = Number(values['kill-rows'] ?? values['deadline-rows'] ?? values['workers-rows'] ?? values.rows);

async function main(): Promise<void> {
  ensurePackages();
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time (GNU time) is needed for peak memory');
  const servers = await startLocalServers();
  const bench = new Bench(servers);
  try {
    console.log(
      `node ${process.version}, ${TABLE_ROWS.toLocaleString('en-US')} rows of 10 mixed columns (ids, text with Korean, quotes, tabs, newlines and emoji, decimals, floats, enum, datetime, timestamp)`,
    );
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const cost = startupCost();
      console.log(
        `NODE_EXTRA_CA_CERTS is set here; the timed runs go without it (a bare Node start: ${cost.without.toFixed(0)} ms without, ${cost.with.toFixed(0)} ms with it)`,
      );
    }
    console.log('');
    if (values['deadline-rows']) {
      deadlinePhase(bench, Number(values['deadline-rows']), Number(values.deadline), values.swap);
      return;
    }
    if (values['workers-rows']) {
      await workersPhase(bench, Number(values['workers-rows']), Number(values.workers));
      return;
    }
    if (values['kill-rows']) {
      const [rows, kills] = [Number(values['kill-rows']), Number(values.kills)];
      if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(kills) || kills < 0)
        throw new Error('--kill-rows must be a whole number above 0, --kills one from 0');
      await killPhase(bench, rows, kills, Number(values['kill-seed']), values['kill-workers'] === undefined ? undefined : Number(values['kill-workers']));
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

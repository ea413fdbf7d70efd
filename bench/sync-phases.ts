/**
 * The sync benchmark's phases beyond the default one (bench/sync.ts), each selected by its own option.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type Bench, medianBy, ratio, root, TIMED_ENV, type Timed } from './sync-bench';

/**
 * A FULL_COPY too large for one deadline: runs with `--deadline` until one says done, against one run without it
 * (into another table), each timed as a whole process; then the two targets and the source are compared.
 */
export function deadlinePhase(bench: Bench, rows: number, deadline: number, swap: string): void {
  let t = Date.now();
  bench.createTable('huge', rows);
  console.log(`${rows.toLocaleString('en-US')}-row table created in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  bench.settle();
  const unbounded = bench.cli('huge', 'bench.huge_once', 'FULL_COPY');
  console.log(`one unbounded FULL_COPY   ${unbounded.seconds.toFixed(2)} s (run ${unbounded.run.toFixed(2)} s)`);
  const check = (table: string) => bench.psql(`SELECT count(*), count(DISTINCT id), sum(id), sum(user_id) FROM ${table}`).trim();
  const source = bench.sql('SELECT count(*), count(DISTINCT id), sum(id), sum(user_id) FROM huge').trim().split('\t').join('|');
  // The first bounded copy has no target yet (its staging table is renamed into place); the second replaces it, by
  // the swap asked for.
  for (const label of ['first copy', 'replacing copy']) {
    bench.settle();
    const runs: (Timed & { run: number; rowsWritten: number; done: boolean })[] = [];
    t = Date.now();
    for (;;) {
      const run = bench.cli('huge', 'bench.huge_bounded', 'FULL_COPY', ['--deadline', String(deadline), '--chunk-rows', '500000', '--swap', swap]);
      const done = (JSON.parse(run.stdout) as { done: boolean }).done;
      runs.push({ ...run, done });
      if (done || runs.length > 50) break;
    }
    const total = runs.reduce((sum, r) => sum + r.seconds, 0);
    console.log(
      `${label}, runs with --deadline ${deadline} --swap ${swap} until done: ${runs.length}, ${total.toFixed(2)} s in all (${ratio(total, unbounded.seconds)} the unbounded run); ` +
        `longest ${Math.max(...runs.map((r) => r.seconds)).toFixed(2)} s; each: ${runs.map((r) => `${r.seconds.toFixed(1)} s (${r.rowsWritten})`).join(', ')}`,
    );
    console.log(`source ${source}; unbounded target ${check('bench.huge_once')}; bounded target ${check('bench.huge_bounded')}`);
  }
}

/** One way of running a job that the kill phase kills and reruns. */
interface KillScenario {
  readonly label: string;
  readonly mode: 'INCREMENTAL_COPY' | 'FULL_COPY';
  readonly target: string;
  readonly job: string;
  readonly extra: readonly string[];
  /** Whether what the job's session is doing (`sessions`) is the moment the aimed kill waits for. */
  readonly aimAt: (activity: string) => boolean;
  readonly aimLabel: string;
}

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

interface Summary {
  readonly status: 'ok' | 'skipped';
  readonly done: boolean;
  readonly rowsWritten: number;
}

const n = (value: number | string) => Number(value).toLocaleString('en-US');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The CLI started without waiting for it, so it can be killed; `ended` settles when it exits, however. */
function startCli(bench: Bench, s: KillScenario): { child: ChildProcess; startedAt: number; ended: Promise<Ended> } {
  const startedAt = performance.now();
  const child = spawn(process.execPath, bench.cliArgs('killed', s.target, s.mode, ['--job', s.job, ...s.extra]), {
    cwd: root,
    env: TIMED_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ended = new Promise<Ended>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, seconds: (performance.now() - startedAt) / 1000 })),
  );
  return { child, startedAt, ended };
}

function summaryOf(run: Ended): Summary {
  if (run.code !== 0) throw new Error(`the sync CLI failed (exit ${run.code ?? run.signal}): ${run.stderr.trim().slice(-2000)}`);
  return JSON.parse(run.stdout) as Summary;
}

/** The warehouse's client sessions other than the one asking: what the CLI's session is doing, "-" if it has none. */
function sessions(bench: Bench): string {
  const rows = bench
    .psql(
      "SELECT state || ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 1000) FROM pg_stat_activity WHERE datname = 'warehouse' AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
    )
    .trim();
  return rows === '' ? '-' : rows;
}

/** Where a kill landed, from what the CLI's PostgreSQL session was doing just before it. */
function landing(activity: string): string {
  if (activity === '-') return 'no warehouse session yet (starting, connecting)';
  if (/^active: COPY /m.test(activity)) return `mid-COPY into ${/COPY (\S+)/.exec(activity)?.[1]}`;
  if (/^active: .*INSERT INTO .*__staging/m.test(activity)) return 'mid-swap (DELETE + INSERT ... SELECT from the staging table, then COMMIT)';
  if (/^active: .*DELETE FROM .* USING /m.test(activity)) return 'mid-merge (DELETE ... USING + INSERT from the stage, then COMMIT)';
  if (/^active: .*COMMIT/m.test(activity)) return 'in the commit batch';
  if (/^idle in transaction/m.test(activity)) return 'in a load transaction, between statements';
  if (/^active: SELECT count\(\*\) AS n FROM .*__staging/m.test(activity)) return "counting the staged rows for the swap's estimate";
  if (/^idle: .*COMMIT/m.test(activity)) return 'just after a load committed, before the next (reading MySQL)';
  if (/^idle: /m.test(activity)) return 'connected, between statements (reading MySQL)';
  return activity.split('\n')[0].slice(0, 80);
}

/** Waits until the killed CLI's warehouse session is gone (and with it the job's advisory lock); returns seconds waited. */
async function sessionGone(bench: Bench, timeoutSeconds = 120): Promise<number> {
  const started = performance.now();
  while (sessions(bench) !== '-') {
    if (performance.now() - started > timeoutSeconds * 1000) throw new Error(`the killed run's session still there after ${timeoutSeconds} s`);
    await sleep(50);
  }
  return (performance.now() - started) / 1000;
}

/**
 * What the job has committed, after a kill, against the source: the rows it holds (the target for INCREMENTAL_COPY,
 * the staging table for a staged FULL_COPY) must be exactly the source's rows up to the watermark it recorded with
 * them, each once. A merge would hide a row copied twice in the end; this catches it at the kill that caused it.
 */
function committed(bench: Bench, s: KillScenario): { text: string; ok: boolean } {
  const watermark = bench.psql(`SELECT coalesce(max(watermark), '') FROM sync_meta.sync_state WHERE job_name = '${s.job}'`).trim();
  const [schema, table] = s.target.split('.');
  const holder = s.mode === 'FULL_COPY' ? `${schema}.${table}__staging` : s.target;
  const exists = (name: string) => bench.psql(`SELECT to_regclass('${name}') IS NOT NULL`).trim() === 't';
  const [rows, distinct, max] = exists(holder)
    ? bench.psql(`SELECT count(*), count(DISTINCT id), coalesce(max(id), 0) FROM ${holder}`).trim().split('|').map(Number)
    : [0, 0, 0];
  const upTo = watermark === '' ? 0 : Number(bench.sql(`SELECT count(*) FROM killed WHERE id <= ${Number(watermark)}`).trim());
  const targetRows = exists(s.target) ? Number(bench.psql(`SELECT count(*) FROM ${s.target}`)) : 0;
  const sourceRows = Number(bench.sql('SELECT count(*) FROM killed').trim());
  let ok = rows === distinct && rows === upTo && max === (watermark === '' ? 0 : Number(watermark));
  // A FULL_COPY's target holds no copy yet, or a whole one: the swap is all or nothing.
  if (s.mode === 'FULL_COPY') ok = ok && (targetRows === 0 || targetRows === sourceRows);
  const where = s.mode === 'FULL_COPY' ? `staged ${n(rows)} rows, target ${n(targetRows)}` : `${n(rows)} rows`;
  return { text: `${where}, watermark ${watermark === '' ? 'none' : n(watermark)} (source rows up to it: ${n(upTo)})`, ok };
}

/** count(*), count(DISTINCT id), sum(id), sum(user_id) of the source and of a target, as `a|b|c|d`. */
function totals(bench: Bench, target: string): { source: string; target: string } {
  const query = 'SELECT count(*), count(DISTINCT id), sum(id), sum(user_id) FROM';
  return { source: bench.sql(`${query} killed`).trim().split('\t').join('|'), target: bench.psql(`${query} ${target}`).trim() };
}

/**
 * Kills one job's runs with SIGKILL, `kills` times after a random 1-4 s and once at the moment `aimAt` picks, each
 * kill's run started fresh; then reruns it until one says done and compares the target with the source. After each
 * random kill it waits for the killed run's warehouse session to end and checks what the job committed; after the
 * aimed one (a merge or the swap, which the server may still be running) the rerun starts at once, as a schedule
 * would start it, and finds the job locked while that session lasts. Returns whether everything matched.
 */
async function killAndRerun(bench: Bench, s: KillScenario, kills: number, random: () => number): Promise<boolean> {
  console.log(`\n${s.label}: ${s.mode} ${s.extra.join(' ')} into ${s.target}`);
  let ok = true;
  let killed = 0;
  let skipped = 0;
  /** The runs since the last kill that were neither killed nor skipped: the reruns, once the last kill is made. */
  let reruns: { seconds: number; rows: number }[] = [];
  let done = false;
  const check = (after: string) => {
    const state = committed(bench, s);
    ok &&= state.ok;
    console.log(`    ${after}, committed: ${state.text}: ${state.ok ? 'consistent' : 'INCONSISTENT'}`);
  };
  const kill = async (run: ReturnType<typeof startCli>, label: string, waitForSession: boolean) => {
    const activity = sessions(bench);
    run.child.kill('SIGKILL');
    const at = (performance.now() - run.startedAt) / 1000;
    const ended = await run.ended;
    const locked = Number(bench.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")) > 0;
    killed++;
    reruns = [];
    console.log(
      `  kill ${killed} (${label}) at ${at.toFixed(2)} s: ${landing(activity)}; exit ${ended.signal ?? ended.code}; job still locked: ${locked ? 'yes' : 'no'}`,
    );
    if (!landing(activity).startsWith('mid-') && activity !== '-') console.log(`    its session: ${activity.slice(0, 200)}`);
    if (waitForSession) check(`its session gone ${(await sessionGone(bench)).toFixed(2)} s after the kill`);
  };
  /** A run that was not killed: skipped (the job still locked by a killed run's session) or a run like any other. */
  const finished = async (ended: Ended, what: string) => {
    const summary = summaryOf(ended);
    if (summary.status === 'skipped') {
      skipped++;
      console.log(`  ${what} after ${ended.seconds.toFixed(2)} s: skipped, the job still locked`);
      check(`the killed run's session gone ${(await sessionGone(bench)).toFixed(2)} s later`);
      return;
    }
    reruns.push({ seconds: ended.seconds, rows: summary.rowsWritten });
    done = summary.done;
    console.log(`  ${what} after ${ended.seconds.toFixed(2)} s: done ${summary.done}, ${n(summary.rowsWritten)} rows written`);
    check('then');
  };
  for (let attempt = 0; killed < kills && !done && attempt < kills * 3; attempt++) {
    const delay = 1000 + random() * 3000;
    const run = startCli(bench, s);
    const early = await Promise.race([run.ended, sleep(delay).then(() => undefined)]);
    if (early) await finished(early, `a run ended before its kill at ${(delay / 1000).toFixed(2)} s,`);
    else await kill(run, `after ${(delay / 1000).toFixed(2)} s`, true);
  }
  // The aimed kill: runs until the CLI's session is at that moment, polled every ~30 ms (a psql each).
  for (let attempt = 0; !done && attempt < 10; attempt++) {
    const run = startCli(bench, s);
    let ended: Ended | undefined;
    run.ended.then((e) => (ended = e));
    while (ended === undefined && !s.aimAt(sessions(bench))) await sleep(10);
    if (ended === undefined) {
      await kill(run, s.aimLabel, false);
      break;
    }
    await finished(ended, 'a run ended before the moment aimed at,');
  }
  // Then runs, none killed, until one says done.
  while (!done && reruns.length < 50) await finished(await startCli(bench, s).ended, 'rerun');
  const total = reruns.reduce((sum, r) => sum + r.seconds, 0);
  console.log(
    `  ${killed} kills; reruns until done: ${reruns.length}, ${total.toFixed(2)} s in all (${reruns.map((r) => `${r.seconds.toFixed(2)} s, ${n(r.rows)} rows`).join('; ')}); ` +
      `runs skipped (the job locked): ${skipped}`,
  );
  const both = totals(bench, s.target);
  const equal = both.source === both.target;
  console.log(`  count, distinct ids, sum(id), sum(user_id): source ${both.source}; target ${both.target}: ${equal ? 'equal' : 'NOT EQUAL'}`);
  const staging = bench
    .psql("SELECT coalesce(string_agg(table_schema || '.' || table_name, ', '), '') FROM information_schema.tables WHERE table_name LIKE '%\\_\\_staging'")
    .trim();
  if (s.mode === 'FULL_COPY') console.log(`  staging tables left: ${staging === '' ? 'none' : staging}`);
  return ok && equal && staging === '';
}

/**
 * Kill -9 during chunked runs, then reruns until done: an INCREMENTAL_COPY committed chunk by chunk and a FULL_COPY
 * staged over runs by a deadline, each killed at random moments and at the one that matters most (the merge, the
 * swap); after every kill what the job committed must match its watermark, and at the end the target the source.
 */
export async function killPhase(bench: Bench, rows: number, kills: number, seed: number, workers?: number): Promise<void> {
  const t = Date.now();
  bench.createTable('killed', rows);
  console.log(`${n(rows)}-row table created in ${((Date.now() - t) / 1000).toFixed(1)} s; ${kills} random kills a job (seed ${seed}) and one aimed`);
  bench.settle();
  const random = mulberry32(seed);
  const readers = workers === undefined ? [] : ['--workers', String(workers)];
  const scenarios: KillScenario[] = [
    {
      label: 'chunked INCREMENTAL_COPY',
      mode: 'INCREMENTAL_COPY',
      target: 'bench.killed_inc',
      job: 'killed-inc',
      extra: ['--key', 'id', '--chunk-rows', '200000', ...readers],
      aimAt: (activity) => /^active: .*DELETE FROM .* USING /m.test(activity),
      aimLabel: 'aimed at a merge',
    },
    {
      label: 'staged FULL_COPY',
      mode: 'FULL_COPY',
      target: 'bench.killed_full',
      job: 'killed-full',
      extra: ['--deadline', '15', '--chunk-rows', '300000', ...readers],
      aimAt: (activity) => /^active: .*INSERT INTO .*__staging/m.test(activity),
      aimLabel: 'aimed at the swap',
    },
  ];
  const results = [];
  for (const scenario of scenarios) results.push(await killAndRerun(bench, scenario, kills, random));
  if (results.includes(false)) throw new Error('kill phase: a target or a committed state did not match the source (above)');
}

/** A small seeded generator, so a run's kill times can be drawn again. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Parallel readers: the same FULL_COPY with `--workers 1` and `--workers N`, interleaved run by run into fresh
 * tables (the CLI into PostgreSQL: one COPY takes every worker's rows); then the extract side alone, as the
 * fanned-out extracts do it on AWS (MySQL read, encode, gzip parts; the parts dropped instead of uploaded), with
 * 1 and N ranges read side by side in one process.
 */
export async function workersPhase(bench: Bench, rows: number, workers: number): Promise<void> {
  const t = Date.now();
  bench.createTable('wide', rows);
  console.log(`${rows.toLocaleString('en-US')}-row table created in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  bench.cli('wide', 'bench.wide_warmup', 'FULL_COPY'); // warms both servers' caches and tsx's
  bench.psql('DROP TABLE bench.wide_warmup');
  const runs = new Map<number, (Timed & { run: number })[]>([
    [1, []],
    [workers, []],
  ]);
  for (let round = 0; round < 3; round++) {
    for (const n of runs.keys()) {
      bench.psql('DROP TABLE IF EXISTS bench.wide_copy');
      bench.settle();
      runs.get(n)!.push(bench.cli('wide', 'bench.wide_copy', 'FULL_COPY', ['--workers', String(n)]));
    }
  }
  const median = (n: number) => medianBy(runs.get(n)!, (r) => r.seconds);
  for (const n of runs.keys()) {
    const m = median(n);
    console.log(
      `FULL_COPY --workers ${n}: ${m.seconds.toFixed(2)} s (run ${m.run.toFixed(2)} s, CPU ${m.cpu.toFixed(2)} s); runs ${runs
        .get(n)!
        .map((r) => `${r.seconds.toFixed(2)} s`)
        .join(', ')}`,
    );
  }
  console.log(
    `speed-up of --workers ${workers}: ${ratio(median(1).seconds, median(workers).seconds)} (wall), ${ratio(median(1).run, median(workers).run)} (run)`,
  );

  // The extract side alone, in a child process so that its CPU time is its own.
  for (const n of [1, workers, 1, workers]) {
    const extract = bench.timed(process.execPath, ['--import', 'tsx', 'bench/sync-extract.ts', bench.servers.mysqlUrl, 'wide', String(n)]);
    console.log(`extract only, ${n} range(s) side by side: ${extract.stdout.trim()}; process ${extract.seconds.toFixed(2)} s, CPU ${extract.cpu.toFixed(2)} s`);
  }
}

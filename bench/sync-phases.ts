/**
 * The sync benchmark's phases beyond the default one (bench/sync.ts), each selected by its own option.
 */
import { type Bench, ratio, type Timed } from './sync-bench';

/**
 * A FULL_COPY too large for one deadline: runs with `--deadline` until one says done, against one run without it
 * (into another table), each timed as a whole process; then the two targets and the source are compared.
 */
export function deadlinePhase(bench: Bench, rows: number, deadline: number): void {
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

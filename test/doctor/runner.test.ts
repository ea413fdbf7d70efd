/** The probes run a few at a time, each within its limit, reported in their own order; missing credentials stop the run. */
import { formatResult, pass, resultsJson, type Probe } from '../../lib/doctor/result';
import { NoCredentialsError, runProbes } from '../../lib/doctor/runner';
import { awsError, noCredentialsError } from './fakes';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

test('at most `concurrency` probes at once; results in the order of the probes, not of their ends', async () => {
  let running = 0;
  let most = 0;
  const gates = Array.from({ length: 6 }, gate);
  const probes: Probe[] = gates.map((g, i) => ({
    name: `p${i}`,
    timeoutMs: 10_000,
    run: async () => {
      most = Math.max(most, ++running);
      await g.opened;
      running--;
      return [pass(`p${i}`, 'ok')];
    },
  }));
  const done = runProbes(probes, { concurrency: 2 });
  // Open them last first: the report keeps the probes' order anyway.
  for (const g of [...gates].reverse()) {
    g.open();
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect((await done).map((r) => r.check)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  expect(most).toBe(2);
});

test('a probe past its limit FAILs by name; the others are reported', async () => {
  const results = await runProbes([
    { name: 'slow', timeoutMs: 50, run: () => new Promise(() => undefined) },
    { name: 'quick', timeoutMs: 1000, run: async () => [pass('quick', 'ok')] },
  ]);
  expect(results).toEqual([
    {
      check: 'slow',
      status: 'FAIL',
      detail: 'did not finish within 50 ms',
      fix: 'run the doctor again; if it keeps timing out, the service this check calls is slow or unreachable from here',
    },
    { check: 'quick', status: 'PASS', detail: 'ok' },
  ]);
});

test('an error a probe does not handle is its FAIL, with the service error by name', async () => {
  const results = await runProbes([
    {
      name: 'boom',
      timeoutMs: 1000,
      run: async () => {
        throw awsError('ThrottlingException', 'Rate exceeded\nslow down');
      },
    },
  ]);
  expect(results).toEqual([
    { check: 'boom', status: 'FAIL', detail: 'ThrottlingException: Rate exceeded; slow down', fix: 'see the error; run the doctor again once it is fixed' },
  ]);
});

test('missing credentials stop the run: nothing more starts, the error says so', async () => {
  const started: string[] = [];
  const probe = (name: string, fails = false): Probe => ({
    name,
    timeoutMs: 1000,
    run: async () => {
      started.push(name);
      if (fails) throw noCredentialsError();
      return [pass(name, 'ok')];
    },
  });
  await expect(runProbes([probe('first', true), probe('second'), probe('third')], { concurrency: 1 })).rejects.toEqual(expect.any(NoCredentialsError));
  expect(started).toEqual(['first']);
});

test('a line and a JSON entry each stay on one line, a FAIL with its fix', () => {
  const result = { check: 'x', status: 'FAIL' as const, detail: 'two\nlines', fix: 'do\r\nthis' };
  expect(formatResult(result)).toBe('FAIL  x: two; lines | fix: do; this');
  expect(JSON.parse(resultsJson([result, pass('y', 'fine')]))).toEqual([
    { check: 'x', status: 'FAIL', detail: 'two; lines', fix: 'do; this' },
    { check: 'y', status: 'PASS', detail: 'fine' },
  ]);
});

/**
 * Progress on a terminal: the line's wording (pure), the status line drawn only on a terminal, after the first
 * seconds and at most once a second, with other lines printed above it; the backfill's and the replay's lines.
 */
import { Readable } from 'node:stream';
import { backfillProgress } from '../../bin/athena';
import { countedLines } from '../../bin/replay';
import { duration, formatCountProgress, runStatus, statusLine, type StatusLine } from '../../lib/cli/progress';

test('done of total, a note, the rate per second or per minute, the time left', () => {
  expect(formatCountProgress({ done: 37, total: 200, unit: 'partitions', note: '2 failed', seconds: 720 })).toBe(
    '37 of 200 partitions, 2 failed, 3.1 partitions/min, about 52 min 52 s left',
  );
  expect(formatCountProgress({ done: 120_000, total: 480_000, estimated: true, unit: 'lines', seconds: 15 })).toBe(
    '120,000 of about 480,000 lines, 8,000 lines/s, about 45 s left',
  );
  expect(formatCountProgress({ done: 30, total: 1000, unit: 'partitions', seconds: 60 })).toBe(
    '30 of 1,000 partitions, 30 partitions/min, about 32 min 20 s left',
  );
  // Nothing done yet: no rate, no guess at the time left; all done: nothing left to say about time.
  expect(formatCountProgress({ done: 0, total: 10, unit: 'partitions', seconds: 5 })).toBe('0 of 10 partitions');
  expect(formatCountProgress({ done: 10, total: 10, unit: 'partitions', seconds: 5 })).toBe('10 of 10 partitions, 2 partitions/s');
  expect(formatCountProgress({ done: 5, unit: 'lines', seconds: 0 })).toBe('5 lines');
});

test('durations as people say them', () => {
  expect([duration(0.2), duration(59.5), duration(61), duration(3599), duration(3 * 3600 + 5 * 60)]).toEqual([
    '1 s',
    '60 s',
    '1 min 1 s',
    '59 min 59 s',
    '3 h 5 min',
  ]);
});

/** A fake terminal and clock: what was written, and a time the test moves. */
function terminal(isTTY: boolean) {
  const written: string[] = [];
  let now = 0;
  const status = statusLine({ isTTY, write: (chunk) => written.push(chunk) }, { now: () => now });
  return {
    written,
    status,
    at(ms: number) {
      now = ms;
    },
  };
}

test('not a terminal (a pipe, a log): no status line at all', () => {
  expect(terminal(false).status).toBeUndefined();
  expect(statusLine(undefined)).toBeUndefined();
  // A run whose other lines go elsewhere draws nothing on the terminal either; one given is used as it is.
  expect(runStatus(undefined, true)).toBeUndefined();
  const given = {} as StatusLine;
  expect(runStatus(given, true)).toBe(given);
});

test('a terminal: nothing in the first two seconds, then at most one redraw a second, in place', () => {
  const t = terminal(true);
  const status = t.status!;
  status.update('a');
  t.at(1999);
  status.update('b');
  expect(t.written).toEqual([]);
  t.at(2000);
  status.update('c');
  t.at(2500);
  status.update('d');
  t.at(3000);
  status.update('e');
  expect(t.written).toEqual(['\r\x1b[Kc', '\r\x1b[Ke']);
});

test('lines printed above the status line; the end leaves the last status on its own line', () => {
  const t = terminal(true);
  const status = t.status!;
  t.at(2000);
  status.update('1 of 3');
  t.at(2100);
  // Throttled, but kept: the next print redraws the newest status.
  status.update('2 of 3');
  status.print('failed 2026-11-03');
  status.end('3 of 3');
  status.end('again');
  status.update('after the end');
  expect(t.written).toEqual(['\r\x1b[K1 of 3', '\r\x1b[Kfailed 2026-11-03\n', '\r\x1b[K2 of 3', '\r\x1b[K3 of 3', '\n']);
});

test('a short run: ordinary lines only, no status, nothing at the end', () => {
  const t = terminal(true);
  t.status!.update('1 of 1');
  t.status!.print('loaded 2026-11-01');
  t.at(500);
  t.status!.end('1 of 1');
  expect(t.written).toEqual(['loaded 2026-11-01\n']);
});

test("the backfill's lines: every partition started and ended printed, the status counting the ended ones and the failed", () => {
  const printed: string[] = [];
  const shown: string[] = [];
  let now = 0;
  const status: StatusLine = { update: (line) => shown.push(line), print: () => undefined, end: () => undefined };
  const progress = backfillProgress(
    4,
    (line) => printed.push(line),
    status,
    () => now,
  );
  progress('started 2026-11-01');
  progress('started 2026-11-02');
  now = 60_000;
  progress('loaded 2026-11-01');
  now = 120_000;
  progress('failed 2026-11-02');
  expect(printed).toEqual(['started 2026-11-01', 'started 2026-11-02', 'loaded 2026-11-01', 'failed 2026-11-02']);
  expect(shown).toEqual([
    '1 of 4 partitions, 1.0 partitions/min, about 3 min 0 s left',
    '2 of 4 partitions, 1 failed, 1.0 partitions/min, about 2 min 0 s left',
  ]);
  // Without a terminal the lines are all there is.
  const plain: string[] = [];
  backfillProgress(1, (line) => plain.push(line), undefined)('timed_out 2026-11-01');
  expect(plain).toEqual(['timed_out 2026-11-01']);
});

test("the replay's lines pass through unchanged; the status estimates the file's lines from the bytes read", async () => {
  const lines = ['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}'].map((l) => Buffer.from(l));
  const shown: string[] = [];
  const status: StatusLine = { update: (line) => shown.push(line), print: () => undefined, end: () => undefined };
  let now = 0;
  const passed: string[] = [];
  let rejected = 0;
  for await (const line of countedLines(Readable.from(lines), 32, () => rejected, status, { every: 1, now: () => (now += 500) })) {
    passed.push(line.toString());
    if (passed.length === 2) rejected = 1;
  }
  expect(passed).toEqual(['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);
  expect(shown[0]).toBe('1 of about 4 lines, 2 lines/s, about 2 s left');
  expect(shown[2]).toBe('3 of about 4 lines, 1 rejected, 2 lines/s, about 1 s left');
  expect(shown[3]).toBe('4 of 4 lines, 1 rejected, 2 lines/s');
  expect(shown).toHaveLength(4);
  // By default every 1,000 lines, and once at the end for the rest.
  const sparse: string[] = [];
  const many = Array.from({ length: 2500 }, () => Buffer.from('{}'));
  const sink: StatusLine = { update: (line) => sparse.push(line), print: () => undefined, end: () => undefined };
  for await (const _ of countedLines(Readable.from(many), 7500, () => 0, sink, { now: () => 0 })) void _;
  expect(sparse).toEqual(['1,000 of about 2,500 lines', '2,000 of about 2,500 lines', '2,500 of 2,500 lines']);
});

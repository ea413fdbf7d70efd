/**
 * Progress of a long command-line run: a line of how far it has got (done of total, rate, time left), kept in place
 * at the bottom of a terminal. Only on a terminal: piped or logged, a tool prints its results and nothing else.
 */
import { stderr, type Print } from './command';

export interface CountProgress {
  /** Things done so far. */
  readonly done: number;
  /** Things to do in all, when known. */
  readonly total?: number;
  /** `total` is an estimate (shown as "about"). */
  readonly estimated?: boolean;
  /** The things, plural: "partitions", "lines". */
  readonly unit: string;
  readonly seconds: number;
  /** Said after the count: "2 failed". */
  readonly note?: string;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Seconds as people say them: 45 s, 3 min 20 s, 2 h 5 min (the sync's progress reads the same). */
export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A rate as a whole number per second, or per minute when slower than one a second (a backfill's partitions). */
function rate(done: number, seconds: number, unit: string): string {
  const perSecond = done / seconds;
  if (perSecond >= 1) return `${count(perSecond)} ${unit}/s`;
  const perMinute = perSecond * 60;
  return `${perMinute >= 10 ? count(perMinute) : perMinute.toFixed(1)} ${unit}/min`;
}

/** "37 of 200 partitions, 2 failed, 3.1 partitions/min, about 52 min left". */
export function formatCountProgress(p: CountProgress): string {
  const known = p.total !== undefined && p.total > 0;
  const parts = [known ? `${count(p.done)} of ${p.estimated ? 'about ' : ''}${count(p.total!)} ${p.unit}` : `${count(p.done)} ${p.unit}`];
  if (p.note) parts.push(p.note);
  if (p.seconds > 0 && p.done > 0) {
    parts.push(rate(p.done, p.seconds, p.unit));
    if (known && p.total! > p.done) parts.push(`about ${duration(((p.total! - p.done) * p.seconds) / p.done)} left`);
  }
  return parts.join(', ');
}

/** Where a status line is drawn: a stream that says whether it is a terminal (process.stderr). */
export interface Terminal {
  readonly isTTY?: boolean;
  write(chunk: string): unknown;
}

/** One line at the bottom of a terminal, redrawn in place, with ordinary lines printed above it. */
export interface StatusLine {
  /** Shows `line` as the status: at most once a second, and not in a run's first seconds (a short run stays clean). */
  update(line: string): void;
  /** Prints an ordinary line (a rejected record, a finished partition) above the status. */
  print(line: string): void;
  /** The run is over: the last status, when one was shown, stays on its own line. */
  end(line?: string): void;
}

export interface StatusLineOptions {
  /** Nothing is drawn before this many ms have passed. @default 2000 */
  readonly delayMs?: number;
  /** At most one redraw per this many ms. @default 1000 */
  readonly everyMs?: number;
  readonly now?: () => number;
}

const CLEAR = '\r\x1b[K';

/** A status line on `terminal` when it is one; undefined otherwise, so callers print nothing. */
export function statusLine(terminal: Terminal | undefined, options: StatusLineOptions = {}): StatusLine | undefined {
  if (!terminal?.isTTY) return undefined;
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delayMs ?? 2000;
  const every = options.everyMs ?? 1000;
  /** The newest status given, drawn or not (a throttled one is drawn by the next print or the end). */
  let latest: string | undefined;
  /** A status is on the screen, the cursor at its end. */
  let onScreen = false;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let ended = false;
  const due = () => now() - started >= delay;
  const draw = () => {
    terminal.write(`${CLEAR}${latest}`);
    onScreen = true;
    drawnAt = now();
  };
  return {
    update(line) {
      if (ended) return;
      latest = line;
      if (due() && now() - drawnAt >= every) draw();
    },
    print(line) {
      terminal.write(`${onScreen ? CLEAR : ''}${line}\n`);
      onScreen = false;
      if (!ended && latest !== undefined && due()) draw();
    },
    end(line) {
      if (ended) return;
      ended = true;
      if (line !== undefined) latest = line;
      if (latest === undefined || !(onScreen || due())) return;
      draw();
      terminal.write('\n');
      onScreen = false;
    },
  };
}

/**
 * A run's status line: the one given (a test's), else one on stderr when it is a terminal, but only when the run
 * prints its other lines to stderr too (a caller that takes the lines elsewhere draws nothing on the terminal).
 */
export function runStatus(given: StatusLine | undefined, errGiven: boolean): StatusLine | undefined {
  return given ?? (errGiven ? undefined : statusLine(process.stderr));
}

/**
 * A run's status line and how it prints: its other lines go above the status line on a terminal, and the line
 * ends before runCli prints a final error, so the two never share a row.
 */
export function statusAndPrinters(given: StatusLine | undefined, err: Print | undefined): { status?: StatusLine; print: Print; err: Print } {
  const status = runStatus(given, err !== undefined);
  const print: Print = err ?? (status ? (line: string) => status.print(line) : stderr);
  return {
    ...(status ? { status } : {}),
    print,
    err: (line) => {
      status?.end();
      print(line);
    },
  };
}

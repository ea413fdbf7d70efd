/**
 * The shape every command-line tool shares, so they behave alike and like the tools people know:
 * - `-h` or `--help` anywhere (before a `--`) prints the usage on stdout and exits 0;
 * - a problem with the arguments is one line on stderr ending in "(see --help)", exit 2;
 * - a failure while running is one line on stderr, exit 1, never a stack trace (`DEBUG=1` adds it).
 * Output goes through `out`/`err` so tests can run a tool in-process.
 */
export type Print = (text: string) => void;

export const stdout: Print = (text) => process.stdout.write(`${text}\n`);
export const stderr: Print = (text) => process.stderr.write(`${text}\n`);

/** A problem with the arguments that only the run itself can see (a subcommand's missing operand): exit 2. */
export class UsageError extends Error {}

/** What every tool's --help ends with. */
export const COMMON_HELP = `
-h or --help prints this help. Exit status: 0 done, 1 failed, 2 wrong arguments; each problem is one line on stderr
(DEBUG=1 in the environment adds a failure's stack trace).`;

export interface CliOptions<T> {
  readonly usage: string;
  readonly argv: readonly string[];
  /** Checks the arguments; anything it throws is a usage error. */
  readonly parse: () => T;
  /** The work; a UsageError it throws exits 2, anything else 1. */
  readonly run: (parsed: T) => Promise<number> | number;
  readonly out?: Print;
  readonly err?: Print;
  /** Where DEBUG is read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Applied to every error line before it is printed: hides what must never be shown (a password). */
  readonly redact?: (text: string) => string;
}

/** `-h`/`--help` among the arguments; what follows `--` is an operand, not an option. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '-h' || a === '--help');
}

/**
 * An error as one line: its message's lines joined with '; ' (a list's "- " bullets dropped, and a line that
 * introduces the list joined with a space), so a configuration's problems read "Invalid configuration F: a; b".
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^- /, ''))
    .filter((line) => line !== '');
  return lines.reduce((text, line) => (text === '' ? line : `${text}${text.endsWith(':') ? ' ' : '; '}${line}`), '');
}

/**
 * A usage error's message: node's parseArgs messages cut to their first sentence (its advice about `--` and
 * dashes is longer than the problem and rarely the fix) and begun in lower case like ours.
 */
export function usageMessage(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    const first = (error as Error).message.split(/\.\s|\n/)[0].replace(/\.$/, '');
    return first.charAt(0).toLowerCase() + first.slice(1);
  }
  return oneLine(error);
}

const debugging = (env: NodeJS.ProcessEnv) => env.DEBUG !== undefined && env.DEBUG !== '' && env.DEBUG !== '0';

export async function runCli<T>(options: CliOptions<T>): Promise<number> {
  const out = options.out ?? stdout;
  const err = options.err ?? stderr;
  const redact = options.redact ?? ((text: string) => text);
  if (wantsHelp(options.argv)) {
    out(`${options.usage}\n${COMMON_HELP}`);
    return 0;
  }
  const usageError = (error: unknown) => {
    err(redact(`error: ${usageMessage(error)} (see --help)`));
    return 2;
  };
  let parsed: T;
  try {
    parsed = options.parse();
  } catch (error) {
    return usageError(error);
  }
  try {
    return await options.run(parsed);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error);
    err(redact(`error: ${oneLine(error) || (error as Error)?.name || 'failed'}`));
    if (debugging(options.env ?? process.env) && error instanceof Error && error.stack) err(redact(error.stack));
    return 1;
  }
}

/**
 * The older shape, for a tool that has not moved to `runCli`: the same one-line errors and exit codes, without
 * --help (it has no arguments or stdout to look at).
 */
export function runCommand<T>(usage: string, err: Print, parse: () => T, run: (parsed: T) => Promise<number>): Promise<number> {
  return runCli({ usage, argv: [], err, parse, run });
}

/**
 * A tool's `require.main === module` block: exits with main's status. A reader that stops early (`| head`) closes
 * stdout; that ends the tool quietly instead of with an EPIPE stack trace.
 */
export function runAsProgram(main: () => Promise<number>): void {
  // The AWS SDK's notice that its releases after January 2027 need Node 22 is eight lines on stderr at every run;
  // the platform's Node version is the project's decision (DEVELOPERS.md), not each run's. Setting the variable
  // to anything else shows the notice again.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  main().then(
    (code) => process.exit(code),
    // runCli catches everything; this is for a failure outside it.
    (error: unknown) => {
      process.stderr.write(`error: ${oneLine(error)}\n`);
      process.exit(1);
    },
  );
}

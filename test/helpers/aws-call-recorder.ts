/**
 * Records every AWS SDK command that code under `lambda/` creates while the test suite runs, mocked client or
 * real (dynalite) alike, so the cloud-contract tests can check each call against the deployed roles and each
 * Redshift statement against Redshift's dialect. Loaded by jest's `setupFiles`; records only when
 * `AWS_CALL_LOG_DIR` is set (scripts/test.sh sets it).
 *
 * Commands are recorded when they are created, through the SDK's own command builder hook (`_init`): a mocked
 * client's `send` never reaches the SDK's middleware, so creation is the one point both paths share. Our code
 * creates a command only to send it.
 */
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';

export const CALL_LOG_ENV = 'AWS_CALL_LOG_DIR';

/** One recorded command. `module` is the repository path of the innermost `lambda/` module on the stack. */
export interface RecordedCall {
  readonly client: string;
  readonly command: string;
  readonly input: unknown;
  readonly module: string;
  /** Every `lambda/` and `bin/` module on the stack, innermost first: whose code the call went through. */
  readonly chain: readonly string[];
  readonly testFile: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const CODE_DIRS = ['lambda', 'bin'].map((dir) => `${path.join(ROOT, dir)}${path.sep}`);

/**
 * The `lambda/` and `bin/` modules among the file names of a stack's frames, innermost first, each once; empty when a test or helper made
 * the call. A `bin/` module means an operator's command line made it, with the operator's credentials.
 */
export function lambdaModules(files: readonly string[]): string[] {
  const modules: string[] = [];
  for (const file of files) {
    if (!CODE_DIRS.some((dir) => file.startsWith(dir))) continue;
    const module = path.relative(ROOT, file).split(path.sep).join('/');
    if (!modules.includes(module)) modules.push(module);
  }
  return modules;
}

/** Plain data only: streams, buffers and class instances become a marker (they name no resource). */
function plain(value: unknown, depth = 0): unknown {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (depth > 12) return '[deep]';
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, plain(v, depth + 1)]));
  }
  return `[${typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value}]`;
}

type Builder = { _init: (command: { input: unknown }) => void; _clientName: string; _commandName: string };

/** Hooks the SDK's command builder of this module registry; every client module loaded afterwards records. */
export function installRecorder(dir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Command } = require('@smithy/core/client') as { Command: { classBuilder: () => Builder } & Record<string, unknown> };
  if (Command.__recorderInstalled) return;
  Command.__recorderInstalled = true;
  const file = path.join(dir, `calls-${process.pid}.jsonl`);
  const seen = new Set<string>();
  const classBuilder = Command.classBuilder;
  Command.classBuilder = function recordingClassBuilder(this: unknown) {
    const builder = classBuilder.call(this);
    const init = builder._init;
    builder._init = (command) => {
      init(command);
      const limit = Error.stackTraceLimit;
      const prepare = Error.prepareStackTrace;
      Error.stackTraceLimit = 60;
      // File names straight from V8's call sites: jest's source-map support would map every frame of a formatted stack.
      Error.prepareStackTrace = (_error, sites) => sites.map((site) => site.getFileName() ?? '');
      const files = new Error().stack as unknown as string[];
      Error.prepareStackTrace = prepare;
      Error.stackTraceLimit = limit;
      const chain = lambdaModules(files);
      if (!chain[0]?.startsWith('lambda/')) return;
      const testFile = path.relative(ROOT, (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? '');
      const call: RecordedCall = { client: builder._clientName, command: builder._commandName, input: plain(command.input), module: chain[0], chain, testFile };
      const line = JSON.stringify(call);
      // A simulated day repeats the same calls thousands of times; one line per distinct call is enough.
      if (seen.has(line)) return;
      seen.add(line);
      appendFileSync(file, `${line}\n`);
    };
    return builder;
  };
}

const dir = process.env[CALL_LOG_ENV];
if (dir) installRecorder(dir);

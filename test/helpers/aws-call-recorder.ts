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
  readonly testFile: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const LAMBDA_DIR = `${path.join(ROOT, 'lambda')}${path.sep}`;

/** The innermost frame in our handler code, or undefined when the command came from a test or a helper. */
export function callerModule(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:\/|[A-Za-z]:\\)[^():]+):\d+:\d+\)?\s*$/.exec(line);
    if (match && match[1].startsWith(LAMBDA_DIR)) return path.relative(ROOT, match[1]).split(path.sep).join('/');
  }
  return undefined;
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
  return `[${typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value}]`;
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
      Error.stackTraceLimit = 60;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      const module = callerModule(stack);
      if (!module) return;
      const testFile = path.relative(ROOT, (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? '');
      const call: RecordedCall = { client: builder._clientName, command: builder._commandName, input: plain(command.input), module, testFile };
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

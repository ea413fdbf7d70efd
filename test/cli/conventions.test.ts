/**
 * Every command-line tool behaves the same way (lib/cli/command.ts): --help and -h print the usage on stdout and
 * exit 0; a usage error is one line on stderr and exit 2; a failure while running is one line and exit 1, without a
 * stack trace. Each tool runs in-process through its exported main; one runs as a process, as an operator starts it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main as athena } from '../../bin/athena';
import { main as doctor } from '../../bin/doctor';
import { main as firehose } from '../../bin/firehose';
import { main as fluentdConfig } from '../../bin/fluentd-config';
import { main as replay } from '../../bin/replay';
import { main as scheduler } from '../../bin/scheduler';
import { main as sync } from '../../bin/sync';
import { ROOT } from '../helpers/platform';

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

type Main = (argv: string[], out: (t: string) => void, err: (t: string) => void) => Promise<number>;

/** Each tool's main, called with the same out and err; no environment given to it (no MYSQL_PWD, no DEBUG). */
const tools: Record<string, Main> = {
  scheduler: (argv, out, err) => scheduler(argv, { out, err, now: () => new Date('2026-11-23T11:00:00Z'), env: {} }),
  sync: (argv, out, err) => sync(argv, { out, err, env: {} }),
  athena: (argv, out, err) => athena(argv, out, err),
  firehose: (argv, out, err) => firehose(argv, out, err),
  replay: (argv, out, err) => replay(argv, out, err),
  'fluentd-config': (argv, out, err) => fluentdConfig(argv, out, err),
  doctor: (argv, out, err) => doctor(argv, out, err),
};

async function run(tool: string, argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await tools[tool](
    argv,
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, out, err };
}

/** Per tool: a call lacking a required option, and one that fails while running. */
const cases: Record<string, { missing: [string[], string]; failing: [string[], RegExp] }> = {
  scheduler: {
    missing: [['plan', '--tables', 'x.json'], 'plan needs --tables FILE --from YYYY-MM-DD --to YYYY-MM-DD'],
    failing: [['list', '--env', 'nosuchenv'], /^error: Invalid configuration .*nosuchenv\.yaml: no configuration file for environment "nosuchenv"/],
  },
  sync: {
    missing: [['--table', 'ads'], '--mode is required'],
    failing: [
      ['--source', 'mysql://sync@127.0.0.1:1/ads', '--source-tls', 'off', '--target', 'postgres://p@127.0.0.1:1/w', '--table', 'ads', '--mode', 'FULL_COPY'],
      /^error: cannot connect to MySQL at 127\.0\.0\.1:1\/ads: .*ECONNREFUSED/,
    ],
  },
  athena: {
    missing: [['render', '--partition', '2026-11-24'], '--job is required'],
    failing: [['render', '--job', 'lockscreen-daily', '--partition', '2026-11-24', '--env', 'nosuchenv'], /^error: Invalid configuration .*nosuchenv/],
  },
  firehose: {
    missing: [['jsonpaths'], '--stream is required'],
    failing: [['jsonpaths', '--stream', 'click', '--env', 'nosuchenv'], /^error: Invalid configuration .*nosuchenv/],
  },
  replay: {
    missing: [['--stream', 'click', '--target', 'postgres://p@127.0.0.1:1/w'], '--file is required'],
    failing: [
      ['--stream', 'click', '--file', __filename, '--target', 'postgres://p@127.0.0.1:1/w'],
      /^error: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/w: .*ECONNREFUSED/,
    ],
  },
  'fluentd-config': {
    missing: [['--env', 'example'], '--stream is required'],
    failing: [['--stream', 'nope', '--env', 'example'], /^error: no stream "nope" in config\/example\.yaml; streams: /],
  },
  doctor: {
    missing: [['--post'], '--env NAME (or --config FILE) is required'],
    failing: [['--env', 'nosuchenv'], /^error: Invalid configuration .*nosuchenv\.yaml: no configuration file for environment "nosuchenv"/],
  },
};

/** What a help run prints: the tool's own usage line, and the conventions every tool shares. */
const isHelp = (tool: string, r: Run) => {
  expect(r.code).toBe(0);
  expect(r.err).toEqual([]);
  expect(r.out).toHaveLength(1);
  expect(r.out[0]).toMatch(new RegExp(`^usage: npm run --silent ${tool} -- `));
  expect(r.out[0]).toContain('-h or --help prints this help. Exit status: 0 done, 1 failed, 2 wrong arguments');
};

const names = Object.keys(tools);

describe.each(names)('%s', (tool) => {
  test('--help and -h print the usage on stdout and exit 0, also after a subcommand or among other arguments', async () => {
    isHelp(tool, await run(tool, ['--help']));
    isHelp(tool, await run(tool, ['-h']));
    // With a wrong option beside it, help still wins: the person asked how to write the command.
    isHelp(tool, await run(tool, [...cases[tool].missing[0], '--no-such-option', '-h']));
  });

  test('an unknown option: exit 2, one line on stderr, nothing on stdout', async () => {
    expect(await run(tool, ['--no-such-option'])).toEqual({ code: 2, out: [], err: ["error: unknown option '--no-such-option' (see --help)"] });
  });

  test('a missing required option: exit 2, one line naming it', async () => {
    const [argv, message] = cases[tool].missing;
    expect(await run(tool, argv)).toEqual({ code: 2, out: [], err: [`error: ${message} (see --help)`] });
  });

  test('an option without its value: exit 2, one line in our words, without parseArgs advice', async () => {
    const option = {
      scheduler: '--env',
      sync: '--table',
      athena: '--job',
      firehose: '--stream',
      replay: '--stream',
      'fluentd-config': '--stream',
      doctor: '--env',
    }[tool]!;
    const r = await run(tool, [option]);
    expect(r).toEqual({ code: 2, out: [], err: [`error: option '${option} <value>' argument missing (see --help)`] });
  });

  test('a failure while running: exit 1, one line, no stack trace', async () => {
    const [argv, message] = cases[tool].failing;
    const r = await run(tool, argv);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([expect.stringMatching(message)]);
    expect(r.err.join('\n')).not.toMatch(/\n|^\s+at /m);
  });
});

test('unknown subcommands are usage errors (exit 2) in the tools that have subcommands', async () => {
  for (const [tool, argv] of [
    ['scheduler', ['frobnicate']],
    ['athena', ['frobnicate', '--job', 'lockscreen-daily']],
    ['firehose', ['frobnicate', '--stream', 'click']],
  ] as const) {
    expect(await run(tool, [...argv])).toEqual({ code: 2, out: [], err: ['error: unknown command "frobnicate" (see --help)'] });
  }
  expect((await run('scheduler', [])).err).toEqual(['error: a command is required (see --help)']);
});

test('after --, -h is an operand, not a request for help', async () => {
  // scheduler: `holiday add DATE -- -h` names the day "-h"; the name reaches the command instead of the help.
  const r = await run('scheduler', ['holiday', 'add', '--', '-h']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual(['error: holiday add needs a date and a name: holiday add 2027-03-15 임시공휴일 (see --help)']);
});

test('as a process: the help on stdout; a failure of an AWS call one line on stderr, no stack, no SDK notice', () => {
  const tsx = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join('bin', 'firehose.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const help = tsx('-h');
  expect(help.status).toBe(0);
  expect(help.stderr).toBe('');
  expect(help.stdout).toMatch(/^usage: npm run --silent firehose -- /);
  // The test environment points every AWS endpoint at a closed port: the Data API call fails as an outage would.
  const failed = tsx('load-errors', '--stream', 'click');
  expect(failed.status).toBe(1);
  expect(failed.stdout).toBe('');
  expect(failed.stderr).toMatch(/^error: .+\n$/);
});

/** runCli, the shape the command-line tools share: help, one-line usage errors and failures, DEBUG, redaction. */
import { parseArgs } from 'node:util';
import { oneLine, runCli, runCommand, UsageError, usageMessage, wantsHelp } from '../../lib/cli/command';

async function cli(argv: string[], run: () => number | Promise<number>, env: NodeJS.ProcessEnv = {}, redact?: (t: string) => string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli({
    usage: 'usage: tool --name NAME',
    argv,
    parse: () => {
      const { values } = parseArgs({ args: argv, options: { name: { type: 'string' } } });
      if (!values.name) throw new Error('--name is required');
      return values;
    },
    run,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env,
    redact,
  });
  return { code, out, err };
}

test('help anywhere before --; after it, -h is an operand', () => {
  expect(wantsHelp(['--help'])).toBe(true);
  expect(wantsHelp(['sub', '--x', 'y', '-h'])).toBe(true);
  expect(wantsHelp(['--', '-h'])).toBe(false);
  expect(wantsHelp(['--helpful', '-hx'])).toBe(false);
});

test('parseArgs messages cut to their first sentence, in lower case; ours kept whole in one line', () => {
  const error = (args: string[], allowPositionals = true) => {
    try {
      parseArgs({ args, allowPositionals, options: { name: { type: 'string' } } });
    } catch (e) {
      return e;
    }
    throw new Error('parsed');
  };
  expect(usageMessage(error(['--bogus']))).toBe("unknown option '--bogus'");
  expect(usageMessage(error(['stray'], false))).toBe("unexpected argument 'stray'");
  expect(usageMessage(error(['--name', '-x']))).toBe("option '--name' argument is ambiguous");
  expect(usageMessage(new Error('--mode "X" is not one of A, B. Pick one'))).toBe('--mode "X" is not one of A, B. Pick one');
});

test('a message of several lines becomes one: lines joined with "; ", a list after a colon without its bullets', () => {
  expect(oneLine(new Error('Invalid configuration c.yaml:\n  - a: wrong\n  - b: missing'))).toBe('Invalid configuration c.yaml: a: wrong; b: missing');
  expect(oneLine(new Error('first\r\nsecond\n\n'))).toBe('first; second');
  expect(oneLine('a string thrown')).toBe('a string thrown');
});

test('the run: its exit code; a UsageError exits 2, anything else 1, in one line without a stack', async () => {
  expect(await cli(['--name', 'x'], () => 0)).toEqual({ code: 0, out: [], err: [] });
  expect(await cli(['--name', 'x'], () => 3)).toMatchObject({ code: 3 });
  expect(await cli([], () => 0)).toEqual({ code: 2, out: [], err: ['error: --name is required (see --help)'] });
  expect(
    await cli(['--name', 'x'], () => {
      throw new UsageError('sub needs an operand');
    }),
  ).toEqual({ code: 2, out: [], err: ['error: sub needs an operand (see --help)'] });
  const unexpected = await cli(['--name', 'x'], () => {
    // A bug, as it would surface: a TypeError from deep inside.
    return (undefined as unknown as { x: () => number }).x();
  });
  expect(unexpected.code).toBe(1);
  expect(unexpected.err).toEqual([expect.stringMatching(/^error: Cannot read properties of undefined \(reading 'x'\)$/)]);
  expect(await cli(['--name', 'x'], () => Promise.reject('plain string'))).toEqual({ code: 1, out: [], err: ['error: plain string'] });
});

test('DEBUG=1 adds the stack trace after the line; DEBUG=0 or unset does not', async () => {
  const fail = () => Promise.reject(new Error('boom'));
  const debugged = await cli(['--name', 'x'], fail, { DEBUG: '1' });
  expect(debugged.code).toBe(1);
  expect(debugged.err[0]).toBe('error: boom');
  expect(debugged.err[1]).toMatch(/^Error: boom\n\s+at /);
  expect((await cli(['--name', 'x'], fail, { DEBUG: '0' })).err).toEqual(['error: boom']);
  expect((await cli(['--name', 'x'], fail, {})).err).toEqual(['error: boom']);
});

test('every error line goes through the redaction, the stack included', async () => {
  const redact = (t: string) => t.replaceAll('hunter22', '***');
  const failed = await cli(['--name', 'x'], () => Promise.reject(new Error('login hunter22 refused')), { DEBUG: '1' }, redact);
  expect(failed.err.join('\n')).not.toContain('hunter22');
  expect(failed.err[0]).toBe('error: login *** refused');
  expect((await cli(['--name'], () => 0, {}, redact)).err).toEqual(["error: option '--name <value>' argument missing (see --help)"]);
});

test('runCommand, the older shape, gives the same one-line errors and codes', async () => {
  const err: string[] = [];
  const usage = await runCommand(
    'usage: old',
    (t) => err.push(t),
    () => {
      throw new Error('--x is required');
    },
    async () => 0,
  );
  const failed = await runCommand(
    'usage: old',
    (t) => err.push(t),
    () => undefined,
    () => Promise.reject(new Error('a\nb')),
  );
  expect([usage, failed]).toEqual([2, 1]);
  expect(err).toEqual(['error: --x is required (see --help)', 'error: a; b']);
});

/**
 * The command-line tools are ordinary programs: `npm run --silent NAME` runs bin/NAME.ts with tsx, with no runner,
 * bundle or cache of its own. Each tool started this way checks its arguments and exits 2 with its usage. One process
 * per tool: what each tool prints for --help and every other usage error is checked in-process by
 * test/cli/conventions.test.ts; here what matters is that the script starts the tool and the exit status and streams
 * reach the shell.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Every bin/ file but the CDK app is a command-line tool. */
const tools = readdirSync(path.join(ROOT, 'bin'))
  .filter((file) => file.endsWith('.ts') && file !== 'app.ts')
  .map((file) => file.slice(0, -'.ts'.length));

test('every tool in bin/ has an npm script that runs it with tsx', () => {
  expect(tools.length).toBeGreaterThan(0);
  expect(Object.fromEntries(tools.map((tool) => [tool, scripts[tool]]))).toEqual(Object.fromEntries(tools.map((tool) => [tool, `tsx bin/${tool}.ts`])));
});

test.each(tools)('npm run --silent %s: a usage error is one line on stderr, exit 2', (tool) => {
  const run = spawnSync('npm', ['run', '--silent', tool, '--', '--no-such-option'], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe("error: unknown option '--no-such-option' (see --help)\n");
});

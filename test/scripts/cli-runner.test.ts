/**
 * scripts/cli.js, the runner of the command-line tools, in a scratch project of its own: it bundles a tool on first
 * use and again only when a file the bundle was built from changes (or the lock file, tsconfig.json, the runner).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
let project: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
const setTime = (file: string, time: Date) => utimesSync(path.join(project, file), time, time);
const BUNDLE = 'node_modules/.cache/platform-cli/greet.js';

/** As an edit after the last build: the file 30 s old, the bundle 60 s old. */
function editedSinceBuild(file: string): void {
  setTime(file, ago(30));
  setTime(BUNDLE, ago(60));
}

const run = (...args: string[]) => spawnSync(process.execPath, [path.join(project, 'scripts', 'cli.js'), ...args], { cwd: project, encoding: 'utf8' });
const builtAt = () => statSync(path.join(project, BUNDLE)).mtimeMs;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'cli-runner-'));
  mkdirSync(path.join(project, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts', 'cli.js'), path.join(project, 'scripts', 'cli.js'));
  // The runner's bundle cache lives under node_modules/.cache; the packages come from the real project.
  mkdirSync(path.join(project, 'node_modules'));
  for (const pkg of ['esbuild', '@esbuild']) symlinkSync(path.join(ROOT, 'node_modules', pkg), path.join(project, 'node_modules', pkg));
  write('package-lock.json', '{}');
  write('tsconfig.json', '{ "compilerOptions": { "strict": true } }');
  write('lambda/core/greeting.ts', "export const greeting = (name: string) => `hello ${name}`;\n");
  write('lambda/core/unrelated.ts', 'export const unused = 1;\n');
  write('lib/stack.ts', 'export const stack = 1;\n');
  write('bin/greet.ts', "import { greeting } from '../lambda/core/greeting';\nexport async function main(args: string[]) {\n  process.stdout.write(greeting(args[0]) + '\\n');\n  return args[0] === 'fail' ? 3 : 0;\n}\n");
  for (const file of ['scripts/cli.js', 'package-lock.json', 'tsconfig.json', 'lambda/core/greeting.ts', 'lambda/core/unrelated.ts', 'lib/stack.ts', 'bin/greet.ts']) setTime(file, ago(3600));
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

test('bundles a tool on first use and passes its arguments and exit code through', () => {
  const first = run('greet', 'world');
  expect(first.stdout).toBe('hello world\n');
  expect(first.status).toBe(0);
  expect(run('greet', 'fail').status).toBe(3);
  const unknown = run('no-such-tool');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^usage: node scripts\/cli\.js <greet> \[arguments\]/);
});

test('rebuilds only when a file the bundle was built from, the lock file or tsconfig.json is newer than the bundle', () => {
  expect(run('greet', 'a').status).toBe(0);

  // Files the tool does not import change nothing.
  for (const file of ['lambda/core/unrelated.ts', 'lib/stack.ts']) {
    editedSinceBuild(file);
    const before = builtAt();
    expect(run('greet', 'b').stdout).toBe('hello b\n');
    expect(builtAt()).toBe(before);
  }

  // An edit to an imported file is picked up.
  write('lambda/core/greeting.ts', "export const greeting = (name: string) => `hi ${name}`;\n");
  editedSinceBuild('lambda/core/greeting.ts');
  let before = builtAt();
  expect(run('greet', 'c').stdout).toBe('hi c\n');
  expect(builtAt()).toBeGreaterThan(before);

  for (const file of ['package-lock.json', 'tsconfig.json', 'scripts/cli.js']) {
    editedSinceBuild(file);
    before = builtAt();
    expect(run('greet', 'd').stdout).toBe('hi d\n');
    expect(builtAt()).toBeGreaterThan(before);
  }
});

test('tls and dns load on first use, not with the bundle, and are the real modules then', () => {
  write(
    'bin/builtins.ts',
    [
      "const tls = require('tls');",
      "const dns = require('node:dns');",
      "const loaded = (name: string) => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.includes(`NativeModule ${name}`);",
      'export async function main() {',
      "  const before = [loaded('tls'), loaded('dns')];",
      "  const answer = { before, minVersion: tls.DEFAULT_MIN_VERSION, lookup: typeof dns.lookup, after: [loaded('tls'), loaded('dns')], has: 'connect' in tls };",
      "  process.stdout.write(JSON.stringify(answer) + '\\n');",
      '  return 0;',
      '}',
    ].join('\n'),
  );
  const result = run('builtins');
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual({ before: [false, false], minVersion: require('node:tls').DEFAULT_MIN_VERSION, lookup: 'function', after: [true, true], has: true });
});

test('a deleted input makes the bundle stale: the build then reports the missing import', () => {
  expect(run('greet', 'e').status).toBe(0);
  write('bin/greet.ts', "import { greeting } from '../lambda/core/gone';\nexport async function main() {\n  process.stdout.write(greeting('x'));\n  return 0;\n}\n");
  setTime('bin/greet.ts', ago(3600)); // older than the bundle: only the recorded inputs can tell
  rmSync(path.join(project, 'lambda', 'core', 'greeting.ts'));
  const broken = run('greet', 'f');
  expect(broken.status).not.toBe(0);
  expect(broken.stderr).toContain('Could not resolve "../lambda/core/gone"');
});

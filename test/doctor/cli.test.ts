/**
 * `npm run --silent doctor`: whole runs against a mocked healthy deployment of the example environment and with one
 * part broken, --json, the exit statuses, the usage, and the one line without credentials (in-process with the
 * SDK's error, and as a real process whose SDK finds no credentials).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { main } from '../../bin/doctor';
import { FakeJandi } from '../helpers/fake-jandi';
import { exampleConfig, ROOT } from '../helpers/platform';
import { awsError, everyMock, fakeClock, healthyAccount, mocks, noCredentialsError } from './fakes';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const clock = fakeClock();
  const code = await main(
    args,
    (t) => out.push(t),
    (t) => err.push(t),
    { now: clock.now, sleep: clock.sleep },
  );
  return { code, out, err };
}

const EXAMPLE_CHECKS = [
  'stack example-notifications',
  'stack example-scheduler',
  'stack example-sync',
  'stack example-event-streams',
  'stack example-athena',
  'stack example-observability',
  'secret jandi webhook',
  'secret warehouse',
  'secret mysql ads-db',
  'secret mysql partners-db',
  'secret bot token',
  'jandi post',
  'warehouse',
  'warehouse tables',
  'jsonpaths files',
  'mysql ads-db/ads',
  'mysql ads-db/contents',
  'mysql partners-db/ad-providers',
  'mysql partners-db/ad-publishers',
  'athena workgroup example-athena-jobs',
  'athena query',
  'scheduler tables',
  'scheduler tick',
  'firehose canary',
];

beforeEach(() => {
  healthyAccount();
});

test('a healthy deployment: one PASS or SKIP line per check in a fixed order, the summary on stderr, exit 0', async () => {
  const { code, out, err } = await run(['--env', 'example']);
  expect(code).toBe(0);
  expect(out.map((line) => /^(?:PASS|SKIP) {2}(.+?): /.exec(line)?.[1])).toEqual(EXAMPLE_CHECKS);
  expect(out.filter((line) => line.startsWith('SKIP'))).toEqual([
    'SKIP  jandi post: no message sent; --post sends one test message to the topic',
    'SKIP  firehose canary: not sent; --canary puts one marked record into each stream, waits for it in its table, then removes it',
  ]);
  expect(err).toEqual([`0 failed, ${EXAMPLE_CHECKS.length - 2} passed, 2 skipped`]);
});

test('one broken secret: its FAIL line says which field is missing and what to do, never the value; exit 1', async () => {
  const { config } = healthyAccount();
  mocks.secrets
    .on(GetSecretValueCommand, { SecretId: config.warehouse.secretArn })
    .resolves({ SecretString: JSON.stringify({ username: 'loader', pass: 'hunter2-secret' }) });
  const { code, out, err } = await run(['--env', 'example']);
  expect(code).toBe(1);
  expect(out.filter((line) => line.startsWith('FAIL'))).toEqual([
    `FAIL  secret warehouse: the JSON has no password (text) | fix: store {"username": "...", "password": "..."} of the loading user: aws secretsmanager put-secret-value --secret-id ${config.warehouse.secretArn} --secret-string ...`,
  ]);
  expect(err).toEqual([`1 failed, ${EXAMPLE_CHECKS.length - 3} passed, 2 skipped`]);
  expect([...out, ...err].join('\n')).not.toContain('hunter2-secret');
});

test('--json prints [{ check, status, detail, fix? }] and nothing else; the exit status is the same', async () => {
  const healthy = await run(['--env', 'example', '--json']);
  expect(healthy.code).toBe(0);
  expect(healthy.err).toEqual([]);
  const results = JSON.parse(healthy.out.join('\n')) as Record<string, unknown>[];
  expect(results.map((r) => r.check)).toEqual(EXAMPLE_CHECKS);
  expect(results[0]).toEqual({ check: 'stack example-notifications', status: 'PASS', detail: 'UPDATE_COMPLETE, last deployed 2026-11-29T23:00:00.000Z' });

  mocks.secrets.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ops is not authorized'));
  const denied = await run(['--json', '--env', 'example']);
  expect(denied.code).toBe(1);
  const failed = (JSON.parse(denied.out.join('\n')) as Record<string, unknown>[]).filter((r) => r.status === 'FAIL');
  expect(failed.map((r) => r.check)).toEqual([
    'secret jandi webhook',
    'secret warehouse',
    'secret mysql ads-db',
    'secret mysql partners-db',
    'secret bot token',
  ]);
  expect(failed[1]).toEqual({
    check: 'secret warehouse',
    status: 'FAIL',
    detail: 'cannot read it: AccessDeniedException: User: arn:aws:iam::123456789012:user/ops is not authorized',
    fix: expect.stringContaining('credentials allowed secretsmanager:GetSecretValue on arn:aws:secretsmanager:'),
  });
});

test("without credentials (the SDK's CredentialsProviderError): one line on stderr, nothing on stdout, exit 1", async () => {
  for (const mock of everyMock) mock.onAnyCommand().rejects(noCredentialsError());
  for (const args of [
    ['--env', 'example'],
    ['--env', 'example', '--json'],
  ]) {
    const { code, out, err } = await run(args);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: [],
      err: [
        'error: no AWS credentials (Could not load credentials from any providers): sign in for account 123456789012 (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run again',
      ],
    });
  }
});

test('as a program whose SDK finds no credentials at all: the one line, exit 1, no stack trace', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'doctor-home-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home };
  Object.assign(env, {
    // No credentials anywhere the SDK's default chain looks, and no instance metadata service to ask.
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  });
  // tsx itself, as the npm script runs it: npm with an empty HOME would look for its own updates on the network.
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, ['bin/doctor.ts', '--env', 'example'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  expect(run.stdout).toBe('');
  // One line: runAsProgram also silences the SDK's notice about Node 22.
  expect(run.stderr).toMatch(/^error: no AWS credentials \(.+\): sign in for account 123456789012 [^\n]+\n$/);
  expect(run.status).toBe(1);
});

test('-h and --help print the usage on stdout and exit 0, touching nothing', async () => {
  for (const flag of ['-h', '--help']) {
    const { code, out, err } = await run([flag]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: npm run --silent doctor -- --env NAME .*\n[\s\S]*A failed check exits 1\.[\s\S]*--canary[\s\S]*--help/);
    expect(err).toEqual([]);
  }
  expect(everyMock.flatMap((m) => m.calls())).toEqual([]);
});

test.each([
  [['--env', 'example', '--bogus'], "error: unknown option '--bogus' (see --help)"],
  [[], 'error: --env NAME (or --config FILE) is required (see --help)'],
  [['--env', 'example', '--config', 'config/example.yaml'], 'error: give --env or --config, not both (see --help)'],
  [['--env'], "error: option '--env <value>' argument missing (see --help)"],
])('%j is a usage error: one line on stderr, exit 2, nothing called', async (args, line) => {
  expect(await run(args)).toEqual({ code: 2, out: [], err: [line] });
  expect(everyMock.flatMap((m) => m.calls())).toEqual([]);
});

test('an environment without a configuration file: one line, exit 1', async () => {
  const { code, out, err } = await run(['--env', 'nowhere']);
  expect({ code, out, err }).toEqual({
    code: 1,
    out: [],
    err: [expect.stringMatching(/^error: Invalid configuration .*: no configuration file for environment "nowhere"/)],
  });
});

test('--config FILE is read instead of --env', async () => {
  const { code, out } = await run(['--config', path.join(ROOT, 'config', 'example.yaml')]);
  expect(code).toBe(0);
  expect(out[0]).toBe('PASS  stack example-notifications: UPDATE_COMPLETE, last deployed 2026-11-29T23:00:00.000Z');
});

test('--post: the JANDI line among the others, one message sent to the server in the secret', async () => {
  const jandi = new FakeJandi();
  await jandi.start();
  try {
    healthyAccount(exampleConfig(), { webhookUrl: jandi.url });
    const { code, out } = await run(['--env', 'example', '--post']);
    expect(code).toBe(0);
    expect(out).toContain('PASS  jandi post: JANDI took the test message (HTTP 200)');
    expect(jandi.requests).toHaveLength(1);
  } finally {
    await jandi.stop();
  }
});

test('--canary: one line per stream, after the others, each canary put and removed', async () => {
  const { code, out } = await run(['--env', 'example', '--canary']);
  expect(code).toBe(0);
  expect(out.slice(-5)).toEqual(
    ['impression', 'click', 'device', 'event', 'user_activity'].map((stream) =>
      expect.stringMatching(new RegExp(`^PASS  canary ${stream}: arrived in events\\.\\w+ after \\d+ s \\(buffering \\d+ s\\), removed \\(1 row\\)$`)),
    ),
  );
  expect(mocks.firehose.calls()).toHaveLength(5);
});

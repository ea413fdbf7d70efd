/**
 * The sync CLI takes the MySQL password without it being an argument: MYSQL_PWD, the first line of standard input,
 * or the source's secret in Secrets Manager (mocked; the shape the deployed sync reads). Against the test run's real
 * MariaDB; no output, warning or error ever shows the password.
 */
import { Readable } from 'node:stream';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../bin/sync';
import { readLine, redactor, URL_PASSWORD_WARNING } from '../../lib/cli/source-login';
import { adminConnections, MYSQL_URL, POSTGRES_URL } from '../sync/databases';

const db = adminConnections();
const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:mysql/ads-Ef56Gh';

/** The test server's URL with no user or password, with the user only, and its password. */
const hostOnly = () => MYSQL_URL().replace(/\/\/[^@]*@/, '//');
const withUser = () => MYSQL_URL().replace(/:[^:@/]*@/, '@');
const PASSWORD = () => decodeURIComponent(new URL(MYSQL_URL()).password);
/** A wrong password that is easy to look for in the output. */
const WRONG = 'wrong-pw-7f3a9c';

let copies = 0;
beforeAll(async () => {
  await db.mysql.query("CREATE TABLE pw_source (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO pw_source VALUES (1, 'a'), (2, 'b')");
});
beforeEach(() => secrets.reset());

/** Every line the CLI printed, for the checks that the password is not among them. */
const printed: string[] = [];

async function sync(source: string, io: { env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream } = {}, ...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const target = `pw.copy_${++copies}`;
  const args = ['--source', source, '--source-tls', 'off', '--target', POSTGRES_URL(), '--table', 'pw_source', '--target-table', target, '--mode', 'FULL_COPY'];
  const code = await main([...args, ...extra], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: io.env ?? {},
    stdin: io.stdin ?? Readable.from([]),
  });
  printed.push(...out, ...err);
  return { code, out, err, target };
}

const rows = async (target: string) => Number((await db.pg.query(`SELECT count(*) AS n FROM ${target}`)).rows[0].n);

test('MYSQL_PWD gives the password of a URL without one', async () => {
  const ok = await sync(withUser(), { env: { MYSQL_PWD: PASSWORD() } });
  expect(ok).toMatchObject({ code: 0, err: [] });
  expect(JSON.parse(ok.out[0])).toMatchObject({ status: 'ok', rowsWritten: 2 });
  expect(await rows(ok.target)).toBe(2);

  const refused = await sync(withUser(), { env: { MYSQL_PWD: WRONG } });
  expect(refused.code).toBe(1);
  expect(refused.err).toEqual([expect.stringMatching(/^error: cannot connect to MySQL at 127\.0\.0\.1:\d+\/ads: Access denied for user 'sync'/)]);
});

test('--source-password-stdin reads the first line of standard input, before MYSQL_PWD; an empty input is a failure', async () => {
  const ok = await sync(
    withUser(),
    { env: { MYSQL_PWD: WRONG }, stdin: Readable.from([`${PASSWORD()}\r\n`, 'the rest is not read\n']) },
    '--source-password-stdin',
  );
  expect(ok).toMatchObject({ code: 0, err: [] });
  // A line split across chunks is read whole.
  const [first, second] = [PASSWORD().slice(0, 3), PASSWORD().slice(3)];
  expect((await sync(withUser(), { stdin: Readable.from([Buffer.from(first), Buffer.from(`${second}\n`)]) }, '--source-password-stdin')).code).toBe(0);

  const empty = await sync(withUser(), { stdin: Readable.from([]) }, '--source-password-stdin');
  expect(empty).toMatchObject({ code: 1, out: [], err: ['error: --source-password-stdin: standard input is empty'] });
  const wrong = await sync(withUser(), { stdin: Readable.from([`${WRONG}\n`]) }, '--source-password-stdin');
  expect(wrong.code).toBe(1);
  expect(wrong.err).toEqual([expect.stringContaining("Access denied for user 'sync'")]);
});

test('a password in the URL still works, with a one-line warning that names the other ways and not the password', async () => {
  const ok = await sync(MYSQL_URL(), { env: { MYSQL_PWD: WRONG } });
  expect(ok.code).toBe(0);
  expect(ok.err).toEqual([URL_PASSWORD_WARNING]);
  expect(URL_PASSWORD_WARNING).toMatch(/^warning: the password in --source is visible to ps .* MYSQL_PWD, --source-password-stdin or --source-secret/);
});

test('--source-secret: user and password from the secret, read in the region of its ARN; the URL gives the server', async () => {
  secrets
    .on(GetSecretValueCommand, { SecretId: ARN })
    .resolves({ SecretString: JSON.stringify({ engine: 'mysql', username: 'sync', password: PASSWORD(), host: 'not-used.example.com' }) });
  const ok = await sync(hostOnly(), { env: { MYSQL_PWD: WRONG } }, '--source-secret', ARN);
  expect(ok).toMatchObject({ code: 0, err: [] });
  expect(await rows(ok.target)).toBe(2);
  const calls = secrets.commandCalls(GetSecretValueCommand);
  expect(calls.map((c) => c.args[0].input)).toEqual([{ SecretId: ARN }]);
  expect(await (calls[0].thisValue as SecretsManagerClient).config.region()).toBe('us-west-2');
});

test('--source-secret: a secret without the fields, not JSON, with a wrong password, or unreadable is one line, never its value', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ password: PASSWORD() }) });
  expect((await sync(hostOnly(), {}, '--source-secret', ARN)).err).toEqual([`error: the secret ${ARN} has no username and password`]);

  secrets.on(GetSecretValueCommand).resolves({ SecretString: `username=sync password=${WRONG}` });
  expect((await sync(hostOnly(), {}, '--source-secret', ARN)).err).toEqual([`error: secret ${ARN} is not valid JSON`]);

  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'sync', password: WRONG }) });
  const wrong = await sync(hostOnly(), {}, '--source-secret', ARN);
  expect(wrong.code).toBe(1);
  expect(wrong.err).toEqual([expect.stringContaining("Access denied for user 'sync'")]);

  secrets
    .on(GetSecretValueCommand)
    .rejects(Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' }));
  expect(await sync(hostOnly(), {}, '--source-secret', ARN)).toMatchObject({
    code: 1,
    err: [`error: cannot read the secret ${ARN}: User is not authorized to perform: secretsmanager:GetSecretValue`],
  });
});

test('usage errors: two ways of giving the password, no user, a malformed secret id; none shows the password', async () => {
  const cases: [string, string[], string][] = [
    [withUser(), ['--source-secret', ARN, '--source-password-stdin'], '--source-secret and --source-password-stdin both give the password; use one'],
    [MYSQL_URL(), ['--source-password-stdin'], 'the --source URL has a password and --source-password-stdin gives one; use one'],
    [MYSQL_URL(), ['--source-secret', ARN], 'the --source URL has a password and --source-secret gives one; use one'],
    [hostOnly(), [], '--source needs a user (mysql://USER@HOST:PORT/DB) unless --source-secret gives it'],
    [
      hostOnly(),
      ['--source-secret', 'arn:aws:secretsmanager:x y'],
      '--source-secret must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or name',
    ],
  ];
  for (const [source, extra, message] of cases) {
    expect(await sync(source, {}, ...extra)).toMatchObject({ code: 2, out: [], err: [`error: ${message} (see --help)`] });
  }
  expect(secrets.calls()).toHaveLength(0);
  // An error that would quote the URL (here pasted as the mode by mistake) shows it without the password.
  const pasted = await sync(withUser(), {}, '--mode', MYSQL_URL());
  expect(pasted.code).toBe(2);
  expect(pasted.err[0]).toContain(`--mode "${MYSQL_URL().replace(`:${encodeURIComponent(PASSWORD())}@`, ':***@')}" is not one of`);
});

test('no line the CLI printed in these tests holds a password', () => {
  expect(printed.length).toBeGreaterThan(15);
  for (const line of printed) {
    expect(line).not.toContain(PASSWORD());
    expect(line).not.toContain(WRONG);
  }
});

test('readLine: the first line without its end; an empty line is an empty password, no input none', async () => {
  expect(await readLine(Readable.from(['pw\nmore']))).toBe('pw');
  expect(await readLine(Readable.from(['\n']))).toBe('');
  expect(await readLine(Readable.from(['no newline']))).toBe('no newline');
  // A character whose bytes arrive in two chunks.
  const bytes = Buffer.from('비밀\n');
  expect(await readLine(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]))).toBe('비밀');
  expect(await readLine(Readable.from([]))).toBeUndefined();
});

test('redactor: each secret hidden as written and URL-encoded; short ones left alone', () => {
  const redact = redactor(() => ['p@ss/word', 'ab']);
  expect(redact('mysql://u:p%40ss%2Fword@h/db and p@ss/word')).toBe('mysql://u:***@h/db and ***');
  expect(redact('tab stab')).toBe('tab stab');
});

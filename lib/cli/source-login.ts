/**
 * How the sync CLI gets the MySQL password without it being an argument (arguments are visible to `ps` and kept in
 * shell history): from the source's secret in Secrets Manager (--source-secret, the same secret and shape the
 * deployed sync reads), from standard input (--source-password-stdin), or from MYSQL_PWD as the mysql client takes
 * it. A password in the --source URL still works, with a warning.
 */
import { type MysqlConnectionOptions, parseMysqlUrl } from '../../lambda/sync/adapters/mysql-source';
import { sourceCredentials } from '../../lambda/sync/core/source-secret';

export interface SourceLoginArguments {
  /** --source: mysql://[USER[:PASS]@]HOST[:PORT]/DB */
  readonly url: string;
  /** --source-secret: the ARN (or name) of a secret holding { "username", "password" }. */
  readonly secret?: string;
  /** --source-password-stdin: the first line of standard input is the password. */
  readonly passwordStdin?: boolean;
  /** The secret's region when its ARN does not say (a name). */
  readonly region?: string;
}

export interface SourceLoginIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  readonly warn: (line: string) => void;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export const URL_PASSWORD_WARNING =
  'warning: the password in --source is visible to ps and kept in shell history; give it with MYSQL_PWD, --source-password-stdin or --source-secret ARN instead';
export const TARGET_PASSWORD_WARNING =
  'warning: the password in --target is visible to ps and kept in shell history; give it with PGPASSWORD or ~/.pgpass instead';

/** The password a URL carries, decoded; '' when none. */
export function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** Checks made with the other arguments (usage errors): one way of giving the password, and a user to log in as. */
export function checkSourceLogin(args: SourceLoginArguments): void {
  const { user } = parseMysqlUrl(args.url);
  const inUrl = urlPassword(args.url) !== '';
  if (args.secret !== undefined && !SECRET_ARN.test(args.secret) && !SECRET_NAME.test(args.secret))
    throw new Error('--source-secret must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or name');
  if (args.secret !== undefined && args.passwordStdin) throw new Error('--source-secret and --source-password-stdin both give the password; use one');
  if (inUrl && (args.secret !== undefined || args.passwordStdin))
    throw new Error(`the --source URL has a password and ${args.secret !== undefined ? '--source-secret' : '--source-password-stdin'} gives one; use one`);
  if (!user && args.secret === undefined) throw new Error('--source needs a user (mysql://USER@HOST:PORT/DB) unless --source-secret gives it');
}

/**
 * The connection's login. Which password, first found: the secret's (with its user), standard input's first line,
 * the URL's (warned about), MYSQL_PWD, none. MYSQL_PWD comes after the URL as it does for the mysql client.
 */
export async function sourceLogin(args: SourceLoginArguments, io: SourceLoginIo): Promise<MysqlConnectionOptions> {
  const url = parseMysqlUrl(args.url);
  if (args.secret !== undefined) return { ...url, ...(await readSourceSecret(args.secret, args.region)) };
  if (args.passwordStdin) {
    const line = await readLine(io.stdin);
    if (line === undefined) throw new Error('--source-password-stdin: standard input is empty');
    return { ...url, password: line };
  }
  if (url.password !== '') {
    io.warn(URL_PASSWORD_WARNING);
    return url;
  }
  return { ...url, password: io.env.MYSQL_PWD ?? '' };
}

/** The user and password in the secret, read with the operator's credentials in the ARN's region. */
export async function readSourceSecret(secretId: string, region?: string): Promise<{ user: string; password: string }> {
  // Loaded here: a tenth of a second at every start of the CLI for the runs that read a secret only.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: SECRET_ARN.exec(secretId)?.[1] ?? region });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId })).catch((error: Error) => {
      // The SDK's messages (no credentials, access denied) do not say what was being read.
      throw new Error(`cannot read the secret ${secretId}: ${error.message}`);
    });
    if (SecretString === undefined) throw new Error(`secret ${secretId} has no string value`);
    let value: unknown;
    try {
      value = JSON.parse(SecretString);
    } catch {
      // JSON.parse's message quotes part of the value.
      throw new Error(`secret ${secretId} is not valid JSON`);
    }
    return sourceCredentials(value, `the secret ${secretId}`);
  } finally {
    client.destroy();
  }
}

/** The first line of `input` (without its \n or \r\n); undefined when it ends before any byte. */
export async function readLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    const newline = bytes.indexOf(0x0a);
    if (newline >= 0) {
      chunks.push(bytes.subarray(0, newline));
      // Leaving the loop stops reading: nothing after the line is taken.
      break;
    }
    chunks.push(bytes);
  }
  if (chunks.length === 0) return undefined;
  return Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
}

/**
 * Hides the given secrets in a line (as written and URL-encoded). Short ones are left alone: a password of a few
 * letters would hide those letters in every word of the message, and such a password no message quotes anyway.
 */
export function redactor(secrets: () => readonly string[]): (text: string) => string {
  return (text) => {
    let result = text;
    for (const secret of secrets()) {
      if (secret.length < 4) continue;
      for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join('***');
    }
    return result;
  };
}

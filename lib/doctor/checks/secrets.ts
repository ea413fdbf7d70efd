/**
 * Check 2: the secrets exist and hold what their readers take: the JANDI webhook URL (lambda/adapters/jandi-webhook.ts),
 * the warehouse user (the Data API and Firehose read `username` and `password`), each MySQL source's user (the sync
 * function's parser), the bot's token. A value is never printed: only which field is missing or wrong.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { parseWebhookSecret } from '../../../lambda/adapters/jandi-webhook';
import { tokenFromSecret } from '../../../lambda/scheduler/bot/core/token';
import { sourceCredentials } from '../../../lambda/sync/core/source-secret';
import type { PlatformConfig } from '../../config/schema';
import type { DoctorContext } from '../context';
import { attempt, describeError, fail, isAccessDenied, pass, type CheckResult, type Probe } from '../result';

/** What reading a secret gave: its string, a binary value, or the error. */
export type SecretRead = { readonly value: string } | { readonly binary: true } | { readonly error: unknown };

/** A secret's value turned into what its reader needs, or the problem with it (never quoting the value). */
export type ShapeCheck = (value: string) => { readonly ok: string } | { readonly problem: string };

export interface SecretSpec {
  readonly check: string;
  readonly arn: string;
  /** The configuration field holding the ARN. */
  readonly field: string;
  readonly shape: ShapeCheck;
  /** What the value must be, for the fix text. */
  readonly expected: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/** The webhook URL as the notifier reads it, and in the form JANDI's Incoming Webhooks take. */
export const webhookShape: ShapeCheck = (value) => {
  let url: URL;
  try {
    url = new URL(parseWebhookSecret(value));
  } catch (error) {
    return { problem: (error as Error).message };
  }
  if (!LOOPBACK.has(url.hostname) && url.hostname !== 'wh.jandi.com') return { problem: `the URL's host is ${url.hostname}, not wh.jandi.com` };
  if (!/^\/connect-api\/webhook\/[^/]+\/[^/]+$/.test(url.pathname)) return { problem: 'the URL is not of the form /connect-api/webhook/TEAM/TOKEN' };
  return { ok: `a JANDI Incoming Webhook URL (${url.hostname})` };
};

function parseJson(value: string): { readonly json: unknown } | { readonly problem: string } {
  try {
    return { json: JSON.parse(value) };
  } catch {
    return { problem: 'the value is not JSON' };
  }
}

/** Fields of a JSON object that are not non-empty strings (`password` may be empty). */
function missingFields(json: unknown, fields: readonly string[]): string[] {
  const object = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  return fields.filter((f) => typeof object[f] !== 'string' || (f !== 'password' && object[f] === ''));
}

/** `{"username": ..., "password": ...}`, as the Data API and Firehose read the warehouse secret. */
export const userShape: ShapeCheck = (value) => {
  const parsed = parseJson(value);
  if ('problem' in parsed) return parsed;
  const missing = missingFields(parsed.json, ['username', 'password']);
  return missing.length > 0 ? { problem: `the JSON has no ${missing.join(' and ')} (text)` } : { ok: 'username and password' };
};

/** A MySQL source's secret, through the sync function's own parser. */
export function sourceShape(source: string): ShapeCheck {
  return (value) => {
    const parsed = parseJson(value);
    if ('problem' in parsed) return parsed;
    try {
      sourceCredentials(parsed.json, `the secret of source ${source}`);
    } catch (error) {
      const missing = missingFields(parsed.json, ['username', 'password']);
      return { problem: missing.length > 0 ? `the JSON has no ${missing.join(' and ')} (text)` : (error as Error).message };
    }
    return { ok: 'username and password' };
  };
}

/**
 * The token itself, or JSON `{"token": ...}`, read by the bot's own parser. The bot would take JSON without a token
 * as the token, so the doctor says what is wrong with it instead.
 */
export const tokenShape: ShapeCheck = (value) => {
  const token = tokenFromSecret(value);
  if (value.trim().startsWith('{') && token === value.trim()) {
    return 'problem' in parseJson(value) ? { problem: 'the value starts like JSON but is not JSON' } : { problem: 'the JSON has no token (text)' };
  }
  return token === '' ? { problem: 'the value is empty' } : { ok: 'a token' };
};

/** The secrets this configuration's deployment reads. */
export function platformSecrets(config: PlatformConfig): SecretSpec[] {
  const user = '{"username": "...", "password": "..."}';
  const sources = config.mysql.sources.filter((s) => config.mysql.jobs.some((j) => j.source === s.name));
  return [
    {
      check: 'secret jandi webhook',
      arn: config.jandi.webhookSecretArn,
      field: 'jandi.webhookSecretArn',
      shape: webhookShape,
      expected: "the topic's Incoming Webhook URL, https://wh.jandi.com/connect-api/webhook/TEAM/TOKEN (or JSON with webhookUrl)",
    },
    { check: 'secret warehouse', arn: config.warehouse.secretArn, field: 'warehouse.secretArn', shape: userShape, expected: `${user} of the loading user` },
    ...sources.map((s) => ({
      check: `secret mysql ${s.name}`,
      arn: s.secretArn,
      field: `mysql.sources[${config.mysql.sources.indexOf(s)}].secretArn`,
      shape: sourceShape(s.name),
      expected: `${user} of a read-only user of ${s.database}`,
    })),
    ...(config.jandi.bot
      ? [
          {
            check: 'secret bot token',
            arn: config.jandi.bot.tokenSecretArn,
            field: 'jandi.bot.tokenSecretArn',
            shape: tokenShape,
            expected: 'the token JANDI shows for the Outgoing Webhook (or JSON with token)',
          },
        ]
      : []),
  ];
}

export function decideSecret(spec: SecretSpec, read: SecretRead): CheckResult {
  const put = `aws secretsmanager put-secret-value --secret-id ${spec.arn} --secret-string ...`;
  if ('binary' in read) return fail(spec.check, 'holds a binary value; the platform reads a string', `store ${spec.expected} as a string: ${put}`);
  if ('error' in read) {
    const name = String((read.error as { name?: unknown })?.name ?? '');
    const message = describeError(read.error);
    if (name === 'ResourceNotFoundException')
      return fail(spec.check, `no secret ${spec.arn}`, `create it with ${spec.expected} and put its complete ARN in ${spec.field}`);
    if (name === 'InvalidRequestException' && /deletion/i.test(message))
      return fail(spec.check, 'scheduled for deletion', `restore it: aws secretsmanager restore-secret --secret-id ${spec.arn}`);
    if (isAccessDenied(read.error) || name === 'DecryptionFailure')
      return fail(
        spec.check,
        `cannot read it: ${message}`,
        `run the doctor with credentials allowed secretsmanager:GetSecretValue on ${spec.arn} (and kms:Decrypt on its key)`,
      );
    return fail(spec.check, message, `see the error (${spec.field} = ${spec.arn})`);
  }
  const shape = spec.shape(read.value);
  return 'problem' in shape ? fail(spec.check, shape.problem, `store ${spec.expected}: ${put}`) : pass(spec.check, `holds ${shape.ok}`);
}

/** GetSecretValue, as a SecretRead. */
export async function readSecretValue(context: DoctorContext, arn: string): Promise<SecretRead> {
  const outcome = await attempt(context.clients.secrets.send(new GetSecretValueCommand({ SecretId: arn })));
  if ('error' in outcome) return { error: outcome.error };
  if (outcome.value.SecretString !== undefined) return { value: outcome.value.SecretString };
  return { binary: true };
}

export function secretProbes(context: DoctorContext): Probe[] {
  return platformSecrets(context.config).map((spec) => ({
    name: spec.check,
    timeoutMs: 20_000,
    run: async () => [decideSecret(spec, await readSecretValue(context, spec.arn))],
  }));
}

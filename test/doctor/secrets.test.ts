/** Check 2: each secret exists and holds what its reader takes; the messages name fields, never values. */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { tokenFromSecret } from '../../lambda/scheduler/bot/handler';
import { parseConfig } from '../../lib/config/load';
import { secretProbes, tokenShape } from '../../lib/doctor/checks/secrets';
import { runProbes } from '../../lib/doctor/runner';
import { exampleConfig } from '../helpers/platform';
import { awsError, contextFor, healthyAccount, mocks } from './fakes';

const config = exampleConfig();
const arns = {
  webhook: config.jandi.webhookSecretArn,
  warehouse: config.warehouse.secretArn,
  ads: config.mysql.sources[0].secretArn,
  bot: config.jandi.bot!.tokenSecretArn,
};

beforeEach(() => {
  healthyAccount(config);
});

async function resultFor(arn: string, answer: string | Error | { SecretBinary: Uint8Array }) {
  if (answer instanceof Error) mocks.secrets.on(GetSecretValueCommand, { SecretId: arn }).rejects(answer);
  else mocks.secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves(typeof answer === 'string' ? { SecretString: answer } : answer);
  const results = await runProbes(secretProbes(contextFor(config)));
  const others = results.filter((r) => r.status !== 'PASS');
  expect(others.length).toBeLessThanOrEqual(1);
  return (
    others[0] ??
    results.find(
      (r) =>
        r.check ===
        { [arns.webhook]: 'secret jandi webhook', [arns.warehouse]: 'secret warehouse', [arns.ads]: 'secret mysql ads-db', [arns.bot]: 'secret bot token' }[
          arn
        ],
    )
  );
}

test('PASS: one line per secret the deployment reads, saying what it holds', async () => {
  expect(await runProbes(secretProbes(contextFor(config)))).toEqual([
    { check: 'secret jandi webhook', status: 'PASS', detail: 'holds a JANDI Incoming Webhook URL (wh.jandi.com)' },
    { check: 'secret warehouse', status: 'PASS', detail: 'holds username and password' },
    { check: 'secret mysql ads-db', status: 'PASS', detail: 'holds username and password' },
    { check: 'secret mysql partners-db', status: 'PASS', detail: 'holds username and password' },
    { check: 'secret bot token', status: 'PASS', detail: 'holds a token' },
  ]);
});

test('no bot, no bot secret; a source without jobs has no function and its secret is not read', async () => {
  const lean = parseConfig(
    { ...config, jandi: { ...config.jandi, bot: undefined }, mysql: { ...config.mysql, jobs: config.mysql.jobs.filter((j) => j.source === 'ads-db') } },
    'test',
  );
  expect((await runProbes(secretProbes(contextFor(lean)))).map((r) => r.check)).toEqual(['secret jandi webhook', 'secret warehouse', 'secret mysql ads-db']);
});

describe('the JANDI webhook URL, as the notifier reads it and as JANDI issues it', () => {
  test.each([
    ['the bare URL', 'https://wh.jandi.com/connect-api/webhook/15293847/a1b2c3d4e5f6'],
    ['JSON with webhookUrl', '{"webhookUrl": "https://wh.jandi.com/connect-api/webhook/15293847/a1b2c3d4e5f6"}'],
  ])('PASS: %s', async (_, value) => {
    expect(await resultFor(arns.webhook, value)).toEqual({
      check: 'secret jandi webhook',
      status: 'PASS',
      detail: 'holds a JANDI Incoming Webhook URL (wh.jandi.com)',
    });
  });

  test.each([
    ['not a URL', 'a1b2c3d4e5f6-token-only', 'the JANDI webhook secret is neither a URL nor JSON with a "webhookUrl" field'],
    ['plain http', 'http://wh.jandi.com/connect-api/webhook/15293847/a1b2c3d4e5f6', 'the JANDI webhook secret must be an https:// URL'],
    ['another host', 'https://hooks.slack.com/services/T000/B000/a1b2c3d4e5f6', "the URL's host is hooks.slack.com, not wh.jandi.com"],
    ['an Outgoing Webhook or other path', 'https://wh.jandi.com/connect-api/a1b2c3d4e5f6', 'the URL is not of the form /connect-api/webhook/TEAM/TOKEN'],
    ['JSON without webhookUrl', '{"url": "https://wh.jandi.com/connect-api/webhook/15293847/a1b2c3d4e5f6"}', 'neither a URL nor JSON'],
  ])('FAIL: %s, without quoting the value', async (_, value, problem) => {
    const result = await resultFor(arns.webhook, value);
    expect(result).toEqual({
      check: 'secret jandi webhook',
      status: 'FAIL',
      detail: expect.stringContaining(problem),
      fix: `store the topic's Incoming Webhook URL, https://wh.jandi.com/connect-api/webhook/TEAM/TOKEN (or JSON with webhookUrl): aws secretsmanager put-secret-value --secret-id ${arns.webhook} --secret-string ...`,
    });
    expect(JSON.stringify(result)).not.toContain('a1b2c3d4e5f6');
  });
});

describe('the warehouse user, as the Data API and Firehose read it', () => {
  test.each([
    ['not JSON', 'loader:pw-9931', 'the value is not JSON'],
    ['no password', '{"username": "loader"}', 'the JSON has no password (text)'],
    ['an empty user name and a numeric password', '{"username": "", "password": 99317}', 'the JSON has no username and password (text)'],
    ['an array', '["loader", "pw-9931"]', 'the JSON has no username and password (text)'],
  ])('FAIL: %s', async (_, value, detail) => {
    const result = await resultFor(arns.warehouse, value);
    expect(result).toEqual({
      check: 'secret warehouse',
      status: 'FAIL',
      detail,
      fix: expect.stringMatching(/^store \{"username": "...", "password": "..."\} of the loading user: /),
    });
    expect(JSON.stringify(result)).not.toMatch(/9931/);
  });
});

describe("a MySQL source's user, through the sync function's parser", () => {
  test('PASS: an empty password is a password', async () => {
    expect(await resultFor(arns.ads, '{"username": "reader", "password": ""}')).toMatchObject({ status: 'PASS', detail: 'holds username and password' });
  });

  test.each([
    ['no username', '{"password": "pw-5512"}', 'the JSON has no username (text)'],
    ['RDS-style JSON with user instead of username', '{"user": "reader", "password": "pw-5512"}', 'the JSON has no username (text)'],
    ['not JSON', 'pw-5512', 'the value is not JSON'],
  ])('FAIL: %s', async (_, value, detail) => {
    expect(await resultFor(arns.ads, value)).toEqual({
      check: 'secret mysql ads-db',
      status: 'FAIL',
      detail,
      fix: expect.stringContaining('of a read-only user of ads: aws secretsmanager put-secret-value --secret-id'),
    });
  });
});

describe("the bot's token, as the bot reads it", () => {
  test.each([
    ['the token itself', 'bot-token-9d8c7b6a'],
    ['JSON with token', '{"token": "bot-token-9d8c7b6a"}'],
  ])('PASS: %s, the token the bot takes', async (_, value) => {
    expect(await resultFor(arns.bot, value)).toMatchObject({ status: 'PASS', detail: 'holds a token' });
    expect(tokenFromSecret(value)).toBe('bot-token-9d8c7b6a');
  });

  test.each([
    ['empty', '  ', 'the value is empty'],
    ['JSON without token', '{"secret": "bot-token-9d8c7b6a"}', 'the JSON has no token (text)'],
    ['broken JSON', '{"token": "bot-token', 'the value starts like JSON but is not JSON'],
  ])('FAIL: %s', async (_, value, detail) => {
    expect(await resultFor(arns.bot, value)).toMatchObject({ check: 'secret bot token', status: 'FAIL', detail });
    // What the bot would compare JANDI's token with: nothing, or the JSON text itself, which JANDI never sends.
    expect(['', value.trim()]).toContain(tokenFromSecret(value));
    expect('problem' in tokenShape(value)).toBe(true);
  });
});

test.each([
  [
    'missing',
    awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
    `no secret ${arns.warehouse}`,
    /^create it with .* and put its complete ARN in warehouse.secretArn$/,
  ],
  [
    'scheduled for deletion',
    awsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
    'scheduled for deletion',
    new RegExp(`^restore it: aws secretsmanager restore-secret --secret-id ${arns.warehouse}$`),
  ],
  [
    'refused',
    awsError('AccessDeniedException', 'not authorized'),
    'cannot read it: AccessDeniedException: not authorized',
    /secretsmanager:GetSecretValue on .* \(and kms:Decrypt on its key\)$/,
  ],
  ['undecryptable', awsError('DecryptionFailure', 'KMS key disabled'), 'cannot read it: DecryptionFailure: KMS key disabled', /kms:Decrypt on its key/],
  ['binary', { SecretBinary: new Uint8Array([1, 2]) }, 'holds a binary value; the platform reads a string', /^store .* as a string: /],
])('FAIL: a secret %s', async (_, answer, detail, fix) => {
  expect(await resultFor(arns.warehouse, answer)).toEqual({ check: 'secret warehouse', status: 'FAIL', detail, fix: expect.stringMatching(fix) });
});

/** The Lambda entry point wires its settings from the environment the construct sets. */
import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import type * as Sqs from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { FakeJandi } from '../helpers/fake-jandi';
import { snsViaSqsRecord, sqsEvent } from '../helpers/sqs-events';

const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/platform-alerts-Xy34Zw';
const jandi = new FakeJandi();
const context = { getRemainingTimeInMillis: () => 55_000, functionName: 'example-jandi-notifier', awsRequestId: 'req-1' } as unknown as Context;
const ENV = {
  JANDI_WEBHOOK_SECRET_ARN: SECRET_ARN,
  NOTIFICATIONS_QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/example-notifications',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/example-notifications-dlq',
  JANDI_TIMEOUT_MS: '1000',
};

/**
 * A cold start: the handler module and the SDK it imports loaded anew (so its per-container cache is empty),
 * with the SDK clients of that fresh module registry mocked.
 */
function coldStart(secretValue?: string | Error) {
  let handler: typeof import('../../lambda/notifier/handler').handler | undefined;
  let secrets: AwsStub<any, any, any> | undefined;
  jest.isolateModules(() => {
    const sm = require('@aws-sdk/client-secrets-manager') as typeof SecretsManager;
    const sqs = require('@aws-sdk/client-sqs') as typeof Sqs;
    mockClient(sqs.SQSClient).onAnyCommand().resolves({});
    secrets = mockClient(sm.SecretsManagerClient);
    if (typeof secretValue === 'string') secrets.on(sm.GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: secretValue });
    if (secretValue instanceof Error) secrets.on(sm.GetSecretValueCommand, { SecretId: SECRET_ARN }).rejects(secretValue);
    handler = (require('../../lambda/notifier/handler') as typeof import('../../lambda/notifier/handler')).handler;
  });
  return { handler: handler!, secrets: secrets! };
}

beforeAll(() => jandi.start());
afterAll(() => jandi.stop());
let stdout: string[] = [];
beforeEach(() => {
  jandi.reset();
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

/** The metrics the function wrote to stdout in embedded metric format, one record per flush. */
const emfRecords = () =>
  stdout
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } });
afterEach(() => {
  jest.restoreAllMocks();
  for (const name of Object.keys(ENV)) delete process.env[name];
});

test('reads the secret named by JANDI_WEBHOOK_SECRET_ARN once per container and delivers', async () => {
  Object.assign(process.env, ENV);
  const { handler, secrets } = coldStart(jandi.url);
  const message = JSON.stringify({ source: 'test', severity: 'info', title: 'hello' });

  expect(await handler(sqsEvent(snsViaSqsRecord(message)), context)).toEqual({ batchItemFailures: [] });
  expect(await handler(sqsEvent(snsViaSqsRecord(message)), context)).toEqual({ batchItemFailures: [] });
  expect(jandi.requests).toHaveLength(2);
  expect(secrets.calls()).toHaveLength(1);
});

test('a missing setting fails with the variable name', async () => {
  Object.assign(process.env, ENV);
  delete process.env.DEAD_LETTER_QUEUE_URL;
  const { handler } = coldStart();
  await expect(handler(sqsEvent(snsViaSqsRecord('x')), context)).rejects.toThrow('environment variable DEAD_LETTER_QUEUE_URL is not set');
});

test('a malformed numeric setting is refused, not guessed', async () => {
  Object.assign(process.env, ENV, { JANDI_TIMEOUT_MS: '5s' });
  const { handler } = coldStart();
  await expect(handler(sqsEvent(snsViaSqsRecord('x')), context)).rejects.toThrow('JANDI_TIMEOUT_MS must be a positive integer, got "5s"');
});

test('a batch that ends early because the webhook secret is unreadable still publishes its metric', async () => {
  Object.assign(process.env, ENV);
  const { handler } = coldStart(Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' }));
  const records = [snsViaSqsRecord('x'), snsViaSqsRecord('y')];

  const result = await handler(sqsEvent(...records), context);

  expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.map((r) => r.messageId));
  const flushed = emfRecords();
  expect(flushed).toHaveLength(1);
  expect(flushed[0].WebhookSecretUnavailable).toBe(1);
  expect(flushed[0]._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Test', Metrics: [{ Name: 'WebhookSecretUnavailable', Unit: 'Count' }] });
  expect(flushed[0].service).toBe('test');
});

test('a delivered batch publishes its metrics once, when the handler returns', async () => {
  Object.assign(process.env, ENV);
  const { handler } = coldStart(jandi.url);
  const message = JSON.stringify({ source: 'test', severity: 'info', title: 'hello' });

  await handler(sqsEvent(snsViaSqsRecord(message), snsViaSqsRecord(message)), context);

  const flushed = emfRecords();
  expect(flushed).toHaveLength(1);
  expect(flushed[0]).toMatchObject({ Delivered: [1, 1], DeliveryAttempts: [1, 1] });
});

describe('JANDI_LANGUAGE', () => {
  afterEach(() => delete process.env.JANDI_LANGUAGE);
  const alarm = JSON.stringify({ AlarmName: 'example-athena-step-errors', NewStateValue: 'ALARM' });

  test('ko: alarms are framed in Korean', async () => {
    Object.assign(process.env, ENV, { JANDI_LANGUAGE: 'ko' });
    const { handler } = coldStart(jandi.url);
    expect(await handler(sqsEvent(snsViaSqsRecord(alarm)), context)).toEqual({ batchItemFailures: [] });
    expect(JSON.parse(jandi.requests[0].body).body).toBe('[cloudwatch] 경보: example-athena-step-errors');
  });

  test('unset: English, as deployments made before the setting speak', async () => {
    Object.assign(process.env, ENV);
    const { handler } = coldStart(jandi.url);
    await handler(sqsEvent(snsViaSqsRecord(alarm)), context);
    expect(JSON.parse(jandi.requests[0].body).body).toBe('[cloudwatch] ALARM: example-athena-step-errors');
  });

  test('anything else fails loudly instead of speaking a guess', async () => {
    Object.assign(process.env, ENV, { JANDI_LANGUAGE: 'kr' });
    const { handler } = coldStart(jandi.url);
    await expect(handler(sqsEvent(snsViaSqsRecord(alarm)), context)).rejects.toThrow('JANDI_LANGUAGE must be one of ko, en, got "kr"');
    expect(jandi.requests).toHaveLength(0);
  });
});

/**
 * The notifier against a real HTTP server on 127.0.0.1 standing in for JANDI. SQS and Secrets Manager
 * cannot run here and are mocked with aws-sdk-client-mock.
 */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { cachedSecret } from '../../lambda/adapters/secrets';
import { SEVERITY_COLOURS } from '../../lambda/core/jandi-message';
import { createNotifier, type NotifierSettings } from '../../lambda/notifier/notifier';
import { FakeJandi } from '../helpers/fake-jandi';
import { snsViaSqsRecord, sqsEvent } from '../helpers/sqs-events';

const QUEUE_URL = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/example-notifications';
const DLQ_URL = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/example-notifications-dlq';
const SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/platform-alerts-Xy34Zw';

const jandi = new FakeJandi();
const sqsMock = mockClient(SQSClient);
const secretsMock = mockClient(SecretsManagerClient);
let output: string[] = [];

const settings = (overrides: Partial<NotifierSettings> = {}): NotifierSettings => ({
  queueUrl: QUEUE_URL,
  deadLetterQueueUrl: DLQ_URL,
  attemptTimeoutMs: 2000,
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
  ...overrides,
});

function notifier(overrides: Partial<NotifierSettings> = {}) {
  return createNotifier(settings(overrides), {
    sqs: new SQSClient({}),
    webhookSecret: cachedSecret(SECRET_ARN),
  });
}

const plenty = () => 50_000;

const failure = JSON.stringify({
  source: 'mysql-sync',
  severity: 'failure',
  title: 'Job ads failed',
  text: 'COPY into mysql_ads.ads failed',
  fields: [
    { title: 'Table', value: 'mysql_ads.ads' },
    { title: 'Error', value: "Invalid digit, Value 'X', Pos 0, Type: Integer" },
  ],
});

beforeAll(() => jandi.start());
afterAll(() => jandi.stop());
beforeEach(() => {
  jandi.reset();
  sqsMock.reset();
  secretsMock.reset();
  // Each test is a fresh container: nothing cached from the one before.
  clearCaches();
  sqsMock.onAnyCommand().resolves({});
  secretsMock.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: jandi.url });
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  jest.restoreAllMocks();
  // Whatever happened, the webhook URL and its token never reach a log line.
  const logs = output.join('');
  expect(logs).not.toContain(jandi.token);
  expect(logs).not.toContain('/connect-api/webhook/');
});

test('posts the exact JANDI Incoming Webhook request', async () => {
  const result = await notifier()(sqsEvent(snsViaSqsRecord(failure)), plenty);

  expect(result.batchItemFailures).toEqual([]);
  expect(jandi.requests).toHaveLength(1);
  const [request] = jandi.requests;
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/connect-api/webhook/15293847/${jandi.token}`);
  expect(request.headers.accept).toBe('application/vnd.tosslab.jandi-v2+json');
  expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(JSON.parse(request.body)).toEqual({
    body: '[mysql-sync] Job ads failed\nCOPY into mysql_ads.ads failed',
    connectColor: SEVERITY_COLOURS.failure,
    connectInfo: [
      { title: 'Table', description: 'mysql_ads.ads' },
      { title: 'Error', description: "Invalid digit, Value 'X', Pos 0, Type: Integer" },
    ],
  });
  expect(sqsMock.calls()).toHaveLength(0);
  expect(output.join('')).toContain('delivered to JANDI');
});

test('a 500 then a 200 delivers once, within the same invocation', async () => {
  jandi.reply({ status: 500 }, { status: 200 });
  const result = await notifier()(sqsEvent(snsViaSqsRecord(failure)), plenty);

  expect(result.batchItemFailures).toEqual([]);
  expect(jandi.requests).toHaveLength(2);
  expect(jandi.requests[1].body).toBe(jandi.requests[0].body);
  expect(sqsMock.calls()).toHaveLength(0);
});

test('429 is retried after the Retry-After the server asks for', async () => {
  jandi.reply({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 });
  const started = Date.now();
  const result = await notifier()(sqsEvent(snsViaSqsRecord(failure)), plenty);

  expect(result.batchItemFailures).toEqual([]);
  expect(jandi.requests).toHaveLength(2);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

test('a time-out is retried, and a JANDI that keeps failing sends the message back to the queue with a longer delay', async () => {
  jandi.reply('hang', { status: 503 }, 'hang');
  const record = snsViaSqsRecord(failure, { receiveCount: 3 });
  const result = await notifier({ attemptTimeoutMs: 200 })(sqsEvent(record), plenty);

  expect(jandi.requests).toHaveLength(3);
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  const delays = sqsMock.commandCalls(ChangeMessageVisibilityCommand);
  expect(delays).toHaveLength(1);
  expect(delays[0].args[0].input).toEqual({ QueueUrl: QUEUE_URL, ReceiptHandle: record.receiptHandle, VisibilityTimeout: 240 });
  expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  expect(output.join('')).toContain('timed out');
});

test('a permanent 4xx is not retried: the message goes to the dead-letter queue with the reason', async () => {
  jandi.reply({ status: 404 });
  const record = snsViaSqsRecord(failure);
  const result = await notifier()(sqsEvent(record), plenty);

  expect(jandi.requests).toHaveLength(1);
  expect(result.batchItemFailures).toEqual([]);
  const sent = sqsMock.commandCalls(SendMessageCommand);
  expect(sent).toHaveLength(1);
  expect(sent[0].args[0].input).toMatchObject({
    QueueUrl: DLQ_URL,
    MessageBody: record.body,
    MessageAttributes: {
      Reason: { DataType: 'String', StringValue: 'JANDI refused the message: HTTP 404' },
      OriginalMessageId: { DataType: 'String', StringValue: record.messageId },
    },
  });
});

test('when the dead-letter queue cannot be reached either, the message stays in the queue', async () => {
  jandi.reply({ status: 400 });
  sqsMock.on(SendMessageCommand).rejects(new Error('AccessDenied'));
  const record = snsViaSqsRecord(failure);
  const result = await notifier()(sqsEvent(record), plenty);

  expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
});

test('one failing message in a batch does not hold back the others', async () => {
  jandi.reply({ status: 200 }, { status: 502 }, { status: 502 }, { status: 502 }, { status: 200 });
  const first = snsViaSqsRecord(failure);
  const second = snsViaSqsRecord(JSON.stringify({ source: 'scheduler', severity: 'warning', title: 'Development stops in 10 minutes' }));
  const third = snsViaSqsRecord('plain text from a person', { subject: 'Hello' });
  const result = await notifier()(sqsEvent(first, second, third), plenty);

  expect(result.batchItemFailures).toEqual([{ itemIdentifier: second.messageId }]);
  expect(jandi.requests).toHaveLength(5);
  expect(JSON.parse(jandi.requests[4].body)).toMatchObject({ body: 'Hello\nplain text from a person', connectColor: SEVERITY_COLOURS.info });
});

test('no retry is started that would not finish before the Lambda time-out', async () => {
  jandi.reply({ status: 500 }, { status: 200 });
  const record = snsViaSqsRecord(failure);
  const result = await notifier({ attemptTimeoutMs: 2000 })(sqsEvent(record), () => 1500);

  expect(jandi.requests).toHaveLength(1);
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
});

test('JANDI being down (connection refused) is retried, not dropped', async () => {
  const down = new FakeJandi();
  await down.start();
  const url = down.url;
  await down.stop();
  secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ webhookUrl: url }) });
  const record = snsViaSqsRecord(failure);
  const result = await notifier()(sqsEvent(record), plenty);

  expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  expect(output.join('')).toContain('ECONNREFUSED');
});

test('an unreadable or malformed webhook secret fails the whole batch back to the queue without logging the value', async () => {
  secretsMock.on(GetSecretValueCommand).resolves({ SecretString: `not a url ${jandi.token}` });
  const records = [snsViaSqsRecord(failure), snsViaSqsRecord(failure)];
  const result = await notifier()(sqsEvent(...records), plenty);

  expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.map((r) => r.messageId));
  expect(jandi.requests).toHaveLength(0);
  expect(output.join('')).toContain('cannot read the JANDI webhook secret');
});

test('a malformed webhook secret is read again on the next batch, not kept for the cache lifetime', async () => {
  secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'not a url' });
  const notify = notifier();
  const record = snsViaSqsRecord(failure);
  expect((await notify(sqsEvent(record), plenty)).batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);

  secretsMock.on(GetSecretValueCommand).resolves({ SecretString: jandi.url });
  expect(await notify(sqsEvent(record), plenty)).toEqual({ batchItemFailures: [] });
  expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  // Good again, it is cached.
  await notify(sqsEvent(record), plenty);
  expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
});

test('a CloudWatch alarm published by the alarm action is rendered as an alarm', async () => {
  const alarm = {
    AlarmName: 'example-firehose-impression-delivery',
    AlarmDescription: 'COPY into events.impressions is failing',
    AlarmArn: 'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:example-firehose-impression-delivery',
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason: 'Threshold Crossed: 1 datapoint [0.0] was less than the threshold (1.0).',
    StateChangeTime: '2026-11-24T09:05:00.000+0000',
    Trigger: { MetricName: 'DeliveryToRedshift.Success', Namespace: 'AWS/Firehose' },
  };
  await notifier()(sqsEvent(snsViaSqsRecord(JSON.stringify(alarm), { subject: 'ALARM: ...' })), plenty);

  const body = JSON.parse(jandi.requests[0].body);
  expect(body.connectColor).toBe(SEVERITY_COLOURS.failure);
  expect(body.body).toContain('[cloudwatch] ALARM: example-firehose-impression-delivery');
  expect(body.body).toContain(
    'https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/example-firehose-impression-delivery',
  );
  expect(body.connectInfo).toEqual([
    { title: 'Reason', description: alarm.NewStateReason },
    { title: 'Metric', description: 'AWS/Firehose / DeliveryToRedshift.Success' },
    { title: 'Changed', description: 'OK -> ALARM at Tue 24 Nov 09:05 UTC' },
  ]);
});

test('a notifier set to Korean frames the alarm in Korean and leaves what CloudWatch wrote as it came', async () => {
  const alarm = {
    AlarmName: 'example-firehose-click-copy-failures',
    AlarmDescription: 'events.click COPY가 실패했습니다(스트림 example-click).',
    AlarmArn: 'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:example-firehose-click-copy-failures',
    NewStateValue: 'OK',
    OldStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 datapoint [1.0] was not less than the threshold (1.0).',
    StateChangeTime: '2026-11-24T14:30:00.000+0000',
    Trigger: { MetricName: 'DeliveryToRedshift.Success', Namespace: 'AWS/Firehose' },
  };
  await notifier({ language: 'ko', timezone: 'Asia/Seoul' })(sqsEvent(snsViaSqsRecord(JSON.stringify(alarm))), plenty);

  const body = JSON.parse(jandi.requests[0].body);
  expect(body.connectColor).toBe(SEVERITY_COLOURS.success);
  expect(body.body).toBe(
    '[cloudwatch] 정상: example-firehose-click-copy-failures\nevents.click COPY가 실패했습니다(스트림 example-click).\n' +
      '[CloudWatch에서 경보 보기](https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/example-firehose-click-copy-failures)',
  );
  expect(body.connectInfo).toEqual([
    { title: '사유', description: alarm.NewStateReason },
    { title: '지표', description: 'AWS/Firehose / DeliveryToRedshift.Success' },
    // 14:30 UTC is 23:30 in Seoul, where the team is.
    { title: '상태 변경', description: '경보 → 정상 (11월 24일(화) 23:30)' },
  ]);
});

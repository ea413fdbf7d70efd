/**
 * What the bot's public Function URL does before it trusts a request: the body's size (raw and decoded), the
 * token before anything from the body reaches the log, every logged field capped, and rejected tokens counted as
 * a CloudWatch metric. Through the Lambda handler, reading what it actually writes to stdout and stderr (the JSON
 * log lines and the metrics in embedded metric format). No command here reaches DynamoDB.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext } from '../helpers/lambda-context';

const TOKEN = 'a1b2c3d4e5f6-outgoing-token';
const LIMIT = 16 * 1024;
const CAP = 200;
const secrets = mockClient(SecretsManagerClient);
let handler: typeof import('../../lambda/scheduler/bot/handler').handler;
let written: string[] = [];

beforeAll(async () => {
  Object.assign(process.env, {
    BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/bot-token-Ab12Cd',
    BOT_TOPICS: JSON.stringify(['dev-servers']),
    CHAT_COMMAND: '/scheduler',
    SCHEDULES_TABLE: 'guard-schedules',
    GROUPS_TABLE: 'guard-groups',
    EXCEPTIONS_TABLE: 'guard-exceptions',
    STATE_TABLE: 'guard-state',
    HOLIDAYS_TABLE: 'example-scheduler-holidays',
    DEFAULT_TIMEZONE: 'Asia/Seoul',
    TICK_MINUTES: '5',
  });
  ({ handler } = await import('../../lambda/scheduler/bot/handler'));
});

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN }) });
  written = [];
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  }
});

afterEach(() => jest.restoreAllMocks());

/** Every JSON line the function wrote (logs and metrics). */
const records = () =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function urlEvent(body: string | undefined, options: { base64?: boolean; method?: string } = {}): LambdaFunctionURLEvent {
  return {
    body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { http: { method: options.method ?? 'POST', sourceIp: '198.51.100.7' } },
  } as unknown as LambdaFunctionURLEvent;
}

const webhook = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ token: TOKEN, teamName: 'adtech', roomName: 'dev-servers', writerName: '김개발', writerEmail: 'dev@example.com', data: 'help', ...fields });

/** A webhook body of exactly `bytes` UTF-8 bytes. */
function webhookOfSize(bytes: number): string {
  const empty = webhook({ pad: '' });
  const body = webhook({ pad: 'x'.repeat(bytes - Buffer.byteLength(empty)) });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

async function call(e: LambdaFunctionURLEvent) {
  const result = (await handler(e, lambdaContext('example-jandi-bot'))) as { statusCode: number; body: string };
  return { status: result.statusCode, reply: JSON.parse(result.body) as { body: string } };
}

const rejectedTokenMetrics = () =>
  records().filter((r) => {
    const directives = (r._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined)?.CloudWatchMetrics ?? [];
    return directives.some((d) => d.Metrics.some((m) => m.Name === 'RejectedTokens'));
  });

describe('body size', () => {
  test('16 KB is taken; one byte more gets 413 before the body is parsed or the token read', async () => {
    expect((await call(urlEvent(webhookOfSize(LIMIT)))).status).toBe(200);
    secrets.resetHistory();
    const over = await call(urlEvent(webhookOfSize(LIMIT + 1)));
    expect(over.status).toBe(413);
    expect(over.reply.body).toBe('The request body is larger than 16384 bytes.');
    expect(secrets.calls()).toHaveLength(0);
  });

  test('the limit is in bytes: multibyte text under 16 K characters but over 16 KB is refused', async () => {
    const body = webhook({ data: `status ${'가'.repeat(6000)}` });
    expect(body.length).toBeLessThan(LIMIT);
    expect((await call(urlEvent(body))).status).toBe(413);
  });

  test('base64 bodies: the decoded size counts', async () => {
    const atLimit = Buffer.from(webhookOfSize(LIMIT)).toString('base64');
    expect((await call(urlEvent(atLimit, { base64: true }))).status).toBe(200);
    const over = Buffer.from(webhookOfSize(LIMIT + 1)).toString('base64');
    expect((await call(urlEvent(over, { base64: true }))).status).toBe(413);
  });

  test('base64 bodies: an encoded body longer than any 16 KB body encodes to is refused without decoding it', async () => {
    // Node's decoder skips whitespace, so this decodes to a small valid webhook; its raw size is what is refused.
    const padded = Buffer.from(webhook()).toString('base64') + ' '.repeat(4 * LIMIT);
    expect((await call(urlEvent(padded, { base64: true }))).status).toBe(413);
    expect(secrets.calls()).toHaveLength(0);
  });

  test('a body that is not base64 although flagged so gets 400', async () => {
    const { status, reply } = await call(urlEvent('{"token": "not base64"}', { base64: true }));
    expect(status).toBe(400);
    expect(reply.body).toBe('The request body is not valid base64.');
  });
});

describe('the token comes before the log', () => {
  const marked = {
    token: 'MARKER-token',
    roomName: 'MARKER-room',
    writerName: 'MARKER-writer',
    writerEmail: 'MARKER@example.com',
    data: 'stop MARKER confirm',
  };

  test('a wrong token is logged without anything the request body says', async () => {
    const { status } = await call(urlEvent(webhook(marked)));
    expect(status).toBe(401);
    const text = written.join('');
    expect(text).toContain('rejected a request with a wrong token');
    expect(text).not.toContain('MARKER');
    expect(text).toContain('198.51.100.7');
  });

  test('a missing token, the same', async () => {
    const { token: _token, ...rest } = marked;
    expect((await call(urlEvent(JSON.stringify(rest)))).status).toBe(401);
    expect(written.join('')).not.toContain('MARKER');
  });
});

describe('rejected tokens are a metric', () => {
  test('each request with a wrong token publishes RejectedTokens = 1', async () => {
    await call(urlEvent(webhook({ token: 'wrong' })));
    const metrics = rejectedTokenMetrics();
    expect(metrics).toHaveLength(1);
    expect(metrics[0].RejectedTokens).toBe(1);
    const directive = (metrics[0]._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] })
      .CloudWatchMetrics[0];
    expect(directive.Metrics).toContainEqual({ Name: 'RejectedTokens', Unit: 'Count' });
    expect(directive.Dimensions.flat()).toContain('service');
  });

  test('a request with the right token publishes none', async () => {
    expect((await call(urlEvent(webhook()))).status).toBe(200);
    expect(rejectedTokenMetrics()).toHaveLength(0);
  });
});

describe('every logged field is capped', () => {
  const long = (prefix: string) => `${prefix}${'y'.repeat(5000)}`;

  /** Every string anywhere in the log records, with its path. */
  function strings(value: unknown, path = ''): [string, string][] {
    if (typeof value === 'string') return [[path, value]];
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
    return [];
  }

  test.each([
    ['a command with long writer, e-mail and schedule name', { writerName: long('w'), writerEmail: long('e'), data: `status ${long('S')}` }],
    ['a command from a long topic name that is not configured', { roomName: long('r'), writerName: long('w') }],
  ])('%s', async (_name, fields) => {
    await call(urlEvent(webhook(fields)));
    const logged = records().filter((r) => typeof r.message === 'string');
    expect(logged.length).toBeGreaterThan(0);
    const tooLong = logged.flatMap((r) => strings(r)).filter(([, value]) => value.length > CAP);
    expect(tooLong.map(([path, value]) => `${path}: ${value.length} characters`)).toEqual([]);
    // Cut, not dropped: the start of each field is still there.
    expect(JSON.stringify(logged)).toMatch(/"w{1}y{10}/);
  });
});

describe('the Lambda context is in the log', () => {
  test('every line a request logs carries its function name, request id and cold start', async () => {
    const refused = lambdaContext('example-jandi-bot');
    const rejected = lambdaContext('example-jandi-bot');
    expect(((await handler(urlEvent(webhookOfSize(LIMIT + 1)), refused)) as { statusCode: number }).statusCode).toBe(413);
    const afterRefused = records().filter((r) => typeof r.message === 'string').length;
    expect(((await handler(urlEvent(webhook({ token: 'wrong' })), rejected)) as { statusCode: number }).statusCode).toBe(401);

    const logged = records().filter((r) => typeof r.message === 'string');
    expect(afterRefused).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(afterRefused);
    logged.forEach((line, i) => {
      const context = i < afterRefused ? refused : rejected;
      expect(line).toMatchObject({ function_name: 'example-jandi-bot', function_request_id: context.awsRequestId, function_arn: context.invokedFunctionArn });
      expect(typeof line.cold_start).toBe('boolean');
    });
    // The container's first invocation was a cold start; this test's are not.
    expect(logged.at(-1)?.cold_start).toBe(false);
  });
});

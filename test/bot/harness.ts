/**
 * The JANDI bot's Lambda handler with its tables in a real DynamoDB-compatible server (dynalite), seeded with the
 * example configuration's schedules and groups, and the token in a mocked Secrets Manager. Registers the jest
 * hooks itself; the handler is imported after the environment (language included) is set, as Lambda would.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { Language } from '../../lambda/core/messages/language';
import { SchedulerStore, type SchedulerTableNames } from '../../lambda/scheduler/adapters/store';
import { configuredSchedulerItems } from '../../lib/scheduler/tables';
import { LocalDynamo } from '../helpers/dynalite';
import { lambdaContext } from '../helpers/lambda-context';
import { exampleConfig } from '../helpers/platform';

export const TOKEN = 'a1b2c3d4e5f6-outgoing-token';

export interface BotReply {
  readonly body: string;
  readonly connectColor: string;
  readonly connectInfo: { title: string; description: string }[];
}

export interface BotHarness {
  readonly dynamo: LocalDynamo;
  tables: SchedulerTableNames;
  store: SchedulerStore;
  readonly secrets: ReturnType<typeof mockClient>;
  /** What the handler logged at info and warn level, one JSON array per call. */
  readonly logged: string[];
  event(body: unknown, method?: string, raw?: boolean): LambdaFunctionURLEvent;
  /** A webhook from the configured topic, with `data` as the words after the keyword. */
  post(data: string, overrides?: Record<string, unknown>): LambdaFunctionURLEvent;
  call(e: LambdaFunctionURLEvent): Promise<{ status: number; reply: BotReply; headers: Record<string, string> }>;
  /** Everything in the tables, to show a request changed nothing. */
  snapshot(): Promise<string>;
}

export function useBotHandler(options: { prefix: string; language?: Language }): BotHarness {
  const secrets = mockClient(SecretsManagerClient);
  const dynamo = new LocalDynamo();
  let handler: typeof import('../../lambda/scheduler/bot/handler').handler;

  const harness: BotHarness = {
    dynamo,
    tables: undefined as unknown as SchedulerTableNames,
    store: undefined as unknown as SchedulerStore,
    secrets,
    logged: [],
    event(body, method = 'POST', raw = false) {
      return {
        body: raw ? String(body) : JSON.stringify(body),
        isBase64Encoded: false,
        requestContext: { http: { method } },
      } as unknown as LambdaFunctionURLEvent;
    },
    post(data, overrides = {}) {
      return harness.event({
        token: TOKEN,
        teamName: 'adtech',
        roomName: 'dev-servers',
        writerName: '김개발',
        writerEmail: 'dev@example.com',
        text: `/scheduler ${data}`,
        data,
        keyword: 'scheduler',
        ...overrides,
      });
    },
    async call(e) {
      const result = (await handler(e, lambdaContext('example-jandi-bot'))) as { statusCode: number; body: string; headers: Record<string, string> };
      return { status: result.statusCode, reply: JSON.parse(result.body) as BotReply, headers: result.headers };
    },
    async snapshot() {
      return JSON.stringify(await harness.store.loadTables());
    },
  };

  beforeAll(async () => {
    // Only Date is faked: 12:00 in Seoul on Wednesday 2026-11-25; timers stay real for the SDK.
    jest.useFakeTimers({
      now: new Date('2026-11-25T03:00:00Z'),
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    await dynamo.start();
    harness.tables = await dynamo.createSchedulerTables(options.prefix);
    harness.store = new SchedulerStore(dynamo.client, harness.tables);
    const items = configuredSchedulerItems(exampleConfig());
    // Seeded through the store, not the operations the bot bundles: the permission checks read calls made through
    // the bot's own code as the bot's, and the bot never writes schedules or groups.
    for (const schedule of items.schedules) await harness.store.putSchedule(schedule);
    for (const group of items.groups) await harness.store.putGroup(group);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/bot-token-Ab12Cd',
      BOT_TOPICS: JSON.stringify(['dev-servers']),
      CHAT_COMMAND: '/scheduler',
      SCHEDULES_TABLE: harness.tables.schedules,
      GROUPS_TABLE: harness.tables.groups,
      EXCEPTIONS_TABLE: harness.tables.exceptions,
      STATE_TABLE: harness.tables.state,
      HOLIDAYS_TABLE: harness.tables.holidays,
      DEFAULT_TIMEZONE: 'Asia/Seoul',
      TICK_MINUTES: '5',
      JANDI_LANGUAGE: options.language ?? '',
    });
    ({ handler } = await import('../../lambda/scheduler/bot/handler'));
    const { logger } = await import('../../lambda/shared/powertools');
    for (const level of ['info', 'warn'] as const)
      jest.spyOn(logger, level).mockImplementation((message: unknown, ...rest: unknown[]) => void harness.logged.push(JSON.stringify([message, ...rest])));
  });

  afterAll(async () => {
    jest.useRealTimers();
    await dynamo.stop();
  });

  beforeEach(() => {
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN }) });
    harness.logged.length = 0;
  });

  return harness;
}

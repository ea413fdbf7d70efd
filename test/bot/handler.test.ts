/**
 * The JANDI bot end to end through its Lambda handler: Function URL events in, JANDI replies out, the scheduler's
 * tables in a real DynamoDB-compatible server (dynalite), the token from a mocked Secrets Manager.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BOT_TABLE_ACTIONS } from '../../lib/bot/table-actions';
import { SchedulerStore, type SchedulerTableNames } from '../../lambda/scheduler/adapters/store';
import { configuredSchedulerItems } from '../../lib/scheduler/tables';
import { LocalDynamo } from '../helpers/dynalite';
import { lambdaContext } from '../helpers/lambda-context';
import { exampleConfig } from '../helpers/platform';

const TOKEN = 'a1b2c3d4e5f6-outgoing-token';
const secrets = mockClient(SecretsManagerClient);
const dynamo = new LocalDynamo();
let tables: SchedulerTableNames;
let store: SchedulerStore;
let handler: typeof import('../../lambda/scheduler/bot/handler').handler;
const logged: string[] = [];

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
  tables = await dynamo.createSchedulerTables('bot');
  store = new SchedulerStore(dynamo.client, tables);
  const config = exampleConfig();
  const items = configuredSchedulerItems(config);
  // Seeded through the store, not the operations the bot bundles: the permission checks read calls made through
  // the bot's own code as the bot's, and the bot never writes schedules or groups.
  for (const schedule of items.schedules) await store.putSchedule(schedule);
  for (const group of items.groups) await store.putGroup(group);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/bot-token-Ab12Cd',
    BOT_TOPICS: JSON.stringify(['dev-servers']),
    CHAT_COMMAND: '/scheduler',
    SCHEDULES_TABLE: tables.schedules,
    GROUPS_TABLE: tables.groups,
    EXCEPTIONS_TABLE: tables.exceptions,
    STATE_TABLE: tables.state,
    HOLIDAYS_TABLE: tables.holidays,
    DEFAULT_TIMEZONE: 'Asia/Seoul',
    TICK_MINUTES: '5',
  });
  ({ handler } = await import('../../lambda/scheduler/bot/handler'));
  const send = DynamoDBDocumentClient.prototype.send;
  jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: any, ...rest: any[]) {
    if (recording) {
      const table = String(command.input?.TableName);
      const action = `dynamodb:${IAM_ACTION[command.constructor.name] ?? command.constructor.name}`;
      recording.set(table, (recording.get(table) ?? new Set()).add(action));
    }
    return (send as any).call(this, command, ...rest);
  });
  const { logger } = await import('../../lambda/shared/powertools');
  jest.spyOn(logger, 'info').mockImplementation((message: unknown, ...rest: unknown[]) => void logged.push(JSON.stringify([message, ...rest])));
});

afterAll(async () => {
  jest.useRealTimers();
  await dynamo.stop();
});

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN }) });
  logged.length = 0;
});

function event(body: unknown, method = 'POST', raw = false): LambdaFunctionURLEvent {
  return { body: raw ? String(body) : JSON.stringify(body), isBase64Encoded: false, requestContext: { http: { method } } } as unknown as LambdaFunctionURLEvent;
}

function post(data: string, overrides: Record<string, unknown> = {}) {
  return event({
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
}

/** DynamoDB calls the handler made, as IAM actions per table (recorded only while `recording` is on). */
let recording: Map<string, Set<string>> | undefined;
const IAM_ACTION: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  ScanCommand: 'Scan',
  QueryCommand: 'Query',
};

async function call(e: LambdaFunctionURLEvent) {
  const result = (await handler(e, lambdaContext('example-jandi-bot'))) as { statusCode: number; body: string; headers: Record<string, string> };
  return {
    status: result.statusCode,
    reply: JSON.parse(result.body) as { body: string; connectColor: string; connectInfo: { title: string; description: string }[] },
    headers: result.headers,
  };
}

const snapshot = async () => JSON.stringify(await store.loadTables());

test('a wrong, missing or empty token gets 401 and changes nothing', async () => {
  const before = await snapshot();
  for (const token of ['wrong', '', undefined, TOKEN.slice(0, -1), `${TOKEN}x`]) {
    const { status, reply } = await call(post('stop Development confirm', { token }));
    expect(status).toBe(401);
    expect(reply.body).toBe('Unauthorized.');
  }
  expect(await snapshot()).toBe(before);
  expect(logged.join('\n')).toContain('rejected a request with a wrong token');
});

test('a topic that is not configured is refused without side effects', async () => {
  const before = await snapshot();
  const { status, reply } = await call(post('stop Development confirm', { roomName: 'random' }));
  expect(status).toBe(403);
  expect(reply.body).toBe('The scheduler takes commands in dev-servers only, not in random.');
  expect(await snapshot()).toBe(before);
});

test('not JSON, or not POST: a clear answer, nothing done', async () => {
  expect((await call(event('{token:', 'POST', true))).status).toBe(400);
  expect((await call(event({}, 'GET'))).status).toBe(405);
});

test('help, and the reply is an Incoming Webhook message', async () => {
  const { status, reply, headers } = await call(post('help'));
  expect(status).toBe(200);
  expect(headers['content-type']).toBe('application/json; charset=utf-8');
  expect(reply.body).toBe('Instance scheduler commands (type /scheduler and one of these):');
  expect(reply.connectColor).toMatch(/^#[0-9A-F]{6}$/i);
  expect(reply.connectInfo.map((b) => b.title)).toContain('/scheduler extend SCHEDULE until 23:30');
  expect((await call(post(''))).reply.body).toBe(reply.body);
});

test('status: what runs now and what comes next, for all schedules or one', async () => {
  const { reply } = await call(post('status'));
  expect(reply.body).toBe('Schedule Development');
  expect(reply.connectInfo[0].title).toBe('Development');
  expect(reply.connectInfo[0].description).toContain('Now: should be running');
  expect(reply.connectInfo[0].description).toContain('Next: stop at 2026-11-25 22:00');
  expect(reply.connectInfo[0].description).toContain('Groups: GROUP1, GROUP2, GROUP3, GROUP4, GROUP5');
  expect((await call(post('status Development'))).reply.connectInfo).toHaveLength(1);
  const unknown = await call(post('status Production'));
  expect(unknown.status).toBe(200);
  expect(unknown.reply.body).toBe('That did not work: no schedule named "Production"; schedules: Development');
});

test("extend until a time, then by a duration: today's stop exception in DynamoDB, replaced, never duplicated", async () => {
  const until = await call(post('extend Development until 23:30'));
  expect(until.reply.body).toBe('Development now stops at 23:30 today (2026-11-25).');
  let stops = (await store.loadTables()).exceptions.filter((e) => e.ExceptionType === 'stop' && e.ExceptionDate === '2026-11-25');
  expect(stops.map((e) => e.ExceptionValue)).toEqual(['23:30']);
  const by = await call(post('extend Development 20m'));
  expect(by.reply.body).toBe('Development now stops at 23:50 today (2026-11-25).');
  const tooLate = await call(post('extend Development 1h'));
  expect(tooLate.reply.body).toBe('That did not work: 23:50 + 1h is past midnight; extend until a time before 24:00, or add exceptions for tomorrow');
  stops = (await store.loadTables()).exceptions.filter((e) => e.ExceptionType === 'stop' && e.ExceptionDate === '2026-11-25');
  expect(stops).toHaveLength(1);
  expect(logged.join('\n')).toContain('김개발');
  expect(logged.join('\n')).toContain('extend Development 20m');
});

test('malformed extend and skip get a helpful reply, not a stack trace', async () => {
  for (const [text, problem] of [
    ['extend Development tomorrow', 'say until when (until 23:30) or for how long (2h, 90m, 1h30m)'],
    ['extend', 'which schedule?'],
    ['skip Development christmas', 'say which day (YYYY-MM-DD)'],
    ['reboot Development', 'unknown command "reboot"'],
    ['start Development now', 'after the schedule: "for 3h", "until 23:00" or nothing, then "confirm"'],
    ['holiday add 2027-03-15', 'say the day and its name: holiday add 2027-03-15 임시공휴일'],
    ['holiday rename 2027-03-15', 'holiday needs add, remove or list'],
  ]) {
    const { status, reply } = await call(post(text));
    expect(status).toBe(200);
    expect(reply.body).toBe(`That did not work: ${problem}.`);
    expect(reply.connectInfo[0].title).toBe('Usage');
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
  }
  const past = await call(post('extend Development until 09:00'));
  expect(past.reply.body).toBe('That did not work: 09:00 has already passed today in Asia/Seoul');
  const impossible = await call(post('skip Development 2026-02-30'));
  expect(impossible.reply.body).toBe('That did not work: date "2026-02-30" is not a date YYYY-MM-DD');
  const unknown = await call(post('extend Staging 1h'));
  expect(unknown.reply.body).toBe('That did not work: no schedule named "Staging"; schedules: Development');
});

test('skip a day: a start exception of None for that date', async () => {
  const { reply } = await call(post('skip Development 2026-12-24'));
  expect(reply.body).toBe('Development will not start on 2026-12-24.');
  const skips = (await store.loadTables()).exceptions.filter((e) => e.ExceptionDate === '2026-12-24');
  expect(skips.map((e) => [e.ExceptionType, e.ExceptionValue])).toEqual([['start', 'None']]);
});

test('start and stop ask for confirmation, naming what they touch; confirmed, they force; release undoes it', async () => {
  const ask = await call(post('stop Development'));
  expect(ask.reply.body).toBe('This stops and keeps stopped every server of Development until released.');
  expect(ask.reply.connectInfo).toEqual([
    { title: 'Servers touched', description: 'GROUP1, GROUP2, GROUP3, GROUP4, GROUP5 (every instance tagged Development)' },
    { title: 'To go ahead', description: '/scheduler stop Development confirm' },
  ]);
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStop: false, ForceStart: false });

  const done = await call(post('stop Development confirm'));
  expect(done.reply.body).toBe('Development is stopped at the next tick (within 5 minutes) and stays so until released.');
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStop: true, ForceStart: false });
  expect((await call(post('status Development'))).reply.connectInfo[0].description).toContain('Now: forced to stay stopped');

  await call(post('start Development confirm'));
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStop: false, ForceStart: true });
  const released = await call(post('release Development'));
  expect(released.reply.body).toBe('Development follows its schedule again.');
  expect(await store.getSchedule('Development')).toMatchObject({ ForceStop: false, ForceStart: false });
});

test('start for a while: asks with the bound, then forces until then; status shows the expiry and what follows', async () => {
  const ask = await call(post('start Development for 3h'));
  expect(ask.reply.body).toBe('This starts and keeps running every server of Development for 3h.');
  expect(ask.reply.connectInfo[1]).toEqual({ title: 'To go ahead', description: '/scheduler start Development for 3h confirm' });
  expect((await store.getSchedule('Development'))!.ForceStart).toBe(false);

  const done = await call(post('start Development for 3h confirm'));
  const until = (await store.getSchedule('Development'))!.ForceUntil!;
  expect(Date.parse(until) - Date.now()).toBe(3 * 3_600_000);
  expect(done.reply.body).toBe(
    `Development is started at the next tick (within 5 minutes) and stays so until ${until.slice(0, 16).replace('T', ' ')}, then follows its schedule.`,
  );
  const status = (await call(post('status Development'))).reply.connectInfo[0].description;
  expect(status).toContain(`Now: forced to run until ${until.slice(0, 16).replace('T', ' ')}`);
  expect(status).toContain(`Next: back to the schedule`);

  await call(post('release Development'));
  expect(await store.getSchedule('Development')).not.toHaveProperty('ForceUntil');
});

test('holiday add, list and remove from the topic: KR unless a calendar is named; mistakes explained', async () => {
  const added = await call(post('holiday add 2027-03-15 임시 공휴일'));
  expect(added.reply.body).toBe('2027-03-15 (임시 공휴일) is a KR holiday: schedules skipping KR holidays do not start that day.');
  expect(added.reply.connectInfo[0].description).toBe('/scheduler holiday remove 2027-03-15');
  const company = await call(post('holiday add COMPANY 2027-01-04 창립기념일'));
  expect(company.reply.body).toBe('2027-01-04 (창립기념일) is a COMPANY holiday: schedules whose SkipHolidays lists COMPANY do not start that day.');
  expect((await store.loadTables()).holidays).toEqual(
    expect.arrayContaining([
      { Calendar: 'KR', Date: '2027-03-15', Name: '임시 공휴일' },
      { Calendar: 'COMPANY', Date: '2027-01-04', Name: '창립기념일' },
    ]),
  );
  const list = await call(post('holiday list KR 2027'));
  expect(list.reply.connectInfo[0].description).toContain('2027-03-15 KR 임시 공휴일 (added)');
  expect(list.reply.connectInfo[0].description).toContain('2027-02-07 KR Seollal');
  expect(list.reply.connectInfo[0].description).not.toContain('COMPANY');
  expect((await call(post('holiday add 2027-03-01 again'))).reply.body).toBe(
    'That did not work: 2027-03-01 is already a KR public holiday (Independence Movement Day)',
  );
  expect((await call(post('holiday remove 2027-03-15'))).reply.body).toBe('2027-03-15 (임시 공휴일) is no longer a KR holiday.');
  expect((await call(post('holiday remove COMPANY 2027-01-04'))).reply.body).toBe('2027-01-04 (창립기념일) is no longer a COMPANY holiday.');
  expect((await store.loadTables()).holidays).toEqual([]);
});

test('a token kept as plain text in the secret works too', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });
  const { tokenFromSecret } = await import('../../lambda/scheduler/bot/handler');
  expect(tokenFromSecret(TOKEN)).toBe(TOKEN);
  expect(tokenFromSecret(` ${TOKEN}\n`)).toBe(TOKEN);
  expect(tokenFromSecret(JSON.stringify({ token: TOKEN }))).toBe(TOKEN);
});

test('every command performs only the DynamoDB actions the bot is granted, and together they need all of them', async () => {
  recording = new Map();
  try {
    for (const command of [
      'help',
      'status',
      'status Development',
      'status Production',
      'extend Development until 23:00',
      'extend Development 10m',
      'extend Staging 1h',
      'skip Development 2026-12-31',
      'stop Development',
      'stop Development confirm',
      'start Development confirm',
      'release Development',
      'start Development until 23:30 confirm',
      'release Development',
      'holiday add 2027-03-15 임시공휴일',
      'holiday list',
      'holiday remove 2027-03-15',
    ]) {
      expect((await call(post(command))).status).toBe(200);
    }
  } finally {
    const performed = Object.fromEntries([...recording.entries()].map(([table, actions]) => [table, [...actions].sort()]));
    recording = undefined;
    expect(performed).toEqual({
      [tables.schedules]: [...BOT_TABLE_ACTIONS.schedules].sort(),
      [tables.groups]: [...BOT_TABLE_ACTIONS.groups].sort(),
      [tables.exceptions]: [...BOT_TABLE_ACTIONS.exceptions].sort(),
      [tables.holidays]: [...BOT_TABLE_ACTIONS.holidays].sort(),
    });
  }
});

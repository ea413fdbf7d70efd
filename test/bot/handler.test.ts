/**
 * The JANDI bot end to end through its Lambda handler: Function URL events in, JANDI replies out, the scheduler's
 * tables in a real DynamoDB-compatible server (dynalite), the token from a mocked Secrets Manager. English, the
 * language of a deployment that sets none (korean.test.ts has the same commands in Korean).
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BOT_TABLE_ACTIONS } from '../../lib/bot/table-actions';
import { TOKEN, useBotHandler } from './harness';

const bot = useBotHandler({ prefix: 'bot' });
const { call, post, event, logged, snapshot } = bot;
const store = () => bot.store;

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

beforeAll(() => {
  const send = DynamoDBDocumentClient.prototype.send;
  jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: any, ...rest: any[]) {
    if (recording) {
      const table = String(command.input?.TableName);
      const action = `dynamodb:${IAM_ACTION[command.constructor.name] ?? command.constructor.name}`;
      recording.set(table, (recording.get(table) ?? new Set()).add(action));
    }
    return (send as any).call(this, command, ...rest);
  });
});

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
  expect(reply.connectInfo[0].description).toContain('Next: stop at Wed 25 Nov 22:00');
  expect(reply.connectInfo[0].description).toContain('Groups: GROUP1, GROUP2, GROUP3, GROUP4, GROUP5');
  expect((await call(post('status Development'))).reply.connectInfo).toHaveLength(1);
  const unknown = await call(post('status Production'));
  expect(unknown.status).toBe(200);
  expect(unknown.reply.body).toBe('That did not work: no schedule named "Production"; schedules: Development');
});

test("extend until a time, then by a duration: today's stop exception in DynamoDB, replaced, never duplicated", async () => {
  const until = await call(post('extend Development until 23:30'));
  expect(until.reply.body).toBe('Development now stops at 23:30 today (Wed 25 Nov).');
  let stops = (await store().loadTables()).exceptions.filter((e) => e.ExceptionType === 'stop' && e.ExceptionDate === '2026-11-25');
  expect(stops.map((e) => e.ExceptionValue)).toEqual(['23:30']);
  const by = await call(post('extend Development 20m'));
  expect(by.reply.body).toBe('Development now stops at 23:50 today (Wed 25 Nov).');
  const tooLate = await call(post('extend Development 1h'));
  expect(tooLate.reply.body).toBe('That did not work: 23:50 + 1h is past midnight; extend until a time before 24:00, or add exceptions for tomorrow');
  stops = (await store().loadTables()).exceptions.filter((e) => e.ExceptionType === 'stop' && e.ExceptionDate === '2026-11-25');
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
  expect(reply.body).toBe('Development will not start on Thu 24 Dec.');
  const skips = (await store().loadTables()).exceptions.filter((e) => e.ExceptionDate === '2026-12-24');
  expect(skips.map((e) => [e.ExceptionType, e.ExceptionValue])).toEqual([['start', 'None']]);
});

test('start and stop ask for confirmation, naming what they touch; confirmed, they force; release undoes it', async () => {
  const ask = await call(post('stop Development'));
  expect(ask.reply.body).toBe('This stops and keeps stopped every server of Development until released.');
  expect(ask.reply.connectInfo).toEqual([
    { title: 'Servers touched', description: 'GROUP1, GROUP2, GROUP3, GROUP4, GROUP5 (every instance tagged Development)' },
    { title: 'To go ahead', description: '/scheduler stop Development confirm' },
  ]);
  expect(await store().getSchedule('Development')).toMatchObject({ ForceStop: false, ForceStart: false });

  const done = await call(post('stop Development confirm'));
  expect(done.reply.body).toBe('Development is stopped at the next tick (within 5 minutes) and stays so until released.');
  expect(await store().getSchedule('Development')).toMatchObject({ ForceStop: true, ForceStart: false });
  expect((await call(post('status Development'))).reply.connectInfo[0].description).toContain('Now: forced to stay stopped');

  await call(post('start Development confirm'));
  expect(await store().getSchedule('Development')).toMatchObject({ ForceStop: false, ForceStart: true });
  const released = await call(post('release Development'));
  expect(released.reply.body).toBe('Development follows its schedule again.');
  expect(await store().getSchedule('Development')).toMatchObject({ ForceStop: false, ForceStart: false });
});

test('start for a while: asks with the bound, then forces until then; status shows the expiry and what follows', async () => {
  const ask = await call(post('start Development for 3h'));
  expect(ask.reply.body).toBe('This starts and keeps running every server of Development for 3h.');
  expect(ask.reply.connectInfo[1]).toEqual({ title: 'To go ahead', description: '/scheduler start Development for 3h confirm' });
  expect((await store().getSchedule('Development'))!.ForceStart).toBe(false);

  const done = await call(post('start Development for 3h confirm'));
  const until = (await store().getSchedule('Development'))!.ForceUntil!;
  expect(Date.parse(until) - Date.now()).toBe(3 * 3_600_000);
  expect(done.reply.body).toBe('Development is started at the next tick (within 5 minutes) and stays so until Wed 25 Nov 15:00, then follows its schedule.');
  const status = (await call(post('status Development'))).reply.connectInfo[0].description;
  expect(status).toContain('Now: forced to run until Wed 25 Nov 15:00');
  expect(status).toContain(`Next: back to the schedule`);

  await call(post('release Development'));
  expect(await store().getSchedule('Development')).not.toHaveProperty('ForceUntil');
});

test('holiday add, list and remove from the topic: KR unless a calendar is named; mistakes explained', async () => {
  const added = await call(post('holiday add 2027-03-15 임시 공휴일'));
  expect(added.reply.body).toBe('Mon 15 Mar 2027 (임시 공휴일) is a KR holiday: schedules skipping KR holidays do not start that day.');
  expect(added.reply.connectInfo[0].description).toBe('/scheduler holiday remove 2027-03-15');
  const company = await call(post('holiday add COMPANY 2027-01-04 창립기념일'));
  expect(company.reply.body).toBe('Mon 4 Jan 2027 (창립기념일) is a COMPANY holiday: schedules whose SkipHolidays lists COMPANY do not start that day.');
  expect((await store().loadTables()).holidays).toEqual(
    expect.arrayContaining([
      { Calendar: 'KR', Date: '2027-03-15', Name: '임시 공휴일' },
      { Calendar: 'COMPANY', Date: '2027-01-04', Name: '창립기념일' },
    ]),
  );
  const list = await call(post('holiday list KR 2027'));
  expect(list.reply.connectInfo[0].description).toContain('Mon 15 Mar KR 임시 공휴일 (added)');
  expect(list.reply.connectInfo[0].description).toContain('Sun 7 Feb KR Seollal');
  expect(list.reply.connectInfo[0].description).not.toContain('COMPANY');
  expect((await call(post('holiday add 2027-03-01 again'))).reply.body).toBe(
    'That did not work: 2027-03-01 is already a KR public holiday (Independence Movement Day)',
  );
  expect((await call(post('holiday remove 2027-03-15'))).reply.body).toBe('Mon 15 Mar 2027 (임시 공휴일) is no longer a KR holiday.');
  expect((await call(post('holiday remove COMPANY 2027-01-04'))).reply.body).toBe('Mon 4 Jan 2027 (창립기념일) is no longer a COMPANY holiday.');
  expect((await store().loadTables()).holidays).toEqual([]);
});

test('a token kept as plain text in the secret works too', async () => {
  bot.secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });
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
      [bot.tables.schedules]: [...BOT_TABLE_ACTIONS.schedules].sort(),
      [bot.tables.groups]: [...BOT_TABLE_ACTIONS.groups].sort(),
      [bot.tables.exceptions]: [...BOT_TABLE_ACTIONS.exceptions].sort(),
      [bot.tables.holidays]: [...BOT_TABLE_ACTIONS.holidays].sort(),
    });
  }
});

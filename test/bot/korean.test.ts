/**
 * The JANDI bot in a deployment with `jandi.language: ko`: every command's reply in Korean, with dates as Korean
 * readers write them, while the commands, names and keywords it shows stay exactly what people type. The same
 * tables and effects as in English (handler.test.ts).
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { useBotHandler } from './harness';

const bot = useBotHandler({ prefix: 'bot-ko', language: 'ko' });
const { call, post, event } = bot;
const HANGUL = /[\uAC00-\uD7A3]/;

// First: Secrets Manager's value is cached once read, and this test needs it unread.
test('an unexpected failure gets a short Korean apology, the details in the log only', async () => {
  const { logger } = await import('../../lambda/shared/powertools');
  const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  bot.secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException: not allowed'));
  const { status, reply } = await call(post('status'));
  expect(status).toBe(200);
  expect(reply.body).toBe('스케줄러 쪽에서 문제가 생겼습니다. 로그에 남겨 두었으니 잠시 후 다시 시도해 주세요.');
  expect(JSON.stringify(reply)).not.toContain('AccessDenied');
  expect(errors).toHaveBeenCalled();
  errors.mockRestore();
});

test('requests refused before any command: in Korean, and still nothing done', async () => {
  const before = await bot.snapshot();
  expect((await call(post('stop Development confirm', { token: 'wrong' }))).reply.body).toBe('인증되지 않은 요청입니다.');
  const topic = await call(post('stop Development confirm', { roomName: 'random' }));
  expect(topic.status).toBe(403);
  expect(topic.reply.body).toBe('스케줄러 명령은 dev-servers 토픽에서만 받습니다. random 토픽에서는 받을 수 없습니다.');
  expect((await call(event({}, 'GET'))).reply.body).toBe('이 주소로는 JANDI Outgoing Webhook을 POST로 보내 주세요.');
  expect((await call(event('{token:', 'POST', true))).reply.body).toBe('JANDI Outgoing Webhook의 JSON 본문이 와야 합니다.');
  const huge = await call({ body: 'x'.repeat(20_000), isBase64Encoded: false, requestContext: { http: { method: 'POST' } } } as never);
  expect(huge).toMatchObject({ status: 413, reply: { body: '요청 본문이 16384바이트보다 큽니다.' } });
  expect(await bot.snapshot()).toBe(before);
});

test('help: Korean descriptions of the commands, which are shown exactly as typed', async () => {
  const { reply } = await call(post('help'));
  expect(reply.body).toBe('인스턴스 스케줄러 명령어입니다. /scheduler 뒤에 아래 중 하나를 입력하세요.');
  expect(reply.connectInfo.map((b) => b.title)).toEqual([
    '/scheduler status [SCHEDULE]',
    '/scheduler extend SCHEDULE until 23:30',
    '/scheduler skip SCHEDULE 2026-12-24',
    '/scheduler start SCHEDULE / stop SCHEDULE',
    '/scheduler release SCHEDULE',
    '/scheduler holiday add 2027-03-15 임시공휴일',
    '/scheduler holiday list [CALENDAR] [YEAR] / holiday remove [CALENDAR] DAY',
  ]);
  expect(reply.connectInfo.find((b) => b.title.includes('extend'))!.description).toBe('오늘 중지 시각을 미룹니다 (또는: extend SCHEDULE 2h)');
  for (const block of reply.connectInfo) expect(block.description).toMatch(HANGUL);
});

test('a command that does not parse: the problem in Korean, the usage as typed', async () => {
  const unknown = await call(post('reboot Development'));
  expect(unknown.reply.body).toBe('처리하지 못했습니다. 알 수 없는 명령어입니다: "reboot".');
  expect(unknown.reply.connectInfo[0].title).toBe('사용법');
  expect(unknown.reply.connectInfo[0].description).toContain('/scheduler extend SCHEDULE until HH:MM | extend SCHEDULE 2h');
  expect(unknown.reply.connectInfo[1]).toEqual({ title: '전체 명령어', description: '/scheduler help' });
  expect((await call(post('extend'))).reply.body).toBe('처리하지 못했습니다. 어느 스케줄인지 알려 주세요.');
  expect((await call(post('start Development for ever'))).reply.body).toBe(
    '처리하지 못했습니다. 스케줄 이름 뒤에는 "for 3h"나 "until 23:00"을 쓰거나 아무것도 쓰지 말고, 마지막에 "confirm"을 붙여 주세요.',
  );
  expect((await call(post('holiday add 2027-03-15'))).reply.body).toBe('처리하지 못했습니다. 날짜와 이름을 알려 주세요: holiday add 2027-03-15 임시공휴일.');
});

test('status: Korean lines, the next change as 11월 25일(수) 22:00, an unknown schedule refused in Korean', async () => {
  const { reply } = await call(post('status'));
  expect(reply.body).toBe('Development 스케줄');
  expect(reply.connectInfo[0].title).toBe('Development');
  expect(reply.connectInfo[0].description.split('\n')).toEqual([
    '현재: 켜져 있어야 함',
    '다음: 11월 25일(수) 22:00 중지',
    '운영 시간: 평일 09:30-22:00, KR,COMPANY 휴일 제외 (Asia/Seoul)',
    '그룹: GROUP1, GROUP2, GROUP3, GROUP4, GROUP5',
  ]);
  const unknown = await call(post('status Production'));
  expect(unknown.status).toBe(200);
  expect(unknown.reply.body).toBe('처리하지 못했습니다. "Production" 스케줄이 없습니다(있는 스케줄: Development).');
});

test("extend: today's new stop in Korean; the operations' refusals in Korean too", async () => {
  const until = await call(post('extend Development until 23:30'));
  expect(until.reply.body).toBe('Development 스케줄은 오늘 11월 25일(수) 23:30에 중지됩니다.');
  expect(until.reply.connectInfo).toEqual([
    { title: '되돌리기', description: '/scheduler extend Development until HH:MM 명령으로 다른 시각을 정할 수 있습니다' },
  ]);
  expect((await call(post('extend Development 20m'))).reply.body).toBe('Development 스케줄은 오늘 11월 25일(수) 23:50에 중지됩니다.');
  expect((await call(post('extend Development 1h'))).reply.body).toBe(
    '처리하지 못했습니다. 자정을 넘깁니다(23:50 + 1h). 24:00 전 시각까지만 미룰 수 있으니, 그 뒤는 내일 날짜의 예외로 추가해 주세요.',
  );
  expect((await call(post('extend Development until 09:00'))).reply.body).toBe('처리하지 못했습니다. 이미 지난 시각입니다: 오늘 09:00 (Asia/Seoul 기준).');
  expect((await call(post('extend Staging 1h'))).reply.body).toBe('처리하지 못했습니다. "Staging" 스케줄이 없습니다(있는 스케줄: Development).');
  const stops = (await bot.store.loadTables()).exceptions.filter((e) => e.ExceptionType === 'stop' && e.ExceptionDate === '2026-11-25');
  expect(stops.map((e) => e.ExceptionValue)).toEqual(['23:50']);
});

test('skip: the day as Korean readers write it, with the year when it is not this one', async () => {
  expect((await call(post('skip Development 2026-12-24'))).reply.body).toBe('Development 스케줄은 12월 24일(목)에 시작하지 않습니다.');
  expect((await call(post('skip Development 2027-01-04'))).reply.body).toBe('Development 스케줄은 2027년 1월 4일(월)에 시작하지 않습니다.');
  expect((await call(post('skip Development 2026-02-30'))).reply.body).toBe('처리하지 못했습니다. 날짜(YYYY-MM-DD)가 아닙니다: "2026-02-30".');
  const skips = (await bot.store.loadTables()).exceptions.filter((e) => e.ExceptionType === 'start');
  expect(skips.map((e) => [e.ExceptionDate, e.ExceptionValue]).sort()).toEqual([
    ['2026-12-24', 'None'],
    ['2027-01-04', 'None'],
  ]);
});

test('start for a while: the question and the answer in Korean, the confirmation command as typed; status and release', async () => {
  const ask = await call(post('start Development for 3h'));
  expect(ask.reply.body).toBe('이 명령을 실행하면 Development 스케줄의 모든 서버를 시작하고 3시간 동안 켜 둡니다.');
  expect(ask.reply.connectInfo).toEqual([
    { title: '대상 서버', description: 'GROUP1, GROUP2, GROUP3, GROUP4, GROUP5 (Development 태그가 붙은 모든 인스턴스)' },
    { title: '진행하려면', description: '/scheduler start Development for 3h confirm' },
  ]);
  expect((await bot.store.getSchedule('Development'))!.ForceStart).toBe(false);

  const done = await call(post('start Development for 3h confirm'));
  expect(done.reply.body).toBe('Development 스케줄의 서버를 5분 안에(다음 주기) 시작합니다. 11월 25일(수) 15:00까지 켜 둔 뒤 다시 스케줄대로 돌아갑니다.');
  expect(done.reply.connectInfo[1]).toEqual({ title: '스케줄로 되돌리기', description: '/scheduler release Development' });
  expect(await bot.store.getSchedule('Development')).toMatchObject({ ForceStart: true, ForceUntil: '2026-11-25T15:00:00+09:00' });
  const status = (await call(post('status Development'))).reply.connectInfo[0].description;
  expect(status).toContain('현재: 강제 실행 중 (11월 25일(수) 15:00까지)');
  expect(status).toContain('다음: 11월 25일(수) 15:00 강제 설정이 끝나고 스케줄대로 복귀 (켜짐)');
  expect(status).toContain('예외 11월 25일(수): 중지 23:50');
  expect(status).toContain('예외 12월 24일(목): 시작 안 함');

  const released = await call(post('release Development'));
  expect(released.reply.body).toBe('Development 스케줄의 강제 설정을 해제했습니다. 다시 스케줄대로 켜고 끕니다.');
  expect(await bot.store.getSchedule('Development')).toMatchObject({ ForceStart: false, ForceStop: false });
});

test('stop until released: asked and done in Korean', async () => {
  const ask = await call(post('stop Development'));
  expect(ask.reply.body).toBe('이 명령을 실행하면 Development 스케줄의 모든 서버를 중지하고 해제할 때까지 꺼 둡니다.');
  expect(ask.reply.connectInfo[1]).toEqual({ title: '진행하려면', description: '/scheduler stop Development confirm' });
  const done = await call(post('stop Development confirm'));
  expect(done.reply.body).toBe('Development 스케줄의 서버를 5분 안에(다음 주기) 중지합니다. 해제할 때까지 꺼 둡니다.');
  expect((await call(post('status Development'))).reply.connectInfo[0].description).toMatch(/^현재: 강제 중지 중\n/);
  await call(post('release Development'));
  expect(await bot.store.getSchedule('Development')).toMatchObject({ ForceStart: false, ForceStop: false });
});

test('holiday add, list and remove in Korean; the undo command as typed; refusals in Korean', async () => {
  const added = await call(post('holiday add 2027-03-15 임시 공휴일'));
  expect(added.reply.body).toBe('KR 휴일을 추가했습니다: 2027년 3월 15일(월) 임시 공휴일. KR 공휴일을 건너뛰는 스케줄은 이날 시작하지 않습니다.');
  expect(added.reply.connectInfo).toEqual([{ title: '되돌리기', description: '/scheduler holiday remove 2027-03-15' }]);
  const company = await call(post('holiday add COMPANY 2027-01-04 창립기념일'));
  expect(company.reply.body).toBe(
    'COMPANY 휴일을 추가했습니다: 2027년 1월 4일(월) 창립기념일. SkipHolidays에 COMPANY 달력이 있는 스케줄은 이날 시작하지 않습니다.',
  );
  expect(company.reply.connectInfo[0].description).toBe('/scheduler holiday remove COMPANY 2027-01-04');

  const list = await call(post('holiday list KR 2027'));
  expect(list.reply.body).toMatch(/^휴일 \d+일$/);
  expect(list.reply.connectInfo[0].title).toBe('날짜, 달력, 이름');
  expect(list.reply.connectInfo[0].description).toContain('3월 15일(월) KR 임시 공휴일 (추가됨)');
  // Built-in days by the names Korean calendars print; the 2027 Seollal falls on a Sunday and has its substitute day.
  expect(list.reply.connectInfo[0].description).toContain('3월 1일(월) KR 삼일절');
  expect(list.reply.connectInfo[0].description).toContain('2월 9일(화) KR 대체공휴일(설날)');
  expect(list.reply.connectInfo[0].description).not.toMatch(/[A-Za-z]{4,}/);
  expect(list.reply.connectInfo[0].description).not.toContain('COMPANY');

  expect((await call(post('holiday add 2027-03-01 again'))).reply.body).toMatch(/^처리하지 못했습니다\. 이미 KR 공휴일인 날입니다: 2027-03-01 \(삼일절\)\.$/);
  expect((await call(post('holiday remove 2027-03-01'))).reply.body).toMatch(
    /^처리하지 못했습니다\. 기본 제공 KR 공휴일이라 삭제할 수 없습니다: 2027-03-01 \(삼일절\)\. 그날 서버를 켜려면 시작 예외를 추가해 주세요\.$/,
  );
  expect((await call(post('holiday remove 2027-03-15'))).reply.body).toBe('KR 휴일을 삭제했습니다: 2027년 3월 15일(월) 임시 공휴일.');
  expect((await call(post('holiday remove 2027-03-15'))).reply.body).toBe('처리하지 못했습니다. 휴일 테이블의 KR 달력에 없는 날입니다: 2027-03-15.');
  expect((await call(post('holiday remove COMPANY 2027-01-04'))).reply.body).toBe('COMPANY 휴일을 삭제했습니다: 2027년 1월 4일(월) 창립기념일.');
  expect((await bot.store.loadTables()).holidays).toEqual([]);
});

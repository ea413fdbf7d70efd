/**
 * The scheduler operations refuse in the language they are given: the bot's (Korean here) or, by default, the
 * CLI's English. Against a real DynamoDB-compatible server (dynalite); nothing is written by a refusal.
 */
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { createHolidayCalendar } from '../../lambda/scheduler/core/holidays';
import { OperationError, SchedulerOperations } from '../../lambda/scheduler/operations';
import { LocalDynamo } from '../helpers/dynalite';
import { kst, scheduleItem } from './fixtures';

const dynamo = new LocalDynamo();
let store: SchedulerStore;

beforeAll(async () => {
  await dynamo.start();
  store = new SchedulerStore(dynamo.client, await dynamo.createSchedulerTables('ops-language'));
  await store.putSchedule(scheduleItem());
});
afterAll(() => dynamo.stop());

const operations = (language?: 'ko' | 'en') =>
  new SchedulerOperations({
    store,
    defaultTimezone: 'Asia/Seoul',
    holidays: createHolidayCalendar(),
    now: () => kst('2026-11-23 20:00'),
    ...(language ? { messages: messagesFor(language) } : {}),
  });

async function refusal(action: (ops: SchedulerOperations) => Promise<unknown>, language?: 'ko' | 'en'): Promise<string> {
  const error = await action(operations(language)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationError);
  return (error as OperationError).message;
}

test('one refusal each way: Korean for the bot set to ko, English by default (the CLI)', async () => {
  const before = JSON.stringify(await store.loadTables());
  const unknown = (ops: SchedulerOperations) => ops.extendStop('Staging', { duration: '1h' });
  expect(await refusal(unknown, 'ko')).toBe('"Staging" 스케줄이 없습니다(있는 스케줄: Development)');
  expect(await refusal(unknown)).toBe('no schedule named "Staging"; schedules: Development');

  const tooLate = (ops: SchedulerOperations) => ops.extendStop('Development', { duration: '2h' });
  expect(await refusal(tooLate, 'ko')).toBe('자정을 넘깁니다(22:00 + 2h). 24:00 전 시각까지만 미룰 수 있으니, 그 뒤는 내일 날짜의 예외로 추가해 주세요');
  expect(await refusal(tooLate)).toBe('22:00 + 2h is past midnight; extend until a time before 24:00, or add exceptions for tomorrow');

  const badDuration = (ops: SchedulerOperations) => ops.setForce('Development', 'start', { duration: '2d' });
  expect(await refusal(badDuration, 'ko')).toBe('기간은 2h, 90m, 1h30m처럼 24시간 미만으로 써 주세요: "2d"');
  expect(await refusal(badDuration, 'en')).toBe('"2d" is not a duration such as 2h, 90m or 1h30m (under 24h)');

  const builtIn = (ops: SchedulerOperations) => ops.addHoliday({ date: '2027-03-01', name: 'again' });
  expect(await refusal(builtIn, 'ko')).toMatch(/^이미 KR 공휴일인 날입니다: 2027-03-01 \(.+\)$/);
  expect(await refusal(builtIn)).toBe('2027-03-01 is already a KR public holiday (Independence Movement Day)');

  const badValue = (ops: SchedulerOperations) => ops.addException({ schedule: 'Development', date: '2026-11-26', type: 'start', value: '7:5' });
  expect(await refusal(badValue, 'ko')).toBe('값은 None 또는 HH:MM 형식의 시각이어야 합니다: "7:5"');
  expect(await refusal(badValue)).toBe('value "7:5" is neither None nor a time HH:MM');

  expect(JSON.stringify(await store.loadTables())).toBe(before);
});

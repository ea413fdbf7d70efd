import { botMessages } from '../../lambda/core/messages/bot';
import { tokensMatch } from '../../lambda/scheduler/bot/bot';
import { commandText, parseCommand } from '../../lambda/scheduler/bot/core/commands';

test.each([
  ['', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['status', { kind: 'status' }],
  ['status Development', { kind: 'status', schedule: 'Development' }],
  ['extend Development until 23:30', { kind: 'extend', schedule: 'Development', until: '23:30' }],
  ['extend Development 1H30M', { kind: 'extend', schedule: 'Development', duration: '1h30m' }],
  ['postpone Development 90m', { kind: 'extend', schedule: 'Development', duration: '90m' }],
  ['skip Development 2026-12-24', { kind: 'skip', schedule: 'Development', date: '2026-12-24' }],
  ['stop Development', { kind: 'force', action: 'stop', schedule: 'Development', confirmed: false }],
  ['start  Development   CONFIRM', { kind: 'force', action: 'start', schedule: 'Development', confirmed: true }],
  ['release Development', { kind: 'release', schedule: 'Development' }],
  ['start Dev for 3h confirm', { kind: 'force', action: 'start', schedule: 'Dev', confirmed: true, duration: '3h' }],
  ['start Dev for 1H30M', { kind: 'force', action: 'start', schedule: 'Dev', confirmed: false, duration: '1h30m' }],
  ['stop Dev until 8:00 confirm', { kind: 'force', action: 'stop', schedule: 'Dev', confirmed: true, until: '8:00' }],
  ['holiday add 2027-03-15 임시공휴일', { kind: 'holiday-add', calendar: undefined, date: '2027-03-15', name: '임시공휴일' }],
  ['holiday add COMPANY 2027-01-04 창립 기념일', { kind: 'holiday-add', calendar: 'COMPANY', date: '2027-01-04', name: '창립 기념일' }],
  ['holiday remove 2027-03-15', { kind: 'holiday-remove', calendar: undefined, date: '2027-03-15' }],
  ['holiday remove TEAM_A 2027-03-15', { kind: 'holiday-remove', calendar: 'TEAM_A', date: '2027-03-15' }],
  ['holiday list', { kind: 'holiday-list', calendar: undefined, year: undefined }],
  ['holiday list KR 2027', { kind: 'holiday-list', calendar: 'KR', year: 2027 }],
])('%j parses', (text, expected) => {
  expect(parseCommand(text)).toEqual(expected);
});

test.each([
  ['status a b', 'status takes at most one schedule'],
  ['status "x;y"', '"\\"x;y\\"" is not a schedule name'],
  ['extend Development until 9pm', 'say until when (until 23:30) or for how long (2h, 90m, 1h30m)'],
  ['extend Development', 'say until when (until 23:30) or for how long (2h, 90m, 1h30m)'],
  ['skip Development', 'say which day (YYYY-MM-DD)'],
  ['stop', 'which schedule?'],
  ['release', 'which schedule?'],
  ['drop table', 'unknown command "drop"'],
  ['start Dev for ever confirm', 'after the schedule: "for 3h", "until 23:00" or nothing, then "confirm"'],
  ['start Dev until 11pm', 'after the schedule: "for 3h", "until 23:00" or nothing, then "confirm"'],
  ['start Dev confirm for 3h', 'after the schedule: "for 3h", "until 23:00" or nothing, then "confirm"'],
  ['holiday add 2027-03-15', 'say the day and its name: holiday add 2027-03-15 임시공휴일'],
  ['holiday add company 2027-03-15 x', 'say the day and its name: holiday add 2027-03-15 임시공휴일'],
  ['holiday remove KR', 'say which day: holiday remove 2027-03-15'],
  ['holiday list 27', 'list takes a calendar and a year at most: holiday list KR 2027'],
  ['holiday', 'holiday needs add, remove or list'],
])('%j is refused: %s', (text, problem) => {
  expect(parseCommand(text)).toMatchObject({ kind: 'invalid', problem });
});

test.each([
  ['status a b', 'status에는 스케줄을 하나만 지정할 수 있습니다'],
  ['status "x;y"', '스케줄 이름이 올바르지 않습니다: "\\"x;y\\""'],
  ['extend Development', '언제까지(until 23:30) 또는 얼마나(2h, 90m, 1h30m) 미룰지 알려 주세요'],
  ['skip Development', '어느 날인지 알려 주세요 (YYYY-MM-DD)'],
  ['stop', '어느 스케줄인지 알려 주세요'],
  ['drop table', '알 수 없는 명령어입니다: "drop"'],
  ['holiday add 2027-03-15', '날짜와 이름을 알려 주세요: holiday add 2027-03-15 임시공휴일'],
  ['holiday remove KR', '어느 날인지 알려 주세요: holiday remove 2027-03-15'],
  ['holiday list 27', 'list 뒤에는 달력과 연도만 쓸 수 있습니다: holiday list KR 2027'],
  ['holiday', 'holiday 뒤에 add, remove, list 중 하나를 써 주세요'],
])('in Korean, %j is refused: %s (with the same usage as in English)', (text, problem) => {
  const korean = parseCommand(text, botMessages.ko);
  expect(korean).toMatchObject({ kind: 'invalid', problem });
  expect(korean).toMatchObject({ usage: (parseCommand(text) as { usage: string }).usage });
});

test('the commands are the same words in Korean', () => {
  for (const text of ['status Development', 'extend Development 1h30m', 'start Dev for 3h confirm', 'holiday add 2027-03-15 임시공휴일'])
    expect(parseCommand(text, botMessages.ko)).toEqual(parseCommand(text));
});

test('the words after the keyword come from data, or from text without the keyword', () => {
  expect(commandText({ data: ' status ', text: '/scheduler status' }, '/scheduler')).toBe('status');
  expect(commandText({ text: '/scheduler extend Development 1h' }, '/scheduler')).toBe('extend Development 1h');
  expect(commandText({ text: 'scheduler status', keyword: 'scheduler' }, '/scheduler')).toBe('status');
  expect(commandText({}, '/scheduler')).toBe('');
});

test('tokens match only when equal, whatever their lengths', () => {
  expect(tokensMatch('abc', 'abc')).toBe(true);
  expect(tokensMatch('abd', 'abc')).toBe(false);
  expect(tokensMatch('abc', 'abcd')).toBe(false);
  expect(tokensMatch('', '')).toBe(false);
});

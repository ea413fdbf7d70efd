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
])('%j is refused: %s', (text, problem) => {
  expect(parseCommand(text)).toMatchObject({ kind: 'invalid', problem });
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

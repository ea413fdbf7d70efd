/**
 * Why the bot or the scheduler operations refuse: problems with a command's words (parseCommand), and the
 * operations' refusals, which the CLI shows too. Each says what is allowed.
 *
 * Korean sentences put the value people typed after a colon (`...아닙니다: "9:5"`) rather than before a
 * particle: whether 은 or 는 follows depends on how the value is read aloud, which the code cannot know.
 * Korean refusals end without a period: the bot's reply wraps them and closes the sentence.
 */
import type { Language } from './language';

const quoted = (text: string) => JSON.stringify(text);

export interface BotRefusalMessages {
  /** A command that needs a schedule name has none. */
  readonly whichSchedule: string;
  readonly notAScheduleName: (p: { readonly text: string }) => string;
  readonly statusTakesOneSchedule: string;
  readonly extendNeedsBound: string;
  readonly skipNeedsDay: string;
  readonly forceNeedsBound: string;
  readonly unknownCommand: (p: { readonly verb: string }) => string;
  /** `example` is the command itself, shown as it is typed. */
  readonly holidayAddNeeds: (p: { readonly example: string }) => string;
  readonly holidayRemoveNeeds: (p: { readonly example: string }) => string;
  readonly holidayListTakes: (p: { readonly example: string }) => string;
  readonly holidayNeedsAction: string;

  readonly noSchedule: (p: { readonly name: string; readonly schedules: readonly string[] }) => string;
  readonly noException: (p: { readonly id: string }) => string;
  readonly alreadyPublicHoliday: (p: { readonly date: string; readonly calendar: string; readonly name: string }) => string;
  readonly alreadyInHolidayTable: (p: { readonly date: string; readonly calendar: string }) => string;
  readonly builtInHoliday: (p: { readonly date: string; readonly calendar: string; readonly name: string }) => string;
  readonly notInHolidayTable: (p: { readonly date: string; readonly calendar: string }) => string;

  readonly notADate: (p: { readonly text: string }) => string;
  readonly notAnExceptionType: (p: { readonly text: string }) => string;
  readonly notAnExceptionValue: (p: { readonly text: string }) => string;
  readonly notADuration: (p: { readonly text: string }) => string;
  readonly notATime: (p: { readonly text: string }) => string;
  /** `from` is the stop (HH:MM) the duration was added to. */
  readonly pastMidnight: (p: { readonly from: string; readonly duration: string }) => string;
  readonly alreadyPassed: (p: { readonly time: string; readonly timezone: string }) => string;
  /** Two or more refusals of one request, as one message. */
  readonly severalProblems: (p: { readonly problems: readonly string[] }) => string;
}

const ko: BotRefusalMessages = {
  whichSchedule: '어느 스케줄인지 알려 주세요',
  notAScheduleName: ({ text }) => `스케줄 이름이 올바르지 않습니다: ${quoted(text)}`,
  statusTakesOneSchedule: 'status에는 스케줄을 하나만 지정할 수 있습니다',
  extendNeedsBound: '언제까지(until 23:30) 또는 얼마나(2h, 90m, 1h30m) 미룰지 알려 주세요',
  skipNeedsDay: '어느 날인지 알려 주세요 (YYYY-MM-DD)',
  forceNeedsBound: '스케줄 이름 뒤에는 "for 3h"나 "until 23:00"을 쓰거나 아무것도 쓰지 말고, 마지막에 "confirm"을 붙여 주세요',
  unknownCommand: ({ verb }) => `알 수 없는 명령어입니다: ${quoted(verb)}`,
  holidayAddNeeds: ({ example }) => `날짜와 이름을 알려 주세요: ${example}`,
  holidayRemoveNeeds: ({ example }) => `어느 날인지 알려 주세요: ${example}`,
  holidayListTakes: ({ example }) => `list 뒤에는 달력과 연도만 쓸 수 있습니다: ${example}`,
  holidayNeedsAction: 'holiday 뒤에 add, remove, list 중 하나를 써 주세요',

  noSchedule: ({ name, schedules }) => `${quoted(name)} 스케줄이 없습니다(있는 스케줄: ${schedules.join(', ') || '없음'})`,
  noException: ({ id }) => `ID가 ${quoted(id)}인 예외가 없습니다`,
  alreadyPublicHoliday: ({ date, calendar, name }) => `이미 ${calendar} 공휴일인 날입니다: ${date} (${name})`,
  alreadyInHolidayTable: ({ date, calendar }) => `휴일 테이블의 ${calendar} 달력에 이미 있는 날입니다: ${date}. 이름을 바꾸려면 먼저 삭제해 주세요`,
  builtInHoliday: ({ date, calendar, name }) =>
    `기본 제공 ${calendar} 공휴일이라 삭제할 수 없습니다: ${date} (${name}). 그날 서버를 켜려면 시작 예외를 추가해 주세요`,
  notInHolidayTable: ({ date, calendar }) => `휴일 테이블의 ${calendar} 달력에 없는 날입니다: ${date}`,

  notADate: ({ text }) => `날짜(YYYY-MM-DD)가 아닙니다: ${quoted(text)}`,
  notAnExceptionType: ({ text }) => `예외 종류는 start 또는 stop이어야 합니다: ${quoted(text)}`,
  notAnExceptionValue: ({ text }) => `값은 None 또는 HH:MM 형식의 시각이어야 합니다: ${quoted(text)}`,
  notADuration: ({ text }) => `기간은 2h, 90m, 1h30m처럼 24시간 미만으로 써 주세요: ${quoted(text)}`,
  notATime: ({ text }) => `시각(HH:MM)이 아닙니다: ${quoted(text)}`,
  pastMidnight: ({ from, duration }) => `자정을 넘깁니다(${from} + ${duration}). 24:00 전 시각까지만 미룰 수 있으니, 그 뒤는 내일 날짜의 예외로 추가해 주세요`,
  alreadyPassed: ({ time, timezone }) => `이미 지난 시각입니다: 오늘 ${time} (${timezone} 기준)`,
  severalProblems: ({ problems }) => `문제가 ${problems.length}개 있습니다: ${problems.join(' / ')}`,
};

const en: BotRefusalMessages = {
  whichSchedule: 'which schedule?',
  notAScheduleName: ({ text }) => `${quoted(text)} is not a schedule name`,
  statusTakesOneSchedule: 'status takes at most one schedule',
  extendNeedsBound: 'say until when (until 23:30) or for how long (2h, 90m, 1h30m)',
  skipNeedsDay: 'say which day (YYYY-MM-DD)',
  forceNeedsBound: 'after the schedule: "for 3h", "until 23:00" or nothing, then "confirm"',
  unknownCommand: ({ verb }) => `unknown command ${quoted(verb)}`,
  holidayAddNeeds: ({ example }) => `say the day and its name: ${example}`,
  holidayRemoveNeeds: ({ example }) => `say which day: ${example}`,
  holidayListTakes: ({ example }) => `list takes a calendar and a year at most: ${example}`,
  holidayNeedsAction: 'holiday needs add, remove or list',

  noSchedule: ({ name, schedules }) => `no schedule named ${quoted(name)}; schedules: ${schedules.join(', ') || '(none)'}`,
  noException: ({ id }) => `no exception with id ${quoted(id)}`,
  alreadyPublicHoliday: ({ date, calendar, name }) => `${date} is already a ${calendar} public holiday (${name})`,
  alreadyInHolidayTable: ({ date, calendar }) => `${calendar} already has ${date} in the holidays table; remove it first to rename it`,
  builtInHoliday: ({ date, calendar, name }) =>
    `${date} is a built-in ${calendar} holiday (${name}), which cannot be removed; to work that day, add a start exception`,
  notInHolidayTable: ({ date, calendar }) => `the holidays table has no ${calendar} day on ${date}`,

  notADate: ({ text }) => `date ${quoted(text)} is not a date YYYY-MM-DD`,
  notAnExceptionType: ({ text }) => `type ${quoted(text)} is not start or stop`,
  notAnExceptionValue: ({ text }) => `value ${quoted(text)} is neither None nor a time HH:MM`,
  notADuration: ({ text }) => `${quoted(text)} is not a duration such as 2h, 90m or 1h30m (under 24h)`,
  notATime: ({ text }) => `${quoted(text)} is not a time HH:MM`,
  pastMidnight: ({ from, duration }) => `${from} + ${duration} is past midnight; extend until a time before 24:00, or add exceptions for tomorrow`,
  alreadyPassed: ({ time, timezone }) => `${time} has already passed today in ${timezone}`,
  severalProblems: ({ problems }) => problems.join('; '),
};

export const botRefusalMessages: Readonly<Record<Language, BotRefusalMessages>> = { ko, en };

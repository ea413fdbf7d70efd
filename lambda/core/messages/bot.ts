/**
 * The chat bot's replies, and (from bot-refusals.ts) its command problems and the operations' refusals.
 *
 * Dates and moments arrive already written by the language's formats (`day`, `at`, `until` of a force): the
 * reply builder knows the reference year, these texts do not. Commands, schedule, group and calendar names,
 * keywords and time zones are shown as they are in both languages: people type them back.
 *
 * Korean puts a noun after an English name (`Dev 스케줄은`) so the particle never depends on how the name ends.
 */
import { botRefusalMessages, type BotRefusalMessages } from './bot-refusals';
import { enFormats, koFormats } from './format';
import type { Language } from './language';

export type { BotRefusalMessages } from './bot-refusals';

type ForceAction = 'start' | 'stop';
type WantedState = 'running' | 'stopped' | 'unmanaged';

/** A schedule's window as the tables hold it (DaysActive, StartTime, StopTime, SkipHolidays). */
export interface WindowText {
  readonly days: string;
  readonly start: string;
  readonly stop: string;
  readonly skipHolidays: string | null;
}

export interface BotReplyMessages {
  readonly helpIntro: (p: { readonly keyword: string }) => string;
  readonly helpStatus: string;
  readonly helpExtend: string;
  readonly helpSkip: string;
  readonly helpForce: string;
  readonly helpRelease: string;
  readonly helpHolidayAdd: string;
  readonly helpHolidays: string;

  /** A command whose words did not parse; `problem` is one of the refusal texts. */
  readonly invalidCommand: (p: { readonly problem: string }) => string;
  /** A command the operations refused. */
  readonly refused: (p: { readonly reason: string }) => string;
  readonly usageTitle: string;
  readonly allCommandsTitle: string;

  readonly postOnly: string;
  readonly notJson: string;
  readonly unauthorized: string;
  readonly wrongTopic: (p: { readonly topics: readonly string[]; readonly topic: string }) => string;
  readonly bodyTooLarge: (p: { readonly maxBytes: number }) => string;
  readonly bodyNotText: string;
  readonly bodyNotBase64: string;
  readonly internalError: string;

  readonly noSchedules: string;
  readonly oneSchedule: (p: { readonly name: string }) => string;
  readonly manySchedules: (p: { readonly count: number }) => string;
  readonly nowForced: (p: { readonly action: ForceAction; readonly until?: string }) => string;
  readonly nowUnmanaged: string;
  readonly nowShouldBe: (p: { readonly state: 'running' | 'stopped' }) => string;
  readonly next: (p: { readonly kind: 'start' | 'stop' | 'force-ends'; readonly to: WantedState; readonly at: string }) => string;
  /** The window alone (the CLI's listing uses it too). */
  readonly window: (p: WindowText) => string;
  readonly windowLine: (p: { readonly window: string; readonly timezone: string }) => string;
  readonly groupsLine: (p: { readonly groups: readonly string[] }) => string;
  /** `value` is the table's: HH:MM or None. */
  readonly exceptionLine: (p: { readonly day: string; readonly type: ForceAction; readonly value: string }) => string;
  readonly problemLine: (p: { readonly problem: string }) => string;

  readonly extended: (p: { readonly schedule: string; readonly time: string; readonly day: string }) => string;
  readonly undoTitle: string;
  readonly extendUndo: (p: { readonly command: string }) => string;
  readonly skipped: (p: { readonly schedule: string; readonly day: string }) => string;

  readonly serversTouchedTitle: string;
  readonly serversTouched: (p: { readonly groups: readonly string[]; readonly tag: string }) => string;
  /** `until` and `duration` as typed; `minutes` is the duration when it is one the scheduler takes. */
  readonly forceAsk: (p: {
    readonly action: ForceAction;
    readonly schedule: string;
    readonly until?: string;
    readonly duration?: string;
    readonly minutes?: number;
  }) => string;
  readonly toGoAheadTitle: string;
  /** `until` is the moment the force ends, written by the formats. */
  readonly forceDone: (p: { readonly action: ForceAction; readonly schedule: string; readonly tickMinutes: number; readonly until?: string }) => string;
  readonly backToScheduleTitle: string;
  readonly released: (p: { readonly schedule: string }) => string;

  readonly holidayAdded: (p: { readonly day: string; readonly name: string; readonly calendar: string }) => string;
  readonly holidayRemoved: (p: { readonly day: string; readonly name: string; readonly calendar: string }) => string;
  readonly noHolidays: string;
  readonly holidayCount: (p: { readonly count: number }) => string;
  readonly holidayListTitle: string;
  /** After a listed day that was added to the table rather than built in. */
  readonly addedMark: string;
}

export type BotMessages = BotReplyMessages & BotRefusalMessages;

const KO_DAYS: Readonly<Record<string, string>> = { all: '매일', weekdays: '평일', weekends: '주말' };
const KO_WEEKDAYS: Readonly<Record<string, string>> = { mon: '월', tue: '화', wed: '수', thu: '목', fri: '금', sat: '토', sun: '일' };

/** DaysActive in Korean; a value the scheduler would not take is shown as it is, so the problem line matches it. */
function koDays(days: string): string {
  const value = days.trim().toLowerCase();
  if (KO_DAYS[value]) return KO_DAYS[value];
  const names = value.split(',').map((d) => d.trim());
  return names.every((d) => KO_WEEKDAYS[d]) ? names.map((d) => KO_WEEKDAYS[d]).join('·') : days;
}

const KO_STATE: Readonly<Record<WantedState, string>> = { running: '켜짐', stopped: '꺼짐', unmanaged: '관리 안 함' };

const ko: BotReplyMessages = {
  helpIntro: ({ keyword }) => `인스턴스 스케줄러 명령어입니다. ${keyword} 뒤에 아래 중 하나를 입력하세요.`,
  helpStatus: '지금 상태와 다음 시작·중지 예정',
  helpExtend: '오늘 중지 시각을 미룹니다 (또는: extend SCHEDULE 2h)',
  helpSkip: '그날은 시작하지 않습니다',
  helpForce: '해제할 때까지 서버를 켜 두거나 꺼 둡니다. "for 3h"나 "until 23:00"을 붙이면 그때까지만 유지하며, 실행 전에 confirm을 요청합니다',
  helpRelease: 'start나 stop 뒤에 다시 스케줄대로 돌아갑니다',
  helpHolidayAdd: 'KR 공휴일을 건너뛰는 스케줄에 쉬는 날을 추가합니다 (또는: holiday add COMPANY 2027-03-15 NAME)',
  helpHolidays: '그해 휴일 목록을 봅니다. 여기서 추가한 날은 삭제할 수 있습니다',

  invalidCommand: ({ problem }) => `처리하지 못했습니다. ${problem}.`,
  refused: ({ reason }) => `처리하지 못했습니다. ${reason}${/[.!?]$/.test(reason) ? '' : '.'}`,
  usageTitle: '사용법',
  allCommandsTitle: '전체 명령어',

  postOnly: '이 주소로는 JANDI Outgoing Webhook을 POST로 보내 주세요.',
  notJson: 'JANDI Outgoing Webhook의 JSON 본문이 와야 합니다.',
  unauthorized: '인증되지 않은 요청입니다.',
  wrongTopic: ({ topics, topic }) => `스케줄러 명령은 ${topics.join(', ')} 토픽에서만 받습니다. ${topic ? `${topic} 토픽` : '이 토픽'}에서는 받을 수 없습니다.`,
  bodyTooLarge: ({ maxBytes }) => `요청 본문이 ${maxBytes}바이트보다 큽니다.`,
  bodyNotText: '요청 본문이 텍스트가 아닙니다.',
  bodyNotBase64: '요청 본문이 올바른 base64가 아닙니다.',
  internalError: '스케줄러 쪽에서 문제가 생겼습니다. 로그에 남겨 두었으니 잠시 후 다시 시도해 주세요.',

  noSchedules: '아직 스케줄이 없습니다.',
  oneSchedule: ({ name }) => `${name} 스케줄`,
  manySchedules: ({ count }) => koFormats.quantity(count, 'schedule'),
  nowForced: ({ action, until }) => `현재: 강제 ${action === 'start' ? '실행' : '중지'} 중${until ? ` (${until}까지)` : ''}`,
  nowUnmanaged: '현재: 관리하지 않음 (비활성화됨)',
  nowShouldBe: ({ state }) => `현재: ${state === 'running' ? '켜져' : '꺼져'} 있어야 함`,
  next: ({ kind, to, at }) => `다음: ${at} ${kind === 'start' ? '시작' : kind === 'stop' ? '중지' : `강제 설정이 끝나고 스케줄대로 복귀 (${KO_STATE[to]})`}`,
  window: ({ days, start, stop, skipHolidays }) => `${koDays(days)} ${start}-${stop}${skipHolidays ? `, ${skipHolidays} 휴일 제외` : ''}`,
  windowLine: ({ window, timezone }) => `운영 시간: ${window} (${timezone})`,
  groupsLine: ({ groups }) => `그룹: ${groups.join(', ')}`,
  exceptionLine: ({ day, type, value }) => `예외 ${day}: ${type === 'start' ? '시작' : '중지'} ${value === 'None' ? '안 함' : value}`,
  problemLine: ({ problem }) => `문제: ${problem}`,

  extended: ({ schedule, time, day }) => `${schedule} 스케줄은 오늘 ${day} ${time}에 중지됩니다.`,
  undoTitle: '되돌리기',
  extendUndo: ({ command }) => `${command} 명령으로 다른 시각을 정할 수 있습니다`,
  skipped: ({ schedule, day }) => `${schedule} 스케줄은 ${day}에 시작하지 않습니다.`,

  serversTouchedTitle: '대상 서버',
  serversTouched: ({ groups, tag }) => `${groups.length > 0 ? groups.join(', ') : '그룹 없음'} (${tag} 태그가 붙은 모든 인스턴스)`,
  forceAsk: ({ action, schedule, until, duration, minutes }) => {
    const bound = until ? `${until}까지` : duration ? `${minutes !== undefined ? koFormats.minutes(minutes) : duration} 동안` : '해제할 때까지';
    return `이 명령을 실행하면 ${schedule} 스케줄의 모든 서버를 ${action === 'start' ? `시작하고 ${bound} 켜` : `중지하고 ${bound} 꺼`} 둡니다.`;
  },
  toGoAheadTitle: '진행하려면',
  forceDone: ({ action, schedule, tickMinutes, until }) => {
    const kept = action === 'start' ? '켜' : '꺼';
    return `${schedule} 스케줄의 서버를 ${tickMinutes}분 안에(다음 주기) ${action === 'start' ? '시작' : '중지'}합니다. ${
      until ? `${until}까지 ${kept} 둔 뒤 다시 스케줄대로 돌아갑니다.` : `해제할 때까지 ${kept} 둡니다.`
    }`;
  },
  backToScheduleTitle: '스케줄로 되돌리기',
  released: ({ schedule }) => `${schedule} 스케줄의 강제 설정을 해제했습니다. 다시 스케줄대로 켜고 끕니다.`,

  holidayAdded: ({ day, name, calendar }) =>
    `${calendar} 휴일을 추가했습니다: ${day} ${name}. ${calendar === 'KR' ? 'KR 공휴일을 건너뛰는 스케줄' : `SkipHolidays에 ${calendar} 달력이 있는 스케줄`}은 이날 시작하지 않습니다.`,
  holidayRemoved: ({ day, name, calendar }) => `${calendar} 휴일을 삭제했습니다: ${day} ${name}.`,
  noHolidays: '휴일이 없습니다.',
  holidayCount: ({ count }) => koFormats.quantity(count, 'holiday'),
  holidayListTitle: '날짜, 달력, 이름',
  addedMark: '(추가됨)',
};

const en: BotReplyMessages = {
  helpIntro: ({ keyword }) => `Instance scheduler commands (type ${keyword} and one of these):`,
  helpStatus: 'What runs now and what happens next',
  helpExtend: "Postpone today's stop to a time (or: extend SCHEDULE 2h)",
  helpSkip: 'No start on that day',
  helpForce: 'Keep the servers running (or stopped) until released, or add "for 3h" or "until 23:00"; asks for confirm first',
  helpRelease: 'Back to the schedule after start or stop',
  helpHolidayAdd: 'A day off for schedules skipping KR holidays (or: holiday add COMPANY 2027-03-15 NAME)',
  helpHolidays: "The year's holidays; remove a day added here",

  invalidCommand: ({ problem }) => `That did not work: ${problem}.`,
  refused: ({ reason }) => `That did not work: ${reason}`,
  usageTitle: 'Usage',
  allCommandsTitle: 'All commands',

  postOnly: 'POST a JANDI Outgoing Webhook here.',
  notJson: 'Expected the JSON body of a JANDI Outgoing Webhook.',
  unauthorized: 'Unauthorized.',
  wrongTopic: ({ topics, topic }) => `The scheduler takes commands in ${topics.join(', ')} only, not in ${topic || 'this topic'}.`,
  bodyTooLarge: ({ maxBytes }) => `The request body is larger than ${maxBytes} bytes.`,
  bodyNotText: 'The request body is not text.',
  bodyNotBase64: 'The request body is not valid base64.',
  internalError: 'Something went wrong on the scheduler side; it is in the logs. Try again in a minute.',

  noSchedules: 'No schedules yet.',
  oneSchedule: ({ name }) => `Schedule ${name}`,
  manySchedules: ({ count }) => enFormats.quantity(count, 'schedule'),
  nowForced: ({ action, until }) => `Now: forced to ${action === 'start' ? 'run' : 'stay stopped'}${until ? ` until ${until}` : ''}`,
  nowUnmanaged: 'Now: not managed (disabled)',
  nowShouldBe: ({ state }) => `Now: should be ${state}`,
  next: ({ kind, to, at }) => `Next: ${kind === 'force-ends' ? `back to the schedule (${to})` : kind} at ${at}`,
  window: ({ days, start, stop, skipHolidays }) => `${days} ${start}-${stop}${skipHolidays ? `, skipping ${skipHolidays} holidays` : ''}`,
  windowLine: ({ window, timezone }) => `Window: ${window} (${timezone})`,
  groupsLine: ({ groups }) => `Groups: ${groups.join(', ')}`,
  exceptionLine: ({ day, type, value }) => `Exception ${day}: ${type} ${value}`,
  problemLine: ({ problem }) => `Problem: ${problem}`,

  extended: ({ schedule, time, day }) => `${schedule} now stops at ${time} today (${day}).`,
  undoTitle: 'Undo',
  extendUndo: ({ command }) => `${command} sets another time`,
  skipped: ({ schedule, day }) => `${schedule} will not start on ${day}.`,

  serversTouchedTitle: 'Servers touched',
  serversTouched: ({ groups, tag }) => `${groups.length > 0 ? groups.join(', ') : 'no groups'} (every instance tagged ${tag})`,
  forceAsk: ({ action, schedule, until, duration }) =>
    `This ${action === 'start' ? 'starts and keeps running' : 'stops and keeps stopped'} every server of ${schedule}${
      until ? ` until ${until}` : duration ? ` for ${duration}` : ' until released'
    }.`,
  toGoAheadTitle: 'To go ahead',
  forceDone: ({ action, schedule, tickMinutes, until }) =>
    `${schedule} is ${action === 'start' ? 'started' : 'stopped'} at the next tick (within ${tickMinutes} minutes) and stays so ${
      until ? `until ${until}, then follows its schedule` : 'until released'
    }.`,
  backToScheduleTitle: 'Back to the schedule',
  released: ({ schedule }) => `${schedule} follows its schedule again.`,

  holidayAdded: ({ day, name, calendar }) =>
    `${day} (${name}) is a ${calendar} holiday: ${
      calendar === 'KR' ? 'schedules skipping KR holidays' : `schedules whose SkipHolidays lists ${calendar}`
    } do not start that day.`,
  holidayRemoved: ({ day, name, calendar }) => `${day} (${name}) is no longer a ${calendar} holiday.`,
  noHolidays: 'No holidays found.',
  holidayCount: ({ count }) => enFormats.quantity(count, 'holiday'),
  holidayListTitle: 'Date, calendar, name',
  addedMark: '(added)',
};

export const botMessages: Readonly<Record<Language, BotMessages>> = {
  ko: { ...ko, ...botRefusalMessages.ko },
  en: { ...en, ...botRefusalMessages.en },
};

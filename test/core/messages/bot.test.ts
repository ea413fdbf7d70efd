import { botMessages, type BotMessages } from '../../../lambda/core/messages/bot';
import { describeCatalogueArea, renderArea, type Samples } from '../../helpers/catalogue';

const window = { days: 'weekdays', start: '09:30', stop: '22:00', skipHolidays: 'KR' };

/** Every entry, with each variant it words differently (one and many, with and without an end, each kind). */
const samples: Samples<BotMessages> = {
  helpIntro: [[{ keyword: '/scheduler' }]],
  helpStatus: null,
  helpExtend: null,
  helpSkip: null,
  helpForce: null,
  helpRelease: null,
  helpHolidayAdd: null,
  helpHolidays: null,
  invalidCommand: [[{ problem: 'which schedule?' }]],
  refused: [[{ reason: 'no schedule named "Staging"; schedules: Development' }], [{ reason: 'done.' }]],
  usageTitle: null,
  allCommandsTitle: null,
  postOnly: null,
  notJson: null,
  unauthorized: null,
  wrongTopic: [[{ topics: ['dev-servers', 'ops'], topic: 'random' }], [{ topics: ['dev-servers'], topic: '' }]],
  bodyTooLarge: [[{ maxBytes: 16384 }]],
  bodyNotText: null,
  bodyNotBase64: null,
  internalError: null,
  noSchedules: null,
  oneSchedule: [[{ name: 'Development' }]],
  manySchedules: [[{ count: 3 }]],
  nowForced: [[{ action: 'start' }], [{ action: 'stop', until: '11월 30일(월) 23:00' }]],
  nowUnmanaged: null,
  nowShouldBe: [[{ state: 'running' }], [{ state: 'stopped' }]],
  next: [
    [{ kind: 'start', to: 'running', at: '11월 30일(월) 09:30' }],
    [{ kind: 'stop', to: 'stopped', at: '11월 30일(월) 22:00' }],
    [{ kind: 'force-ends', to: 'stopped', at: '11월 30일(월) 23:00' }],
  ],
  window: [[window], [{ ...window, days: 'all', skipHolidays: null }], [{ ...window, days: 'mon,wed' }], [{ ...window, days: 'weekends' }]],
  windowLine: [[{ window: 'weekdays 09:30-22:00', timezone: 'Asia/Seoul' }]],
  groupsLine: [[{ groups: ['WEB', 'DB'] }]],
  exceptionLine: [[{ day: '11월 30일(월)', type: 'start', value: 'None' }], [{ day: '11월 30일(월)', type: 'stop', value: '23:30' }]],
  problemLine: [[{ problem: 'schedule "Development": Timezone "Asia/Busan" is not an IANA time zone' }]],
  extended: [[{ schedule: 'Dev', time: '23:30', day: '11월 30일(월)' }]],
  undoTitle: null,
  extendUndo: [[{ command: '/scheduler extend Dev until HH:MM' }]],
  skipped: [[{ schedule: 'Dev', day: '12월 24일(목)' }]],
  serversTouchedTitle: null,
  serversTouched: [[{ groups: ['WEB', 'DB'], tag: 'Dev' }], [{ groups: [], tag: 'Dev' }]],
  forceAsk: [
    [{ action: 'start', schedule: 'Dev' }],
    [{ action: 'stop', schedule: 'Dev', until: '08:00' }],
    [{ action: 'start', schedule: 'Dev', duration: '90m', minutes: 90 }],
    [{ action: 'start', schedule: 'Dev', duration: '25h' }],
  ],
  toGoAheadTitle: null,
  forceDone: [[{ action: 'start', schedule: 'Dev', tickMinutes: 5 }], [{ action: 'stop', schedule: 'Dev', tickMinutes: 5, until: '12월 1일(화) 08:00' }]],
  backToScheduleTitle: null,
  released: [[{ schedule: 'Dev' }]],
  holidayAdded: [[{ day: '2027년 3월 15일(월)', name: '임시공휴일', calendar: 'KR' }], [{ day: '1월 4일(월)', name: 'Founding day', calendar: 'COMPANY' }]],
  holidayRemoved: [[{ day: '2027년 3월 15일(월)', name: '임시공휴일', calendar: 'KR' }]],
  noHolidays: null,
  holidayCount: [[{ count: 1 }], [{ count: 16 }]],
  holidayListTitle: null,
  addedMark: null,

  whichSchedule: null,
  notAScheduleName: [[{ text: 'x;y' }]],
  statusTakesOneSchedule: null,
  extendNeedsBound: null,
  skipNeedsDay: null,
  forceNeedsBound: null,
  unknownCommand: [[{ verb: 'reboot' }]],
  holidayAddNeeds: [[{ example: 'holiday add 2027-03-15 임시공휴일' }]],
  holidayRemoveNeeds: [[{ example: 'holiday remove 2027-03-15' }]],
  holidayListTakes: [[{ example: 'holiday list KR 2027' }]],
  holidayNeedsAction: null,
  noSchedule: [[{ name: 'Staging', schedules: ['Development'] }], [{ name: 'Staging', schedules: [] }]],
  noException: [[{ id: '6f1c0d2e-0000-4000-8000-000000000001' }]],
  alreadyPublicHoliday: [[{ date: '2027-03-01', calendar: 'KR', name: '삼일절' }]],
  alreadyInHolidayTable: [[{ date: '2027-03-15', calendar: 'KR' }]],
  builtInHoliday: [[{ date: '2027-03-01', calendar: 'KR', name: '삼일절' }]],
  notInHolidayTable: [[{ date: '2027-03-16', calendar: 'COMPANY' }]],
  notADate: [[{ text: '2026-02-30' }]],
  notAnExceptionType: [[{ text: 'pause' }]],
  notAnExceptionValue: [[{ text: '7:5' }]],
  notADuration: [[{ text: '2d' }]],
  notATime: [[{ text: '11pm' }]],
  pastMidnight: [[{ from: '22:00', duration: '2h' }]],
  alreadyPassed: [[{ time: '09:00', timezone: 'Asia/Seoul' }]],
  severalProblems: [[{ problems: ['first problem', 'second problem'] }]],
};

describe('the bot area of the message catalogue', () => {
  describeCatalogueArea(botMessages, samples);

  const rendered = (language: 'ko' | 'en', key: keyof BotMessages) => renderArea(botMessages, samples).filter((r) => r.language === language && r.key === key);

  it('keeps the English replies people know, word for word', () => {
    const en = botMessages.en;
    expect(en.invalidCommand({ problem: en.whichSchedule })).toBe('That did not work: which schedule?.');
    expect(en.window(window)).toBe('weekdays 09:30-22:00, skipping KR holidays');
    expect(en.next({ kind: 'force-ends', to: 'stopped', at: 'Mon 30 Nov 23:00' })).toBe('Next: back to the schedule (stopped) at Mon 30 Nov 23:00');
    expect(en.forceAsk({ action: 'stop', schedule: 'Dev' })).toBe('This stops and keeps stopped every server of Dev until released.');
    expect(en.noSchedule({ name: 'Staging', schedules: [] })).toBe('no schedule named "Staging"; schedules: (none)');
    expect(en.severalProblems({ problems: ['a', 'b'] })).toBe('a; b');
  });

  it('writes Korean the way a Korean team writes in chat', () => {
    const ko = botMessages.ko;
    expect(ko.extended({ schedule: 'Dev', time: '23:30', day: '11월 30일(월)' })).toBe('Dev 스케줄은 오늘 11월 30일(월) 23:30에 중지됩니다.');
    expect(rendered('ko', 'window').map((r) => r.text)).toEqual([
      '평일 09:30-22:00, KR 휴일 제외',
      '매일 09:30-22:00',
      '월·수 09:30-22:00, KR 휴일 제외',
      '주말 09:30-22:00, KR 휴일 제외',
    ]);
    expect(ko.window({ ...window, days: 'mon,someday' })).toBe('mon,someday 09:30-22:00, KR 휴일 제외');
    expect(rendered('ko', 'forceAsk').map((r) => r.text)).toEqual([
      '이 명령을 실행하면 Dev 스케줄의 모든 서버를 시작하고 해제할 때까지 켜 둡니다.',
      '이 명령을 실행하면 Dev 스케줄의 모든 서버를 중지하고 08:00까지 꺼 둡니다.',
      '이 명령을 실행하면 Dev 스케줄의 모든 서버를 시작하고 1시간 30분 동안 켜 둡니다.',
      '이 명령을 실행하면 Dev 스케줄의 모든 서버를 시작하고 25h 동안 켜 둡니다.',
    ]);
    expect(ko.holidayCount({ count: 16 })).toBe('휴일 16일');
    expect(ko.manySchedules({ count: 3 })).toBe('스케줄 3개');
    expect(ko.exceptionLine({ day: '11월 30일(월)', type: 'start', value: 'None' })).toBe('예외 11월 30일(월): 시작 안 함');
  });

  it('closes a Korean refusal with one period, whatever the reason ends with', () => {
    expect(botMessages.ko.refused({ reason: '"Staging" 스케줄이 없습니다(있는 스케줄: Development)' })).toBe(
      '처리하지 못했습니다. "Staging" 스케줄이 없습니다(있는 스케줄: Development).',
    );
    expect(botMessages.ko.refused({ reason: '이미 지난 시각입니다.' })).toBe('처리하지 못했습니다. 이미 지난 시각입니다.');
  });
});

/** The bot's reply builders on their own: the status of schedules the end-to-end tests do not have. */
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { statusReply, type ReplyContext } from '../../lambda/scheduler/bot/core/replies';
import type { ScheduleSummary } from '../../lambda/scheduler/core/summary';

const context = (language: 'ko' | 'en'): ReplyContext => ({ messages: messagesFor(language), keyword: '/scheduler', year: 2026 });

const summary = (name: string, overrides: Partial<ScheduleSummary> = {}): ScheduleSummary => ({
  name,
  tagValue: name,
  enabled: true,
  force: null,
  forceUntil: null,
  window: { days: 'mon,tue,wed', start: '09:30', stop: '22:00', skipHolidays: null },
  timezone: 'Asia/Seoul',
  desiredNow: 'stopped',
  next: { at: '2026-11-30T09:30:00+09:00', kind: 'start', to: 'running' },
  groups: [],
  exceptions: [],
  problems: [],
  ...overrides,
});

test('a disabled schedule, one with a problem, and an exception stored with a bad date: each said, nothing hidden', () => {
  const shown = [
    summary('Disabled', { enabled: false, desiredNow: 'unmanaged', next: null }),
    summary('Broken', {
      desiredNow: 'unmanaged',
      next: null,
      problems: ['schedule "Broken": Timezone "Asia/Busan" is not an IANA time zone'],
      exceptions: [{ ExceptionUuid: 'x', ScheduleName: 'Broken', ExceptionDate: '2027-1-5', ExceptionType: 'stop', ExceptionValue: '23:00' }],
    }),
  ];
  const ko = statusReply(shown, context('ko'));
  expect(ko.body).toBe('스케줄 2개');
  expect(ko.connectInfo[0].description).toBe('현재: 관리하지 않음 (비활성화됨)\n운영 시간: 월·화·수 09:30-22:00 (Asia/Seoul)');
  expect(ko.connectInfo[1].description.split('\n')).toEqual([
    '현재: 관리하지 않음 (비활성화됨)',
    '운영 시간: 월·화·수 09:30-22:00 (Asia/Seoul)',
    '예외 2027-1-5: 중지 23:00',
    '문제: schedule "Broken": Timezone "Asia/Busan" is not an IANA time zone',
  ]);
  const en = statusReply(shown, context('en'));
  expect(en.body).toBe('2 schedules');
  expect(en.connectInfo[1].description).toContain('Window: mon,tue,wed 09:30-22:00 (Asia/Seoul)\nException 2027-1-5: stop 23:00\nProblem: ');
});

test("more schedules than JANDI's blocks: the line that sums up the rest is in the topic's language too", () => {
  const many = Array.from({ length: 12 }, (_, i) => summary(`S${i + 1}`));
  const ko = statusReply(many, context('ko'));
  expect(ko.body).toBe('스케줄 12개');
  expect(ko.connectInfo).toHaveLength(10);
  expect(ko.connectInfo[9].title).toMatch(/[\uAC00-\uD7A3]/);
  expect(ko.connectInfo[0].description).toContain('다음: 11월 30일(월) 09:30 시작');
  expect(statusReply(many, context('en')).connectInfo[9].title).not.toMatch(/[\uAC00-\uD7A3]/);
});

test('no schedules', () => {
  expect(statusReply([], context('ko')).body).toBe('아직 스케줄이 없습니다.');
  expect(statusReply([], context('en')).body).toBe('No schedules yet.');
});

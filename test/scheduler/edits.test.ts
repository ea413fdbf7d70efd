import { botMessages } from '../../lambda/core/messages/bot';
import { exceptionItem, extendedStop, forceEnd, parseDuration, type ExtendRequest } from '../../lambda/scheduler/core/edits';
import type { ExceptionItem, ScheduleItem } from '../../lambda/scheduler/core/model';
import { exception, holidays, kst, scheduleItem } from './fixtures';

describe('a new exception item', () => {
  const request = (overrides: Partial<{ date: string; type: string; value: string }>) =>
    exceptionItem({ schedule: 'Development', date: '2026-11-26', type: 'start', value: '07:05', ...overrides }, 'id-1');

  test('a time is written HH:MM, None in one spelling', () => {
    expect(request({ value: ' 7:05 ' })).toEqual({
      ok: true,
      value: { ExceptionUuid: 'id-1', ScheduleName: 'Development', ExceptionDate: '2026-11-26', ExceptionType: 'start', ExceptionValue: '07:05' },
    });
    expect(request({ type: 'stop', value: ' NONE ' })).toMatchObject({ ok: true, value: { ExceptionType: 'stop', ExceptionValue: 'None' } });
  });

  test.each([
    [{ date: '2026-02-30' }, 'date "2026-02-30" is not a date YYYY-MM-DD'],
    [{ date: 'tomorrow' }, 'date "tomorrow" is not a date YYYY-MM-DD'],
    [{ type: 'pause' }, 'type "pause" is not start or stop'],
    [{ value: '7:5' }, 'value "7:5" is neither None nor a time HH:MM'],
    [{ value: '24:00' }, 'value "24:00" is neither None nor a time HH:MM'],
    [{ date: 'someday', type: 'pause' }, 'date "someday" is not a date YYYY-MM-DD'],
  ])('%j is refused: %s', (overrides, problem) => expect(request(overrides)).toEqual({ ok: false, problems: [problem] }));
});

describe('durations', () => {
  test.each([
    ['2h', 120],
    ['90m', 90],
    ['1h30m', 90],
    [' 45m ', 45],
    ['23h59m', 1439],
  ])('%s is %d minutes', (text, minutes) => expect(parseDuration(text)).toEqual({ ok: true, value: minutes }));

  test.each(['', '0m', '24h', '1.5h', 'two hours', '30', 'm'])('%j is refused', (text) =>
    expect(parseDuration(text)).toEqual({ ok: false, problems: [`${JSON.stringify(text)} is not a duration such as 2h, 90m or 1h30m (under 24h)`] }),
  );
});

describe('a postponed stop', () => {
  function extend(at: string, by: ExtendRequest['by'], options: { schedule?: Partial<ScheduleItem>; exceptions?: ExceptionItem[] } = {}) {
    return extendedStop({
      schedule: scheduleItem(options.schedule),
      exceptions: options.exceptions ?? [],
      now: kst(at),
      defaultTimezone: 'Asia/Seoul',
      holidays,
      by,
    });
  }
  const ok = (date: string, hour: number, minute: number) => ({ ok: true, value: { date, until: { hour, minute } } });
  const refused = (problem: string) => ({ ok: false, problems: [problem] });

  test('until a time later today', () => {
    expect(extend('2026-11-23 20:00', { until: '23:30' })).toEqual(ok('2026-11-23', 23, 30));
    expect(extend('2026-11-23 20:00', { until: '9:5' })).toEqual(refused('"9:5" is not a time HH:MM'));
  });

  test('a time that has passed, or is this very minute, is refused', () => {
    expect(extend('2026-11-23 20:00', { until: '19:00' })).toEqual(refused('19:00 has already passed today in Asia/Seoul'));
    expect(extend('2026-11-23 20:00', { until: '20:00' })).toEqual(refused('20:00 has already passed today in Asia/Seoul'));
  });

  test("a duration counts from the stop the schedule has today: the regular one, or an exception's", () => {
    expect(extend('2026-11-23 20:00', { duration: '1h' })).toEqual(ok('2026-11-23', 23, 0));
    expect(extend('2026-11-23 20:00', { duration: '20m' }, { exceptions: [exception('2026-11-23', 'stop', '23:30')] })).toEqual(ok('2026-11-23', 23, 50));
    expect(extend('2026-11-23 20:00', { duration: '1h' }, { exceptions: [exception('2026-11-23', 'stop', '21:00')] })).toEqual(ok('2026-11-23', 22, 0));
  });

  test('a duration counts from now when today has no stop (a weekend, a skipped day)', () => {
    expect(extend('2026-11-28 12:10', { duration: '2h' })).toEqual(ok('2026-11-28', 14, 10));
    expect(extend('2026-11-24 12:10', { duration: '30m' }, { exceptions: [exception('2026-11-24', 'start', 'None')] })).toEqual(ok('2026-11-24', 12, 40));
  });

  test('past midnight is refused with the way around it', () => {
    expect(extend('2026-11-23 20:00', { duration: '2h' })).toEqual(
      refused('22:00 + 2h is past midnight; extend until a time before 24:00, or add exceptions for tomorrow'),
    );
    expect(extend('2026-11-23 20:00', { duration: '1h59m' })).toEqual(ok('2026-11-23', 23, 59));
    expect(extend('2026-11-23 20:00', { duration: 'soon' })).toEqual(refused('"soon" is not a duration such as 2h, 90m or 1h30m (under 24h)'));
  });

  test("today and now are the schedule's own time zone", () => {
    // 20:00 on Monday in Seoul is 06:00 on Monday in New York, where the 22:00 stop is sixteen hours away.
    const newYork = { schedule: { Timezone: 'America/New_York' } };
    expect(extend('2026-11-23 20:00', { duration: '1h' }, newYork)).toEqual(ok('2026-11-23', 23, 0));
    expect(extend('2026-11-23 20:00', { until: '05:00' }, newYork)).toEqual(refused('05:00 has already passed today in America/New_York'));
    // 08:00 on Tuesday in Seoul is still Monday 18:00 in New York.
    expect(extend('2026-11-24 08:00', { until: '19:00' }, newYork)).toEqual(ok('2026-11-23', 19, 0));
  });
});

describe('the end of a force (ForceUntil)', () => {
  const end = (local: string | Date, by: { until?: string; duration?: string }, overrides: Partial<ScheduleItem> = {}) =>
    forceEnd({ schedule: scheduleItem(overrides), now: typeof local === 'string' ? kst(local) : local, defaultTimezone: 'Asia/Seoul', by });

  test('until a time: tonight if still ahead, else the next morning; written with the offset', () => {
    expect(end('2026-11-30 20:00', { until: '23:00' })).toEqual({ ok: true, value: '2026-11-30T23:00:00+09:00' });
    expect(end('2026-11-30 20:00', { until: '8:00' })).toEqual({ ok: true, value: '2026-12-01T08:00:00+09:00' });
    expect(end('2026-11-30 20:00', { until: '20:00' })).toEqual({ ok: true, value: '2026-12-01T20:00:00+09:00' });
  });

  test("a duration from now, written in the schedule's own zone", () => {
    expect(end('2026-11-30 22:30', { duration: '3h' })).toEqual({ ok: true, value: '2026-12-01T01:30:00+09:00' });
    // 20:00 in Seoul is 06:00 in New York.
    expect(end('2026-11-30 20:00', { duration: '90m' }, { Timezone: 'America/New_York' })).toEqual({ ok: true, value: '2026-11-30T07:30:00-05:00' });
  });

  test('across a change of clocks: the wall time the person named, in the offset of that day', () => {
    // New York falls back on 2026-11-01 at 02:00: asked at 01:30 EDT, 23:00 that evening is EST.
    const early = new Date('2026-11-01T01:30:00-04:00');
    expect(end(early, { until: '23:00' }, { Timezone: 'America/New_York' })).toEqual({ ok: true, value: '2026-11-01T23:00:00-05:00' });
  });

  test('mistakes are refused with what is allowed', () => {
    expect(end('2026-11-30 20:00', { until: '11pm' })).toEqual({ ok: false, problems: ['"11pm" is not a time HH:MM'] });
    expect(end('2026-11-30 20:00', { duration: '2d' })).toEqual({ ok: false, problems: ['"2d" is not a duration such as 2h, 90m or 1h30m (under 24h)'] });
  });
});

describe('refusals in the language given', () => {
  const ko = botMessages.ko;
  const refused = (problem: string) => ({ ok: false, problems: [problem] });
  const base = { schedule: 'Development', date: '2026-11-26', type: 'start', value: '07:05' };

  test('a new exception item', () => {
    expect(exceptionItem({ ...base, date: '2026-02-30' }, 'id-1', ko)).toEqual(refused('날짜(YYYY-MM-DD)가 아닙니다: "2026-02-30"'));
    expect(exceptionItem({ ...base, type: 'pause' }, 'id-1', ko)).toEqual(refused('예외 종류는 start 또는 stop이어야 합니다: "pause"'));
    expect(exceptionItem({ ...base, value: '7:5' }, 'id-1', ko)).toEqual(refused('값은 None 또는 HH:MM 형식의 시각이어야 합니다: "7:5"'));
    expect(exceptionItem(base, 'id-1', ko)).toEqual(exceptionItem(base, 'id-1'));
  });

  test('a postponed stop and the end of a force', () => {
    const request = { schedule: scheduleItem(), exceptions: [], now: kst('2026-11-23 20:00'), defaultTimezone: 'Asia/Seoul', holidays };
    expect(extendedStop({ ...request, by: { duration: '2h' } }, ko)).toEqual(
      refused('자정을 넘깁니다(22:00 + 2h). 24:00 전 시각까지만 미룰 수 있으니, 그 뒤는 내일 날짜의 예외로 추가해 주세요'),
    );
    expect(extendedStop({ ...request, by: { until: '19:00' } }, ko)).toEqual(refused('이미 지난 시각입니다: 오늘 19:00 (Asia/Seoul 기준)'));
    expect(extendedStop({ ...request, by: { until: '9:5' } }, ko)).toEqual(refused('시각(HH:MM)이 아닙니다: "9:5"'));
    expect(forceEnd({ ...request, by: { duration: '2d' } }, ko)).toEqual(refused('기간은 2h, 90m, 1h30m처럼 24시간 미만으로 써 주세요: "2d"'));
    expect(forceEnd({ ...request, by: { until: '11pm' } }, ko)).toEqual(refused('시각(HH:MM)이 아닙니다: "11pm"'));
    expect(parseDuration('1h30m', ko)).toEqual({ ok: true, value: 90 });
  });
});

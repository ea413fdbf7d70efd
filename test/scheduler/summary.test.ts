import { schedulerMessages } from '../../lambda/core/messages/scheduler';
import { summarizeSchedules } from '../../lambda/scheduler/core/summary';
import type { ExceptionItem, ScheduleItem } from '../../lambda/scheduler/core/model';
import { exception, group, holidays, kst, scheduleItem } from './fixtures';

function summarize(at: string, schedule: Partial<ScheduleItem>, exceptions: ExceptionItem[] = []) {
  const tables = {
    schedules: [scheduleItem(schedule)],
    groups: [group('WEB'), group('DB', [], { InstanceType: 'RDS' }), group('OTHER', [], { ScheduleName: 'Staging' })],
    exceptions,
  };
  const [summary] = summarizeSchedules(tables, kst(at), 'Asia/Seoul', holidays);
  return summary;
}

test('a schedule in its window: wanted running, its next stop, its groups, its exceptions from today on', () => {
  const past = exception('2026-11-20', 'stop', '23:00');
  const later = exception('2026-11-30', 'start', 'None');
  const today = exception('2026-11-23', 'stop', '23:30');
  const other = exception('2026-11-24', 'stop', '23:00', 'Staging');
  expect(summarize('2026-11-23 12:00', { SkipHolidays: 'KR' }, [past, later, today, other])).toEqual({
    name: 'Development',
    tagValue: 'Development',
    enabled: true,
    force: null,
    forceUntil: null,
    window: { days: 'weekdays', start: '09:30', stop: '22:00', skipHolidays: 'KR' },
    timezone: 'Asia/Seoul',
    desiredNow: 'running',
    next: { at: '2026-11-23T23:30:00+09:00', kind: 'stop', to: 'stopped' },
    groups: ['DB', 'WEB'],
    exceptions: [today, later],
    problems: [],
  });
});

test("the next change is written in the schedule's time zone, and none beyond two days", () => {
  expect(summarize('2026-11-23 12:00', { Timezone: 'America/New_York' })).toMatchObject({
    timezone: 'America/New_York',
    desiredNow: 'stopped',
    next: { at: '2026-11-23T09:30:00-05:00', kind: 'start' },
  });
  expect(summarize('2026-11-27 23:00', {})).toMatchObject({ desiredNow: 'stopped', next: null });
});

test('forced or disabled: what is wanted, and no next change', () => {
  expect(summarize('2026-11-28 12:00', { ForceStart: true })).toMatchObject({ force: 'start', desiredNow: 'running', next: null });
  expect(summarize('2026-11-23 12:00', { ForceStop: true })).toMatchObject({ force: 'stop', desiredNow: 'stopped', next: null });
  expect(summarize('2026-11-23 12:00', { Enabled: false })).toMatchObject({ enabled: false, force: null, desiredNow: 'unmanaged', next: null });
  expect(summarize('2026-11-23 12:00', { Enabled: false, ForceStart: true })).toMatchObject({ force: 'start', desiredNow: 'running', next: null });
});

test('a force with an end: the expiry, and the change it brings; once past, the schedule as usual', () => {
  const forced = { ForceStart: true, ForceUntil: '2026-11-28T14:00:00Z' };
  expect(summarize('2026-11-28 12:00', forced)).toMatchObject({
    force: 'start',
    forceUntil: '2026-11-28T23:00:00+09:00',
    desiredNow: 'running',
    next: { at: '2026-11-28T23:00:00+09:00', kind: 'force-ends', to: 'stopped' },
  });
  expect(summarize('2026-11-28 23:00', forced)).toMatchObject({ force: null, forceUntil: null, desiredNow: 'stopped' });
});

test('a table holiday (KR) is skipped like a built-in one', () => {
  const tables = {
    schedules: [scheduleItem({ SkipHolidays: 'KR' })],
    groups: [],
    exceptions: [],
    holidays: [{ Calendar: 'KR', Date: '2026-11-24', Name: '임시공휴일' }],
  };
  expect(summarizeSchedules(tables, kst('2026-11-23 12:00'), 'Asia/Seoul', holidays)[0].next).toEqual({
    at: '2026-11-23T22:00:00+09:00',
    kind: 'stop',
    to: 'stopped',
  });
  expect(summarizeSchedules(tables, kst('2026-11-23 23:00'), 'Asia/Seoul', holidays)[0].next).toEqual({
    at: '2026-11-25T09:30:00+09:00',
    kind: 'start',
    to: 'running',
  });
});

test('a schedule that does not parse is unmanaged, with its problems and all its exceptions', () => {
  const old = exception('2020-01-01', 'start', '10:00');
  expect(summarize('2026-11-23 12:00', { Timezone: 'Asia/Busan' }, [old])).toMatchObject({
    timezone: 'Asia/Busan',
    desiredNow: 'unmanaged',
    next: null,
    exceptions: [old],
    problems: ['schedule "Development": Timezone "Asia/Busan" is not an IANA time zone'],
  });
});

test("a schedule's problems are in the language given; English by default", () => {
  const tables = { schedules: [scheduleItem({ Timezone: 'Asia/Busan' })], groups: [], exceptions: [] };
  const [korean] = summarizeSchedules(tables, kst('2026-11-23 12:00'), 'Asia/Seoul', holidays, schedulerMessages.ko);
  const [english] = summarizeSchedules(tables, kst('2026-11-23 12:00'), 'Asia/Seoul', holidays);
  expect(korean.problems).toHaveLength(1);
  expect(korean.problems[0]).toMatch(/[\uAC00-\uD7A3]/);
  expect(korean.problems[0]).toContain('Asia/Busan');
  expect(english.problems).toEqual(['schedule "Development": Timezone "Asia/Busan" is not an IANA time zone']);
  expect({ ...korean, problems: [] }).toEqual({ ...english, problems: [] });
});

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { planActions } from '../../lambda/scheduler/core/plan';
import type { SchedulerTables } from '../../lambda/scheduler/core/model';
import { ROOT } from '../helpers/platform';
import { exception, group, holidays, kst, scheduleItem } from './fixtures';

function plan(tables: Partial<SchedulerTables>, from: string, to: string) {
  return planActions({
    tables: { schedules: tables.schedules ?? [scheduleItem()], groups: tables.groups ?? [], exceptions: tables.exceptions ?? [] },
    from: kst(`${from} 00:00`),
    to: kst(`${to} 00:00`),
    timezone: 'Asia/Seoul',
    holidays,
  });
}

const line = (a: { at: string; group: string | null; action: string }) => `${a.at.slice(5, 16)} ${a.group ?? '-'} ${a.action}`;

test('a weekday in dependency order, one level per tick, with the warning', () => {
  const result = plan({ groups: [group('DB', [], { InstanceType: 'RDS' }), group('API', ['DB']), group('BATCH', ['API'])] }, '2026-11-23', '2026-11-24');
  expect(result.actions.map(line)).toEqual([
    '11-23T09:30 DB start',
    '11-23T09:35 API start',
    '11-23T09:40 BATCH start',
    '11-23T21:50 - warn',
    '11-23T22:00 BATCH stop',
    '11-23T22:05 API stop',
    '11-23T22:10 DB stop',
  ]);
  expect(result.actions[0]).toEqual({ at: '2026-11-23T09:30:00+09:00', schedule: 'Development', group: 'DB', action: 'start' });
});

test('starts where the schedule already is: planning from the middle of a window stops first', () => {
  const result = plan({ groups: [group('G')] }, '2026-11-27', '2026-11-30');
  expect(result.actions.map(line)).toEqual(['11-27T09:30 G start', '11-27T21:50 - warn', '11-27T22:00 G stop']);
  const overnight = plan(
    { schedules: [scheduleItem({ DaysActive: 'all', StartTime: '22:00', StopTime: '06:00' })], groups: [group('G')] },
    '2026-11-23',
    '2026-11-24',
  );
  expect(overnight.actions.map(line)).toEqual(['11-23T05:50 - warn', '11-23T06:00 G stop', '11-23T22:00 G start']);
});

test('exceptions, holidays and configuration problems', () => {
  const withException = plan({ groups: [group('G')], exceptions: [exception('2026-11-23', 'stop', '23:30')] }, '2026-11-23', '2026-11-24');
  expect(withException.actions.map(line)).toEqual(['11-23T09:30 G start', '11-23T23:20 - warn', '11-23T23:30 G stop']);
  expect(plan({ schedules: [scheduleItem({ SkipHolidays: 'KR' })], groups: [group('G')] }, '2026-09-24', '2026-09-27').actions).toEqual([]);
  const cyclic = plan({ groups: [group('A', ['B']), group('B', ['A'])] }, '2026-11-23', '2026-11-24');
  expect(cyclic.actions).toEqual([]);
  expect(cyclic.problems).toEqual(['server groups of schedule Development depend on each other in a cycle: A -> B -> A']);
});

test('holidays from the tables: a KR day is skipped by KR schedules, a COMPANY day only by those listing COMPANY', () => {
  const holidayItems = [
    { Calendar: 'KR', Date: '2026-11-24', Name: '임시공휴일' },
    { Calendar: 'COMPANY', Date: '2026-11-25', Name: 'Offsite' },
  ];
  const days = (skip: string) =>
    planActions({
      tables: { schedules: [scheduleItem({ SkipHolidays: skip })], groups: [group('G')], exceptions: [], holidays: holidayItems },
      from: kst('2026-11-23 00:00'),
      to: kst('2026-11-27 00:00'),
      timezone: 'Asia/Seoul',
      holidays,
    })
      .actions.filter((a) => a.action === 'start')
      .map((a) => a.at.slice(0, 10));
  expect(days('KR')).toEqual(['2026-11-23', '2026-11-25', '2026-11-26']);
  const badItem = planActions({
    tables: { schedules: [scheduleItem()], groups: [], exceptions: [], holidays: [{ Calendar: 'KR', Date: '2026-11-31', Name: 'x' }] },
    from: kst('2026-11-23 00:00'),
    to: kst('2026-11-23 01:00'),
    timezone: 'Asia/Seoul',
    holidays,
  });
  expect(badItem.problems).toEqual(['holiday "KR 2026-11-31": Date "2026-11-31" is not a date YYYY-MM-DD']);
  expect(days('KR,COMPANY')).toEqual(['2026-11-23', '2026-11-26']);
  // A calendar without days is reported but the schedule runs on (a typo must not unmanage the servers).
  const typo = planActions({
    tables: { schedules: [scheduleItem({ SkipHolidays: 'KR,COMAPNY' })], groups: [group('G')], exceptions: [], holidays: holidayItems },
    from: kst('2026-11-23 00:00'),
    to: kst('2026-11-24 00:00'),
    timezone: 'Asia/Seoul',
    holidays,
  });
  expect(typo.actions.map((a) => a.action)).toEqual(['start', 'warn', 'stop']);
  expect(typo.problems).toEqual(['SkipHolidays names calendar COMAPNY, which has no days in the holidays table; calendars: KR, COMPANY']);
});

test('an expiring override: forced on in the evening, warned before its end, stopped at it', () => {
  const forced = scheduleItem({ ForceStart: true, ForceUntil: '2026-11-23T23:30:00+09:00' });
  expect(plan({ schedules: [forced], groups: [group('G')] }, '2026-11-23', '2026-11-25').actions.map(line)).toEqual([
    '11-23T23:20 - warn',
    '11-23T23:30 G stop',
    '11-24T09:30 G start',
    '11-24T21:50 - warn',
    '11-24T22:00 G stop',
  ]);
});

test('the CLI prints the same plan as JSON', () => {
  const result = spawnSync(
    'npm',
    [
      'run',
      '--silent',
      'scheduler',
      '--',
      'plan',
      '--tables',
      path.join(ROOT, 'examples', 'scheduler-tables.json'),
      '--from',
      '2026-09-21',
      '--to',
      '2026-09-23',
      '--json',
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(0);
  // 2026-09-21 is the tables' COMPANY holiday: nothing that day.
  const actions = JSON.parse(result.stdout) as { at: string; schedule: string; group: string | null; action: string }[];
  expect(actions.map((a) => `${a.at} ${a.group} ${a.action}`)).toEqual([
    '2026-09-22T09:30:00+09:00 GROUP1 start',
    '2026-09-22T09:30:00+09:00 GROUP2 start',
    '2026-09-22T09:35:00+09:00 GROUP3 start',
    '2026-09-22T09:40:00+09:00 GROUP4 start',
    '2026-09-22T09:45:00+09:00 GROUP5 start',
    '2026-09-22T23:20:00+09:00 null warn',
    '2026-09-22T23:30:00+09:00 GROUP5 stop',
    '2026-09-22T23:35:00+09:00 GROUP4 stop',
    '2026-09-22T23:40:00+09:00 GROUP3 stop',
    '2026-09-22T23:45:00+09:00 GROUP1 stop',
    '2026-09-22T23:45:00+09:00 GROUP2 stop',
  ]);
});

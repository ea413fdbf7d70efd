import { ScheduleTimeline } from '../../lambda/scheduler/core/timeline';
import { parseException } from '../../lambda/scheduler/core/model';
import type { ExceptionItem, ScheduleItem } from '../../lambda/scheduler/core/model';
import { exception, holidays, kst, schedule } from './fixtures';

function timeline(overrides: Partial<ScheduleItem> = {}, exceptions: ExceptionItem[] = []): ScheduleTimeline {
  const parsed = exceptions.map((e) => {
    const result = parseException(e);
    if (!result.ok) throw new Error(result.problems.join());
    return result.value;
  });
  return new ScheduleTimeline(schedule(overrides), parsed, holidays);
}

describe('a weekday window', () => {
  const t = timeline();
  test.each([
    ['2026-11-23 09:29', 'stopped'],
    ['2026-11-23 09:30', 'running'],
    ['2026-11-23 21:59', 'running'],
    ['2026-11-23 22:00', 'stopped'],
    ['2026-11-24 03:00', 'stopped'],
    ['2026-11-27 21:00', 'running'],
    ['2026-11-28 10:00', 'stopped'],
    ['2026-11-29 10:00', 'stopped'],
  ])('at %s KST the servers are %s', (at, desired) => {
    expect(t.desiredAt(kst(at))).toBe(desired);
  });

  test('next event', () => {
    expect(t.nextEvent(kst('2026-11-23 21:00'))).toEqual({ at: kst('2026-11-23 22:00'), kind: 'stop' });
    expect(t.nextEvent(kst('2026-11-27 23:00'))).toBeUndefined(); // nothing until Monday, beyond two days
    expect(t.nextEvent(kst('2026-11-29 23:00'))).toEqual({ at: kst('2026-11-30 09:30'), kind: 'start' });
  });
});

describe('a window across midnight belongs to the day it starts', () => {
  const t = timeline({ DaysActive: 'fri', StartTime: '22:00', StopTime: '06:00' });
  test.each([
    ['2026-11-26 23:00', 'stopped'], // Thursday night: Thursday is not active
    ['2026-11-27 21:59', 'stopped'],
    ['2026-11-27 22:00', 'running'], // Friday
    ['2026-11-28 05:59', 'running'], // Saturday morning, still Friday's window
    ['2026-11-28 06:00', 'stopped'],
    ['2026-11-28 23:00', 'stopped'], // Saturday is not active
  ])('at %s KST: %s', (at, desired) => expect(t.desiredAt(kst(at))).toBe(desired));
});

describe('time zones and daylight saving', () => {
  test('a New York 09:00-17:00 weekday schedule starts at 14:00 UTC before and 13:00 UTC after spring forward', () => {
    const t = timeline({ Timezone: 'America/New_York', StartTime: '09:00', StopTime: '17:00' });
    expect(t.eventsOn('2026-03-06')).toEqual([
      { at: new Date('2026-03-06T14:00:00Z'), kind: 'start' },
      { at: new Date('2026-03-06T22:00:00Z'), kind: 'stop' },
    ]);
    expect(t.eventsOn('2026-03-09')).toEqual([
      { at: new Date('2026-03-09T13:00:00Z'), kind: 'start' },
      { at: new Date('2026-03-09T21:00:00Z'), kind: 'stop' },
    ]);
    expect(t.desiredAt(new Date('2026-03-09T13:30:00Z'))).toBe('running');
    expect(t.desiredAt(new Date('2026-03-06T13:30:00Z'))).toBe('stopped');
  });

  test('a start inside the spring-forward gap happens when the clocks jump; in the fall-back overlap, the first time', () => {
    const t = timeline({ Timezone: 'America/New_York', DaysActive: 'all', StartTime: '02:30', StopTime: '05:00' });
    expect(t.eventsOn('2026-03-08')[0]).toEqual({ at: new Date('2026-03-08T07:30:00Z'), kind: 'start' }); // 03:30 EDT
    const overlap = timeline({ Timezone: 'America/New_York', DaysActive: 'all', StartTime: '01:30', StopTime: '05:00' });
    expect(overlap.eventsOn('2026-11-01')[0]).toEqual({ at: new Date('2026-11-01T05:30:00Z'), kind: 'start' }); // 01:30 EDT
    // The stop at 05:00 EST is 10:00 UTC: the window is five hours long that night.
    expect(overlap.eventsOn('2026-11-01')[1]).toEqual({ at: new Date('2026-11-01T10:00:00Z'), kind: 'stop' });
  });

  describe('windows at the spring-forward gap (New York, 2026-03-08: 02:00-02:59 do not exist)', () => {
    const onGapNight = (start: string, stop: string) =>
      timeline({ Timezone: 'America/New_York', DaysActive: 'all', StartTime: start, StopTime: stop })
        .eventsOn('2026-03-08')
        .map((e) => `${e.kind} ${e.at.toISOString().slice(11, 16)}Z`);
    test('a stop in the gap happens later by the gap', () => expect(onGapNight('01:00', '02:30')).toEqual(['start 06:00Z', 'stop 07:30Z'])); // 01:00 EST, 03:30 EDT
    test('a window wholly in the gap keeps its length, an hour later', () => expect(onGapNight('02:10', '02:50')).toEqual(['start 07:10Z', 'stop 07:50Z'])); // 03:10-03:50 EDT
    test('a window the gap moves past its own stop does not open that day', () => expect(onGapNight('02:30', '03:15')).toEqual(['stop 07:15Z']));
    test('a window starting in the gap runs from its start moved by the gap to its stop', () =>
      expect(onGapNight('02:30', '04:00')).toEqual(['start 07:30Z', 'stop 08:00Z']));
    test('the next day is as configured', () =>
      expect(
        timeline({ Timezone: 'America/New_York', DaysActive: 'all', StartTime: '02:30', StopTime: '03:15' })
          .eventsOn('2026-03-09')
          .map((e) => e.kind),
      ).toEqual(['start', 'stop']));
  });

  test('Berlin across its spring-forward night', () => {
    const t = timeline({ Timezone: 'Europe/Berlin', DaysActive: 'all', StartTime: '22:00', StopTime: '06:00' });
    expect(t.desiredAt(new Date('2026-03-29T03:59:00Z'))).toBe('running'); // 05:59 CEST
    expect(t.desiredAt(new Date('2026-03-29T04:00:00Z'))).toBe('stopped'); // 06:00 CEST
    expect(t.desiredAt(new Date('2026-03-28T20:59:00Z'))).toBe('stopped'); // 21:59 CET
    expect(t.desiredAt(new Date('2026-03-28T21:00:00Z'))).toBe('running'); // 22:00 CET
  });
});

describe('exceptions', () => {
  const monday = '2026-11-23';
  test('stop at another time', () => {
    const t = timeline({}, [exception(monday, 'stop', '21:00')]);
    expect(t.desiredAt(kst('2026-11-23 20:59'))).toBe('running');
    expect(t.desiredAt(kst('2026-11-23 21:00'))).toBe('stopped');
  });
  test('later stop (postponed)', () => {
    const t = timeline({}, [exception(monday, 'stop', '23:30')]);
    expect(t.desiredAt(kst('2026-11-23 23:29'))).toBe('running');
    expect(t.desiredAt(kst('2026-11-23 23:30'))).toBe('stopped');
  });
  test('no stop that day: running until the next regular stop', () => {
    const t = timeline({}, [exception(monday, 'stop', 'None')]);
    expect(t.desiredAt(kst('2026-11-24 03:00'))).toBe('running');
    expect(t.desiredAt(kst('2026-11-24 21:59'))).toBe('running');
    expect(t.desiredAt(kst('2026-11-24 22:00'))).toBe('stopped');
  });
  test('start at another time', () => {
    const t = timeline({}, [exception(monday, 'start', '11:00')]);
    expect(t.desiredAt(kst('2026-11-23 10:00'))).toBe('stopped');
    expect(t.desiredAt(kst('2026-11-23 11:00'))).toBe('running');
  });
  test('no start that day, and so no stop either', () => {
    const t = timeline({}, [exception('2026-11-24', 'start', 'None')]);
    expect(t.desiredAt(kst('2026-11-24 12:00'))).toBe('stopped');
    expect(t.eventsOn('2026-11-24')).toEqual([]);
    expect(t.desiredAt(kst('2026-11-25 09:30'))).toBe('running');
  });
  test('a start exception opens a day that is not active, and its regular stop follows', () => {
    const t = timeline({}, [exception('2026-11-28', 'start', '10:00')]);
    expect(t.desiredAt(kst('2026-11-28 10:00'))).toBe('running');
    expect(t.desiredAt(kst('2026-11-28 22:00'))).toBe('stopped');
  });
  test('exceptions of other schedules and dates do not apply', () => {
    const t = timeline({}, [exception(monday, 'stop', '12:00', 'Staging'), exception('2026-11-24', 'stop', '12:00')]);
    expect(t.desiredAt(kst('2026-11-23 13:00'))).toBe('running');
  });
  test('two exceptions for one day: None wins, else the earliest start and the latest stop', () => {
    expect(timeline({}, [exception(monday, 'stop', '23:00'), exception(monday, 'stop', '22:30')]).desiredAt(kst('2026-11-23 22:45'))).toBe('running');
    expect(timeline({}, [exception(monday, 'stop', '23:00'), exception(monday, 'stop', 'None')]).desiredAt(kst('2026-11-23 23:30'))).toBe('running');
    expect(timeline({}, [exception(monday, 'start', '11:00'), exception(monday, 'start', '10:00')]).desiredAt(kst('2026-11-23 10:30'))).toBe('running');
  });
});

describe('holidays', () => {
  test('SkipHolidays KR,COMPANY skips Seollal, substitute holidays and elections, and company holidays', () => {
    const t = timeline({ SkipHolidays: 'KR,COMPANY' });
    for (const date of [
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-03-02',
      '2026-05-25',
      '2026-06-03',
      '2026-08-17',
      '2026-09-24',
      '2026-09-25',
      '2026-10-05',
      '2026-12-31',
    ]) {
      expect({ date, desired: t.desiredAt(kst(`${date} 12:00`)) }).toEqual({ date, desired: 'stopped' });
    }
    expect(t.desiredAt(kst('2026-02-19 12:00'))).toBe('running');
  });
  test('without SkipHolidays, holidays are working days', () => {
    expect(timeline().desiredAt(kst('2026-02-16 12:00'))).toBe('running');
  });
  test('a start exception on a holiday opens it', () => {
    expect(timeline({ SkipHolidays: 'KR' }, [exception('2026-02-16', 'start', '09:30')]).desiredAt(kst('2026-02-16 12:00'))).toBe('running');
  });
});

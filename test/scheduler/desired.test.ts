import { desiredState, nextChange, type DesiredNow } from '../../lambda/scheduler/core/desired';
import { parseException, type ExceptionItem, type ScheduleItem } from '../../lambda/scheduler/core/model';
import { ScheduleTimeline } from '../../lambda/scheduler/core/timeline';
import { formatZoned } from '../../lambda/core/zoned-time';
import { exception, holidays, kst, schedule } from './fixtures';

function wanted(overrides: Partial<ScheduleItem>, at: Date, exceptions: ExceptionItem[] = []): DesiredNow {
  const s = schedule(overrides);
  const parsed = exceptions.map((e) => {
    const result = parseException(e);
    if (!result.ok) throw new Error(result.problems.join());
    return result.value;
  });
  return desiredState(s, new ScheduleTimeline(s, parsed, holidays), at);
}

/** `running since start 2026-11-23 09:30` (local time of the schedule's zone), `stopped (forced)`, `unmanaged`. */
function said(d: DesiredNow, zone = 'Asia/Seoul'): string {
  switch (d.reason.kind) {
    case 'disabled':
      return d.state;
    case 'forced':
      return `${d.state} (forced)`;
    case 'timeline': {
      const since = d.reason.since;
      return since
        ? `${d.state} since ${since.kind} ${formatZoned(since.at, zone).slice(0, 16).replace('T', ' ')}`
        : `${d.state} (no start or stop in the look-back)`;
    }
  }
}

const at = (local: string, overrides: Partial<ScheduleItem> = {}, exceptions: ExceptionItem[] = []) => said(wanted(overrides, kst(local), exceptions));

describe('overrides and Enabled', () => {
  test('a disabled schedule is unmanaged, inside its window or not', () => {
    expect(wanted({ Enabled: false }, kst('2026-11-23 12:00'))).toEqual({ state: 'unmanaged', reason: { kind: 'disabled' } });
    expect(at('2026-11-23 03:00', { Enabled: false })).toBe('unmanaged');
  });

  test('ForceStart wants running outside the window, on a weekend, on a skipped holiday, against a skipped day, and when disabled', () => {
    expect(wanted({ ForceStart: true }, kst('2026-11-23 03:00'))).toEqual({ state: 'running', reason: { kind: 'forced', to: 'running' } });
    expect(at('2026-11-28 12:00', { ForceStart: true })).toBe('running (forced)');
    expect(at('2026-09-24 12:00', { ForceStart: true, SkipHolidays: 'KR' })).toBe('running (forced)');
    expect(at('2026-11-24 12:00', { ForceStart: true }, [exception('2026-11-24', 'start', 'None')])).toBe('running (forced)');
    expect(at('2026-11-23 03:00', { ForceStart: true, Enabled: false })).toBe('running (forced)');
  });

  test('ForceStop wants stopped inside the window, against an exception that opens a day, and when disabled', () => {
    expect(wanted({ ForceStop: true }, kst('2026-11-23 12:00'))).toEqual({ state: 'stopped', reason: { kind: 'forced', to: 'stopped' } });
    expect(at('2026-11-28 12:00', { ForceStop: true }, [exception('2026-11-28', 'start', '10:00')])).toBe('stopped (forced)');
    expect(at('2026-11-23 12:00', { ForceStop: true, Enabled: false })).toBe('stopped (forced)');
  });

  test('ForceUntil ends the force at that instant; the schedule is back to its timeline (or unmanaged when disabled)', () => {
    const until = { ForceStart: true, ForceUntil: '2026-11-23T23:00:00+09:00' };
    expect(wanted(until, kst('2026-11-23 22:59'))).toEqual({
      state: 'running',
      reason: { kind: 'forced', to: 'running', until: new Date('2026-11-23T14:00:00Z') },
    });
    expect(at('2026-11-23 23:00', until)).toBe('stopped since stop 2026-11-23 22:00');
    expect(at('2026-11-23 23:00', { ...until, Enabled: false })).toBe('unmanaged');
    expect(at('2026-11-24 12:00', { ForceStop: true, ForceUntil: '2026-11-24T03:00:00Z' })).toBe('running since start 2026-11-24 09:30');
    expect(at('2026-11-24 11:59', { ForceStop: true, ForceUntil: '2026-11-24T03:00:00Z' })).toBe('stopped (forced)');
  });

  test('a ForceUntil without a force changes nothing', () => {
    expect(at('2026-11-23 12:00', { ForceUntil: '2026-11-23T23:00:00+09:00' })).toBe('running since start 2026-11-23 09:30');
  });

  test('a ForceUntil that is not an instant with an offset is refused, naming the field', () => {
    for (const text of ['2026-11-23 23:00', '2026-11-23T23:00', '23:00', 'tomorrow']) {
      expect(() => schedule({ ForceStart: true, ForceUntil: text })).toThrow(`ForceUntil ${JSON.stringify(text)} is not an ISO 8601 time with an offset`);
    }
  });

  test('without a force, Enforce changes nothing about what is wanted', () => {
    expect(at('2026-11-23 12:00', { Enforce: true })).toBe(at('2026-11-23 12:00'));
    expect(at('2026-11-23 23:00', { Enforce: true })).toBe('stopped since stop 2026-11-23 22:00');
  });
});

describe('the window (weekdays 09:30-22:00)', () => {
  test.each([
    ['2026-11-23 09:29', 'stopped since stop 2026-11-20 22:00'], // Monday morning: Friday's stop still decides
    ['2026-11-23 09:30', 'running since start 2026-11-23 09:30'], // the start instant is inside
    ['2026-11-23 21:59', 'running since start 2026-11-23 09:30'],
    ['2026-11-23 22:00', 'stopped since stop 2026-11-23 22:00'], // the stop instant is outside
    ['2026-11-24 00:00', 'stopped since stop 2026-11-23 22:00'],
    ['2026-11-28 12:00', 'stopped since stop 2026-11-27 22:00'], // Saturday
    ['2026-11-29 23:59', 'stopped since stop 2026-11-27 22:00'], // Sunday night
  ])('at %s: %s', (local, expected) => expect(at(local)).toBe(expected));

  test('a window between seconds: one millisecond before the start is still stopped', () => {
    expect(wanted({}, new Date(kst('2026-11-23 09:30').getTime() - 1)).state).toBe('stopped');
    expect(wanted({}, new Date(kst('2026-11-23 22:00').getTime() - 1)).state).toBe('running');
  });

  test('with nothing in the look-back the servers are wanted stopped', () => {
    // Sunday-only, and this week's Sunday skipped: no event in the eight days before Saturday.
    expect(at('2026-11-28 12:00', { DaysActive: 'sun' }, [exception('2026-11-22', 'start', 'None')])).toBe('stopped (no start or stop in the look-back)');
  });
});

describe('overnight windows belong to the day they start', () => {
  const friday = { DaysActive: 'fri', StartTime: '22:00', StopTime: '06:00' };
  test.each([
    ['2026-11-26 23:00', 'stopped since stop 2026-11-21 06:00'], // Thursday is not active
    ['2026-11-27 21:59', 'stopped since stop 2026-11-21 06:00'],
    ['2026-11-27 22:00', 'running since start 2026-11-27 22:00'],
    ['2026-11-28 00:00', 'running since start 2026-11-27 22:00'], // past midnight, still Friday's window
    ['2026-11-28 05:59', 'running since start 2026-11-27 22:00'],
    ['2026-11-28 06:00', 'stopped since stop 2026-11-28 06:00'],
    ['2026-11-28 23:00', 'stopped since stop 2026-11-28 06:00'], // Saturday is not active
  ])('fri 22:00-06:00 at %s: %s', (local, expected) => expect(at(local, friday)).toBe(expected));

  test('every night: the morning stop follows the previous evening start', () => {
    const nightly = { DaysActive: 'all', StartTime: '22:00', StopTime: '06:00' };
    expect(at('2026-11-23 05:00', nightly)).toBe('running since start 2026-11-22 22:00');
    expect(at('2026-11-23 12:00', nightly)).toBe('stopped since stop 2026-11-23 06:00');
  });

  test('a skipped evening leaves the next morning without a stop of its own', () => {
    const nightly = { DaysActive: 'all', StartTime: '22:00', StopTime: '06:00' };
    const skipped = [exception('2026-11-23', 'start', 'None')];
    expect(at('2026-11-23 23:00', nightly, skipped)).toBe('stopped since stop 2026-11-23 06:00');
    expect(at('2026-11-24 07:00', nightly, skipped)).toBe('stopped since stop 2026-11-23 06:00');
  });

  test('across a spring-forward night in Berlin the stop is at 06:00 local time', () => {
    const berlin = wanted({ Timezone: 'Europe/Berlin', DaysActive: 'all', StartTime: '22:00', StopTime: '06:00' }, new Date('2026-03-29T03:59:00Z'));
    expect(said(berlin, 'Europe/Berlin')).toBe('running since start 2026-03-28 22:00');
    const after = wanted({ Timezone: 'Europe/Berlin', DaysActive: 'all', StartTime: '22:00', StopTime: '06:00' }, new Date('2026-03-29T04:00:00Z'));
    expect(said(after, 'Europe/Berlin')).toBe('stopped since stop 2026-03-29 06:00');
  });
});

describe('exceptions', () => {
  const monday = '2026-11-23';
  test('start at another time, earlier or later', () => {
    expect(at('2026-11-23 08:00', {}, [exception(monday, 'start', '07:30')])).toBe('running since start 2026-11-23 07:30');
    expect(at('2026-11-23 10:00', {}, [exception(monday, 'start', '11:00')])).toBe('stopped since stop 2026-11-20 22:00');
    expect(at('2026-11-23 11:00', {}, [exception(monday, 'start', '11:00')])).toBe('running since start 2026-11-23 11:00');
  });

  test('start None: the day does not open, and its regular stop does not happen either', () => {
    expect(at('2026-11-23 12:00', {}, [exception(monday, 'start', 'None')])).toBe('stopped since stop 2026-11-20 22:00');
    expect(at('2026-11-23 23:00', {}, [exception(monday, 'start', 'None')])).toBe('stopped since stop 2026-11-20 22:00');
  });

  test('stop at another time, earlier or later', () => {
    expect(at('2026-11-23 21:00', {}, [exception(monday, 'stop', '21:00')])).toBe('stopped since stop 2026-11-23 21:00');
    expect(at('2026-11-23 23:29', {}, [exception(monday, 'stop', '23:30')])).toBe('running since start 2026-11-23 09:30');
    expect(at('2026-11-23 23:30', {}, [exception(monday, 'stop', '23:30')])).toBe('stopped since stop 2026-11-23 23:30');
  });

  test('stop None: running through the night until the next regular stop', () => {
    expect(at('2026-11-24 03:00', {}, [exception(monday, 'stop', 'None')])).toBe('running since start 2026-11-23 09:30');
    expect(at('2026-11-24 12:00', {}, [exception(monday, 'stop', 'None')])).toBe('running since start 2026-11-24 09:30');
    expect(at('2026-11-24 22:00', {}, [exception(monday, 'stop', 'None')])).toBe('stopped since stop 2026-11-24 22:00');
  });

  test('a start exception opens a day that is not active, and the regular stop closes it', () => {
    expect(at('2026-11-28 10:00', {}, [exception('2026-11-28', 'start', '10:00')])).toBe('running since start 2026-11-28 10:00');
    expect(at('2026-11-28 22:00', {}, [exception('2026-11-28', 'start', '10:00')])).toBe('stopped since stop 2026-11-28 22:00');
  });

  test('a stop exception alone on a day that is not active keeps it stopped', () => {
    expect(at('2026-11-28 10:00', {}, [exception('2026-11-28', 'stop', '11:00')])).toBe('stopped since stop 2026-11-27 22:00');
    expect(at('2026-11-28 12:00', {}, [exception('2026-11-28', 'stop', '11:00')])).toBe('stopped since stop 2026-11-28 11:00');
  });

  test('two for one day: None wins, else the earliest start and the latest stop', () => {
    expect(at('2026-11-23 22:45', {}, [exception(monday, 'stop', '23:00'), exception(monday, 'stop', '22:30')])).toBe('running since start 2026-11-23 09:30');
    expect(at('2026-11-23 23:30', {}, [exception(monday, 'stop', '23:00'), exception(monday, 'stop', 'None')])).toBe('running since start 2026-11-23 09:30');
    expect(at('2026-11-23 10:30', {}, [exception(monday, 'start', '11:00'), exception(monday, 'start', '10:00')])).toBe('running since start 2026-11-23 10:00');
    expect(at('2026-11-23 12:00', {}, [exception(monday, 'start', '08:00'), exception(monday, 'start', 'None')])).toBe('stopped since stop 2026-11-20 22:00');
  });

  test('exceptions of another schedule or another day do not apply', () => {
    expect(at('2026-11-23 13:00', {}, [exception(monday, 'stop', '12:00', 'Staging'), exception('2026-11-24', 'stop', '12:00')])).toBe(
      'running since start 2026-11-23 09:30',
    );
  });
});

describe('holidays', () => {
  test("SkipHolidays KR: Chuseok does not open, the last working day's stop decides", () => {
    expect(at('2026-09-24 12:00', { SkipHolidays: 'KR' })).toBe('stopped since stop 2026-09-23 22:00');
    expect(at('2026-09-25 12:00', { SkipHolidays: 'KR' })).toBe('stopped since stop 2026-09-23 22:00');
    expect(at('2026-09-28 09:30', { SkipHolidays: 'KR' })).toBe('running since start 2026-09-28 09:30');
  });

  test('company holidays are skipped when the schedule lists their calendar', () => {
    expect(at('2026-12-31 12:00', { SkipHolidays: 'KR,COMPANY' })).toBe('stopped since stop 2026-12-30 22:00');
  });

  test('without SkipHolidays a holiday is a working day', () => {
    expect(at('2026-09-24 12:00')).toBe('running since start 2026-09-24 09:30');
  });

  test('a start exception opens a holiday', () => {
    expect(at('2026-09-24 12:00', { SkipHolidays: 'KR' }, [exception('2026-09-24', 'start', '11:00')])).toBe('running since start 2026-09-24 11:00');
  });

  test('an overnight window that opens the evening before a holiday still closes the next morning', () => {
    const nightly = { DaysActive: 'all', StartTime: '22:00', StopTime: '06:00', SkipHolidays: 'KR' };
    expect(at('2026-09-24 05:00', nightly)).toBe('running since start 2026-09-23 22:00');
    expect(at('2026-09-24 07:00', nightly)).toBe('stopped since stop 2026-09-24 06:00');
    expect(at('2026-09-24 23:00', nightly)).toBe('stopped since stop 2026-09-24 06:00');
  });
});

describe('the next change', () => {
  const next = (overrides: Partial<ScheduleItem>, local: string) => {
    const s = schedule(overrides);
    const change = nextChange(s, new ScheduleTimeline(s, [], holidays), kst(local));
    return change && `${change.cause} ${formatZoned(change.at, 'Asia/Seoul').slice(0, 16)} -> ${change.to}`;
  };

  test("the timeline's next event, what the schedule wants after it", () => {
    expect(next({}, '2026-11-23 12:00')).toBe('stop 2026-11-23T22:00 -> stopped');
    expect(next({}, '2026-11-23 23:00')).toBe('start 2026-11-24T09:30 -> running');
  });

  test("a force's end, and what the timeline wants then", () => {
    expect(next({ ForceStart: true, ForceUntil: '2026-11-23T23:00:00+09:00' }, '2026-11-23 21:00')).toBe('force-ends 2026-11-23T23:00 -> stopped');
    expect(next({ ForceStop: true, ForceUntil: '2026-11-23T11:00:00+09:00' }, '2026-11-23 10:00')).toBe('force-ends 2026-11-23T11:00 -> running');
    expect(next({ ForceStart: true, Enabled: false, ForceUntil: '2026-11-23T23:00:00+09:00' }, '2026-11-23 21:00')).toBe(
      'force-ends 2026-11-23T23:00 -> unmanaged',
    );
  });

  test('none while forced without an end, or disabled', () => {
    expect(next({ ForceStart: true }, '2026-11-23 21:00')).toBeUndefined();
    expect(next({ Enabled: false }, '2026-11-23 21:00')).toBeUndefined();
  });
});

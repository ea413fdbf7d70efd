/**
 * When a schedule wants its servers running: the start and stop events of each local day (DaysActive applies to
 * the day a window starts; a stop earlier than the start ends the window the next day), changed by holidays and
 * exceptions, turned into instants in the schedule's time zone. The latest event at or before a moment decides.
 */
import type { ClockTime } from '../../core/clock';
import { addDays, localDate, weekdayOf, zonedInstant } from '../../core/zoned-time';
import type { HolidayCalendar } from './holidays';
import type { Schedule, ScheduleException } from './model';

export type Desired = 'running' | 'stopped';

export interface ScheduleEvent {
  readonly at: Date;
  readonly kind: 'start' | 'stop';
}

/** Days looked back for the last event: a `mon`-only schedule's last stop can be a week ago. */
const LOOKBACK_DAYS = 8;

export class ScheduleTimeline {
  private readonly startExceptions = new Map<string, ClockTime | 'none'>();
  private readonly stopExceptions = new Map<string, ClockTime | 'none'>();
  private readonly overnight: boolean;

  constructor(
    private readonly schedule: Schedule,
    exceptions: readonly ScheduleException[],
    private readonly holidays: HolidayCalendar,
  ) {
    this.overnight = minutes(schedule.stop) < minutes(schedule.start);
    for (const e of exceptions) {
      if (e.schedule !== schedule.name) continue;
      const map = e.type === 'start' ? this.startExceptions : this.stopExceptions;
      map.set(e.date, mergeException(e.type, map.get(e.date), e.value));
    }
  }

  /** Whether the schedule's regular window opens on `date` (weekday and holidays only). */
  isRegularDay(date: string): boolean {
    if (!this.schedule.days.has(weekdayOf(date))) return false;
    return !this.schedule.skipHolidays.some((calendar) => this.holidays.holidayName(calendar, date));
  }

  private startTimeOn(date: string): ClockTime | undefined {
    const exception = this.startExceptions.get(date);
    if (exception === 'none') return undefined;
    if (exception) return exception;
    return this.isRegularDay(date) ? this.schedule.start : undefined;
  }

  private stopTimeOn(date: string): ClockTime | undefined {
    const exception = this.stopExceptions.get(date);
    if (exception === 'none') return undefined;
    if (exception) return exception;
    // The regular stop belongs to a window that actually opened.
    const opened = this.startTimeOn(this.overnight ? addDays(date, -1) : date);
    return opened ? this.schedule.stop : undefined;
  }

  /**
   * A time the clocks skip (02:30 on a spring-forward night) happens later by the gap (03:30), so a window lying
   * wholly in the gap keeps its length. A same-day window whose start is moved to or past its stop that way
   * (02:30-03:15) does not open that day: the clocks jumped over all of it but its end.
   */
  eventsOn(date: string): ScheduleEvent[] {
    const events: ScheduleEvent[] = [];
    const zone = this.schedule.timezone;
    const stop = this.stopTimeOn(date);
    const stopAt = stop ? zonedInstant(date, stop, zone) : undefined;
    if (stopAt) events.push({ at: stopAt, kind: 'stop' });
    const start = this.startTimeOn(date);
    const startAt = start ? zonedInstant(date, start, zone) : undefined;
    const sameDayStop = stop && start && minutes(stop) > minutes(start) ? stopAt : undefined;
    if (startAt && !(sameDayStop && sameDayStop.getTime() <= startAt.getTime())) events.push({ at: startAt, kind: 'start' });
    // At the same instant a start wins: the servers end up running.
    return events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === 'stop' ? -1 : 1));
  }

  eventsBetween(fromDate: string, toDate: string): ScheduleEvent[] {
    const events: ScheduleEvent[] = [];
    for (let date = fromDate; date <= toDate; date = addDays(date, 1)) events.push(...this.eventsOn(date));
    return events;
  }

  /** The last event at or before `now`, if any within the look-back. */
  lastEvent(now: Date): ScheduleEvent | undefined {
    const today = localDate(now, this.schedule.timezone);
    const past = this.eventsBetween(addDays(today, -LOOKBACK_DAYS), addDays(today, 1)).filter((e) => e.at.getTime() <= now.getTime());
    return past[past.length - 1];
  }

  /** The timeline alone; overrides and Enabled are weighed by desiredState. */
  desiredAt(now: Date): Desired {
    return desiredAfter(this.lastEvent(now));
  }

  /** The next event strictly after `now` within two days. */
  nextEvent(now: Date): ScheduleEvent | undefined {
    const today = localDate(now, this.schedule.timezone);
    return this.eventsBetween(addDays(today, -1), addDays(today, 2)).find((e) => e.at.getTime() > now.getTime());
  }
}

export function desiredAfter(last: ScheduleEvent | undefined): Desired {
  return last?.kind === 'start' ? 'running' : 'stopped';
}

function minutes(time: ClockTime): number {
  return time.hour * 60 + time.minute;
}

/**
 * Two exceptions for the same day and type: "None" wins; otherwise the earliest start and the latest stop,
 * so servers are never shorter up than one of the exceptions asked.
 */
function mergeException(type: 'start' | 'stop', current: ClockTime | 'none' | undefined, next: ClockTime | 'none'): ClockTime | 'none' {
  if (current === undefined) return next;
  if (current === 'none' || next === 'none') return 'none';
  const pickNext = type === 'start' ? minutes(next) < minutes(current) : minutes(next) > minutes(current);
  return pickNext ? next : current;
}

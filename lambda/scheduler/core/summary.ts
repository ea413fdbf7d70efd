/**
 * What the operators' listing says about each schedule (the CLI's `list` and the bot's `status`). Data only: the
 * bot and the CLI word it, each in its own language.
 */
import { schedulerMessages, type SchedulerMessages } from '../../core/messages/scheduler';
import { formatZoned, localDate } from '../../core/zoned-time';
import { desiredState, nextChange } from './desired';
import { withTableDays, type HolidayCalendar } from './holidays';
import { parseSchedule, validExceptions, type ExceptionItem, type SchedulerTables } from './model';
import { ScheduleTimeline } from './timeline';

/** The schedule's window as its item holds it. */
export interface ScheduleWindow {
  readonly days: string;
  readonly start: string;
  readonly stop: string;
  /** The calendars whose holidays it skips (SkipHolidays), if any. */
  readonly skipHolidays: string | null;
}

export interface ScheduleSummary {
  readonly name: string;
  readonly tagValue: string;
  readonly enabled: boolean;
  /** The force in effect now (one whose ForceUntil has passed is none). */
  readonly force: 'start' | 'stop' | null;
  /** When that force ends by itself, in the schedule's time zone; null: until released. */
  readonly forceUntil: string | null;
  readonly window: ScheduleWindow;
  readonly timezone: string;
  readonly desiredNow: 'running' | 'stopped' | 'unmanaged';
  readonly next: { at: string; kind: 'start' | 'stop' | 'force-ends'; to: 'running' | 'stopped' | 'unmanaged' } | null;
  readonly groups: string[];
  readonly exceptions: ExceptionItem[];
  readonly problems: string[];
}

/** `say` is the language of a schedule's problems (English by default, the CLI's). */
export function summarizeSchedules(
  tables: SchedulerTables,
  now: Date,
  defaultTimezone: string,
  holidays: HolidayCalendar,
  say: SchedulerMessages = schedulerMessages.en,
): ScheduleSummary[] {
  const exceptions = validExceptions(tables.exceptions);
  const calendar = withTableDays(holidays, tables.holidays).calendar;
  return tables.schedules.map((item) => {
    const parsed = parseSchedule(item, defaultTimezone, say);
    const timezone = item.Timezone ?? defaultTimezone;
    // A schedule that does not parse may have a bad time zone: show all its exceptions rather than guess a day.
    const today = parsed.ok ? localDate(now, timezone) : '';
    const base = {
      name: item.ScheduleName,
      tagValue: item.TagValue,
      enabled: item.Enabled,
      window: { days: item.DaysActive, start: item.StartTime, stop: item.StopTime, skipHolidays: item.SkipHolidays || null },
      timezone,
      groups: tables.groups
        .filter((g) => g.ScheduleName === item.ScheduleName)
        .map((g) => g.GroupName)
        .sort(),
      exceptions: tables.exceptions
        .filter((e) => e.ScheduleName === item.ScheduleName && e.ExceptionDate >= today)
        .sort((a, b) => a.ExceptionDate.localeCompare(b.ExceptionDate)),
    };
    if (!parsed.ok) {
      const force = item.ForceStart ? ('start' as const) : item.ForceStop ? ('stop' as const) : null;
      return { ...base, force, forceUntil: item.ForceUntil ?? null, desiredNow: 'unmanaged' as const, next: null, problems: parsed.problems };
    }
    const timeline = new ScheduleTimeline(parsed.value, exceptions, calendar);
    const wanted = desiredState(parsed.value, timeline, now);
    const forced = wanted.reason.kind === 'forced' ? wanted.reason : undefined;
    // A force without an end, or a disabled schedule, has no next change of its own: it waits for a person.
    const next = nextChange(parsed.value, timeline, now, wanted);
    return {
      ...base,
      force: forced ? (forced.to === 'running' ? 'start' : 'stop') : null,
      forceUntil: forced?.until ? formatZoned(forced.until, timezone) : null,
      desiredNow: wanted.state,
      next: next ? { at: formatZoned(next.at, timezone), kind: next.cause, to: next.to } : null,
      problems: [],
    };
  });
}

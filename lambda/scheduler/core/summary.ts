/** What the operators' listing says about each schedule (the CLI's `list` and the bot's `status`). */
import { formatZoned, localDate } from '../../core/zoned-time';
import { desiredState } from './desired';
import { withTableDays, type HolidayCalendar } from './holidays';
import { parseSchedule, validExceptions, type ExceptionItem, type SchedulerTables } from './model';
import { ScheduleTimeline } from './timeline';

export interface ScheduleSummary {
  readonly name: string;
  readonly tagValue: string;
  readonly enabled: boolean;
  readonly force: 'start' | 'stop' | null;
  readonly window: string;
  readonly timezone: string;
  readonly desiredNow: 'running' | 'stopped' | 'unmanaged';
  readonly next: { at: string; kind: 'start' | 'stop' } | null;
  readonly groups: string[];
  readonly exceptions: ExceptionItem[];
  readonly problems: string[];
}

export function summarizeSchedules(tables: SchedulerTables, now: Date, defaultTimezone: string, holidays: HolidayCalendar): ScheduleSummary[] {
  const exceptions = validExceptions(tables.exceptions);
  const calendar = withTableDays(holidays, tables.holidays).calendar;
  return tables.schedules.map((item) => {
    const parsed = parseSchedule(item, defaultTimezone);
    const timezone = item.Timezone ?? defaultTimezone;
    // A schedule that does not parse may have a bad time zone: show all its exceptions rather than guess a day.
    const today = parsed.ok ? localDate(now, timezone) : '';
    const base = {
      name: item.ScheduleName,
      tagValue: item.TagValue,
      enabled: item.Enabled,
      force: item.ForceStart ? ('start' as const) : item.ForceStop ? ('stop' as const) : null,
      window: `${item.DaysActive} ${item.StartTime}-${item.StopTime}${item.SkipHolidays ? `, skipping ${item.SkipHolidays} holidays` : ''}`,
      timezone,
      groups: tables.groups
        .filter((g) => g.ScheduleName === item.ScheduleName)
        .map((g) => g.GroupName)
        .sort(),
      exceptions: tables.exceptions
        .filter((e) => e.ScheduleName === item.ScheduleName && e.ExceptionDate >= today)
        .sort((a, b) => a.ExceptionDate.localeCompare(b.ExceptionDate)),
    };
    if (!parsed.ok) return { ...base, desiredNow: 'unmanaged' as const, next: null, problems: parsed.problems };
    const timeline = new ScheduleTimeline(parsed.value, exceptions, calendar);
    const wanted = desiredState(parsed.value, timeline, now);
    // A forced or disabled schedule has no next change of its own: it waits for a person.
    const next = wanted.reason.kind === 'timeline' ? timeline.nextEvent(now) : undefined;
    return { ...base, desiredNow: wanted.state, next: next ? { at: formatZoned(next.at, timezone), kind: next.kind } : null, problems: [] };
  });
}

/**
 * Holiday calendars: the built-in public ones (Korea: korean-holidays.ts), and the days people add at run time in
 * the holidays table (a temporary public holiday under `KR`, company days off under a calendar of their own). A
 * schedule skips the holidays of every calendar its SkipHolidays lists.
 */
import { schedulerMessages, type SchedulerMessages } from '../../core/messages/scheduler';
import { isRealDate } from '../../core/zoned-time';
import { koreanHolidays } from './korean-holidays';

export interface Holiday {
  readonly date: string;
  readonly name: string;
}

/** A day from the holidays table (or the configuration's companyHolidays), parsed. */
export interface CalendarDay extends Holiday {
  readonly calendar: string;
}

export interface HolidayCalendar {
  /** Calendars a schedule may list: the built-in ones and those with days in the table. */
  readonly calendars: readonly string[];
  /** The holiday's name when `date` is a holiday in `calendar` (built-in or added), else undefined. */
  holidayName(calendar: string, date: string): string | undefined;
  /** False only for a built-in calendar whose rules do not reach the year of `date`. */
  covers(calendar: string, date: string): boolean;
  /** This calendar with more days added (the holidays table, read at every tick). */
  withDays(days: readonly CalendarDay[]): HolidayCalendar;
}

const BUILT_IN: Readonly<Record<string, (year: number) => Holiday[]>> = { KR: koreanHolidays };
export const BUILT_IN_CALENDARS: readonly string[] = Object.keys(BUILT_IN);

/** Upper-case letters, digits and `_`: one word, so `SkipHolidays: "KR,COMPANY"` splits without doubt. */
export const CALENDAR_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;
/** In English: the configuration's validation at synth uses it too. */
export const CALENDAR_NAME_RULE = schedulerMessages.en.calendarNameRule;

const builtInYears = new Map<string, Map<string, string>>();
function builtInYear(calendar: string, year: number): Map<string, string> {
  const key = `${calendar}:${year}`;
  let dates = builtInYears.get(key);
  if (!dates) {
    dates = new Map((BUILT_IN[calendar]?.(year) ?? []).map((h) => [h.date, h.name]));
    builtInYears.set(key, dates);
  }
  return dates;
}

export function createHolidayCalendar(days: readonly CalendarDay[] = []): HolidayCalendar {
  const added = new Map(days.map((d) => [`${d.calendar}|${d.date}`, d.name]));
  const calendars = [...new Set([...BUILT_IN_CALENDARS, ...days.map((d) => d.calendar)])];
  return {
    calendars,
    holidayName(calendar, date) {
      const builtIn = BUILT_IN[calendar] ? builtInYear(calendar, Number(date.slice(0, 4))).get(date) : undefined;
      return builtIn ?? added.get(`${calendar}|${date}`);
    },
    covers(calendar, date) {
      return !BUILT_IN[calendar] || builtInYear(calendar, Number(date.slice(0, 4))).size > 0;
    },
    withDays(more) {
      return createHolidayCalendar([...days, ...more]);
    },
  };
}

/**
 * A table item `{ Calendar, Date, Name }`, checked; problems name the field and what is allowed, in the language
 * of `say` (the tick's and the bot's; English for the CLI).
 */
export function parseHolidayItem(
  item: unknown,
  say: SchedulerMessages = schedulerMessages.en,
): { ok: true; value: CalendarDay } | { ok: false; problems: string[] } {
  const i = (item ?? {}) as Record<string, unknown>;
  const label = say.problemLabel({ item: 'holiday', id: JSON.stringify(`${String(i.Calendar ?? '?')} ${String(i.Date ?? '?')}`) });
  const problems: string[] = [];
  if (typeof i.Calendar !== 'string' || !CALENDAR_NAME.test(i.Calendar)) {
    problems.push(say.problemHolidayCalendar({ label, value: String(JSON.stringify(i.Calendar)) }));
  }
  if (!isRealDate(i.Date)) problems.push(say.problemHolidayDate({ label, value: String(JSON.stringify(i.Date)) }));
  if (typeof i.Name !== 'string' || i.Name.trim() === '' || i.Name.length > 100) {
    problems.push(say.problemHolidayName({ label, value: String(JSON.stringify(i.Name)) }));
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { calendar: i.Calendar as string, date: i.Date as string, name: (i.Name as string).trim() } };
}

/** The table's valid days, and the problems of the others. */
export function parseHolidayItems(
  items: readonly unknown[] | undefined,
  say: SchedulerMessages = schedulerMessages.en,
): { days: CalendarDay[]; problems: string[] } {
  const days: CalendarDay[] = [];
  const problems: string[] = [];
  for (const item of items ?? []) {
    const parsed = parseHolidayItem(item, say);
    if (parsed.ok) days.push(parsed.value);
    else problems.push(...parsed.problems);
  }
  return { days, problems };
}

/** The calendar with the table's valid days added, and the problems of the others (alerted by the tick). */
export function withTableDays(
  base: HolidayCalendar,
  items: readonly unknown[] | undefined,
  say: SchedulerMessages = schedulerMessages.en,
): { calendar: HolidayCalendar; problems: string[] } {
  const { days, problems } = parseHolidayItems(items, say);
  return { calendar: days.length > 0 ? base.withDays(days) : base, problems };
}

export interface ListedHoliday extends CalendarDay {
  /** Built-in rules, or a day from the holidays table (which people can remove). */
  readonly source: 'built-in' | 'table';
}

/** A year's holidays of every calendar (or one), built-in and added, by date: what `holiday list` shows. */
export function holidaysOfYear(days: readonly CalendarDay[], year: number, calendar?: string): ListedHoliday[] {
  const builtIn = BUILT_IN_CALENDARS.filter((c) => !calendar || c === calendar).flatMap((c) =>
    [...builtInYear(c, year)].map(([date, name]) => ({ calendar: c, date, name, source: 'built-in' as const })),
  );
  const added = days.filter((d) => d.date.startsWith(`${year}-`) && (!calendar || d.calendar === calendar)).map((d) => ({ ...d, source: 'table' as const }));
  return [...builtIn, ...added].sort((a, b) => a.date.localeCompare(b.date) || a.calendar.localeCompare(b.calendar));
}

/**
 * The scheduler's tables as stored in DynamoDB (the public item shapes) and their parsed, validated forms.
 * A bad item is reported with the field and the allowed values, and only its own schedule is left alone.
 */
import * as z from 'zod/mini';
import { DAYS_ACTIVE_RULE, isValidTimeZone, parseClockTime, parseDaysActive, type ClockTime } from '../../core/clock';
import { CALENDAR_NAME, CALENDAR_NAME_RULE } from './holidays';

export const INSTANCE_KINDS = ['EC2', 'RDS', 'AURORA', 'ASG'] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

export interface ScheduleItem {
  ScheduleName: string;
  TagValue: string;
  DaysActive: string;
  Enabled: boolean;
  StartTime: string;
  StopTime: string;
  ForceStart?: boolean;
  ForceStop?: boolean;
  /** ISO 8601 with an offset: when a ForceStart or ForceStop ends by itself. */
  ForceUntil?: string;
  Timezone?: string;
  SkipHolidays?: string;
  Enforce?: boolean;
  WarnMinutes?: number;
}

export interface GroupItem {
  GroupName: string;
  ScheduleName: string;
  InstanceType: InstanceKind;
  Dependency?: string[];
}

export interface ExceptionItem {
  ExceptionUuid: string;
  ScheduleName: string;
  ExceptionDate: string;
  ExceptionType: 'start' | 'stop';
  ExceptionValue: string;
}

/** A day off added at run time: under `KR` a temporary public holiday, under another calendar a company day off. */
export interface HolidayItem {
  Calendar: string;
  Date: string;
  Name: string;
}

export interface SchedulerTables {
  readonly schedules: readonly ScheduleItem[];
  readonly groups: readonly GroupItem[];
  readonly exceptions: readonly ExceptionItem[];
  /** The holidays table (absent: none). */
  readonly holidays?: readonly HolidayItem[];
}

export interface Schedule {
  readonly name: string;
  readonly tagValue: string;
  readonly days: ReadonlySet<number>;
  readonly start: ClockTime;
  readonly stop: ClockTime;
  readonly enabled: boolean;
  readonly forceStart: boolean;
  readonly forceStop: boolean;
  /** When the force ends; absent: until released. */
  readonly forceUntil?: Date;
  readonly timezone: string;
  /** Calendars whose holidays the schedule skips (empty: none). */
  readonly skipHolidays: readonly string[];
  readonly enforce: boolean;
  readonly warnMinutes: number;
}

export interface ScheduleException {
  readonly id: string;
  readonly schedule: string;
  readonly date: string;
  readonly type: 'start' | 'stop';
  /** A replacement time, or 'none': no start (or no stop) that day. */
  readonly value: ClockTime | 'none';
}

const scheduleShape = z.looseObject({
  ScheduleName: z.string().check(z.minLength(1)),
  TagValue: z.string().check(z.minLength(1)),
  DaysActive: z.string(),
  Enabled: z.boolean(),
  StartTime: z.string(),
  StopTime: z.string(),
  ForceStart: z.optional(z.boolean()),
  ForceStop: z.optional(z.boolean()),
  ForceUntil: z.optional(z.string()),
  Timezone: z.optional(z.string()),
  SkipHolidays: z.optional(z.string()),
  Enforce: z.optional(z.boolean()),
  WarnMinutes: z.optional(z.number().check(z.int(), z.gte(0), z.lte(120))),
});

const groupShape = z.looseObject({
  GroupName: z.string().check(z.minLength(1)),
  ScheduleName: z.string().check(z.minLength(1)),
  InstanceType: z.enum(INSTANCE_KINDS),
  Dependency: z.optional(z.array(z.string())),
});

const exceptionShape = z.looseObject({
  ExceptionUuid: z.string().check(z.minLength(1)),
  ScheduleName: z.string().check(z.minLength(1)),
  ExceptionDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  ExceptionType: z.enum(['start', 'stop']),
  ExceptionValue: z.string(),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function shapeProblems(error: z.core.$ZodError, label: string): string[] {
  return error.issues.map((issue) => `${label}: ${issue.path.join('.') || '(item)'}: ${issue.message}`);
}

export function parseSchedule(item: unknown, defaultTimezone: string): Parsed<Schedule> {
  const label = `schedule ${JSON.stringify((item as { ScheduleName?: unknown })?.ScheduleName ?? '?')}`;
  const shape = scheduleShape.safeParse(item);
  if (!shape.success) return { ok: false, problems: shapeProblems(shape.error, label) };
  const s = shape.data;
  const problems: string[] = [];
  const days = parseDaysActive(s.DaysActive);
  if (!days) problems.push(`${label}: DaysActive ${JSON.stringify(s.DaysActive)} is not ${DAYS_ACTIVE_RULE}`);
  const start = parseClockTime(s.StartTime);
  if (!start) problems.push(`${label}: StartTime ${JSON.stringify(s.StartTime)} is not a time HH:MM`);
  const stop = parseClockTime(s.StopTime);
  if (!stop) problems.push(`${label}: StopTime ${JSON.stringify(s.StopTime)} is not a time HH:MM`);
  if (start && stop && start.hour === stop.hour && start.minute === stop.minute) problems.push(`${label}: StartTime and StopTime are equal`);
  const timezone = s.Timezone ?? defaultTimezone;
  if (!isValidTimeZone(timezone)) problems.push(`${label}: Timezone ${JSON.stringify(timezone)} is not an IANA time zone`);
  const skipHolidays = s.SkipHolidays === undefined ? [] : parseCalendarList(s.SkipHolidays);
  if (!skipHolidays) {
    problems.push(
      `${label}: SkipHolidays ${JSON.stringify(s.SkipHolidays)} is not a comma-separated list of calendar names (${CALENDAR_NAME_RULE}), e.g. KR,COMPANY`,
    );
  }
  if (s.ForceStart && s.ForceStop) problems.push(`${label}: ForceStart and ForceStop cannot both be true`);
  const forceUntil = s.ForceUntil === undefined ? undefined : parseOffsetInstant(s.ForceUntil);
  if (forceUntil === null)
    problems.push(`${label}: ForceUntil ${JSON.stringify(s.ForceUntil)} is not an ISO 8601 time with an offset, e.g. 2026-11-30T23:00:00+09:00`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: s.ScheduleName,
      tagValue: s.TagValue,
      days: days!,
      start: start!,
      stop: stop!,
      enabled: s.Enabled,
      forceStart: s.ForceStart ?? false,
      forceStop: s.ForceStop ?? false,
      ...(forceUntil ? { forceUntil } : {}),
      timezone,
      skipHolidays: skipHolidays!,
      enforce: s.Enforce ?? false,
      warnMinutes: s.WarnMinutes ?? 10,
    },
  };
}

export function parseGroup(item: unknown): Parsed<GroupItem> {
  const label = `server group ${JSON.stringify((item as { GroupName?: unknown })?.GroupName ?? '?')}`;
  const shape = groupShape.safeParse(item);
  if (!shape.success) return { ok: false, problems: shapeProblems(shape.error, label) };
  return { ok: true, value: { ...shape.data, Dependency: shape.data.Dependency ?? [] } };
}

/** The exceptions that parse; the scheduler itself reports the others (see decideTick). */
export function validExceptions(items: readonly unknown[]): ScheduleException[] {
  return items.flatMap((item) => {
    const parsed = parseException(item);
    return parsed.ok ? [parsed.value] : [];
  });
}

export function parseException(item: unknown): Parsed<ScheduleException> {
  const label = `exception ${JSON.stringify((item as { ExceptionUuid?: unknown })?.ExceptionUuid ?? '?')}`;
  const shape = exceptionShape.safeParse(item);
  if (!shape.success) return { ok: false, problems: shapeProblems(shape.error, label) };
  const e = shape.data;
  const none = e.ExceptionValue.trim().toLowerCase() === 'none';
  const time = none ? undefined : parseClockTime(e.ExceptionValue);
  if (!none && !time) return { ok: false, problems: [`${label}: ExceptionValue ${JSON.stringify(e.ExceptionValue)} is neither None nor a time H:M`] };
  return { ok: true, value: { id: e.ExceptionUuid, schedule: e.ScheduleName, date: e.ExceptionDate, type: e.ExceptionType, value: none ? 'none' : time! } };
}

/** `KR,COMPANY` → ['KR', 'COMPANY']; undefined when a name breaks the rule. */
export function parseCalendarList(text: string): string[] | undefined {
  const names = text.split(',').map((n) => n.trim());
  return names.every((n) => CALENDAR_NAME.test(n)) ? [...new Set(names)] : undefined;
}

/** An instant written with its offset (`Z` or ±HH:MM), as DynamoDB items and people write it; null otherwise. */
export function parseOffsetInstant(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

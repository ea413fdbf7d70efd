/**
 * The scheduler's tables as stored in DynamoDB (the public item shapes) and their parsed, validated forms.
 * A bad item is reported with the field and the allowed values, and only its own schedule is left alone.
 * Problems are written in the language of the messages given (the tick's); other callers get English.
 */
import * as z from 'zod/mini';
import { isValidTimeZone, parseClockTime, parseDaysActive, type ClockTime } from '../../core/clock';
import { schedulerMessages, type FieldType, type ProblemItem, type SchedulerMessages } from '../../core/messages/scheduler';
import { CALENDAR_NAME } from './holidays';

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const exceptionShape = z.looseObject({
  ExceptionUuid: z.string().check(z.minLength(1)),
  ScheduleName: z.string().check(z.minLength(1)),
  ExceptionDate: z.string().check(z.regex(ISO_DATE)),
  ExceptionType: z.enum(['start', 'stop']),
  ExceptionValue: z.string(),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const ENGLISH = schedulerMessages.en;
const FIELD_TYPES: readonly string[] = ['string', 'boolean', 'number', 'int', 'array', 'object'] satisfies FieldType[];
/** How people write what a pattern checks, for the patterns the shapes use. */
const FORMS = new Map([[String(ISO_DATE), 'YYYY-MM-DD']]);

/** `schedule "Development"`: the item as its key field names it, or `?` when it has none. */
function itemLabel(item: ProblemItem, id: unknown, say: SchedulerMessages): string {
  return say.problemLabel({ item, id: JSON.stringify(id ?? '?') });
}

/** zod's issues as sentences that name the field and what it must be (zod/mini itself only says "Invalid input"). */
function shapeProblems(error: z.core.$ZodError, label: string, item: unknown, say: SchedulerMessages): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || '(item)';
    const at = { label, field };
    switch (issue.code) {
      case 'invalid_type':
        if (issue.path.length > 0 && valueAt(item, issue.path) === undefined) return say.problemMissing(at);
        return FIELD_TYPES.includes(issue.expected) ? say.problemWrongType({ ...at, expected: issue.expected as FieldType }) : say.problemInvalid(at);
      case 'too_small':
        return issue.origin === 'string' && Number(issue.minimum) === 1 ? say.problemEmpty(at) : say.problemBelow({ ...at, min: Number(issue.minimum) });
      case 'too_big':
        return say.problemAbove({ ...at, max: Number(issue.maximum) });
      case 'invalid_value':
        return say.problemNotOneOf({ ...at, values: issue.values.map(String) });
      case 'invalid_format':
        return say.problemNotInForm({ ...at, form: FORMS.get(issue.pattern ?? '') ?? issue.pattern ?? issue.format });
      default:
        return say.problemInvalid(at);
    }
  });
}

function valueAt(item: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), item);
}

const quoted = (value: unknown) => String(JSON.stringify(value));

export function parseSchedule(item: unknown, defaultTimezone: string, say: SchedulerMessages = ENGLISH): Parsed<Schedule> {
  const label = itemLabel('schedule', (item as { ScheduleName?: unknown })?.ScheduleName, say);
  const shape = scheduleShape.safeParse(item);
  if (!shape.success) return { ok: false, problems: shapeProblems(shape.error, label, item, say) };
  const s = shape.data;
  const problems: string[] = [];
  const days = parseDaysActive(s.DaysActive);
  if (!days) problems.push(say.problemDaysActive({ label, value: quoted(s.DaysActive) }));
  const start = parseClockTime(s.StartTime);
  if (!start) problems.push(say.problemClockTime({ label, field: 'StartTime', value: quoted(s.StartTime) }));
  const stop = parseClockTime(s.StopTime);
  if (!stop) problems.push(say.problemClockTime({ label, field: 'StopTime', value: quoted(s.StopTime) }));
  if (start && stop && start.hour === stop.hour && start.minute === stop.minute) problems.push(say.problemTimesEqual({ label }));
  const timezone = s.Timezone ?? defaultTimezone;
  if (!isValidTimeZone(timezone)) problems.push(say.problemTimezone({ label, value: quoted(timezone) }));
  const skipHolidays = s.SkipHolidays === undefined ? [] : parseCalendarList(s.SkipHolidays);
  if (!skipHolidays) problems.push(say.problemSkipHolidays({ label, value: quoted(s.SkipHolidays) }));
  if (s.ForceStart && s.ForceStop) problems.push(say.problemForcedBothWays({ label }));
  const forceUntil = s.ForceUntil === undefined ? undefined : parseOffsetInstant(s.ForceUntil);
  if (forceUntil === null) problems.push(say.problemForceUntil({ label, value: quoted(s.ForceUntil) }));
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

export function parseGroup(item: unknown, say: SchedulerMessages = ENGLISH): Parsed<GroupItem> {
  const label = itemLabel('group', (item as { GroupName?: unknown })?.GroupName, say);
  const shape = groupShape.safeParse(item);
  if (!shape.success) return { ok: false, problems: shapeProblems(shape.error, label, item, say) };
  return { ok: true, value: { ...shape.data, Dependency: shape.data.Dependency ?? [] } };
}

/** The exceptions that parse; the scheduler itself reports the others (see decideTick). */
export function validExceptions(items: readonly unknown[]): ScheduleException[] {
  return items.flatMap((item) => {
    const parsed = parseException(item);
    return parsed.ok ? [parsed.value] : [];
  });
}

export function parseException(item: unknown, say: SchedulerMessages = ENGLISH): Parsed<ScheduleException> {
  const label = itemLabel('exception', (item as { ExceptionUuid?: unknown })?.ExceptionUuid, say);
  const shape = exceptionShape.safeParse(item);
  if (!shape.success) return { ok: false, problems: shapeProblems(shape.error, label, item, say) };
  const e = shape.data;
  const none = e.ExceptionValue.trim().toLowerCase() === 'none';
  const time = none ? undefined : parseClockTime(e.ExceptionValue);
  if (!none && !time) return { ok: false, problems: [say.problemExceptionValue({ label, value: quoted(e.ExceptionValue) })] };
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

/**
 * What people's changes to the schedules become: a new exception item, a postponed stop. Each refusal says what
 * is allowed, in the language of the messages given (English by default: the CLI's); the operations throw it, the
 * CLI and the bot show it.
 */
import { formatClockTime, parseClockTime, type ClockTime } from '../../core/clock';
import { botMessages, type BotMessages } from '../../core/messages/bot';
import { addDays, formatZoned, isRealDate, localDate, localParts, zonedInstant } from '../../core/zoned-time';
import type { HolidayCalendar } from './holidays';
import { parseException, parseSchedule, validExceptions, type ExceptionItem, type Parsed, type ScheduleItem } from './model';
import { ScheduleTimeline } from './timeline';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?$/;
const LAST_MINUTE = 23 * 60 + 59;

const refuse = (problem: string): { ok: false; problems: string[] } => ({ ok: false, problems: [problem] });

export interface ExceptionRequest {
  readonly schedule: string;
  readonly date: string;
  readonly type: string;
  readonly value: string;
}

/** The item to store, with its value written the one way the tables use (`None`, `HH:MM`). */
export function exceptionItem(request: ExceptionRequest, id: string, messages: BotMessages = botMessages.en): Parsed<ExceptionItem> {
  if (!isRealDate(request.date)) return refuse(messages.notADate({ text: request.date }));
  if (request.type !== 'start' && request.type !== 'stop') return refuse(messages.notAnExceptionType({ text: request.type }));
  const item: ExceptionItem = {
    ExceptionUuid: id,
    ScheduleName: request.schedule,
    ExceptionDate: request.date,
    ExceptionType: request.type,
    ExceptionValue: request.value.trim().toLowerCase() === 'none' ? 'None' : request.value.trim(),
  };
  const parsed = parseException(item);
  if (!parsed.ok) return refuse(messages.notAnExceptionValue({ text: request.value }));
  if (parsed.value.value !== 'none') item.ExceptionValue = formatClockTime(parsed.value.value);
  return { ok: true, value: item };
}

/** `2h`, `90m`, `1h30m` → minutes (1 to 1439). */
export function parseDuration(text: string, messages: BotMessages = botMessages.en): Parsed<number> {
  const match = DURATION.exec(text.trim());
  const minutes = match && (match[1] || match[2]) ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : 0;
  if (minutes < 1 || minutes > 1439) return refuse(messages.notADuration({ text }));
  return { ok: true, value: minutes };
}

export interface ExtendRequest {
  readonly schedule: ScheduleItem;
  /** Every exception item: the stop the schedule has today may come from one. */
  readonly exceptions: readonly ExceptionItem[];
  readonly now: Date;
  readonly defaultTimezone: string;
  readonly holidays: HolidayCalendar;
  readonly by: { until?: string; duration?: string };
}

/**
 * Today's new stop (the day in the schedule's time zone): a time, or a duration added to the stop it has today
 * (to now when it has none). It must still be ahead today: a stop exception cannot reach past midnight.
 */
export function extendedStop(request: ExtendRequest, messages: BotMessages = botMessages.en): Parsed<{ date: string; until: ClockTime }> {
  const timezone = request.schedule.Timezone ?? request.defaultTimezone;
  const today = localDate(request.now, timezone);
  const nowLocal = localParts(request.now, timezone);
  let until: ClockTime;
  if (request.by.until !== undefined) {
    const parsed = parseClockTime(request.by.until);
    if (!parsed) return refuse(messages.notATime({ text: request.by.until }));
    until = parsed;
  } else {
    const duration = parseDuration(request.by.duration ?? '', messages);
    if (!duration.ok) return duration;
    const base = stopOn(request, today, timezone) ?? nowLocal;
    const total = base.hour * 60 + base.minute + duration.value;
    if (total > LAST_MINUTE) return refuse(messages.pastMidnight({ from: formatClockTime(base), duration: request.by.duration ?? '' }));
    until = { hour: Math.floor(total / 60), minute: total % 60 };
  }
  if (until.hour * 60 + until.minute <= nowLocal.hour * 60 + nowLocal.minute) return refuse(messages.alreadyPassed({ time: formatClockTime(until), timezone }));
  return { ok: true, value: { date: today, until } };
}

function stopOn(request: ExtendRequest, date: string, timezone: string): ClockTime | undefined {
  const parsed = parseSchedule(request.schedule, request.defaultTimezone);
  if (!parsed.ok) return undefined;
  const stop = new ScheduleTimeline(parsed.value, validExceptions(request.exceptions), request.holidays).eventsOn(date).find((e) => e.kind === 'stop');
  if (!stop) return undefined;
  const p = localParts(stop.at, timezone);
  return { hour: p.hour, minute: p.minute };
}

export interface ForceEndRequest {
  readonly schedule: ScheduleItem;
  readonly now: Date;
  readonly defaultTimezone: string;
  /** A local time (the next time the clock shows it, tonight or tomorrow morning) or a duration from now. */
  readonly by: { until?: string; duration?: string };
}

/** The ForceUntil to store: ISO 8601 with the schedule's offset, so people read it in their own time. */
export function forceEnd(request: ForceEndRequest, messages: BotMessages = botMessages.en): Parsed<string> {
  const timezone = request.schedule.Timezone ?? request.defaultTimezone;
  let end: Date;
  if (request.by.until !== undefined) {
    const time = parseClockTime(request.by.until);
    if (!time) return refuse(messages.notATime({ text: request.by.until }));
    const today = localDate(request.now, timezone);
    end = zonedInstant(today, time, timezone);
    if (end.getTime() <= request.now.getTime()) end = zonedInstant(addDays(today, 1), time, timezone);
  } else {
    const duration = parseDuration(request.by.duration ?? '', messages);
    if (!duration.ok) return duration;
    end = new Date(request.now.getTime() + duration.value * 60_000);
  }
  return { ok: true, value: formatZoned(end, timezone) };
}

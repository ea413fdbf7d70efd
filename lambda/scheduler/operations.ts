/**
 * What people do to the scheduler (list, exceptions, postpone, skip, force), on the DynamoDB tables. The CLI
 * and the JANDI bot both call these; every input is validated with a message that says what is allowed.
 */
import { randomUUID } from 'node:crypto';
import { formatClockTime, parseClockTime, type ClockTime } from '../core/clock';
import { addDays, formatZoned, localDate, localParts } from '../core/zoned-time';
import { desiredState } from './core/desired';
import type { HolidayCalendar } from './core/holidays';
import { parseException, parseSchedule, validExceptions, type ExceptionItem, type GroupItem, type ScheduleItem } from './core/model';
import { ScheduleTimeline } from './core/timeline';
import type { SchedulerStore } from './adapters/store';

export class OperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationError';
  }
}

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

export interface OperationsContext {
  readonly store: SchedulerStore;
  readonly defaultTimezone: string;
  readonly holidays: HolidayCalendar;
  readonly now: () => Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?$/;

export class SchedulerOperations {
  constructor(private readonly ctx: OperationsContext) {}

  async listSchedules(): Promise<ScheduleSummary[]> {
    const tables = await this.ctx.store.loadTables();
    const now = this.ctx.now();
    const exceptions = validExceptions(tables.exceptions);
    return tables.schedules.map((item) => {
      const parsed = parseSchedule(item, this.ctx.defaultTimezone, this.ctx.holidays.countries);
      const timezone = item.Timezone ?? this.ctx.defaultTimezone;
      const today = parsed.ok ? localDate(now, timezone) : '';
      const base = {
        name: item.ScheduleName,
        tagValue: item.TagValue,
        enabled: item.Enabled,
        force: item.ForceStart ? ('start' as const) : item.ForceStop ? ('stop' as const) : null,
        window: `${item.DaysActive} ${item.StartTime}-${item.StopTime}${item.SkipHolidays ? `, skipping ${item.SkipHolidays} holidays` : ''}`,
        timezone,
        groups: tables.groups.filter((g) => g.ScheduleName === item.ScheduleName).map((g) => g.GroupName).sort(),
        exceptions: tables.exceptions.filter((e) => e.ScheduleName === item.ScheduleName && e.ExceptionDate >= today).sort((a, b) => a.ExceptionDate.localeCompare(b.ExceptionDate)),
      };
      if (!parsed.ok) return { ...base, desiredNow: 'unmanaged' as const, next: null, problems: parsed.problems };
      const schedule = parsed.value;
      const timeline = new ScheduleTimeline(schedule, exceptions, this.ctx.holidays);
      const wanted = desiredState(schedule, timeline, now);
      const next = wanted.reason.kind === 'timeline' ? timeline.nextEvent(now) : undefined;
      return { ...base, desiredNow: wanted.state, next: next ? { at: formatZoned(next.at, timezone), kind: next.kind } : null, problems: [] };
    });
  }

  async addException(input: { schedule: string; date: string; type: string; value: string }): Promise<ExceptionItem> {
    await this.requireSchedule(input.schedule);
    if (!DATE.test(input.date) || addDays(input.date, 0) !== input.date) throw new OperationError(`date ${JSON.stringify(input.date)} is not a date YYYY-MM-DD`);
    if (input.type !== 'start' && input.type !== 'stop') throw new OperationError(`type ${JSON.stringify(input.type)} is not start or stop`);
    const item: ExceptionItem = {
      ExceptionUuid: randomUUID(),
      ScheduleName: input.schedule,
      ExceptionDate: input.date,
      ExceptionType: input.type,
      ExceptionValue: input.value.trim().toLowerCase() === 'none' ? 'None' : input.value.trim(),
    };
    const parsed = parseException(item);
    if (!parsed.ok) throw new OperationError(`value ${JSON.stringify(input.value)} is neither None nor a time HH:MM`);
    if (parsed.value.value !== 'none') item.ExceptionValue = formatClockTime(parsed.value.value);
    await this.ctx.store.putException(item);
    return item;
  }

  async removeException(id: string): Promise<void> {
    if (!(await this.ctx.store.deleteException(id))) throw new OperationError(`no exception with id ${JSON.stringify(id)}`);
  }

  /**
   * Postpones today's stop (in the schedule's time zone) to a time, or by a duration from the stop it has now.
   * Replaces any stop exception of that day. Extensions end before midnight.
   */
  async extendStop(scheduleName: string, by: { until?: string; duration?: string }): Promise<ExceptionItem> {
    const item = await this.requireSchedule(scheduleName);
    const timezone = item.Timezone ?? this.ctx.defaultTimezone;
    const now = this.ctx.now();
    const today = localDate(now, timezone);
    const tables = await this.ctx.store.loadTables();
    const todaysStops = tables.exceptions.filter((e) => e.ScheduleName === scheduleName && e.ExceptionDate === today && e.ExceptionType === 'stop');

    let until: ClockTime;
    if (by.until !== undefined) {
      const parsed = parseClockTime(by.until);
      if (!parsed) throw new OperationError(`${JSON.stringify(by.until)} is not a time HH:MM`);
      until = parsed;
    } else {
      const minutes = parseDuration(by.duration ?? '');
      const base = this.currentStopToday(item, tables.exceptions, today, timezone) ?? localParts(now, timezone);
      const total = base.hour * 60 + base.minute + minutes;
      if (total > 23 * 60 + 59) throw new OperationError(`${formatClockTime(base)} + ${by.duration} is past midnight; extend until a time before 24:00, or add exceptions for tomorrow`);
      until = { hour: Math.floor(total / 60), minute: total % 60 };
    }
    const nowLocal = localParts(now, timezone);
    if (until.hour * 60 + until.minute <= nowLocal.hour * 60 + nowLocal.minute) {
      throw new OperationError(`${formatClockTime(until)} has already passed today in ${timezone}`);
    }
    for (const old of todaysStops) await this.ctx.store.deleteException(old.ExceptionUuid);
    return this.addException({ schedule: scheduleName, date: today, type: 'stop', value: formatClockTime(until) });
  }

  /** No start on that day (and so no stop either). */
  async skipDay(scheduleName: string, date: string): Promise<ExceptionItem> {
    return this.addException({ schedule: scheduleName, date, type: 'start', value: 'None' });
  }

  async setForce(scheduleName: string, force: 'start' | 'stop' | 'none'): Promise<void> {
    await this.requireSchedule(scheduleName);
    await this.ctx.store.updateSchedule(scheduleName, { ForceStart: force === 'start', ForceStop: force === 'stop' });
  }

  /** Writes schedules and groups (from the configuration) that are not in the tables yet, or all with overwrite. */
  async seed(schedules: readonly ScheduleItem[], groups: readonly GroupItem[], overwrite: boolean): Promise<{ written: string[]; kept: string[] }> {
    const written: string[] = [];
    const kept: string[] = [];
    for (const s of schedules) ((await this.ctx.store.putSchedule(s, { onlyIfAbsent: !overwrite })) ? written : kept).push(`schedule ${s.ScheduleName}`);
    for (const g of groups) ((await this.ctx.store.putGroup(g, { onlyIfAbsent: !overwrite })) ? written : kept).push(`group ${g.GroupName}`);
    return { written, kept };
  }

  private async requireSchedule(name: string): Promise<ScheduleItem> {
    const item = await this.ctx.store.getSchedule(name);
    if (!item) {
      const names = (await this.ctx.store.loadTables()).schedules.map((s) => s.ScheduleName);
      throw new OperationError(`no schedule named ${JSON.stringify(name)}; schedules: ${names.join(', ') || '(none)'}`);
    }
    return item;
  }

  private currentStopToday(item: ScheduleItem, exceptionItems: readonly ExceptionItem[], today: string, timezone: string): ClockTime | undefined {
    const parsed = parseSchedule(item, this.ctx.defaultTimezone, this.ctx.holidays.countries);
    if (!parsed.ok) return undefined;
    const stop = new ScheduleTimeline(parsed.value, validExceptions(exceptionItems), this.ctx.holidays).eventsOn(today).find((e) => e.kind === 'stop');
    if (!stop) return undefined;
    const p = localParts(stop.at, timezone);
    return { hour: p.hour, minute: p.minute };
  }
}

/** `2h`, `90m`, `1h30m` → minutes (1 to 1439). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  const minutes = match && (match[1] || match[2]) ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : 0;
  if (minutes < 1 || minutes > 1439) throw new OperationError(`${JSON.stringify(text)} is not a duration such as 2h, 90m or 1h30m (under 24h)`);
  return minutes;
}

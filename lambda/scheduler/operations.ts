/**
 * What people do to the scheduler (list, exceptions, postpone, skip, force), on the DynamoDB tables. The CLI
 * and the JANDI bot both call these; every input is validated with a message that says what is allowed, in the
 * language of the context's messages (the bot's topic language; English for the CLI).
 */
import { randomUUID } from 'node:crypto';
import { formatClockTime } from '../core/clock';
import { messagesFor, type Messages } from '../core/messages/catalogue';
import { localDate } from '../core/zoned-time';
import { holidaysOfYear, parseHolidayItem, parseHolidayItems, withTableDays, type HolidayCalendar, type ListedHoliday } from './core/holidays';
import { exceptionItem, extendedStop, forceEnd } from './core/edits';
import type { ExceptionItem, GroupItem, HolidayItem, Parsed, ScheduleItem } from './core/model';
import { summarizeSchedules, type ScheduleSummary } from './core/summary';
import type { SchedulerStore } from './adapters/store';

export type { ScheduleSummary } from './core/summary';

export class OperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationError';
  }
}

export interface OperationsContext {
  readonly store: SchedulerStore;
  readonly defaultTimezone: string;
  readonly holidays: HolidayCalendar;
  readonly now: () => Date;
  /** The language refusals are written in. @default English */
  readonly messages?: Messages;
}

export class SchedulerOperations {
  private readonly messages: Messages;

  constructor(private readonly ctx: OperationsContext) {
    this.messages = ctx.messages ?? messagesFor('en');
  }

  /** Today's date (YYYY-MM-DD) in the app time zone: what replies count years from. */
  today(): string {
    return localDate(this.ctx.now(), this.ctx.defaultTimezone);
  }

  async listSchedules(): Promise<ScheduleSummary[]> {
    return summarizeSchedules(await this.ctx.store.loadTables(), this.ctx.now(), this.ctx.defaultTimezone, this.ctx.holidays, this.messages.scheduler);
  }

  async addException(input: { schedule: string; date: string; type: string; value: string }): Promise<ExceptionItem> {
    await this.requireSchedule(input.schedule);
    const item = this.orRefuse(exceptionItem(input, randomUUID(), this.messages.bot));
    await this.ctx.store.putException(item);
    return item;
  }

  async removeException(id: string): Promise<void> {
    if (!(await this.ctx.store.deleteException(id))) throw new OperationError(this.messages.bot.noException({ id }));
  }

  /**
   * Postpones today's stop (in the schedule's time zone) to a time, or by a duration from the stop it has now.
   * Replaces any stop exception of that day. Extensions end before midnight.
   */
  async extendStop(scheduleName: string, by: { until?: string; duration?: string }): Promise<ExceptionItem> {
    const schedule = await this.requireSchedule(scheduleName);
    const tables = await this.ctx.store.loadTables();
    const { date, until } = this.orRefuse(
      extendedStop(
        {
          schedule,
          exceptions: tables.exceptions,
          now: this.ctx.now(),
          defaultTimezone: this.ctx.defaultTimezone,
          holidays: withTableDays(this.ctx.holidays, tables.holidays).calendar,
          by,
        },
        this.messages.bot,
      ),
    );
    const todaysStops = tables.exceptions.filter((e) => e.ScheduleName === scheduleName && e.ExceptionDate === date && e.ExceptionType === 'stop');
    for (const old of todaysStops) await this.ctx.store.deleteException(old.ExceptionUuid);
    return this.addException({ schedule: scheduleName, date, type: 'stop', value: formatClockTime(until) });
  }

  /** No start on that day (and so no stop either). */
  async skipDay(scheduleName: string, date: string): Promise<ExceptionItem> {
    return this.addException({ schedule: scheduleName, date, type: 'start', value: 'None' });
  }

  /**
   * Keeps the servers running or stopped until released, or until a time (the next time the schedule's clock
   * shows it) or for a duration; `none` releases. Returns the ForceUntil stored, if any.
   */
  async setForce(scheduleName: string, force: 'start' | 'stop' | 'none', by: { until?: string; duration?: string } = {}): Promise<string | undefined> {
    const schedule = await this.requireSchedule(scheduleName);
    const bounded = force !== 'none' && (by.until !== undefined || by.duration !== undefined);
    const until = bounded
      ? this.orRefuse(forceEnd({ schedule, now: this.ctx.now(), defaultTimezone: this.ctx.defaultTimezone, by }, this.messages.bot))
      : undefined;
    await this.ctx.store.updateSchedule(scheduleName, { ForceStart: force === 'start', ForceStop: force === 'stop', ForceUntil: until });
    return until;
  }

  /** A day off: under KR a temporary public holiday, under another calendar (COMPANY) a company day off. */
  async addHoliday(input: { calendar?: string; date: string; name: string }): Promise<HolidayItem> {
    const say = this.messages.bot;
    const item: HolidayItem = { Calendar: input.calendar ?? 'KR', Date: input.date, Name: input.name.trim() };
    const parsed = this.orRefuse(parseHolidayItem(item, this.messages.scheduler));
    const builtIn = this.ctx.holidays.holidayName(parsed.calendar, parsed.date);
    if (builtIn) {
      throw new OperationError(say.alreadyPublicHoliday({ date: parsed.date, calendar: parsed.calendar, name: this.messages.format.holidayName(builtIn) }));
    }
    if (!(await this.ctx.store.putHoliday(item, { onlyIfAbsent: true }))) {
      throw new OperationError(say.alreadyInHolidayTable({ date: parsed.date, calendar: parsed.calendar }));
    }
    return item;
  }

  async removeHoliday(input: { calendar?: string; date: string }): Promise<HolidayItem> {
    const calendar = input.calendar ?? 'KR';
    const removed = await this.ctx.store.deleteHoliday(calendar, input.date);
    if (removed) return removed;
    const builtIn = this.ctx.holidays.holidayName(calendar, input.date);
    const say = this.messages.bot;
    throw new OperationError(
      builtIn
        ? say.builtInHoliday({ date: input.date, calendar, name: this.messages.format.holidayName(builtIn) })
        : say.notInHolidayTable({ date: input.date, calendar }),
    );
  }

  /** The year's holidays (built-in and added), of one calendar or all; the year defaults to this one in the app time zone. */
  async listHolidays(input: { calendar?: string; year?: number } = {}): Promise<ListedHoliday[]> {
    const { days } = parseHolidayItems((await this.ctx.store.loadTables()).holidays);
    const year = input.year ?? Number(this.today().slice(0, 4));
    return holidaysOfYear(days, year, input.calendar);
  }

  /** Writes schedules, groups and holidays (from the configuration) that are not in the tables yet, or all with overwrite. */
  async seed(
    items: { schedules: readonly ScheduleItem[]; groups: readonly GroupItem[]; holidays: readonly HolidayItem[] },
    overwrite: boolean,
  ): Promise<{ written: string[]; kept: string[] }> {
    const written: string[] = [];
    const kept: string[] = [];
    const onlyIfAbsent = !overwrite;
    for (const s of items.schedules) ((await this.ctx.store.putSchedule(s, { onlyIfAbsent })) ? written : kept).push(`schedule ${s.ScheduleName}`);
    for (const g of items.groups) ((await this.ctx.store.putGroup(g, { onlyIfAbsent })) ? written : kept).push(`group ${g.GroupName}`);
    for (const h of items.holidays) ((await this.ctx.store.putHoliday(h, { onlyIfAbsent })) ? written : kept).push(`holiday ${h.Calendar} ${h.Date}`);
    return { written, kept };
  }

  private async requireSchedule(name: string): Promise<ScheduleItem> {
    const item = await this.ctx.store.getSchedule(name);
    if (!item) {
      const names = (await this.ctx.store.loadTables()).schedules.map((s) => s.ScheduleName);
      throw new OperationError(this.messages.bot.noSchedule({ name, schedules: names }));
    }
    return item;
  }

  private orRefuse<T>(result: Parsed<T>): T {
    if (!result.ok)
      throw new OperationError(result.problems.length === 1 ? result.problems[0] : this.messages.bot.severalProblems({ problems: result.problems }));
    return result.value;
  }
}

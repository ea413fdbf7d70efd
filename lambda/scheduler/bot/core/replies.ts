/**
 * The bot's replies, built from what the scheduler operations returned, in the topic's language. Pure: the
 * command examples and keywords are shown as people type them; the words around them come from the catalogue,
 * dates and moments from its formats.
 */
import { jandiMessage, type JandiBlock, type JandiMessage, type Severity } from '../../../core/jandi-message';
import type { Messages } from '../../../core/messages/catalogue';
import { parseDuration } from '../../core/edits';
import type { ListedHoliday } from '../../core/holidays';
import type { ExceptionItem, HolidayItem } from '../../core/model';
import type { ScheduleSummary } from '../../core/summary';
import type { Command } from './commands';

export interface ReplyContext {
  readonly messages: Messages;
  /** The chat command's keyword, e.g. /scheduler. */
  readonly keyword: string;
  /** This year where the topic is: a date in another year shows its year. */
  readonly year: number;
}

type ForceCommand = Extract<Command, { kind: 'force' }>;

/** Down to the line that sums up blocks beyond JANDI's limit (a status of many schedules), in the topic's language. */
const message = (ctx: ReplyContext, severity: Severity, body: string, blocks: readonly JandiBlock[]): JandiMessage =>
  jandiMessage(severity, body, blocks, ctx.messages);

const day = (iso: string, ctx: ReplyContext) => ctx.messages.format.date(iso, ctx.year);
const moment = (iso: string, ctx: ReplyContext) => ctx.messages.format.dateTime(iso, ctx.year);

export function helpReply(ctx: ReplyContext): JandiMessage {
  const k = ctx.keyword;
  const say = ctx.messages.bot;
  return message(ctx, 'info', say.helpIntro({ keyword: k }), [
    { title: `${k} status [SCHEDULE]`, description: say.helpStatus },
    { title: `${k} extend SCHEDULE until 23:30`, description: say.helpExtend },
    { title: `${k} skip SCHEDULE 2026-12-24`, description: say.helpSkip },
    { title: `${k} start SCHEDULE / stop SCHEDULE`, description: say.helpForce },
    { title: `${k} release SCHEDULE`, description: say.helpRelease },
    { title: `${k} holiday add 2027-03-15 임시공휴일`, description: say.helpHolidayAdd },
    { title: `${k} holiday list [CALENDAR] [YEAR] / holiday remove [CALENDAR] DAY`, description: say.helpHolidays },
  ]);
}

const allCommands = (ctx: ReplyContext): JandiBlock => ({ title: ctx.messages.bot.allCommandsTitle, description: `${ctx.keyword} help` });

export function invalidReply(command: Extract<Command, { kind: 'invalid' }>, ctx: ReplyContext): JandiMessage {
  const say = ctx.messages.bot;
  return message(ctx, 'warning', say.invalidCommand({ problem: command.problem }), [
    {
      title: say.usageTitle,
      description: command.usage
        .split('\n')
        .map((u) => `${ctx.keyword} ${u}`)
        .join('\n'),
    },
    allCommands(ctx),
  ]);
}

/** An operation's refusal (OperationError), already in the topic's language. */
export function failureReply(reason: string, ctx: ReplyContext): JandiMessage {
  return message(ctx, 'warning', ctx.messages.bot.refused({ reason }), [allCommands(ctx)]);
}

/** `shown` is what was asked for: every schedule, or the one named (the caller refuses an unknown name). */
export function statusReply(shown: readonly ScheduleSummary[], ctx: ReplyContext): JandiMessage {
  const say = ctx.messages.bot;
  if (shown.length === 0) return message(ctx, 'info', say.noSchedules, []);
  const body = shown.length === 1 ? say.oneSchedule({ name: shown[0].name }) : say.manySchedules({ count: shown.length });
  return message(
    ctx,
    'info',
    body,
    shown.map((s) => statusBlock(s, ctx)),
  );
}

function statusBlock(s: ScheduleSummary, ctx: ReplyContext): JandiBlock {
  const say = ctx.messages.bot;
  const now = s.force
    ? say.nowForced({ action: s.force, until: s.forceUntil ? moment(s.forceUntil, ctx) : undefined })
    : s.desiredNow === 'unmanaged'
      ? say.nowUnmanaged
      : say.nowShouldBe({ state: s.desiredNow });
  const lines = [
    now,
    s.next ? say.next({ kind: s.next.kind, to: s.next.to, at: moment(s.next.at, ctx) }) : undefined,
    say.windowLine({ window: say.window(s.window), timezone: s.timezone }),
    s.groups.length > 0 ? say.groupsLine({ groups: s.groups }) : undefined,
    ...s.exceptions.slice(0, 3).map((e) => say.exceptionLine({ day: shownDay(e.ExceptionDate, ctx), type: e.ExceptionType, value: e.ExceptionValue })),
    ...s.problems.map((problem) => say.problemLine({ problem })),
  ];
  return { title: s.name, description: lines.filter(Boolean).join('\n') };
}

/** A stored date that may be malformed (an exception of a schedule that does not parse): shown as it is then. */
function shownDay(iso: string, ctx: ReplyContext): string {
  try {
    return day(iso, ctx);
  } catch {
    return iso;
  }
}

export function extendReply(item: ExceptionItem, ctx: ReplyContext): JandiMessage {
  const say = ctx.messages.bot;
  return message(ctx, 'success', say.extended({ schedule: item.ScheduleName, time: item.ExceptionValue, day: day(item.ExceptionDate, ctx) }), [
    { title: say.undoTitle, description: say.extendUndo({ command: `${ctx.keyword} extend ${item.ScheduleName} until HH:MM` }) },
  ]);
}

export function skipReply(item: ExceptionItem, ctx: ReplyContext): JandiMessage {
  return message(ctx, 'success', ctx.messages.bot.skipped({ schedule: item.ScheduleName, day: day(item.ExceptionDate, ctx) }), []);
}

function serversTouched(summary: ScheduleSummary, ctx: ReplyContext): JandiBlock {
  const say = ctx.messages.bot;
  return { title: say.serversTouchedTitle, description: say.serversTouched({ groups: summary.groups, tag: summary.tagValue }) };
}

/** What a start or stop would do, and the exact command that does it. */
export function forceAskReply(command: ForceCommand, summary: ScheduleSummary, ctx: ReplyContext): JandiMessage {
  const say = ctx.messages.bot;
  const duration = command.duration === undefined ? undefined : parseDuration(command.duration);
  const bound = command.until ? ` until ${command.until}` : command.duration ? ` for ${command.duration}` : '';
  return message(
    ctx,
    'warning',
    say.forceAsk({
      action: command.action,
      schedule: command.schedule,
      until: command.until,
      duration: command.duration,
      minutes: duration?.ok ? duration.value : undefined,
    }),
    [serversTouched(summary, ctx), { title: say.toGoAheadTitle, description: `${ctx.keyword} ${command.action} ${command.schedule}${bound} confirm` }],
  );
}

/** `until` is the ForceUntil stored (ISO 8601 with the schedule's offset), if the force ends by itself. */
export function forceDoneReply(
  command: ForceCommand,
  summary: ScheduleSummary,
  until: string | undefined,
  tickMinutes: number,
  ctx: ReplyContext,
): JandiMessage {
  const say = ctx.messages.bot;
  return message(
    ctx,
    'success',
    say.forceDone({ action: command.action, schedule: command.schedule, tickMinutes, until: until ? moment(until, ctx) : undefined }),
    [serversTouched(summary, ctx), { title: say.backToScheduleTitle, description: `${ctx.keyword} release ${command.schedule}` }],
  );
}

export function releasedReply(schedule: string, ctx: ReplyContext): JandiMessage {
  return message(ctx, 'success', ctx.messages.bot.released({ schedule }), []);
}

export function holidayAddedReply(item: HolidayItem, ctx: ReplyContext): JandiMessage {
  const say = ctx.messages.bot;
  const calendar = item.Calendar === 'KR' ? '' : `${item.Calendar} `;
  return message(ctx, 'success', say.holidayAdded({ day: day(item.Date, ctx), name: item.Name, calendar: item.Calendar }), [
    { title: say.undoTitle, description: `${ctx.keyword} holiday remove ${calendar}${item.Date}` },
  ]);
}

export function holidayRemovedReply(item: HolidayItem, ctx: ReplyContext): JandiMessage {
  return message(ctx, 'success', ctx.messages.bot.holidayRemoved({ day: day(item.Date, ctx), name: item.Name, calendar: item.Calendar }), []);
}

/** One year's days: each line's date without the year, which the command named. */
export function holidayListReply(days: readonly ListedHoliday[], ctx: ReplyContext): JandiMessage {
  const say = ctx.messages.bot;
  if (days.length === 0) return message(ctx, 'info', say.noHolidays, []);
  const year = Number(days[0].date.slice(0, 4));
  const line = (d: ListedHoliday) =>
    `${ctx.messages.format.date(d.date, year)} ${d.calendar} ${d.source === 'built-in' ? ctx.messages.format.holidayName(d.name) : d.name}${d.source === 'table' ? ` ${say.addedMark}` : ''}`;
  return message(ctx, 'info', say.holidayCount({ count: days.length }), [{ title: say.holidayListTitle, description: days.map(line).join('\n') }]);
}

/**
 * The chat commands people send to the scheduler from their JANDI topic, parsed into intents, and the replies
 * built from what the scheduler operations returned. Pure: the handler verifies the caller and performs the intent.
 */
import { jandiMessage, type JandiMessage } from '../../../core/jandi-message';
import { CALENDAR_NAME } from '../../core/holidays';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'status'; readonly schedule?: string }
  | { readonly kind: 'extend'; readonly schedule: string; readonly until?: string; readonly duration?: string }
  | { readonly kind: 'skip'; readonly schedule: string; readonly date: string }
  | {
      readonly kind: 'force';
      readonly action: 'start' | 'stop';
      readonly schedule: string;
      readonly confirmed: boolean;
      /** Until a local time, or for a duration; neither: until released. */
      readonly until?: string;
      readonly duration?: string;
    }
  | { readonly kind: 'holiday-add'; readonly calendar?: string; readonly date: string; readonly name: string }
  | { readonly kind: 'holiday-remove'; readonly calendar?: string; readonly date: string }
  | { readonly kind: 'holiday-list'; readonly calendar?: string; readonly year?: number }
  | { readonly kind: 'release'; readonly schedule: string }
  | { readonly kind: 'invalid'; readonly problem: string; readonly usage: string };

export const USAGES = {
  status: 'status [SCHEDULE]',
  extend: 'extend SCHEDULE until HH:MM | extend SCHEDULE 2h',
  skip: 'skip SCHEDULE YYYY-MM-DD',
  start: 'start SCHEDULE [for 3h | until 23:00] [confirm]',
  stop: 'stop SCHEDULE [for 3h | until 08:00] [confirm]',
  release: 'release SCHEDULE',
  holiday: 'holiday add [CALENDAR] YYYY-MM-DD NAME | holiday remove [CALENDAR] YYYY-MM-DD | holiday list [CALENDAR] [YYYY]',
  help: 'help',
} as const;

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** The words after the keyword. JANDI sends them as `data`; older payloads only as `text`, keyword first. */
export function commandText(payload: { data?: unknown; text?: unknown; keyword?: unknown }, keyword: string): string {
  if (typeof payload.data === 'string') return payload.data.trim();
  const text = typeof payload.text === 'string' ? payload.text.trim() : '';
  const first = text.split(/\s+/)[0] ?? '';
  const keywords = [keyword, typeof payload.keyword === 'string' ? payload.keyword : ''].filter(Boolean).map((k) => k.replace(/^\//, '').toLowerCase());
  return keywords.includes(first.replace(/^\//, '').toLowerCase()) ? text.slice(first.length).trim() : text;
}

export function parseCommand(text: string): Command {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'help').toLowerCase();
  const args = words.slice(1);
  const invalid = (problem: string, usage: string): Command => ({ kind: 'invalid', problem, usage });
  const schedule = (usage: string): string | Command => {
    if (args.length === 0) return invalid('which schedule?', usage);
    if (!NAME.test(args[0])) return invalid(`${JSON.stringify(args[0])} is not a schedule name`, usage);
    return args[0];
  };
  switch (verb) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'status':
    case 'list': {
      if (args.length === 0) return { kind: 'status' };
      const name = schedule(USAGES.status);
      return typeof name === 'string'
        ? args.length > 1
          ? invalid('status takes at most one schedule', USAGES.status)
          : { kind: 'status', schedule: name }
        : name;
    }
    case 'extend':
    case 'postpone': {
      const name = schedule(USAGES.extend);
      if (typeof name !== 'string') return name;
      const rest = args.slice(1);
      if (rest.length === 2 && rest[0].toLowerCase() === 'until' && /^\d{1,2}:\d{2}$/.test(rest[1])) return { kind: 'extend', schedule: name, until: rest[1] };
      if (rest.length === 1 && /^(\d+h)?(\d+m)?$/i.test(rest[0]) && rest[0] !== '') return { kind: 'extend', schedule: name, duration: rest[0].toLowerCase() };
      return invalid('say until when (until 23:30) or for how long (2h, 90m, 1h30m)', USAGES.extend);
    }
    case 'skip': {
      const name = schedule(USAGES.skip);
      if (typeof name !== 'string') return name;
      if (args.length !== 2 || !/^\d{4}-\d{2}-\d{2}$/.test(args[1])) return invalid('say which day (YYYY-MM-DD)', USAGES.skip);
      return { kind: 'skip', schedule: name, date: args[1] };
    }
    case 'start':
    case 'stop': {
      const name = schedule(USAGES[verb]);
      if (typeof name !== 'string') return name;
      const rest = args.slice(1).map((w) => w.toLowerCase());
      const confirmed = rest[rest.length - 1] === 'confirm';
      const bound = confirmed ? rest.slice(0, -1) : rest;
      if (bound.length === 0) return { kind: 'force', action: verb, schedule: name, confirmed };
      if (bound.length === 2 && bound[0] === 'until' && /^\d{1,2}:\d{2}$/.test(bound[1]))
        return { kind: 'force', action: verb, schedule: name, confirmed, until: bound[1] };
      if (bound.length === 2 && bound[0] === 'for' && /^(\d+h)?(\d+m)?$/.test(bound[1]) && bound[1] !== '')
        return { kind: 'force', action: verb, schedule: name, confirmed, duration: bound[1] };
      return invalid('after the schedule: "for 3h", "until 23:00" or nothing, then "confirm"', USAGES[verb]);
    }
    case 'holiday':
      return parseHoliday(args);
    case 'release':
    case 'resume': {
      const name = schedule(USAGES.release);
      return typeof name === 'string' ? { kind: 'release', schedule: name } : name;
    }
    default:
      return invalid(`unknown command ${JSON.stringify(verb.slice(0, 40))}`, Object.values(USAGES).join('\n'));
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `add [CALENDAR] DATE NAME...`, `remove [CALENDAR] DATE`, `list [CALENDAR] [YEAR]`: the calendar is KR unless named. */
function parseHoliday(args: readonly string[]): Command {
  const [action, ...rest] = args;
  const invalid = (problem: string): Command => ({ kind: 'invalid', problem, usage: USAGES.holiday.split(' | ').join('\n') });
  const calendar = rest[0] !== undefined && CALENDAR_NAME.test(rest[0]) && !DAY.test(rest[0]) ? rest[0] : undefined;
  const after = calendar ? rest.slice(1) : rest;
  switch (action?.toLowerCase()) {
    case 'add':
      if (after.length < 2 || !DAY.test(after[0])) return invalid('say the day and its name: holiday add 2027-03-15 임시공휴일');
      return { kind: 'holiday-add', calendar, date: after[0], name: after.slice(1).join(' ') };
    case 'remove':
      if (after.length !== 1 || !DAY.test(after[0])) return invalid('say which day: holiday remove 2027-03-15');
      return { kind: 'holiday-remove', calendar, date: after[0] };
    case 'list':
      if (after.length > 1 || (after.length === 1 && !/^\d{4}$/.test(after[0])))
        return invalid('list takes a calendar and a year at most: holiday list KR 2027');
      return { kind: 'holiday-list', calendar, year: after.length === 1 ? Number(after[0]) : undefined };
    default:
      return invalid('holiday needs add, remove or list');
  }
}

export function helpReply(keyword: string): JandiMessage {
  return jandiMessage('info', `Instance scheduler commands (type ${keyword} and one of these):`, [
    { title: `${keyword} status [SCHEDULE]`, description: 'What runs now and what happens next' },
    { title: `${keyword} extend SCHEDULE until 23:30`, description: "Postpone today's stop to a time (or: extend SCHEDULE 2h)" },
    { title: `${keyword} skip SCHEDULE 2026-12-24`, description: 'No start on that day' },
    {
      title: `${keyword} start SCHEDULE / stop SCHEDULE`,
      description: 'Keep the servers running (or stopped) until released, or add "for 3h" or "until 23:00"; asks for confirm first',
    },
    { title: `${keyword} release SCHEDULE`, description: 'Back to the schedule after start or stop' },
    {
      title: `${keyword} holiday add 2027-03-15 임시공휴일`,
      description: 'A day off for schedules skipping KR holidays (or: holiday add COMPANY 2027-03-15 NAME)',
    },
    { title: `${keyword} holiday list [CALENDAR] [YEAR] / holiday remove [CALENDAR] DAY`, description: "The year's holidays; remove a day added here" },
  ]);
}

export function invalidReply(command: Extract<Command, { kind: 'invalid' }>, keyword: string): JandiMessage {
  return jandiMessage('warning', `That did not work: ${command.problem}.`, [
    {
      title: 'Usage',
      description: command.usage
        .split('\n')
        .map((u) => `${keyword} ${u}`)
        .join('\n'),
    },
    { title: 'All commands', description: `${keyword} help` },
  ]);
}

export function failureReply(message: string, keyword: string): JandiMessage {
  return jandiMessage('warning', `That did not work: ${message}`, [{ title: 'All commands', description: `${keyword} help` }]);
}

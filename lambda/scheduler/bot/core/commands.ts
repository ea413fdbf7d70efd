/**
 * The chat commands people send to the scheduler from their JANDI topic, parsed into intents. The commands are
 * the same words in every language; only the problems are said in the topic's. Pure: the handler verifies the
 * caller and performs the intent (replies.ts words the outcome).
 */
import { botMessages, type BotMessages } from '../../../core/messages/bot';
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

export function parseCommand(text: string, say: BotMessages = botMessages.en): Command {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'help').toLowerCase();
  const args = words.slice(1);
  const invalid = (problem: string, usage: string): Command => ({ kind: 'invalid', problem, usage });
  const schedule = (usage: string): string | Command => {
    if (args.length === 0) return invalid(say.whichSchedule, usage);
    if (!NAME.test(args[0])) return invalid(say.notAScheduleName({ text: args[0] }), usage);
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
      return typeof name === 'string' ? (args.length > 1 ? invalid(say.statusTakesOneSchedule, USAGES.status) : { kind: 'status', schedule: name }) : name;
    }
    case 'extend':
    case 'postpone': {
      const name = schedule(USAGES.extend);
      if (typeof name !== 'string') return name;
      const rest = args.slice(1);
      if (rest.length === 2 && rest[0].toLowerCase() === 'until' && /^\d{1,2}:\d{2}$/.test(rest[1])) return { kind: 'extend', schedule: name, until: rest[1] };
      if (rest.length === 1 && /^(\d+h)?(\d+m)?$/i.test(rest[0]) && rest[0] !== '') return { kind: 'extend', schedule: name, duration: rest[0].toLowerCase() };
      return invalid(say.extendNeedsBound, USAGES.extend);
    }
    case 'skip': {
      const name = schedule(USAGES.skip);
      if (typeof name !== 'string') return name;
      if (args.length !== 2 || !/^\d{4}-\d{2}-\d{2}$/.test(args[1])) return invalid(say.skipNeedsDay, USAGES.skip);
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
      return invalid(say.forceNeedsBound, USAGES[verb]);
    }
    case 'holiday':
      return parseHoliday(args, say);
    case 'release':
    case 'resume': {
      const name = schedule(USAGES.release);
      return typeof name === 'string' ? { kind: 'release', schedule: name } : name;
    }
    default:
      return invalid(say.unknownCommand({ verb: verb.slice(0, 40) }), Object.values(USAGES).join('\n'));
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `add [CALENDAR] DATE NAME...`, `remove [CALENDAR] DATE`, `list [CALENDAR] [YEAR]`: the calendar is KR unless named. */
function parseHoliday(args: readonly string[], say: BotMessages): Command {
  const [action, ...rest] = args;
  const invalid = (problem: string): Command => ({ kind: 'invalid', problem, usage: USAGES.holiday.split(' | ').join('\n') });
  const calendar = rest[0] !== undefined && CALENDAR_NAME.test(rest[0]) && !DAY.test(rest[0]) ? rest[0] : undefined;
  const after = calendar ? rest.slice(1) : rest;
  switch (action?.toLowerCase()) {
    case 'add':
      if (after.length < 2 || !DAY.test(after[0])) return invalid(say.holidayAddNeeds({ example: 'holiday add 2027-03-15 임시공휴일' }));
      return { kind: 'holiday-add', calendar, date: after[0], name: after.slice(1).join(' ') };
    case 'remove':
      if (after.length !== 1 || !DAY.test(after[0])) return invalid(say.holidayRemoveNeeds({ example: 'holiday remove 2027-03-15' }));
      return { kind: 'holiday-remove', calendar, date: after[0] };
    case 'list':
      if (after.length > 1 || (after.length === 1 && !/^\d{4}$/.test(after[0]))) return invalid(say.holidayListTakes({ example: 'holiday list KR 2027' }));
      return { kind: 'holiday-list', calendar, year: after.length === 1 ? Number(after[0]) : undefined };
    default:
      return invalid(say.holidayNeedsAction);
  }
}

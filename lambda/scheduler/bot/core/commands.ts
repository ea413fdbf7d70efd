/**
 * The chat commands people send to the scheduler from their JANDI topic, parsed into intents, and the replies
 * built from what the scheduler operations returned. Pure: the handler verifies the caller and performs the intent.
 */
import { jandiMessage, type JandiMessage } from '../../../core/jandi-message';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'status'; readonly schedule?: string }
  | { readonly kind: 'extend'; readonly schedule: string; readonly until?: string; readonly duration?: string }
  | { readonly kind: 'skip'; readonly schedule: string; readonly date: string }
  | { readonly kind: 'force'; readonly action: 'start' | 'stop'; readonly schedule: string; readonly confirmed: boolean }
  | { readonly kind: 'release'; readonly schedule: string }
  | { readonly kind: 'invalid'; readonly problem: string; readonly usage: string };

export const USAGES = {
  status: 'status [SCHEDULE]',
  extend: 'extend SCHEDULE until HH:MM | extend SCHEDULE 2h',
  skip: 'skip SCHEDULE YYYY-MM-DD',
  start: 'start SCHEDULE [confirm]',
  stop: 'stop SCHEDULE [confirm]',
  release: 'release SCHEDULE',
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
      if (args.length > 2 || (args.length === 2 && args[1].toLowerCase() !== 'confirm')) return invalid(`only "confirm" may follow the schedule`, USAGES[verb]);
      return { kind: 'force', action: verb, schedule: name, confirmed: args.length === 2 };
    }
    case 'release':
    case 'resume': {
      const name = schedule(USAGES.release);
      return typeof name === 'string' ? { kind: 'release', schedule: name } : name;
    }
    default:
      return invalid(`unknown command ${JSON.stringify(verb.slice(0, 40))}`, Object.values(USAGES).join('\n'));
  }
}

export function helpReply(keyword: string): JandiMessage {
  return jandiMessage('info', `Instance scheduler commands (type ${keyword} and one of these):`, [
    { title: `${keyword} status [SCHEDULE]`, description: 'What runs now and what happens next' },
    { title: `${keyword} extend SCHEDULE until 23:30`, description: "Postpone today's stop to a time (or: extend SCHEDULE 2h)" },
    { title: `${keyword} skip SCHEDULE 2026-12-24`, description: 'No start on that day' },
    { title: `${keyword} start SCHEDULE / stop SCHEDULE`, description: 'Keep the servers running (or stopped) until released; asks for confirm first' },
    { title: `${keyword} release SCHEDULE`, description: 'Back to the schedule after start or stop' },
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

/**
 * The JANDI Outgoing Webhook endpoint of the scheduler. JANDI posts `{ token, roomName, writerName, data, ... }`;
 * the token is compared in constant time with the one in Secrets Manager (anything else: 401, nothing done), only
 * configured topics are served, and the command runs through the same SchedulerOperations as the CLI. The reply is
 * an Incoming Webhook message, which JANDI shows in the topic.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { jandiMessage, type JandiMessage } from '../../core/jandi-message';
import { OperationError, type ScheduleSummary, type SchedulerOperations } from '../operations';
import { commandText, failureReply, helpReply, invalidReply, parseCommand, type Command } from './core/commands';
import { cappedLogFields } from './core/log-fields';

export interface BotRequest {
  readonly method: string;
  readonly body: string;
  /** Where the request came from (the Function URL's request context, not the body). */
  readonly sourceIp?: string;
}

export interface BotResponse {
  readonly statusCode: number;
  readonly body: JandiMessage;
}

export interface BotDependencies {
  /** The Outgoing Webhook's token, from Secrets Manager. */
  readonly token: () => Promise<string>;
  /** Topic (room) names commands are accepted from. */
  readonly topics: readonly string[];
  /** The webhook keyword, e.g. /scheduler. */
  readonly keyword: string;
  readonly operations: SchedulerOperations;
  /** Receives every field already capped (cappedLogFields). */
  readonly log: (message: string, fields: Record<string, unknown>) => void;
  /** Counts a request refused for its token (a metric an alarm watches). */
  readonly rejectedToken: () => void;
  /** How often the scheduler ticks, to say when a forced change happens. */
  readonly tickMinutes: number;
}

/** Equal strings, compared without leaking where they differ or how long the expected one is. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

const reply = (statusCode: number, body: JandiMessage): BotResponse => ({ statusCode, body });

export async function handleBotRequest(request: BotRequest, deps: BotDependencies): Promise<BotResponse> {
  const log = (message: string, fields: Record<string, unknown>) => deps.log(message, cappedLogFields(fields));
  if (request.method !== 'POST') return reply(405, jandiMessage('warning', 'POST a JANDI Outgoing Webhook here.', []));
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    payload = parsed as Record<string, unknown>;
  } catch {
    return reply(400, jandiMessage('warning', 'Expected the JSON body of a JANDI Outgoing Webhook.', []));
  }
  // Nothing the body says is logged before its token is known to be right: a stranger's text stays out of the log.
  if (typeof payload.token !== 'string' || !tokensMatch(payload.token, await deps.token())) {
    log('rejected a request with a wrong token', { sourceIp: request.sourceIp, token: typeof payload.token === 'string' ? 'wrong' : 'missing' });
    deps.rejectedToken();
    return reply(401, jandiMessage('failure', 'Unauthorized.', []));
  }
  const writer = String(payload.writerName ?? (payload.writer as { name?: unknown } | undefined)?.name ?? 'someone');
  const email = payload.writerEmail ?? (payload.writer as { email?: unknown } | undefined)?.email;
  const topic = typeof payload.roomName === 'string' ? payload.roomName : '';
  if (!deps.topics.includes(topic)) {
    log('refused a command from a topic that is not configured', { topic, writer });
    return reply(403, jandiMessage('warning', `The scheduler takes commands in ${deps.topics.join(', ')} only, not in ${topic || 'this topic'}.`, []));
  }
  const text = commandText(payload, deps.keyword);
  const command = parseCommand(text);
  let response: JandiMessage;
  let outcome = 'ok';
  try {
    response = await perform(command, deps);
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    outcome = `refused: ${error.message}`;
    response = failureReply(error.message, deps.keyword);
  }
  if (command.kind === 'invalid') outcome = `invalid: ${command.problem}`;
  log('bot command', { writer, email, topic, command: text, kind: command.kind, outcome });
  return reply(200, response);
}

async function perform(command: Command, deps: BotDependencies): Promise<JandiMessage> {
  const ops = deps.operations;
  const k = deps.keyword;
  switch (command.kind) {
    case 'help':
      return helpReply(k);
    case 'invalid':
      return invalidReply(command, k);
    case 'status': {
      const all = await ops.listSchedules();
      const shown = command.schedule ? all.filter((s) => s.name === command.schedule) : all;
      if (command.schedule && shown.length === 0)
        throw new OperationError(`no schedule named ${JSON.stringify(command.schedule)}; schedules: ${all.map((s) => s.name).join(', ') || '(none)'}`);
      if (shown.length === 0) return jandiMessage('info', 'No schedules yet.', []);
      return jandiMessage('info', shown.length === 1 ? `Schedule ${shown[0].name}` : `${shown.length} schedules`, shown.map(statusBlock));
    }
    case 'extend': {
      const item = await ops.extendStop(command.schedule, command.until ? { until: command.until } : { duration: command.duration });
      return jandiMessage('success', `${command.schedule} now stops at ${item.ExceptionValue} today (${item.ExceptionDate}).`, [
        { title: 'Undo', description: `${k} extend ${command.schedule} until HH:MM sets another time` },
      ]);
    }
    case 'skip': {
      const item = await ops.skipDay(command.schedule, command.date);
      return jandiMessage('success', `${command.schedule} will not start on ${item.ExceptionDate}.`, []);
    }
    case 'force': {
      const summary = (await ops.listSchedules()).find((s) => s.name === command.schedule);
      if (!summary) throw new OperationError(`no schedule named ${JSON.stringify(command.schedule)}`);
      const touched = {
        title: 'Servers touched',
        description: `${summary.groups.length > 0 ? summary.groups.join(', ') : 'no groups'} (every instance tagged ${summary.tagValue})`,
      };
      const bound = command.until ? ` until ${command.until}` : command.duration ? ` for ${command.duration}` : '';
      if (!command.confirmed) {
        return jandiMessage(
          'warning',
          `This ${command.action === 'start' ? 'starts and keeps running' : 'stops and keeps stopped'} every server of ${command.schedule}${bound || ' until released'}.`,
          [touched, { title: 'To go ahead', description: `${k} ${command.action} ${command.schedule}${bound} confirm` }],
        );
      }
      const until = await ops.setForce(command.schedule, command.action, { until: command.until, duration: command.duration });
      const verb = command.action === 'start' ? 'started' : 'stopped';
      return jandiMessage(
        'success',
        `${command.schedule} is ${verb} at the next tick (within ${deps.tickMinutes} minutes) and stays so ${until ? `until ${readableInstant(until)}, then follows its schedule` : 'until released'}.`,
        [touched, { title: 'Back to the schedule', description: `${k} release ${command.schedule}` }],
      );
    }
    case 'holiday-add': {
      const item = await ops.addHoliday(command);
      const skipping = item.Calendar === 'KR' ? 'schedules skipping KR holidays' : `schedules whose SkipHolidays lists ${item.Calendar}`;
      return jandiMessage('success', `${item.Date} (${item.Name}) is a ${item.Calendar} holiday: ${skipping} do not start that day.`, [
        { title: 'Undo', description: `${k} holiday remove ${item.Calendar === 'KR' ? '' : `${item.Calendar} `}${item.Date}` },
      ]);
    }
    case 'holiday-remove': {
      const item = await ops.removeHoliday(command);
      return jandiMessage('success', `${item.Date} (${item.Name}) is no longer a ${item.Calendar} holiday.`, []);
    }
    case 'holiday-list': {
      const days = await ops.listHolidays(command);
      if (days.length === 0) return jandiMessage('info', 'No holidays found.', []);
      return jandiMessage('info', `${days.length} holidays`, [
        {
          title: 'Date, calendar, name',
          description: days.map((d) => `${d.date} ${d.calendar} ${d.name}${d.source === 'table' ? ' (added)' : ''}`).join('\n'),
        },
      ]);
    }
    case 'release':
      await ops.setForce(command.schedule, 'none');
      return jandiMessage('success', `${command.schedule} follows its schedule again.`, []);
  }
}

function statusBlock(s: ScheduleSummary): { title: string; description: string } {
  const now = s.force
    ? `forced to ${s.force === 'start' ? 'run' : 'stay stopped'}${s.forceUntil ? ` until ${readableInstant(s.forceUntil)}` : ''}`
    : s.desiredNow === 'unmanaged'
      ? 'not managed (disabled)'
      : `should be ${s.desiredNow}`;
  const lines = [
    `Now: ${now}`,
    s.next ? `Next: ${s.next.kind === 'force-ends' ? `back to the schedule (${s.next.to})` : s.next.kind} at ${readableInstant(s.next.at)}` : undefined,
    `Window: ${s.window} (${s.timezone})`,
    s.groups.length > 0 ? `Groups: ${s.groups.join(', ')}` : undefined,
    ...s.exceptions.slice(0, 3).map((e) => `Exception ${e.ExceptionDate}: ${e.ExceptionType} ${e.ExceptionValue}`),
    ...s.problems.map((p) => `Problem: ${p}`),
  ];
  return { title: s.name, description: lines.filter(Boolean).join('\n') };
}

/** `2026-11-30T23:00:00+09:00` → `2026-11-30 23:00`: the offset is the schedule's own, which the topic knows. */
function readableInstant(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

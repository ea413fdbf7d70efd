/**
 * The JANDI Outgoing Webhook endpoint of the scheduler. JANDI posts `{ token, roomName, writerName, data, ... }`;
 * the token is compared in constant time with the one in Secrets Manager (anything else: 401, nothing done), only
 * configured topics are served, and the command runs through the same SchedulerOperations as the CLI. The reply is
 * an Incoming Webhook message, which JANDI shows in the topic, in the language the deployment set (jandi.language).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { jandiMessage, type JandiMessage } from '../../core/jandi-message';
import { messagesFor, type Messages } from '../../core/messages/catalogue';
import { OperationError, type ScheduleSummary, type SchedulerOperations } from '../operations';
import { commandText, parseCommand, type Command } from './core/commands';
import { cappedLogFields } from './core/log-fields';
import {
  extendReply,
  failureReply,
  forceAskReply,
  forceDoneReply,
  helpReply,
  holidayAddedReply,
  holidayListReply,
  holidayRemovedReply,
  invalidReply,
  releasedReply,
  skipReply,
  statusReply,
  type ReplyContext,
} from './core/replies';

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
  /** The language of the replies; the operations should be given the same. @default English */
  readonly messages?: Messages;
}

/** Equal strings, compared without leaking where they differ or how long the expected one is. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

const reply = (statusCode: number, body: JandiMessage): BotResponse => ({ statusCode, body });

export async function handleBotRequest(request: BotRequest, deps: BotDependencies): Promise<BotResponse> {
  const log = (message: string, fields: Record<string, unknown>) => deps.log(message, cappedLogFields(fields));
  const messages = deps.messages ?? messagesFor('en');
  const say = messages.bot;
  if (request.method !== 'POST') return reply(405, jandiMessage('warning', say.postOnly, []));
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    payload = parsed as Record<string, unknown>;
  } catch {
    return reply(400, jandiMessage('warning', say.notJson, []));
  }
  // Nothing the body says is logged before its token is known to be right: a stranger's text stays out of the log.
  if (typeof payload.token !== 'string' || !tokensMatch(payload.token, await deps.token())) {
    log('rejected a request with a wrong token', { sourceIp: request.sourceIp, token: typeof payload.token === 'string' ? 'wrong' : 'missing' });
    deps.rejectedToken();
    return reply(401, jandiMessage('failure', say.unauthorized, []));
  }
  const writer = String(payload.writerName ?? (payload.writer as { name?: unknown } | undefined)?.name ?? 'someone');
  const email = payload.writerEmail ?? (payload.writer as { email?: unknown } | undefined)?.email;
  const topic = typeof payload.roomName === 'string' ? payload.roomName : '';
  if (!deps.topics.includes(topic)) {
    log('refused a command from a topic that is not configured', { topic, writer });
    return reply(403, jandiMessage('warning', say.wrongTopic({ topics: deps.topics, topic }), []));
  }
  const text = commandText(payload, deps.keyword);
  const command = parseCommand(text, say);
  const ctx: ReplyContext = { messages, keyword: deps.keyword, year: Number(deps.operations.today().slice(0, 4)) };
  let response: JandiMessage;
  let outcome = 'ok';
  try {
    response = await perform(command, deps, ctx);
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    outcome = `refused: ${error.message}`;
    response = failureReply(error.message, ctx);
  }
  if (command.kind === 'invalid') outcome = `invalid: ${command.problem}`;
  log('bot command', { writer, email, topic, command: text, kind: command.kind, outcome });
  return reply(200, response);
}

async function perform(command: Command, deps: BotDependencies, ctx: ReplyContext): Promise<JandiMessage> {
  const ops = deps.operations;
  switch (command.kind) {
    case 'help':
      return helpReply(ctx);
    case 'invalid':
      return invalidReply(command, ctx);
    case 'status': {
      const all = await ops.listSchedules();
      const shown = command.schedule ? all.filter((s) => s.name === command.schedule) : all;
      if (command.schedule && shown.length === 0) throw unknownSchedule(command.schedule, all, ctx);
      return statusReply(shown, ctx);
    }
    case 'extend':
      return extendReply(await ops.extendStop(command.schedule, command.until ? { until: command.until } : { duration: command.duration }), ctx);
    case 'skip':
      return skipReply(await ops.skipDay(command.schedule, command.date), ctx);
    case 'force': {
      const all = await ops.listSchedules();
      const summary = all.find((s) => s.name === command.schedule);
      if (!summary) throw unknownSchedule(command.schedule, all, ctx);
      if (!command.confirmed) return forceAskReply(command, summary, ctx);
      const until = await ops.setForce(command.schedule, command.action, { until: command.until, duration: command.duration });
      return forceDoneReply(command, summary, until, deps.tickMinutes, ctx);
    }
    case 'holiday-add':
      return holidayAddedReply(await ops.addHoliday(command), ctx);
    case 'holiday-remove':
      return holidayRemovedReply(await ops.removeHoliday(command), ctx);
    case 'holiday-list':
      return holidayListReply(await ops.listHolidays(command), ctx);
    case 'release':
      await ops.setForce(command.schedule, 'none');
      return releasedReply(command.schedule, ctx);
  }
}

/** The refusal the operations give for a name no schedule has, listing the ones there are. */
function unknownSchedule(name: string, all: readonly ScheduleSummary[], ctx: ReplyContext): OperationError {
  return new OperationError(ctx.messages.bot.noSchedule({ name, schedules: all.map((s) => s.name) }));
}

/** Lambda entry point of the JANDI bot, behind a Function URL (JANDI cannot sign requests; the token is checked). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { readSecret } from '../../adapters/secrets';
import { jandiMessage, type JandiMessage } from '../../core/jandi-message';
import { languageFromEnv, messagesFor, type Messages } from '../../core/messages/catalogue';
import { positiveIntegerEnv, requiredEnv } from '../../shared/env';
import { logger, metrics } from '../../shared/powertools';
import { SchedulerStore } from '../adapters/store';
import { createHolidayCalendar } from '../core/holidays';
import { SchedulerOperations } from '../operations';
import { handleBotRequest, type BotDependencies } from './bot';
import { cappedLogFields } from './core/log-fields';
import { decodeRequestBody } from './core/request-body';
import { tokenFromSecret } from './core/token';

export { tokenFromSecret } from './core/token';

export function dependenciesFromEnvironment(env: NodeJS.ProcessEnv = process.env, clients = { dynamo: new DynamoDBClient({}) }): BotDependencies {
  const tokenSecretArn = requiredEnv('BOT_TOKEN_SECRET_ARN', env);
  const store = new SchedulerStore(clients.dynamo, {
    schedules: requiredEnv('SCHEDULES_TABLE', env),
    groups: requiredEnv('GROUPS_TABLE', env),
    exceptions: requiredEnv('EXCEPTIONS_TABLE', env),
    state: requiredEnv('STATE_TABLE', env),
    holidays: requiredEnv('HOLIDAYS_TABLE', env),
  });
  const messages = messagesFor(languageFromEnv(env));
  return {
    token: async () => tokenFromSecret(await readSecret(tokenSecretArn)),
    topics: JSON.parse(requiredEnv('BOT_TOPICS', env)) as string[],
    keyword: env.CHAT_COMMAND || '/scheduler',
    tickMinutes: positiveIntegerEnv('TICK_MINUTES', 5, env),
    operations: new SchedulerOperations({
      store,
      defaultTimezone: requiredEnv('DEFAULT_TIMEZONE', env),
      holidays: createHolidayCalendar(),
      now: () => new Date(),
      messages,
    }),
    messages,
    log: (message, fields) => logger.info(message, fields),
    rejectedToken: () => metrics.addMetric('RejectedTokens', MetricUnit.Count, 1),
  };
}

let dependencies: BotDependencies | undefined;
let messages: Messages | undefined;

const respond = (statusCode: number, message: JandiMessage | Record<string, unknown>): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(message),
});

async function handleRequest(event: LambdaFunctionURLEvent): Promise<APIGatewayProxyResultV2> {
  const http = event?.requestContext?.http;
  const method = typeof http?.method === 'string' ? http.method : 'POST';
  const sourceIp = typeof http?.sourceIp === 'string' ? http.sourceIp : undefined;
  // Only the language is read before the size check: the other settings wait for a body worth answering.
  messages ??= messagesFor(languageFromEnv());
  // Size first: the body is not decoded, parsed or logged when it is too large.
  const body = decodeRequestBody(event?.body, event?.isBase64Encoded, messages.bot);
  if (!body.ok) {
    logger.warn(
      'refused a request body',
      cappedLogFields({ problem: body.problem, sourceIp, rawLength: typeof event?.body === 'string' ? event.body.length : undefined }),
    );
    return respond(body.statusCode, jandiMessage('warning', body.problem, []));
  }
  dependencies ??= dependenciesFromEnvironment();
  try {
    const response = await handleBotRequest({ method, body: body.text, sourceIp }, dependencies);
    return respond(response.statusCode, response.body);
  } catch (error) {
    // Never a stack trace in the topic: the details go to the log.
    logger.error('bot request failed', cappedLogFields({ error }));
    return respond(200, {
      body: messages.bot.internalError,
      connectColor: '#E37400',
      connectInfo: [],
    });
  }
}

export const handler = middy(handleRequest).use(injectLambdaContext(logger)).use(logMetrics(metrics));

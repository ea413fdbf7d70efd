/** Lambda entry point of the JANDI bot, behind a Function URL (JANDI cannot sign requests; the token is checked). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { cachedSecret } from '../adapters/secrets';
import { positiveIntegerEnv, requiredEnv } from '../shared/env';
import { logger } from '../shared/powertools';
import { SchedulerStore } from '../scheduler/adapters/store';
import { createHolidayCalendar, type Holiday } from '../scheduler/core/holidays';
import { SchedulerOperations } from '../scheduler/operations';
import { handleBotRequest, type BotDependencies } from './bot';

/** The token secret holds the token itself, or JSON with a `token` field. */
export function tokenFromSecret(value: string): string {
  try {
    const parsed = JSON.parse(value) as { token?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.token === 'string') return parsed.token;
  } catch {
    // not JSON: the value is the token
  }
  return value.trim();
}

export function dependenciesFromEnvironment(env: NodeJS.ProcessEnv = process.env, clients = { dynamo: new DynamoDBClient({}), secrets: new SecretsManagerClient({}) }): BotDependencies {
  const secret = cachedSecret(clients.secrets, requiredEnv('BOT_TOKEN_SECRET_ARN', env));
  const store = new SchedulerStore(clients.dynamo, {
    schedules: requiredEnv('SCHEDULES_TABLE', env),
    groups: requiredEnv('GROUPS_TABLE', env),
    exceptions: requiredEnv('EXCEPTIONS_TABLE', env),
    state: requiredEnv('STATE_TABLE', env),
  });
  return {
    token: async () => tokenFromSecret(await secret.get()),
    topics: JSON.parse(requiredEnv('BOT_TOPICS', env)) as string[],
    keyword: env.CHAT_COMMAND || '/scheduler',
    tickMinutes: positiveIntegerEnv('TICK_MINUTES', 5, env),
    operations: new SchedulerOperations({
      store,
      defaultTimezone: requiredEnv('DEFAULT_TIMEZONE', env),
      holidays: createHolidayCalendar(JSON.parse(env.COMPANY_HOLIDAYS ?? '[]') as Holiday[]),
      now: () => new Date(),
    }),
    log: (message, fields) => logger.info(message, fields),
  };
}

let dependencies: BotDependencies | undefined;

export async function handler(event: LambdaFunctionURLEvent): Promise<APIGatewayProxyResultV2> {
  dependencies ??= dependenciesFromEnvironment();
  const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    const response = await handleBotRequest({ method: event.requestContext?.http?.method ?? 'POST', body }, dependencies);
    return { statusCode: response.statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(response.body) };
  } catch (error) {
    // Never a stack trace in the topic: the details go to the log.
    logger.error('bot request failed', { error: error instanceof Error ? error.message : String(error) });
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ body: 'Something went wrong on the scheduler side; it is in the logs. Try again in a minute.', connectColor: '#E37400', connectInfo: [] }),
    };
  }
}

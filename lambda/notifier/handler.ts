/** Lambda entry point of the JANDI notifier: wires AWS clients and settings from the environment. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { cachedSecret } from '../adapters/secrets';
import { languageFromEnv } from '../core/messages/catalogue';
import { positiveIntegerEnv, requiredEnv } from '../shared/env';
import { logger, metrics } from '../shared/powertools';
import { createNotifier } from './notifier';

let notify: ReturnType<typeof createNotifier> | undefined;

function notifierFromEnvironment(): ReturnType<typeof createNotifier> {
  return createNotifier(
    {
      queueUrl: requiredEnv('NOTIFICATIONS_QUEUE_URL'),
      deadLetterQueueUrl: requiredEnv('DEAD_LETTER_QUEUE_URL'),
      attemptTimeoutMs: positiveIntegerEnv('JANDI_TIMEOUT_MS', 5000),
      retry: { maxAttempts: positiveIntegerEnv('JANDI_MAX_ATTEMPTS', 3), baseDelayMs: 500, maxDelayMs: 5000 },
      language: languageFromEnv(),
      timezone: process.env.APP_TIMEZONE,
    },
    {
      sqs: new SQSClient({}),
      webhookSecret: cachedSecret(requiredEnv('JANDI_WEBHOOK_SECRET_ARN')),
    },
  );
}

async function notifyBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  notify ??= notifierFromEnvironment();
  // Keep a second in hand so the batch response is returned before the Lambda time-out.
  return notify(event, () => context.getRemainingTimeInMillis() - 1000);
}

export const handler = middy(notifyBatch).use(injectLambdaContext(logger)).use(logMetrics(metrics));

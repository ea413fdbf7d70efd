/** Lambda entry point of the JANDI notifier: wires AWS clients and settings from the environment. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { cachedSecret } from '../adapters/secrets';
import { positiveIntegerEnv, requiredEnv } from '../shared/env';
import { logger } from '../shared/powertools';
import { createNotifier } from './notifier';

let notify: ReturnType<typeof createNotifier> | undefined;

function notifierFromEnvironment(): ReturnType<typeof createNotifier> {
  return createNotifier(
    {
      queueUrl: requiredEnv('NOTIFICATIONS_QUEUE_URL'),
      deadLetterQueueUrl: requiredEnv('DEAD_LETTER_QUEUE_URL'),
      attemptTimeoutMs: positiveIntegerEnv('JANDI_TIMEOUT_MS', 5000),
      retry: { maxAttempts: positiveIntegerEnv('JANDI_MAX_ATTEMPTS', 3), baseDelayMs: 500, maxDelayMs: 5000 },
    },
    {
      sqs: new SQSClient({}),
      webhookSecret: cachedSecret(new SecretsManagerClient({}), requiredEnv('JANDI_WEBHOOK_SECRET_ARN')),
    },
  );
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  notify ??= notifierFromEnvironment();
  // Keep a second in hand so the batch response is returned before the Lambda time-out.
  return notify(event, () => context.getRemainingTimeInMillis() - 1000);
}

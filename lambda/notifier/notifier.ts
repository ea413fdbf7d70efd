/**
 * The notifier's shell: takes SQS records holding what was published to the notifications topic, renders
 * each into a JANDI message and delivers it. Nothing is lost: a message JANDI did not take goes back to the
 * queue with a growing delay (and to the dead-letter queue after the queue's maxReceiveCount); a message
 * JANDI refuses for good (4xx) goes straight to the dead-letter queue with the reason.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deliverWithRetries, describeAttempt, redeliveryDelaySeconds, type RetryOptions } from '../core/delivery-policy';
import { messagesFor, type Language } from '../core/messages/catalogue';
import { renderInbound } from '../core/notification';
import { parseWebhookSecret, postToJandi } from '../adapters/jandi-webhook';
import { logger, metrics } from '../shared/powertools';

export interface NotifierSettings {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly attemptTimeoutMs: number;
  readonly retry: RetryOptions;
  /** The language alarms and the notifier's own words are shown in. @default 'en' */
  readonly language?: Language;
  /** The team's time zone, which alarms' times are shown in. @default UTC, as CloudWatch writes them */
  readonly timezone?: string;
}

export interface NotifierDependencies {
  readonly sqs: SQSClient;
  readonly webhookSecret: { get(): Promise<string>; invalidate(): void };
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export function createNotifier(settings: NotifierSettings, deps: NotifierDependencies) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  const messages = messagesFor(settings.language ?? 'en');

  return async function notify(event: SQSEvent, remainingMs: () => number): Promise<SQSBatchResponse> {
    const failures: SQSBatchItemFailure[] = [];
    let webhookUrl: string;
    try {
      webhookUrl = parseWebhookSecret(await deps.webhookSecret.get());
    } catch (error) {
      deps.webhookSecret.invalidate();
      logger.error('cannot read the JANDI webhook secret; every message goes back to the queue', {
        error: error instanceof Error ? error.message : String(error),
      });
      metrics.addMetric('WebhookSecretUnavailable', MetricUnit.Count, 1);
      return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
    }

    for (const record of event.Records) {
      const ok = await handleRecord(record, webhookUrl, remainingMs);
      if (!ok) failures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures: failures };
  };

  async function handleRecord(record: SQSRecord, webhookUrl: string, remainingMs: () => number): Promise<boolean> {
    const { message: text, subject } = unwrapSnsEnvelope(record.body);
    const { kind, message } = renderInbound(text, subject, messages, settings.timezone);
    const outcome = await deliverWithRetries(
      { ...settings.retry, attemptTimeoutMs: settings.attemptTimeoutMs },
      { send: () => postToJandi(webhookUrl, message, settings.attemptTimeoutMs), sleep, random, remainingMs },
    );
    const context = { messageId: record.messageId, kind, attempts: outcome.attempts, result: describeAttempt(outcome.last) };
    metrics.addMetric('DeliveryAttempts', MetricUnit.Count, outcome.attempts);

    if (outcome.verdict === 'delivered') {
      logger.info('delivered to JANDI', context);
      metrics.addMetric('Delivered', MetricUnit.Count, 1);
      return true;
    }
    if (outcome.verdict === 'permanent') return deadLetter(record, describeAttempt(outcome.last), context);

    const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
    const delaySeconds = redeliveryDelaySeconds(receiveCount);
    logger.warn('JANDI did not take the message; it goes back to the queue', { ...context, receiveCount, retryInSeconds: delaySeconds });
    metrics.addMetric('Requeued', MetricUnit.Count, 1);
    await deps.sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: settings.queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: delaySeconds }))
      .catch((error: unknown) => logger.warn('could not delay the retry; the queue default applies', { error: String(error) }));
    return false;
  }

  async function deadLetter(record: SQSRecord, reason: string, context: Record<string, unknown>): Promise<boolean> {
    try {
      await deps.sqs.send(
        new SendMessageCommand({
          QueueUrl: settings.deadLetterQueueUrl,
          MessageBody: record.body,
          MessageAttributes: {
            Reason: { DataType: 'String', StringValue: `JANDI refused the message: ${reason}` },
            OriginalMessageId: { DataType: 'String', StringValue: record.messageId },
          },
        }),
      );
    } catch (error) {
      logger.error('JANDI refused the message and the dead-letter queue is unreachable; it goes back to the queue', {
        ...context,
        error: String(error),
      });
      return false;
    }
    logger.error('JANDI refused the message for good; moved to the dead-letter queue', context);
    metrics.addMetric('DeadLettered', MetricUnit.Count, 1);
    return true;
  }
}

/** SNS wraps what was published in an envelope unless raw delivery is on; accept both. */
export function unwrapSnsEnvelope(body: string): { message: string; subject?: string } {
  try {
    const envelope = JSON.parse(body) as { Type?: unknown; Message?: unknown; Subject?: unknown };
    if (envelope.Type === 'Notification' && typeof envelope.Message === 'string') {
      return { message: envelope.Message, subject: typeof envelope.Subject === 'string' ? envelope.Subject : undefined };
    }
  } catch {
    // not JSON: a raw message
  }
  return { message: body };
}

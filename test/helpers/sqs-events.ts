import type { SQSEvent, SQSRecord } from 'aws-lambda';

let sequence = 0;

/** An SQS record as Lambda delivers it from the notifications queue, with `body` as SNS wrapped it. */
export function snsViaSqsRecord(message: string, options: { subject?: string; receiveCount?: number; raw?: boolean } = {}): SQSRecord {
  sequence++;
  const body = options.raw
    ? message
    : JSON.stringify({
        Type: 'Notification',
        MessageId: `sns-${sequence}`,
        TopicArn: 'arn:aws:sns:ap-northeast-2:123456789012:example-notifications',
        Subject: options.subject,
        Message: message,
        Timestamp: '2026-11-24T09:00:00.000Z',
      });
  return {
    messageId: `msg-${sequence}`,
    receiptHandle: `receipt-${sequence}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1795510800000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1795510800000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-northeast-2:123456789012:example-notifications',
    awsRegion: 'ap-northeast-2',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

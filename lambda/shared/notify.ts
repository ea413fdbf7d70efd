/**
 * How a component reports to the team: validate against the notification contract, then publish to the
 * notifications topic. The notifier renders it for JANDI; subscribers may filter on the attributes.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { notificationSchema, type Notification } from '../core/notification';

export class InvalidNotificationError extends Error {
  constructor(problems: string) {
    super(`invalid notification: ${problems}`);
    this.name = 'InvalidNotificationError';
  }
}

export async function publishNotification(sns: SNSClient, topicArn: string, notification: Notification): Promise<void> {
  const parsed = notificationSchema.safeParse(notification);
  if (!parsed.success) {
    throw new InvalidNotificationError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
  }
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      // No Subject: SNS allows only ASCII there, and titles are often Korean.
      Message: JSON.stringify(parsed.data),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: parsed.data.severity },
        source: { DataType: 'String', StringValue: parsed.data.source },
      },
    }),
  );
}

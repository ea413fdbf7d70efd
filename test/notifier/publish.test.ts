import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { renderInbound } from '../../lambda/core/notification';
import { InvalidNotificationError, publishNotification } from '../../lambda/shared/notify';

const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:ap-northeast-2:123456789012:example-notifications';

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: '1' });
});

test('publishes the contract with filterable attributes, which the notifier renders back', async () => {
  const notification = { source: 'scheduler', severity: 'warning' as const, title: '개발 서버가 10분 뒤에 중지됩니다' };
  await publishNotification(new SNSClient({}), TOPIC, notification);

  const input = sns.commandCalls(PublishCommand)[0].args[0].input;
  expect(input.TopicArn).toBe(TOPIC);
  expect(input.Subject).toBeUndefined();
  expect(input.MessageAttributes).toEqual({
    severity: { DataType: 'String', StringValue: 'warning' },
    source: { DataType: 'String', StringValue: 'scheduler' },
  });
  expect(renderInbound(input.Message!)).toMatchObject({ kind: 'notification', message: { body: '[scheduler] 개발 서버가 10분 뒤에 중지됩니다' } });
});

test('an invalid notification is refused before anything is published', async () => {
  const bad = { source: '', severity: 'urgent', title: 't' } as never;
  await expect(publishNotification(new SNSClient({}), TOPIC, bad)).rejects.toThrow(InvalidNotificationError);
  await expect(publishNotification(new SNSClient({}), TOPIC, bad)).rejects.toThrow(/severity/);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

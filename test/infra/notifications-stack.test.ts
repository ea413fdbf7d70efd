import { Match } from 'aws-cdk-lib/assertions';
import { exampleConfig, exampleStacks, exampleTemplate } from '../helpers/platform';

const config = exampleConfig();
const template = exampleTemplate('example-notifications');

function logicalId(type: string, props: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
  expect(found).toHaveLength(1);
  return found[0];
}

const topicId = logicalId('AWS::SNS::Topic', { TopicName: 'example-notifications' });
const fallbackTopicId = logicalId('AWS::SNS::Topic', { TopicName: 'example-notifications-fallback' });
const queueId = logicalId('AWS::SQS::Queue', { QueueName: 'example-notifications' });
const dlqId = logicalId('AWS::SQS::Queue', { QueueName: 'example-notifications-dlq' });
const functionId = logicalId('AWS::Lambda::Function', { FunctionName: 'example-jandi-notifier' });

test('topics and queues are encrypted with rotating customer keys and refuse plain HTTP', () => {
  template.resourceCountIs('AWS::KMS::Key', 2);
  template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  for (const id of [topicId, fallbackTopicId]) {
    expect(template.toJSON().Resources[id].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
  }
  for (const id of [queueId, dlqId]) expect(template.toJSON().Resources[id].Properties.KmsMasterKeyId).toBeDefined();
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    Topics: [{ Ref: topicId }],
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [{ Ref: queueId }],
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
});

test('CloudWatch alarms may publish to the encrypted topics (key policy), only from this account', () => {
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Sid: 'AllowCloudWatchAlarmsToPublish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': config.account } },
        }),
      ]),
    },
  });
});

test('the topic feeds the queue; the queue dead-letters after 8 receives and outlives the function time-out', () => {
  template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: { Ref: topicId } });
  template.hasResourceProperties('AWS::SQS::Queue', {
    QueueName: 'example-notifications',
    VisibilityTimeout: 360,
    MessageRetentionPeriod: 345600,
    RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 8 },
  });
  template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'example-notifications-dlq', MessageRetentionPeriod: 1209600 });
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    FunctionName: { Ref: functionId },
    EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
    BatchSize: 10,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 2 },
  });
});

test('the notifier function: current runtime, JSON logs with retention, settings but no secret in its environment', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'example-jandi-notifier',
    Runtime: 'nodejs24.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    Timeout: 60,
    LoggingConfig: { LogFormat: 'JSON', LogGroup: Match.anyValue() },
    Environment: {
      Variables: {
        JANDI_WEBHOOK_SECRET_ARN: config.jandi.webhookSecretArn,
        JANDI_TIMEOUT_MS: '5000',
        JANDI_MAX_ATTEMPTS: '3',
        NOTIFICATIONS_QUEUE_URL: { Ref: queueId },
        DEAD_LETTER_QUEUE_URL: { Ref: dlqId },
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'jandi-notifier',
        POWERTOOLS_METRICS_NAMESPACE: 'AdPlatform',
        // The team's language, and its time zone for the times of alarms.
        JANDI_LANGUAGE: 'ko',
        APP_TIMEZONE: 'Asia/Seoul',
      },
    },
  });
  template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/example-jandi-notifier', RetentionInDays: 90 });
});

test('the execution role has no managed policies and names every resource it touches', () => {
  const roles = template.findResources('AWS::IAM::Role');
  for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();

  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
  );
  for (const statement of statements) {
    expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
  }
  const actionsOn = (resource: unknown) => statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(resource)).flatMap((s) => [s.Action].flat());
  expect(actionsOn(config.jandi.webhookSecretArn).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  expect(actionsOn({ 'Fn::GetAtt': [dlqId, 'Arn'] })).toEqual(expect.arrayContaining(['sqs:SendMessage']));
  expect(actionsOn({ 'Fn::GetAtt': [queueId, 'Arn'] })).toEqual(
    expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage']),
  );
});

test('dead letters alarm JANDI and the fallback e-mail; a stuck queue alarms only the fallback', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'example-notifications-dead-letters',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [{ Ref: fallbackTopicId }, { Ref: topicId }],
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'example-notifications-undelivered',
    MetricName: 'ApproximateAgeOfOldestMessage',
    Threshold: 1800,
    AlarmActions: [{ Ref: fallbackTopicId }],
    OKActions: [{ Ref: fallbackTopicId }],
  });
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'platform-oncall@example.com',
    TopicArn: { Ref: fallbackTopicId },
  });
});

test('every resource carries the environment and configured tags', () => {
  template.hasResourceProperties('AWS::SQS::Queue', {
    Tags: Match.arrayWith([
      { Key: 'Environment', Value: 'example' },
      { Key: 'Project', Value: 'adtech-data-platform' },
    ]),
  });
});

test('the stack is deployed to the configured account and region', () => {
  const stack = exampleStacks()['example-notifications'];
  expect(stack.account).toBe(config.account);
  expect(stack.region).toBe(config.region);
});

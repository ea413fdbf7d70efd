import { Match, Template } from 'aws-cdk-lib/assertions';
import { exampleConfig, exampleTemplate, synthesizedStacks } from '../helpers/platform';
import { keySchema, SCHEDULER_TABLE_KEYS } from '../helpers/dynalite';

const template = exampleTemplate('example-scheduler');
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const idOf = (type: string, predicate: (props: Record<string, any>) => boolean) => {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && predicate(r.Properties));
  expect(found).toHaveLength(1);
  return found[0][0];
};
const tableId = (name: string) => idOf('AWS::DynamoDB::GlobalTable', (p) => p.TableName === name);

test('five tables keyed as the store and the local test server expect, with point-in-time recovery', () => {
  template.resourceCountIs('AWS::DynamoDB::GlobalTable', 5);
  for (const [table, keys] of Object.entries(SCHEDULER_TABLE_KEYS)) {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: `example-scheduler-${table}`,
      KeySchema: keySchema(keys),
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  }
  for (const table of ['schedules', 'groups', 'exceptions', 'holidays']) {
    expect(template.toJSON().Resources[tableId(`example-scheduler-${table}`)].DeletionPolicy).toBe('Retain');
  }
});

test('one tick at a time, every 5 minutes, no retries of stale ticks', () => {
  const fn = idOf('AWS::Lambda::Function', (p) => p.FunctionName === 'example-instance-scheduler');
  template.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'example-instance-scheduler',
    ReservedConcurrentExecutions: 1,
    Timeout: 300,
    Environment: {
      Variables: Match.objectLike({
        SCHEDULES_TABLE: { Ref: tableId('example-scheduler-schedules') },
        STATE_TABLE: { Ref: tableId('example-scheduler-state') },
        SCHEDULE_TAG_KEY: 'ScheduleName',
        GROUP_TAG_KEY: 'ScheduleGroup',
        DEFAULT_TIMEZONE: 'Asia/Seoul',
        SETTLE_MINUTES: '20',
        // Capacity retries back off in ticks, and alert after 3 failures in a row.
        TICK_MINUTES: '5',
        CAPACITY_ALERT_AFTER: '3',
        HOLIDAYS_TABLE: { Ref: tableId('example-scheduler-holidays') },
        NOTIFICATIONS_TOPIC_ARN: { 'Fn::ImportValue': Match.stringLikeRegexp('JandiNotifierTopic') },
      }),
    },
  });
  template.hasResourceProperties('AWS::Events::Rule', {
    ScheduleExpression: 'cron(0/5 * * * ? *)',
    State: 'ENABLED',
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 } })],
  });
});

/** The statements of the policies attached to the role whose logical id starts with `rolePrefix`. */
function policyStatementsOf(rolePrefix: string) {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown }>);
}

test('IAM: describe everything, start and stop only what carries the schedule tag, read the tables, write only state', () => {
  const statements = policyStatementsOf('InstanceSchedulerFunctionRole');
  const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
  expect(bySid('DescribeFleet').Resource).toBe('*');
  expect([bySid('DescribeFleet').Action].flat().sort()).toEqual([
    'autoscaling:DescribeAutoScalingGroups',
    'ec2:DescribeInstances',
    'rds:DescribeDBClusters',
    'rds:DescribeDBInstances',
  ]);
  expect(bySid('StartStopTaggedInstances')).toMatchObject({
    Action: ['ec2:StartInstances', 'ec2:StopInstances'],
    Resource: 'arn:aws:ec2:ap-northeast-2:123456789012:instance/*',
    Condition: { StringLike: { 'aws:ResourceTag/ScheduleName': '*' } },
  });
  expect(bySid('StartStopTaggedDatabases')).toMatchObject({ Condition: { StringLike: { 'rds:db-tag/ScheduleName': '*' } } });
  expect(bySid('StartStopTaggedClusters')).toMatchObject({ Condition: { StringLike: { 'rds:cluster-tag/ScheduleName': '*' } } });
  expect(bySid('ResizeTaggedAutoScalingGroups')).toEqual({
    Sid: 'ResizeTaggedAutoScalingGroups',
    Effect: 'Allow',
    Action: 'autoscaling:UpdateAutoScalingGroup',
    Resource: 'arn:aws:autoscaling:ap-northeast-2:123456789012:autoScalingGroup:*:autoScalingGroupName/*',
    Condition: { StringLike: { 'autoscaling:ResourceTag/ScheduleName': '*' } },
  });
  // EC2 creates a grant on the configured volume keys as the caller when it starts an instance; the role may
  // create grants on those keys only, and only for AWS resources.
  expect(bySid('GrantEc2UseOfVolumeKeys')).toEqual({
    Sid: 'GrantEc2UseOfVolumeKeys',
    Effect: 'Allow',
    Action: 'kms:CreateGrant',
    Resource: 'arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  });
  expect(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:CreateGrant')))).toHaveLength(1);
  // No other statement reaches every resource.
  expect(statements.filter((s) => s.Resource === '*').map((s) => s.Sid)).toEqual(['DescribeFleet']);

  const actionsOn = (id: string) => statements.filter((s) => JSON.stringify(s.Resource).includes(`"${id}"`)).flatMap((s) => [s.Action].flat());
  for (const table of ['schedules', 'groups', 'exceptions']) {
    const actions = actionsOn(tableId(`example-scheduler-${table}`));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:GetItem']));
    expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  }
  expect(actionsOn(tableId('example-scheduler-state'))).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan']));
  expect(statements.some((s) => [s.Action].flat().includes('sns:Publish'))).toBe(true);
});

test('failing ticks alarm JANDI', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'example-instance-scheduler-errors',
    MetricName: 'Errors',
    EvaluationPeriods: 3,
    AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('JandiNotifierTopic') }],
  });
});

test('the JANDI bot: a Function URL without IAM auth (the token is checked), bounded concurrency, least-privilege tables', () => {
  template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'BUFFERED' });
  const bot = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'example-scheduler-bot')!;
  expect(bot[1].Properties.ReservedConcurrentExecutions).toBe(5);
  const env = bot[1].Properties.Environment.Variables;
  expect(env).toMatchObject({
    BOT_TOPICS: '["dev-servers"]',
    CHAT_COMMAND: '/scheduler',
    BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/scheduler-bot-Mn90Pq',
  });
  const statements = policyStatementsOf('JandiBotFunctionRole');
  const actionsOn = (id: string) => statements.filter((s) => JSON.stringify(s.Resource).includes(`"${id}"`)).flatMap((s) => [s.Action].flat());
  expect(actionsOn(tableId('example-scheduler-schedules'))).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:GetItem']));
  expect(actionsOn(tableId('example-scheduler-exceptions'))).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem']));
  expect(actionsOn(tableId('example-scheduler-groups')).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  expect(actionsOn(tableId('example-scheduler-state'))).toEqual([]);
  expect(statements.find((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))!.Resource).toBe(env.BOT_TOKEN_SECRET_ARN);
  expect(statements.some((s) => s.Resource === '*')).toBe(false);
  template.hasOutput('*', { Value: { 'Fn::GetAtt': [Object.keys(resources).find((id) => resources[id].Type === 'AWS::Lambda::Url'), 'FunctionUrl'] } });
});

test("the pre-stop warning names the bot's keyword", () => {
  const scheduler = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'example-instance-scheduler')!;
  expect(scheduler.Properties.Environment.Variables.CHAT_COMMAND).toBe('/scheduler');
});

test('without kmsKeyArns the role may create no grant at all', () => {
  const config = exampleConfig();
  const stacks = synthesizedStacks({ ...config, scheduler: { ...config.scheduler, kmsKeyArns: [] } });
  const policies = Object.values(Template.fromJSON(stacks['example-scheduler'].template).findResources('AWS::IAM::Policy'));
  const actions = policies.flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat()));
  expect(actions).toContain('autoscaling:UpdateAutoScalingGroup');
  expect(actions).not.toContain('kms:CreateGrant');
});

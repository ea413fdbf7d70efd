/** The JANDI bot in the scheduler stack: the alarm on refused tokens, and DynamoDB grants of exactly what its code does. */
import { Match } from 'aws-cdk-lib/assertions';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { exampleTemplate } from '../helpers/platform';

const template = exampleTemplate('example-scheduler');
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const tableId = (name: string) =>
  Object.keys(resources).find((id) => resources[id].Type === 'AWS::DynamoDB::GlobalTable' && resources[id].Properties.TableName === name)!;
const bot = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'example-scheduler-bot')!;

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const botStatements = Object.values(resources)
  .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith('JandiBotFunctionRole')))
  .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);

test('refused tokens alarm JANDI: the metric the function publishes, any in 5 minutes', () => {
  const env = bot.Properties.Environment.Variables;
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'example-scheduler-bot-rejected-tokens',
    // The example speaks Korean (jandi.language: ko).
    AlarmDescription: messagesFor('ko').alarms.botRejectedTokens('example-scheduler-bot'),
    Namespace: env.POWERTOOLS_METRICS_NAMESPACE,
    MetricName: 'RejectedTokens',
    Dimensions: [{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }],
    Statistic: 'Sum',
    Period: 300,
    Threshold: 1,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('JandiNotifierTopic') }],
  });
  expect(env).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'AdPlatform', POWERTOOLS_SERVICE_NAME: 'scheduler-bot' });
});

test("DynamoDB: exactly the actions the bot's commands perform, on the tables themselves", () => {
  const dynamo = botStatements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
  const tables = ['schedules', 'groups', 'exceptions', 'holidays', 'state'];
  const arnOf = (table: string) => ({ 'Fn::GetAtt': [tableId(`example-scheduler-${table}`), 'Arn'] });
  // Every resource is a table's own ARN (no index/* or stream ARNs); CDK may put tables with the same actions in one statement.
  for (const statement of dynamo) {
    for (const resource of [statement.Resource].flat()) expect(tables.map(arnOf)).toContainEqual(resource);
  }
  const actionsOn = (table: string) =>
    dynamo
      .filter((s) => [s.Resource].flat().some((r: unknown) => JSON.stringify(r) === JSON.stringify(arnOf(table))))
      .flatMap((s) => [s.Action].flat())
      .sort();
  expect(actionsOn('schedules')).toEqual(['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem']);
  expect(actionsOn('groups')).toEqual(['dynamodb:Scan']);
  expect(actionsOn('exceptions')).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan']);
  expect(actionsOn('holidays')).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan']);
  expect(actionsOn('state')).toEqual([]);
  expect(dynamo.every((s) => s.Effect === 'Allow')).toBe(true);
});

/**
 * Every Lambda function of every stack of the example environment writes to a log group that expires: its own
 * AWS::Logs::LogGroup with RetentionInDays (through LoggingConfig, or named /aws/lambda/<function name>), or a
 * Custom::LogRetention on /aws/lambda/<function>. Functions CDK adds by itself (custom resource providers,
 * bucket notification handlers, log retention) count too.
 */
import { exampleStacks } from '../helpers/platform';

type Resource = { Type: string; Properties?: Record<string, any> };

/** Logical ids of the functions in a template that have no log group with a retention. */
function functionsWithoutRetainedLogs(template: Record<string, any>): string[] {
  const resources = (template.Resources ?? {}) as Record<string, Resource>;
  const retainedLogGroups = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup' && typeof r.Properties?.RetentionInDays === 'number');
  const retainedIds = new Set(retainedLogGroups.map(([id]) => id));
  const retainedNames = retainedLogGroups.map(([, r]) => JSON.stringify(r.Properties!.LogGroupName));
  const logRetentions = Object.values(resources)
    .filter((r) => r.Type === 'Custom::LogRetention' && typeof r.Properties?.RetentionInDays === 'number')
    .map((r) => JSON.stringify(r.Properties!.LogGroupName));
  const retained = (id: string, fn: Resource): boolean => {
    const logGroup = fn.Properties?.LoggingConfig?.LogGroup;
    if (logGroup !== undefined) return typeof logGroup === 'object' && retainedIds.has(logGroup.Ref);
    const name = fn.Properties?.FunctionName;
    if (typeof name === 'string' && retainedNames.includes(JSON.stringify(`/aws/lambda/${name}`))) return true;
    // Custom::LogRetention names the group as "/aws/lambda/" joined with a Ref to the function.
    return logRetentions.some((text) => text.includes(`{"Ref":"${id}"}`) && text.includes('/aws/lambda/'));
  };
  return Object.entries(resources)
    .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !retained(id, r))
    .map(([id]) => id);
}

const stacks = Object.entries(exampleStacks());

test.each(stacks)('stack %s: every function has a log group with a retention', (_name, stack) => {
  expect(functionsWithoutRetainedLogs(stack.template)).toEqual([]);
});

test('the check is live: a function without a log group, or whose group never expires, is caught', () => {
  const fn = (extra: Record<string, unknown> = {}) => ({ Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', ...extra } });
  expect(
    functionsWithoutRetainedLogs({
      Resources: {
        Bare: fn(),
        Forever: fn({ LoggingConfig: { LogGroup: { Ref: 'ForeverLogs' } } }),
        ForeverLogs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
        Kept: fn({ LoggingConfig: { LogGroup: { Ref: 'KeptLogs' } } }),
        KeptLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },
        Named: fn({ FunctionName: 'named' }),
        NamedLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/named', RetentionInDays: 30 } },
        Singleton: fn(),
        SingletonRetention: {
          Type: 'Custom::LogRetention',
          Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'Singleton' }]] }, RetentionInDays: 7 },
        },
      },
    }),
  ).toEqual(['Bare', 'Forever']);
});

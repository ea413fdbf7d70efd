/** cdk-nag's AwsSolutions rules over every stack of the example environment: zero unacknowledged findings. */
import { Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { appWithProjectContext, examplePlatform } from '../helpers/platform';

function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.templatePath ?? resource.resourceLogicalId}`),
  );
}

const { platform } = examplePlatform();

test.each(Object.entries(platform))('stack %s has no unacknowledged AwsSolutions findings', (_name, stack) => {
  expect(findings(stack)).toEqual([]);
});

test('the check is live: an insecure bucket and queue are caught', () => {
  const stack = new Stack(appWithProjectContext(), 'Insecure');
  new Bucket(stack, 'Bucket');
  new Queue(stack, 'Queue');
  const found = findings(stack).join('\n');
  expect(found).toMatch(/AwsSolutions-S1/);
  expect(found).toMatch(/AwsSolutions-S10/);
  expect(found).toMatch(/AwsSolutions-SQS3/);
  expect(found).toMatch(/AwsSolutions-SQS4/);
});

test('every acknowledgement names one finding and gives a specific reason', () => {
  const stacks: Stack[] = Object.values(platform);
  const acknowledged = stacks
    .flatMap((stack) => stack.node.findAll())
    .flatMap((construct: IConstruct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
  expect(acknowledged.length).toBeGreaterThan(0);
  expect(acknowledged.filter(({ id }) => id.includes('AwsSolutions-')).length).toBeGreaterThan(0);
  for (const { id, reason } of acknowledged) {
    expect(id).toMatch(/^Annotation::(AwsSolutions-[A-Z]+\d+(\[[^\]]+\])?|@aws-cdk\/[a-z0-9-]+:[A-Za-z]+)$/);
    // Resource::* is acceptable only for read-only APIs without resource-level permissions (checked per stack).
    expect(id).not.toMatch(/\[Action::\*\]/);
    expect(reason.length).toBeGreaterThan(40);
  }
});

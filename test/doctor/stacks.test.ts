/** Check 1: the stacks the configuration implies are deployed, complete, tagged for it; a dropped route's stack is reported. */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Stack } from 'aws-cdk-lib';
import { parseConfig } from '../../lib/config/load';
import { platformStacks, stackProbes } from '../../lib/doctor/checks/stacks';
import { runProbes } from '../../lib/doctor/runner';
import { buildPlatform } from '../../lib/platform';
import { appWithProjectContext, exampleConfig } from '../helpers/platform';
import { awsError, contextFor, healthyAccount, mocks } from './fakes';

/** The example without its routes: notifications, scheduler and observability only. */
function configWithoutRoutes() {
  const example = exampleConfig();
  return parseConfig({ ...example, mysql: { sources: [], jobs: [] }, firehose: { streams: [] }, athena: { jobs: [] } }, 'test');
}

const stackNames = (config: ReturnType<typeof exampleConfig>) => {
  const app = appWithProjectContext();
  buildPlatform(app, config);
  return app.node.children.filter((c) => Stack.isStack(c)).map((s) => (s as Stack).stackName);
};

test('the stacks the doctor expects are the ones lib/platform.ts builds, with and without the routes', () => {
  const example = exampleConfig();
  expect(platformStacks(example)).toEqual({ implied: stackNames(example), notImplied: [] });
  const bare = configWithoutRoutes();
  expect(platformStacks(bare)).toEqual({ implied: stackNames(bare), notImplied: ['example-sync', 'example-event-streams', 'example-athena'] });
});

const stackResults = async (config = exampleConfig()) => runProbes(stackProbes(contextFor(config)));

/** DescribeStacks of `name` answers `stack` (merged into the healthy one), the others as healthy. */
function answerFor(name: string, stack: Record<string, unknown> | Error) {
  mocks.cloudformation.on(DescribeStacksCommand, { StackName: name }).callsFake(() => {
    if (stack instanceof Error) throw stack;
    return {
      Stacks: [
        {
          StackName: name,
          StackId: `arn:aws:cloudformation:ap-northeast-2:123456789012:stack/${name}/0b1c2d3e`,
          StackStatus: 'UPDATE_COMPLETE',
          Tags: [{ Key: 'Environment', Value: 'example' }],
          CreationTime: new Date('2026-11-01T00:00:00Z'),
          ...stack,
        },
      ],
    };
  });
}

beforeEach(() => {
  healthyAccount();
});

test('PASS: each implied stack complete, tagged Environment=example, with its last deployment', async () => {
  const results = await stackResults();
  expect(results.map((r) => r.status)).toEqual(Array(6).fill('PASS'));
  expect(results[2]).toEqual({ check: 'stack example-sync', status: 'PASS', detail: 'UPDATE_COMPLETE, last deployed 2026-11-29T23:00:00.000Z' });
  // The three optional stacks asked about, so that a dropped route's stack would be found.
  expect(mocks.cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(6);
});

test.each([
  [
    'missing',
    awsError('ValidationError', 'Stack with id example-athena does not exist'),
    'not deployed in account 123456789012, region ap-northeast-2',
    'npx cdk deploy -c env=example example-athena (are your credentials for account 123456789012?)',
  ],
  [
    'rolled back',
    { StackStatus: 'UPDATE_ROLLBACK_COMPLETE', StackStatusReason: 'Resource update cancelled' },
    'UPDATE_ROLLBACK_COMPLETE (Resource update cancelled)',
    'see why: aws cloudformation describe-stack-events --stack-name example-athena; fix the cause, then npx cdk deploy -c env=example example-athena',
  ],
  ['failed', { StackStatus: 'CREATE_FAILED' }, 'CREATE_FAILED', expect.stringContaining('describe-stack-events --stack-name example-athena')],
  [
    'in progress',
    { StackStatus: 'UPDATE_IN_PROGRESS' },
    'UPDATE_IN_PROGRESS: a deployment or rollback is under way',
    'wait until it ends, then run the doctor again',
  ],
  [
    'tagged for another environment',
    { Tags: [{ Key: 'Environment', Value: 'staging' }] },
    'UPDATE_COMPLETE, but tagged Environment=staging, not example: deployed from another configuration',
    'npx cdk deploy -c env=example example-athena from config/example.yaml',
  ],
  [
    'in another account',
    { StackId: 'arn:aws:cloudformation:ap-northeast-2:210987654321:stack/example-athena/1' },
    'found in account 210987654321, not the configured 123456789012',
    'use credentials for account 123456789012',
  ],
])('FAIL: a stack %s', async (_, answer, detail, fix) => {
  answerFor('example-athena', answer as Record<string, unknown> | Error);
  const results = await stackResults();
  expect(results.filter((r) => r.status !== 'PASS')).toEqual([{ check: 'stack example-athena', status: 'FAIL', detail, fix }]);
});

test("FAIL: a route's stack the configuration no longer implies; nothing about the ones never deployed", async () => {
  const bare = configWithoutRoutes();
  const results = await stackResults(bare);
  // The healthy fake has all six stacks deployed.
  expect(results.filter((r) => r.status === 'FAIL')).toEqual([
    {
      check: 'stack example-sync',
      status: 'FAIL',
      detail: 'deployed (UPDATE_COMPLETE), but the configuration has no mysql.jobs, so it no longer implies this stack; its schedules and functions still run',
      fix: 'delete it if the route is gone (aws cloudformation delete-stack --stack-name example-sync; retained buckets and tables stay), or restore mysql.jobs in config/example.yaml',
    },
    expect.objectContaining({ check: 'stack example-event-streams', detail: expect.stringContaining('has no firehose.streams') }),
    expect.objectContaining({ check: 'stack example-athena', detail: expect.stringContaining('has no athena.jobs') }),
  ]);
  healthyAccount(bare);
  expect((await stackResults(bare)).map((r) => `${r.status} ${r.check}`)).toEqual([
    'PASS stack example-notifications',
    'PASS stack example-scheduler',
    'PASS stack example-observability',
  ]);
});

test('FAIL: DescribeStacks refused, with the error and what the credentials need', async () => {
  mocks.cloudformation.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: cloudformation:DescribeStacks'));
  const results = await stackResults();
  expect(results[0]).toEqual({
    check: 'stack example-notifications',
    status: 'FAIL',
    detail: 'AccessDenied: User is not authorized to perform: cloudformation:DescribeStacks',
    fix: 'your credentials may not make this call: use a role with read access to the platform (the error names the action)',
  });
});

/**
 * What AWS does with the platform's roles on their behalf (Lambda logs and VPC interfaces, SQS polling, Step
 * Functions, EventBridge Scheduler, Firehose), judged by the IAM evaluator over the synthesized templates; and one
 * denial per scoped grant, so a grant widened to "*" or to the wrong resource fails here.
 */
import { examplePlatform } from '../helpers/platform';
import { contextFor, siblingOf } from './iam-requests';
import { impliedRequests } from './implied-requests';
import { deployedFunctions, describeRequest, simulate } from './permissions';
import { TemplateModel, type ResourceRef } from './template-model';

const { app, config } = examplePlatform();
const model = TemplateModel.fromApp(app, config.region, config.account);
const functions = deployedFunctions(app, model);
const fn = (handler: string) => functions.find((f) => f.handler === handler)!;
const { region, account } = model;

test("every request AWS makes on a role's behalf is allowed", async () => {
  const requests = impliedRequests(model);
  // Each kind of service-made request the template gives rise to is checked.
  for (const kind of [
    'Lambda writing',
    'Lambda placing',
    'Lambda polling',
    'Step Functions invoking',
    'EventBridge Scheduler starting',
    'Firehose example-impression writing',
    'Firehose example-impression reading',
  ]) {
    expect(requests.some((r) => r.why.startsWith(kind))).toBe(true);
  }
  const denied: string[] = [];
  for (const request of requests) {
    const verdict = await simulate(model, request.role, request);
    if (!verdict.allowed) denied.push(describeRequest(request.role, request, verdict));
  }
  expect(denied).toEqual([]);
});

test('no grant behind those requests reaches a sibling resource (another bucket, key, function, secret, log group)', async () => {
  const widened: string[] = [];
  let checked = 0;
  for (const request of impliedRequests(model)) {
    const sibling = siblingOf(request.resource);
    if (!sibling) continue;
    checked += 1;
    const verdict = await simulate(model, request.role, { ...request, resource: sibling });
    if (verdict.allowed) widened.push(describeRequest(request.role, { ...request, resource: sibling }, verdict));
  }
  expect(checked).toBeGreaterThan(20);
  expect(widened).toEqual([]);
});

describe('scoped grants deny what they do not name', () => {
  const denied = async (role: ResourceRef, action: string, resource: string, context: Record<string, string> = { 'aws:SecureTransport': 'true' }) => {
    const allowed = (await simulate(model, role, { action, resource, context })).allowed;
    const positive = { action, resource, context };
    return { allowed, positive };
  };

  test('the scheduler starts an instance carrying the schedule tag, and no other', async () => {
    const scheduler = fn('scheduler');
    const instance = `arn:aws:ec2:${region}:${account}:instance/i-0123456789abcdef0`;
    expect((await denied(scheduler.role, 'ec2:StartInstances', instance, contextFor(instance, scheduler.environment.SCHEDULE_TAG_KEY))).allowed).toBe(true);
    expect((await denied(scheduler.role, 'ec2:StartInstances', instance)).allowed).toBe(false);
    const db = `arn:aws:rds:${region}:${account}:db:staging-db`;
    expect((await denied(scheduler.role, 'rds:StopDBInstance', db, contextFor(db, scheduler.environment.SCHEDULE_TAG_KEY))).allowed).toBe(true);
    expect((await denied(scheduler.role, 'rds:StopDBInstance', db)).allowed).toBe(false);
  });

  test('the scheduler resizes an Auto Scaling group carrying the schedule tag, and no other', async () => {
    const scheduler = fn('scheduler');
    const group = `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9:autoScalingGroupName/dev-workers`;
    const tagged = contextFor(group, scheduler.environment.SCHEDULE_TAG_KEY);
    expect(tagged).toHaveProperty('autoscaling:ResourceTag/ScheduleName');
    expect((await denied(scheduler.role, 'autoscaling:UpdateAutoScalingGroup', group, tagged)).allowed).toBe(true);
    expect((await denied(scheduler.role, 'autoscaling:UpdateAutoScalingGroup', group)).allowed).toBe(false);
    expect((await denied(scheduler.role, 'autoscaling:DeleteAutoScalingGroup', group, tagged)).allowed).toBe(false);
  });

  test('EC2 may create a grant as the scheduler on a configured volume key for itself, and nothing else may', async () => {
    // Starting an instance whose EBS volumes are under a customer managed key, EC2 calls kms:CreateGrant with the
    // caller's permissions and kms:GrantIsForAWSResource true (Amazon EBS User Guide, "Permissions for users").
    // The key is not in the template: its policy is taken to be KMS's default, which lets IAM policies of the
    // account grant its use (without it, no IAM policy can).
    const scheduler = fn('scheduler');
    const [key] = config.scheduler.kmsKeyArns;
    expect(key).toBeDefined();
    const keyAccount = key.split(':')[4];
    const defaultKeyPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${keyAccount}:root` }, Action: 'kms:*', Resource: '*' },
      ],
    };
    const allowed = async (role: ResourceRef, action: string, resource: string, context: Record<string, string>) =>
      (await simulate(model, role, { action, resource, context }, { resourcePolicy: defaultKeyPolicy })).allowed;
    const byEc2 = { 'aws:SecureTransport': 'true', 'kms:GrantIsForAWSResource': 'true', 'kms:ViaService': `ec2.${region}.amazonaws.com` };
    expect(await allowed(scheduler.role, 'kms:CreateGrant', key, byEc2)).toBe(true);
    // The role itself (no AWS service creating the grant for a resource) may not.
    expect(await allowed(scheduler.role, 'kms:CreateGrant', key, { 'aws:SecureTransport': 'true' })).toBe(false);
    expect(await allowed(scheduler.role, 'kms:CreateGrant', key, { ...byEc2, 'kms:GrantIsForAWSResource': 'false' })).toBe(false);
    // Nor on any other key, nor any other use of the configured one.
    const otherKey = `arn:aws:kms:${region}:${account}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`;
    expect(await allowed(scheduler.role, 'kms:CreateGrant', otherKey, byEc2)).toBe(false);
    expect(await allowed(scheduler.role, 'kms:Decrypt', key, byEc2)).toBe(false);
    // Only the scheduler: the bot steers schedules but starts nothing.
    expect(await allowed(fn('bot').role, 'kms:CreateGrant', key, byEc2)).toBe(false);
  });

  test("a sync function reads its own source's secret and the warehouse's, not another secret", async () => {
    const sync = functions.find((f) => f.handler === 'sync')!;
    const source = JSON.parse(sync.environment.SYNC_SOURCE) as { secretArn: string };
    expect((await denied(sync.role, 'secretsmanager:GetSecretValue', source.secretArn)).allowed).toBe(true);
    expect((await denied(sync.role, 'secretsmanager:GetSecretValue', config.warehouse.secretArn)).allowed).toBe(true);
    expect((await denied(sync.role, 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${region}:${account}:secret:prod/payments-AbCdEf`)).allowed).toBe(
      false,
    );
    const other = config.mysql.sources.find((s) => s.secretArn !== source.secretArn)!;
    expect((await denied(sync.role, 'secretsmanager:GetSecretValue', other.secretArn)).allowed).toBe(false);
  });

  test("a sync function writes staged files under its own source's prefix only", async () => {
    const sync = functions.find((f) => f.handler === 'sync')!;
    const source = JSON.parse(sync.environment.SYNC_SOURCE) as { name: string };
    const bucket = sync.environment.STAGING_BUCKET;
    expect((await denied(sync.role, 's3:PutObject', `arn:aws:s3:::${bucket}/${source.name}/ads/part-0.csv.gz`)).allowed).toBe(true);
    expect((await denied(sync.role, 's3:PutObject', `arn:aws:s3:::${bucket}/other-db/ads/part-0.csv.gz`)).allowed).toBe(false);
  });

  test('the scheduler writes only its state table, and the Data API runs only on the configured cluster', async () => {
    const scheduler = fn('scheduler');
    const table = (name: string) => `arn:aws:dynamodb:${region}:${account}:table/example-scheduler-${name}`;
    expect((await denied(scheduler.role, 'dynamodb:PutItem', table('state'))).allowed).toBe(true);
    expect((await denied(scheduler.role, 'dynamodb:PutItem', table('schedules'))).allowed).toBe(false);
    const sync = fn('sync');
    expect(
      (
        await denied(
          sync.role,
          'redshift-data:ExecuteStatement',
          `arn:aws:redshift:${region}:${account}:cluster:${(config.warehouse as { clusterIdentifier: string }).clusterIdentifier}`,
        )
      ).allowed,
    ).toBe(true);
    expect((await denied(sync.role, 'redshift-data:ExecuteStatement', `arn:aws:redshift:${region}:${account}:cluster:finance`)).allowed).toBe(false);
  });

  test('the notifier topic takes messages over TLS only', async () => {
    const scheduler = fn('scheduler');
    const topic = scheduler.environment.NOTIFICATIONS_TOPIC_ARN;
    expect((await denied(scheduler.role, 'sns:Publish', topic)).allowed).toBe(true);
    expect((await denied(scheduler.role, 'sns:Publish', topic, { 'aws:SecureTransport': 'false' })).allowed).toBe(false);
  });
});

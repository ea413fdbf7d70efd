/**
 * Every name the doctor derives from the configuration is the name the synthesized templates give the resource:
 * the sync functions, the delivery streams and their bucket output, the Athena workgroup, the scheduler's tables and
 * the dimension of its tick metric, the stacks' Environment tag.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { workgroupName } from '../../lib/athena/jobs';
import { TICK_METRIC } from '../../lib/doctor/checks/scheduler';
import { deliveryBucketOutput } from '../../lib/doctor/checks/warehouse';
import { deliveryStreamName } from '../../lib/firehose/streams';
import { schedulerTableNames } from '../../lib/scheduler/tables';
import { syncFunctionName } from '../../lib/sync/names';
import { exampleConfig, exampleStacks, exampleTemplate } from '../helpers/platform';

const config = exampleConfig();
const template = (stack: string) => exampleTemplate(`${config.name}-${stack}`);
const names = (t: Template, type: string, property: string) =>
  Object.values(t.findResources(type)).map((r) => (r as { Properties: Record<string, unknown> }).Properties[property]);

test('sync functions: one per source with jobs, named by syncFunctionName', () => {
  const sources = [...new Set(config.mysql.jobs.map((j) => j.source))];
  expect(names(template('sync'), 'AWS::Lambda::Function', 'FunctionName')).toEqual(
    expect.arrayContaining(sources.map((s) => syncFunctionName(config.name, s))),
  );
});

test('delivery streams by deliveryStreamName, and the DeliveryBucketName output the JSONPaths check reads', () => {
  const events = template('event-streams');
  expect(names(events, 'AWS::KinesisFirehose::DeliveryStream', 'DeliveryStreamName').sort()).toEqual(
    config.firehose.streams.map((s) => deliveryStreamName(config.name, s.name)).sort(),
  );
  const outputs = Object.entries(events.findOutputs('*')).map(([OutputKey, o]) => ({
    OutputKey,
    OutputValue: JSON.stringify((o as { Value: unknown }).Value),
  }));
  const bucket = deliveryBucketOutput(outputs);
  expect(bucket).toBeDefined();
  expect(JSON.parse(bucket!)).toEqual({ Ref: expect.stringMatching(/^FirehoseRouteDelivery.*Bucket/) });
});

test('the Athena workgroup, and its scan cap as the configuration gives it', () => {
  template('athena').hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: workgroupName(config.name),
    WorkGroupConfiguration: { BytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQueryGB * 1024 ** 3, EnforceWorkGroupConfiguration: true },
  });
});

test("the scheduler's tables, and the namespace and service its tick metric is published under", () => {
  const scheduler = template('scheduler');
  expect(names(scheduler, 'AWS::DynamoDB::GlobalTable', 'TableName')).toEqual(expect.arrayContaining(Object.values(schedulerTableNames(config.name))));
  const functions = Object.values(scheduler.findResources('AWS::Lambda::Function')).map(
    (r) => (r as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables ?? {},
  );
  const tick = functions.find((v) => v.SCHEDULES_TABLE !== undefined && v.LEASE_SECONDS !== undefined);
  expect(tick).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: TICK_METRIC.namespace, POWERTOOLS_SERVICE_NAME: TICK_METRIC.dimensions[0].Value });
});

test('every stack carries the Environment tag the stacks check compares', () => {
  // The stack tags of the cloud assembly: what `cdk deploy` gives CloudFormation, and the stacks check reads back.
  const stacks = Object.values(exampleStacks());
  expect(stacks.map((s) => s.tags.Environment)).toEqual(Array(6).fill(config.name));
});

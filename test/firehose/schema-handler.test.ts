/** The schema custom resource against aws-sdk-client-mock stubs of the Redshift Data API and S3. */
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handleSchemaEvent } from '../../lambda/firehose/schema-handler';
import { streamSpec } from '../../lib/firehose/streams';
import { exampleConfig } from '../helpers/platform';

const data = mockClient(RedshiftDataClient);
const s3 = mockClient(S3Client);
const deps = { data: new RedshiftDataClient({}), s3: new S3Client({}) };
const config = exampleConfig();
const SECRET = config.warehouse.secretArn;

/** The warehouse's catalog as SVV_COLUMNS would return it, by table. */
let catalog: Record<string, [string, string, number | null][]> = {};
let statements: string[] = [];

beforeEach(() => {
  data.reset();
  s3.reset();
  catalog = {};
  statements = [];
  s3.on(PutObjectCommand).resolves({});
  data.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => {
    statements.push(input.Sql);
    return { Id: `q-${statements.length}` };
  });
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  data.on(GetStatementResultCommand).callsFake((input: { Id: string }) => {
    const sql = statements[Number(input.Id.slice(2)) - 1];
    const table = /table_name = '([a-z_]+)'/.exec(sql)?.[1] ?? '';
    const meta = ['column_name', 'data_type', 'character_maximum_length', 'numeric_precision', 'numeric_scale'].map((name) => ({ name }));
    const value = (v: string | number | null) => (v === null ? { isNull: true } : typeof v === 'number' ? { longValue: v } : { stringValue: v });
    return {
      ColumnMetadata: meta,
      Records: (catalog[table] ?? []).map(([name, type, length]) => [value(name), value(type), value(length), { isNull: true }, { isNull: true }]),
    };
  });
});

const streams = config.firehose.streams.slice(0, 2).map(streamSpec);
function event(
  type: 'Create' | 'Update' | 'Delete',
  spec: unknown = { Bucket: 'example-delivery', Warehouse: { database: 'analytics', secretArn: SECRET, clusterIdentifier: 'analytics' }, Streams: streams },
): CloudFormationCustomResourceEvent {
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:ap-northeast-2:123456789012:function:x',
    ResponseURL: 'http://127.0.0.1:9/response',
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'Schema',
    ResourceType: 'Custom::EventTables',
    ResourceProperties: { ServiceToken: 'x', Spec: JSON.stringify(spec) },
    ...(type === 'Create' ? {} : { PhysicalResourceId: 'firehose-route-schema', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

/** Catalog rows for declared columns, spelled as SVV_COLUMNS spells them. */
function catalogOf(columns: readonly { name: string; type: string }[]): [string, string, number | null][] {
  return columns.map((c) => {
    const sized = /^(VARCHAR|CHAR)\((\d+)\)$/.exec(c.type);
    if (sized) return [c.name, sized[1] === 'VARCHAR' ? 'character varying' : 'character', Number(sized[2])];
    return [c.name, c.type === 'TIMESTAMP' ? 'timestamp without time zone' : c.type.toLowerCase(), null];
  });
}

const ddl = () => statements.filter((s) => !s.startsWith('SELECT'));
const puts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);

test('create: JSONPaths written for every stream, then the tables created through the Data API', async () => {
  const result = await handleSchemaEvent(event('Create'), deps);
  expect(puts().map((p) => [p.Bucket, p.Key, JSON.parse(String(p.Body))])).toEqual([
    [
      'example-delivery',
      'jsonpaths/impression.jsonpaths',
      { jsonpaths: ['$.impression_id', '$.user_id', '$.app_id', '$.ad_id', '$.publisher_id', '$.country', '$.timestamp'] },
    ],
    ['example-delivery', 'jsonpaths/click.jsonpaths', { jsonpaths: ['$.click_id', '$.impression_id', '$.user_id', '$.app_id', '$.ad_id', '$.timestamp'] }],
  ]);
  expect(ddl()).toEqual([
    'CREATE SCHEMA IF NOT EXISTS "events"',
    'CREATE TABLE IF NOT EXISTS "events"."impressions" ("impression_id" VARCHAR(64), "user_id" BIGINT, "app_id" INTEGER, "ad_id" BIGINT, "publisher_id" INTEGER, "country" CHAR(2), "timestamp" TIMESTAMP)',
    'CREATE SCHEMA IF NOT EXISTS "events"',
    'CREATE TABLE IF NOT EXISTS "events"."clicks" ("click_id" VARCHAR(64), "impression_id" VARCHAR(64), "user_id" BIGINT, "app_id" INTEGER, "ad_id" BIGINT, "timestamp" TIMESTAMP)',
  ]);
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input).toMatchObject({
    Database: 'analytics',
    SecretArn: SECRET,
    ClusterIdentifier: 'analytics',
    StatementName: 'firehose-schema',
  });
  expect(result).toEqual({
    PhysicalResourceId: 'firehose-route-schema',
    Data: { Changes: 'created events.impressions with 7 columns; created events.clicks with 6 columns' },
  });
});

test('update: a declared new column is added to the existing table, nothing else changes', async () => {
  catalog.impressions = catalogOf(streams[0].columns);
  catalog.clicks = catalogOf(streams[1].columns.filter((c) => c.name !== 'ad_id'));
  const result = await handleSchemaEvent(event('Update'), deps);
  expect(ddl()).toEqual(['ALTER TABLE "events"."clicks" ADD COLUMN "ad_id" BIGINT']);
  expect(result.Data).toEqual({ Changes: 'added events.clicks.ad_id BIGINT' });
});

test('a refused change fails the deployment with the reason before any file or table is touched', async () => {
  catalog.clicks = [
    ['click_id', 'character varying', 128],
    ['user_id', 'integer', null],
  ];
  await expect(handleSchemaEvent(event('Update'), deps)).rejects.toThrow(
    'stream click: events.clicks.click_id is VARCHAR(128) in the warehouse but declared VARCHAR(64): narrowing a column could cut stored values, so it is refused',
  );
  await expect(handleSchemaEvent(event('Update'), deps)).rejects.toThrow('stream click: events.clicks.user_id is INTEGER in the warehouse but declared BIGINT');
  expect(ddl()).toEqual([]);
  expect(puts()).toEqual([]);
});

test("a failed DDL statement surfaces Redshift's error text", async () => {
  data
    .on(DescribeStatementCommand)
    .callsFake((input: { Id: string }) =>
      statements[Number(input.Id.slice(2)) - 1].startsWith('CREATE TABLE')
        ? { Status: 'FAILED', Error: 'permission denied for schema events' }
        : { Status: 'FINISHED' },
    );
  await expect(handleSchemaEvent(event('Create'), deps)).rejects.toThrow('Redshift statement failed: permission denied for schema events');
});

test('delete keeps the tables and files: no statement, no S3 call', async () => {
  expect(await handleSchemaEvent(event('Delete'), deps)).toEqual({ PhysicalResourceId: 'firehose-route-schema' });
  expect(statements).toEqual([]);
  expect(puts()).toEqual([]);
});

test('malformed properties are refused by name', async () => {
  await expect(handleSchemaEvent(event('Create', { Bucket: 'Bad_Bucket', Warehouse: {}, Streams: [] }), deps)).rejects.toThrow(
    /invalid schema properties: Bucket: .*Warehouse.database/,
  );
  expect(statements).toEqual([]);
});

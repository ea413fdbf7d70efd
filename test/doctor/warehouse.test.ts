/** Check 4: the warehouse answers SELECT 1, the declared tables exist (names as parameters), the JSONPaths files exist. */
import { DescribeStatementCommand, ExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { parseConfig } from '../../lib/config/load';
import { tablesQuery, declaredTables, warehouseProbes } from '../../lib/doctor/checks/warehouse';
import { runProbes } from '../../lib/doctor/runner';
import { redshiftDialectProblems } from '../helpers/redshift-dialect';
import { exampleConfig } from '../helpers/platform';
import { awsError, contextFor, DELIVERY_BUCKET, healthyAccount, mocks } from './fakes';

const config = exampleConfig();
let fake: ReturnType<typeof healthyAccount>;

beforeEach(() => {
  fake = healthyAccount(config);
});

const results = async (c = config) => runProbes(warehouseProbes(contextFor(c)));
const result = async (check: string, c = config) => (await results(c)).find((r) => r.check === check);

describe('warehouse: SELECT 1 through the Data API', () => {
  test('PASS: sent to the configured cluster, database and secret, named so it can be told from the platform', async () => {
    expect(await result('warehouse')).toEqual({
      check: 'warehouse',
      status: 'PASS',
      detail: 'SELECT 1 answered in 0.0 s (cluster analytics, database analytics)',
    });
    expect(mocks.data.commandCalls(ExecuteStatementCommand)[0].args[0].input).toEqual({
      ClusterIdentifier: 'analytics',
      Database: 'analytics',
      SecretArn: config.warehouse.secretArn,
      Sql: 'SELECT 1 AS answer',
      StatementName: 'platform-doctor',
    });
  });

  test('PASS on Serverless: the workgroup is named instead', async () => {
    const { clusterIdentifier: _, ...warehouse } = config.warehouse as typeof config.warehouse & { clusterIdentifier: string };
    const serverless = parseConfig(
      { ...config, warehouse: { ...warehouse, type: 'serverless', workgroupName: 'analytics-wg', host: undefined }, firehose: { streams: [] } },
      'test',
    );
    healthyAccount(serverless);
    expect(await result('warehouse', serverless)).toMatchObject({
      status: 'PASS',
      detail: expect.stringContaining('(workgroup analytics-wg, database analytics)'),
    });
    expect(mocks.data.commandCalls(ExecuteStatementCommand)[0].args[0].input).toMatchObject({ WorkgroupName: 'analytics-wg' });
  });

  test.each([
    [
      'the statement fails',
      () => mocks.data.on(DescribeStatementCommand).resolves({ Status: 'FAILED', Error: 'FATAL: password authentication failed for user "loader"' }),
      'cluster analytics, database analytics: Redshift statement failed: FATAL: password authentication failed for user "loader"',
      expect.stringContaining("that the cluster is available, and that the secret's user may log in"),
    ],
    [
      'the cluster is not there',
      () => mocks.data.on(ExecuteStatementCommand).rejects(awsError('ValidationException', 'Cluster analytics not found.')),
      'cluster analytics, database analytics: ValidationException: Cluster analytics not found.',
      expect.stringContaining('check warehouse.clusterIdentifier (or workgroupName), database and secretArn'),
    ],
    [
      'the credentials may not use the Data API',
      () => mocks.data.on(ExecuteStatementCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: redshift-data:ExecuteStatement')),
      'cluster analytics, database analytics: AccessDeniedException: not authorized to perform: redshift-data:ExecuteStatement',
      expect.stringContaining('your credentials need redshift-data:ExecuteStatement'),
    ],
  ])('FAIL when %s', async (_, breakIt, detail, fix) => {
    breakIt();
    expect(await result('warehouse')).toEqual({ check: 'warehouse', status: 'FAIL', detail, fix });
  });
});

describe('warehouse tables: one catalog query, every name a parameter', () => {
  test('the statement is Redshift SQL and carries no name of its own', () => {
    const all = [...declaredTables(config).events, ...declaredTables(config).jobs];
    const { sql, parameters } = tablesQuery(all);
    expect(redshiftDialectProblems(sql)).toEqual([]);
    for (const t of all) expect(sql).not.toContain(t.table);
    expect(Object.keys(parameters)).toHaveLength(all.length * 2);
    expect(parameters).toMatchObject({ schema0: 'events', table0: 'impressions' });
  });

  test('PASS: every event and job table is there', async () => {
    expect(await result('warehouse tables')).toEqual({ check: 'warehouse tables', status: 'PASS', detail: '5 event tables; 6 of 6 job tables' });
    const sent = fake.warehouse.sent.find((s) => s.sql.includes('svv_tables'))!;
    expect(sent.parameters).toEqual(tablesQuery([...declaredTables(config).events, ...declaredTables(config).jobs]).parameters);
  });

  test('PASS: job tables their first run has not made yet are listed, not failed', async () => {
    fake.warehouse.tables.delete('mysql_partners.ad_publishers');
    fake.warehouse.tables.delete('athena.ad_allocation_hourly');
    expect(await result('warehouse tables')).toEqual({
      check: 'warehouse tables',
      status: 'PASS',
      detail: '5 event tables; 4 of 6 job tables (not yet created by a first run: mysql_partners.ad_publishers, athena.ad_allocation_hourly)',
    });
  });

  test('FAIL: an event table the deployment should have made is missing', async () => {
    fake.warehouse.tables.delete('events.clicks');
    expect(await result('warehouse tables')).toEqual({
      check: 'warehouse tables',
      status: 'FAIL',
      detail: 'event tables missing: events.clicks; 6 of 6 job tables',
      fix: "the event-streams stack creates them at deploy (its firehose-schema function): see that function's log, then deploy the event-streams stack again",
    });
  });
});

describe('jsonpaths files: HeadObject in the bucket the event-streams stack names', () => {
  test('PASS: each stream’s file, in the bucket of the DeliveryBucketName output', async () => {
    expect(await result('jsonpaths files')).toEqual({ check: 'jsonpaths files', status: 'PASS', detail: `5 of 5 in s3://${DELIVERY_BUCKET}/jsonpaths/` });
    expect(mocks.s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual(
      config.firehose.streams.map((s) => ({ Bucket: DELIVERY_BUCKET, Key: `jsonpaths/${s.name}.jsonpaths` })),
    );
  });

  test('FAIL: a file missing', async () => {
    mocks.s3.on(HeadObjectCommand, { Key: 'jsonpaths/device.jsonpaths' }).rejects(awsError('NotFound', 'UnknownError'));
    expect(await result('jsonpaths files')).toEqual({
      check: 'jsonpaths files',
      status: 'FAIL',
      detail: `missing in s3://${DELIVERY_BUCKET}/jsonpaths/: device.jsonpaths; every COPY of those streams fails`,
      fix: 'the event-streams stack writes them at deploy: npx cdk deploy -c env=example example-event-streams',
    });
  });

  test('FAIL: a file that cannot be looked at (403 also hides a missing file without ListBucket)', async () => {
    mocks.s3.on(HeadObjectCommand).rejects(awsError('Forbidden', 'UnknownError'));
    expect(await result('jsonpaths files')).toMatchObject({
      status: 'FAIL',
      detail: expect.stringMatching(/^cannot look at impression \(Forbidden: UnknownError\), click/),
      fix: expect.stringContaining('s3:GetObject and s3:ListBucket on the delivery bucket'),
    });
  });

  test('FAIL: the event-streams stack has no bucket output (not deployed)', async () => {
    mocks.cloudformation
      .on(DescribeStacksCommand, { StackName: 'example-event-streams' })
      .rejects(awsError('ValidationError', 'Stack with id example-event-streams does not exist'));
    expect(await result('jsonpaths files')).toEqual({
      check: 'jsonpaths files',
      status: 'FAIL',
      detail: 'the stack example-event-streams has no DeliveryBucketName output',
      fix: 'npx cdk deploy -c env=example example-event-streams',
    });
    expect(mocks.s3.calls()).toEqual([]);
  });
});

test('SKIP: no streams, no JSONPaths; no tables declared, no catalog query', async () => {
  const bare = parseConfig({ ...config, mysql: { sources: [], jobs: [] }, firehose: { streams: [] }, athena: { jobs: [] } }, 'test');
  healthyAccount(bare);
  expect((await results(bare)).filter((r) => r.status === 'SKIP')).toEqual([
    { check: 'warehouse tables', status: 'SKIP', detail: 'the configuration declares no tables' },
    { check: 'jsonpaths files', status: 'SKIP', detail: 'the configuration has no Firehose streams' },
  ]);
  expect(mocks.data.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
});

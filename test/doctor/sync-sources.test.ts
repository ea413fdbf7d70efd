/**
 * Check 6: each job's sync function, invoked with the check action. The mocked Lambda runs the real sync handler
 * against the real local MariaDB, as the deployed function would; other answers (a missing function, an old
 * deployment without the action) are the Lambda API's.
 */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { parseMysqlUrl } from '../../lambda/sync/adapters/mysql-source';
import { runJob, type SyncSettings } from '../../lambda/sync/handler';
import { parseConfig } from '../../lib/config/load';
import { syncProbes } from '../../lib/doctor/checks/sync-sources';
import { runProbes } from '../../lib/doctor/runner';
import { exampleConfig } from '../helpers/platform';
import { MYSQL_URL, mysqlAdmin } from '../sync/databases';
import { awsError, contextFor, healthyAccount, mocks } from './fakes';

const example = exampleConfig();
/** The example with two jobs on ads-db: one whose table is there, one whose table is not. */
const config = parseConfig(
  {
    ...example,
    mysql: {
      ...example.mysql,
      jobs: [
        {
          name: 'ads',
          source: 'ads-db',
          table: 'doctor_ads',
          mode: 'UPDATE_LATEST_COPY',
          primaryKey: 'id',
          updatedAtColumn: 'updated_at',
          schedule: 'rate(15 minutes)',
        },
        { name: 'contents', source: 'ads-db', table: 'doctor_contents', mode: 'FULL_COPY', schedule: 'rate(1 hour)' },
      ],
    },
  },
  'test',
);
const source = config.mysql.sources[0];

/** What the construct hands the deployed function (lib/sync/mysql-sync.ts), pointed at the local MariaDB. */
function deployedSettings(): SyncSettings {
  const mysql = parseMysqlUrl(MYSQL_URL());
  return {
    source: {
      name: source.name,
      host: mysql.host,
      port: mysql.port,
      database: mysql.database,
      secretArn: source.secretArn,
      timezone: source.timezone,
      tls: false,
    },
    jobs: config.mysql.jobs.map((j) => ({
      name: j.name,
      table: j.table,
      mode: j.mode,
      key: j.primaryKey,
      updatedAt: j.updatedAtColumn,
      target: { schema: j.target.schema, table: j.target.table ?? j.table },
    })),
    warehouse: { database: 'analytics', secretArn: config.warehouse.secretArn, clusterIdentifier: 'analytics' },
    stagingBucket: 'example-staging',
    slices: 2,
    copyRoleArn: config.warehouse.copyRoleArn!,
    topicArn: 'arn:aws:sns:ap-northeast-2:123456789012:example-notifications',
  };
}

/** An Invoke answer's payload: the function's result as JSON bytes. */
const payload = (result: unknown) => Buffer.from(JSON.stringify(result)) as unknown as InvokeCommandOutput['Payload'];

/** The Lambda service: runs the handler's runJob and answers as Invoke does, a thrown error as a FunctionError. */
function deployedFunction() {
  mocks.lambda.on(InvokeCommand).callsFake(async ({ FunctionName, Payload }: { FunctionName: string; Payload: Uint8Array }) => {
    if (FunctionName !== 'example-mysql-sync-ads-db') throw awsError('ResourceNotFoundException', `Function not found: ${FunctionName}`);
    try {
      const result = await runJob(deployedSettings(), JSON.parse(Buffer.from(Payload).toString()), 'request-1', {
        data: new RedshiftDataClient({}),
        s3: new S3Client({}),
        sns: new SNSClient({}),
      });
      return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(result)) };
    } catch (error) {
      const e = error as Error;
      return { StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify({ errorType: e.name, errorMessage: e.message })) };
    }
  });
}

beforeAll(async () => {
  const mysql = await mysqlAdmin();
  await mysql.query('CREATE TABLE doctor_ads (id BIGINT PRIMARY KEY, title VARCHAR(200), price DECIMAL(10,2), updated_at DATETIME NOT NULL)');
  await mysql.end();
});

beforeEach(() => {
  healthyAccount(config);
  clearCaches();
  const mysql = parseMysqlUrl(MYSQL_URL());
  mocks.secrets
    .on(GetSecretValueCommand, { SecretId: source.secretArn })
    .resolves({ SecretString: JSON.stringify({ username: mysql.user, password: mysql.password }) });
  deployedFunction();
});

const run = (c = config) => runProbes(syncProbes(contextFor(c)));

test("PASS: the function reads the job's table and names its columns; FAIL: a table that is not there, with what to check", async () => {
  const database = parseMysqlUrl(MYSQL_URL()).database;
  expect(await run()).toEqual([
    {
      check: 'mysql ads-db/ads',
      status: 'PASS',
      detail: `reads ${database}.doctor_ads: 4 columns (id bigint(20) -> BIGINT, title varchar(200) -> VARCHAR(800), price decimal(10,2) -> DECIMAL(10,2), updated_at datetime -> TIMESTAMPTZ)`,
    },
    {
      check: 'mysql ads-db/contents',
      status: 'FAIL',
      detail: `MySQL table ${database}.doctor_contents does not exist`,
      fix: "check mysql.jobs (contents).table and the source's database in config/example.yaml",
    },
  ]);
  expect(
    mocks.lambda
      .commandCalls(InvokeCommand)
      .map((c) => [c.args[0].input.FunctionName, JSON.parse(Buffer.from(c.args[0].input.Payload as Uint8Array).toString())]),
  ).toEqual([
    ['example-mysql-sync-ads-db', { action: 'check', job: 'ads' }],
    ['example-mysql-sync-ads-db', { action: 'check', job: 'contents' }],
  ]);
  // A check writes nothing and tells no one.
  expect([...mocks.data.calls(), ...mocks.s3.calls()]).toEqual([]);
});

test('FAIL: the source refuses the user in the secret; the fix is about that user, the password is not shown', async () => {
  mocks.secrets
    .on(GetSecretValueCommand, { SecretId: source.secretArn })
    .resolves({ SecretString: JSON.stringify({ username: 'reader', password: 'pw-not-this-one-77' }) });
  const [ads] = await run();
  expect(ads).toEqual({
    check: 'mysql ads-db/ads',
    status: 'FAIL',
    detail: expect.stringMatching(/^cannot connect to MySQL at 127\.0\.0\.1:\d+\/\w+: Access denied for user 'reader'/),
    fix: "the user in the secret of source ads-db may not log in from the function's subnets: grant it (and SELECT on doctor_ads)",
  });
  expect(JSON.stringify(ads)).not.toContain('pw-not-this-one-77');
});

test('FAIL: the source cannot be reached; the fix names the security groups and the endpoint', async () => {
  mocks.lambda.on(InvokeCommand).resolves({
    StatusCode: 200,
    Payload: payload({ job: 'ads', action: 'check', status: 'failed', error: 'cannot connect to MySQL at ads-db.example:3306/ads: connect ETIMEDOUT' }),
  });
  expect((await run())[0]).toMatchObject({
    status: 'FAIL',
    fix: `the function's security groups (sg-0a1b2c3d4e5f60011) must reach ${source.host}:3306, and the source's security group must let them in`,
  });
});

test('FAIL: a function deployed before the check action refuses it; the fix is to deploy', async () => {
  mocks.lambda.on(InvokeCommand).resolves({
    StatusCode: 200,
    FunctionError: 'Unhandled',
    Payload: payload({
      errorType: 'SyncRequestError',
      errorMessage: 'action must be one of run, plan, extract, load, failed; got {"action":"check","job":"ads"}',
    }),
  });
  expect((await run())[0]).toEqual({
    check: 'mysql ads-db/ads',
    status: 'FAIL',
    detail: 'example-mysql-sync-ads-db failed: SyncRequestError: action must be one of run, plan, extract, load, failed; got {"action":"check","job":"ads"}',
    fix: 'deploy the current code, which has the check action: npx cdk deploy -c env=example example-sync',
  });
});

test('FAIL: no such function, or no permission to invoke it', async () => {
  const moved = parseConfig({ ...config, mysql: { ...config.mysql, jobs: [{ ...config.mysql.jobs[0], source: 'partners-db' }] } }, 'test');
  expect(await run(moved)).toEqual([
    { check: 'mysql partners-db/ads', status: 'FAIL', detail: 'no function example-mysql-sync-partners-db', fix: 'npx cdk deploy -c env=example example-sync' },
  ]);
  mocks.lambda.on(InvokeCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: lambda:InvokeFunction'));
  expect((await run())[0]).toMatchObject({ status: 'FAIL', fix: 'your credentials need lambda:InvokeFunction on example-mysql-sync-ads-db' });
});

test('no MySQL jobs, no lines', async () => {
  expect(await run(parseConfig({ ...config, mysql: { sources: [], jobs: [] } }, 'test'))).toEqual([]);
});

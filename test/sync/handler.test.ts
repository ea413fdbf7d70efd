/**
 * The sync Lambda's path end to end: a real MariaDB source, Secrets Manager, S3, the Redshift Data API and SNS
 * as aws-sdk-client-mock stubs. What lands in S3 and what runs in Redshift is checked, and a failure alerts JANDI.
 */
import { gunzipSync } from 'node:zlib';
import { clearCaches } from '@aws-lambda-powertools/parameters';
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SECRET_MAX_AGE_SECONDS } from '../../lambda/adapters/secrets';
import { handler, runJob, type SyncSettings } from '../../lambda/sync/handler';
import { parseMysqlUrl } from '../../lambda/sync/adapters/mysql-source';
import { lambdaContext } from '../helpers/lambda-context';
import { MYSQL_URL, mysqlAdmin } from './databases';

const data = mockClient(RedshiftDataClient);
const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const deps = () => ({ data: new RedshiftDataClient({}), s3: new S3Client({}), sns: new SNSClient({}) });

function settings(): SyncSettings {
  const o = parseMysqlUrl(MYSQL_URL());
  return {
    source: {
      name: 'ads-db',
      host: o.host,
      port: o.port,
      database: o.database,
      secretArn: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:mysql/ads-Ef56Gh',
      timezone: 'Asia/Seoul',
      tls: false,
    },
    jobs: [
      { name: 'lambda-ads', table: 'lambda_ads', mode: 'FULL_COPY', target: { schema: 'mysql_ads', table: 'ads' } },
      { name: 'fan-ads', table: 'lambda_ads', mode: 'FULL_COPY', target: { schema: 'mysql_ads', table: 'ads' }, workers: 2 },
    ],
    warehouse: {
      database: 'analytics',
      secretArn: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:redshift-Ab12Cd',
      clusterIdentifier: 'analytics',
    },
    stagingBucket: 'example-staging',
    slices: 2,
    copyRoleArn: 'arn:aws:iam::123456789012:role/analytics-redshift-copy',
    topicArn: 'arn:aws:sns:ap-northeast-2:123456789012:example-notifications',
  };
}

beforeAll(async () => {
  const mysql = await mysqlAdmin();
  await mysql.query(
    "CREATE TABLE lambda_ads (id INT PRIMARY KEY, title VARCHAR(20), created DATETIME); INSERT INTO lambda_ads VALUES (1, 'a', '2026-11-24 09:00:00'), (2, NULL, NULL)",
  );
  await mysql.end();
});

beforeEach(() => {
  for (const m of [data, s3, secrets, sns]) m.reset();
  // Each test starts as a fresh container: no secret cached.
  clearCaches();
  const o = parseMysqlUrl(MYSQL_URL());
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: o.user, password: o.password }) });
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({});
  data.on(BatchExecuteStatementCommand).resolves({ Id: 'b' });
  // SVV_COLUMNS says the target exists (and no FULL_COPY staging table); sync_state says there is no watermark yet.
  data.on(ExecuteStatementCommand).callsFake(({ Sql }) => ({ Id: Sql.includes('svv_columns') ? (Sql.includes('__staging') ? 'none' : 'columns') : 's' }));
  const meta = [{ name: 'column_name' }, { name: 'data_type' }, { name: 'character_maximum_length' }];
  data.on(GetStatementResultCommand).callsFake(({ Id }) =>
    Id === 'columns'
      ? {
          ColumnMetadata: meta,
          Records: [
            ['id', 'integer', null],
            ['title', 'character varying', 80],
            ['created', 'timestamp with time zone', null],
          ].map((r) => r.map((v) => (v === null ? { isNull: true } : typeof v === 'number' ? { longValue: v } : { stringValue: v }))),
        }
      : Id === 'none'
        ? { ColumnMetadata: meta, Records: [] }
        : { ColumnMetadata: [{ name: 'watermark' }], Records: [[{ isNull: true }]] },
  );
});

test('a FULL_COPY run: CSV in S3, then DELETE + COPY + state in one Redshift transaction', async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
  const result = await runJob(settings(), { job: 'lambda-ads' }, 'run-1', deps());
  expect(result).toMatchObject({ status: 'ok', rowsWritten: 2, target: 'mysql_ads.ads' });

  const part = s3.commandCalls(PutObjectCommand)[0].args[0].input;
  expect(part.Key).toMatch(/^ads-db\/lambda-ads\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\/part-00001\.csv\.gz$/);
  // NULL is a lone NUL byte on Redshift (see lambda/sync/core/csv.ts).
  expect(gunzipSync(part.Body as Buffer).toString()).toBe('1,"a",2026-11-24 09:00:00+09:00\n2,\0,\0\n');
  const sqls = data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.Sqls!;
  expect(sqls[0]).toBe('DELETE FROM "mysql_ads"."ads"');
  expect(sqls[1]).toMatch(
    /^COPY "mysql_ads"."ads" \("id", "title", "created"\) FROM 's3:\/\/example-staging\/ads-db\/lambda-ads\/.*manifest.json' IAM_ROLE 'arn:aws:iam::123456789012:role\/analytics-redshift-copy' MANIFEST GZIP/,
  );
  expect(sqls[2]).toMatch(/^UPDATE "sync_meta"."sync_state" SET watermark = NULL, rows_last_run = 2/);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

test("a MySQL text that is literally \\N stays text on Redshift: NULL is written as a lone NUL byte and COPY reads it with NULL AS '\\000'", async () => {
  const mysql = await mysqlAdmin();
  await mysql.query(
    "CREATE TABLE lambda_nulls (id INT PRIMARY KEY, title VARCHAR(20), created DATETIME); INSERT INTO lambda_nulls VALUES (1, '\\\\N', NULL), (2, NULL, NULL), (3, '', NULL), (4, 'NULL', NULL)",
  );
  await mysql.end();
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
  const job = { name: 'lambda-nulls', table: 'lambda_nulls', mode: 'FULL_COPY' as const, target: { schema: 'mysql_ads', table: 'ads' } };
  expect(await runJob({ ...settings(), jobs: [job] }, { job: 'lambda-nulls' }, 'run-nulls', deps())).toMatchObject({ status: 'ok', rowsWritten: 4 });
  const csv = gunzipSync(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body as Buffer).toString();
  expect(csv).toBe('1,"\\N",\0\n2,\0,\0\n3,"",\0\n4,"NULL",\0\n');
  const copy = data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.Sqls![1];
  expect(copy).toContain(" FORMAT AS CSV NULL AS '\\000' ");
  expect(copy).not.toContain("'\\N'");
});

test("a failing run alerts JANDI with the job, the table and Redshift's error, and reports the failure", async () => {
  data
    .on(DescribeStatementCommand)
    .callsFake(({ Id }) =>
      Id === 'b'
        ? { Status: 'FAILED', Error: "Load into table 'ads' failed. Check 'stl_load_errors' system table for details." }
        : { Status: 'FINISHED', ResultRows: 1 },
    );
  expect(await runJob(settings(), { job: 'lambda-ads' }, 'run-2', deps())).toEqual({
    job: 'lambda-ads',
    status: 'failed',
    error: "Redshift statement failed: Load into table 'ads' failed. Check 'stl_load_errors' system table for details.",
  });
  const message = JSON.parse(sns.commandCalls(PublishCommand)[0].args[0].input.Message!);
  expect(message).toEqual({
    source: 'mysql-sync',
    severity: 'failure',
    title: 'Sync job lambda-ads failed',
    fields: [
      { title: 'Job', value: 'lambda-ads (FULL_COPY)' },
      { title: 'Table', value: 'ads-db:ads.lambda_ads -> mysql_ads.ads' },
      { title: 'Error', value: "Redshift statement failed: Load into table 'ads' failed. Check 'stl_load_errors' system table for details." },
    ],
  });
});

test('when the alert cannot be sent either, the invocation fails so the Errors alarm reports it', async () => {
  data.on(DescribeStatementCommand).callsFake(({ Id }) => (Id === 'b' ? { Status: 'FAILED', Error: 'boom' } : { Status: 'FINISHED', ResultRows: 1 }));
  sns.on(PublishCommand).rejects(new Error('AuthorizationError'));
  await expect(runJob(settings(), { job: 'lambda-ads' }, 'run-3', deps())).rejects.toThrow('Redshift statement failed: boom');
});

test('events must name a job of this function', async () => {
  await expect(runJob(settings(), { job: 'other' }, 'run-x', deps())).rejects.toThrow(
    'expected an event {"job": NAME} naming one of lambda-ads, fan-ads; got {"job":"other"}',
  );
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

describe("the doctor's check: reads the job's table on the real source, writes nothing", () => {
  const nothingWritten = () => {
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(data.calls()).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  };
  const database = () => parseMysqlUrl(MYSQL_URL()).database;

  test("the job's columns, MySQL's types and the Redshift types they become", async () => {
    expect(await runJob(settings(), { job: 'lambda-ads', action: 'check' }, 'inv-c1', deps())).toEqual({
      job: 'lambda-ads',
      action: 'check',
      status: 'ok',
      table: `${database()}.lambda_ads`,
      columns: [
        { name: 'id', type: expect.stringMatching(/^int/), target: 'INTEGER' },
        { name: 'title', type: 'varchar(20)', target: 'VARCHAR(80)' },
        { name: 'created', type: 'datetime', target: 'TIMESTAMPTZ' },
      ],
    });
    nothingWritten();
  });

  test('a missing table, an unfit key, or a secret without a password: the error, not thrown, and nothing written or alerted', async () => {
    const mysql = await mysqlAdmin();
    await mysql.query('CREATE TABLE check_pairs (a INT, b INT, note VARCHAR(5), PRIMARY KEY (a, b))');
    await mysql.end();
    const jobs = [
      { name: 'gone', table: 'no_such_table', mode: 'FULL_COPY' as const, target: { schema: 'mysql_ads', table: 'gone' } },
      { name: 'pairs', table: 'check_pairs', mode: 'INCREMENTAL_COPY' as const, key: 'a', target: { schema: 'mysql_ads', table: 'pairs' } },
    ];
    const check = (job: string) => runJob({ ...settings(), jobs }, { job, action: 'check' }, 'inv-c2', deps());
    expect(await check('gone')).toEqual({
      job: 'gone',
      action: 'check',
      status: 'failed',
      error: `MySQL table ${database()}.no_such_table does not exist`,
    });
    expect(await check('pairs')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('key column "a" does not identify one row of check_pairs (it is one column of the primary key (a, b))'),
    });
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'reader' }) });
    clearCaches();
    expect(await check('gone')).toEqual({ job: 'gone', action: 'check', status: 'failed', error: 'the secret of source ads-db has no username and password' });
    nothingWritten();
  });

  test('a source that refuses the user: the connection error, without the password', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'doctor_nobody', password: 'not-the-password-42' }) });
    const result = (await runJob(settings(), { job: 'lambda-ads', action: 'check' }, 'inv-c3', deps())) as { status: string; error: string };
    expect(result).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^cannot connect to MySQL at 127\.0\.0\.1:\d+\/\w+: Access denied for user 'doctor_nobody'/),
    });
    expect(result.error).not.toContain('not-the-password-42');
    nothingWritten();
  });
});

describe('a FULL_COPY fanned out: plan, extract each range, load all parts by one COPY', () => {
  const lists = new Map<string, string>();
  beforeEach(() => {
    lists.clear();
    s3.on(PutObjectCommand).callsFake(({ Key, Body }) => {
      if (Key.endsWith('.json')) lists.set(Key, Body);
      return {};
    });
    s3.on(GetObjectCommand).callsFake(({ Key }) => {
      if (!lists.has(Key)) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      return { Body: { transformToString: async () => lists.get(Key) } };
    });
    data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
  });

  test('each range extracted once (a retry rewrites the same keys); the load takes every listed part in one transaction', async () => {
    const plan = await runJob(settings(), { job: 'fan-ads', action: 'plan' }, 'inv-1', deps());
    expect(plan).toEqual({
      workers: 2,
      ranges: [
        { upTo: '1', index: 0, last: false },
        { after: '1', upTo: '2', index: 1, last: true },
      ],
    });
    const ranges = (plan as unknown as { ranges: { after?: string; upTo: string; index: number; last: boolean }[] }).ranges;
    // As the Map state's ItemSelector passes each item.
    for (const range of ranges) {
      const { index, last } = range;
      const event = { job: 'fan-ads', action: 'extract', runId: 'exec-1', index, range, last };
      expect(await runJob(settings(), event, 'inv-2', deps())).toEqual({ rows: 1, parts: [`ads-db/fan-ads/fan-out/exec-1/r0000${index}-part-00001.csv.gz`] });
    }
    // A retried extract of range 1: the same part and list keys again.
    await runJob(settings(), { job: 'fan-ads', action: 'extract', runId: 'exec-1', index: 1, range: ranges[1], last: true }, 'inv-3', deps());
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(new Set(puts.map((p) => p.Key)).size).toBe(4);
    expect(gunzipSync(puts[0].Body as Buffer).toString()).toBe('1,"a",2026-11-24 09:00:00+09:00\n');
    expect(gunzipSync(puts[2].Body as Buffer).toString()).toBe('2,\0,\0\n');
    expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0); // extracts never touch Redshift

    const load = await runJob(settings(), { job: 'fan-ads', action: 'load', runId: 'exec-1', ranges: 2 }, 'inv-4', deps());
    expect(load).toMatchObject({ status: 'ok', done: true, rowsWritten: 2 });
    const manifest = JSON.parse(s3.commandCalls(PutObjectCommand).at(-1)!.args[0].input.Body as string);
    expect(manifest.entries.map((e: { url: string }) => e.url)).toEqual([
      's3://example-staging/ads-db/fan-ads/fan-out/exec-1/r00000-part-00001.csv.gz',
      's3://example-staging/ads-db/fan-ads/fan-out/exec-1/r00001-part-00001.csv.gz',
    ]);
    const sqls = data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.Sqls!;
    expect(sqls.slice(0, 2)).toEqual(['DROP TABLE IF EXISTS "mysql_ads"."ads__staging"', 'DELETE FROM "mysql_ads"."ads"']);
    expect(sqls[2]).toMatch(
      /^COPY "mysql_ads"."ads" \("id", "title", "created"\) FROM 's3:\/\/example-staging\/ads-db\/fan-ads\/.*manifest.json' .* MANIFEST GZIP/,
    );
    expect(sqls[3]).toMatch(/^UPDATE "sync_meta"."sync_state" SET watermark = NULL, rows_last_run = 2/);
  });

  test('the last range takes keys above the plan; a load missing a range fails and alerts JANDI; a reported failure alerts JANDI', async () => {
    const extracted = await runJob(
      settings(),
      { job: 'fan-ads', action: 'extract', runId: 'exec-2', index: 0, range: { after: '0' }, last: true },
      'inv-5',
      deps(),
    );
    expect(extracted).toMatchObject({ rows: 2 });
    const load = await runJob(settings(), { job: 'fan-ads', action: 'load', runId: 'exec-2', ranges: 2 }, 'inv-6', deps());
    expect(load).toMatchObject({ status: 'failed', error: expect.stringContaining('range 1 of fan-out exec-2 has no list of parts') });
    expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
    expect(await runJob(settings(), { job: 'fan-ads', action: 'failed', error: 'States.TaskFailed: value too long' }, 'inv-7', deps())).toEqual({
      reported: true,
    });
    const alerts = sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!).fields[2].value);
    expect(alerts).toEqual([expect.stringContaining('range 1 of fan-out exec-2'), 'States.TaskFailed: value too long']);
  });
});

describe('the Lambda handler', () => {
  const stdout: string[] = [];
  beforeEach(() => {
    stdout.length = 0;
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    const s = settings();
    Object.assign(process.env, {
      SYNC_SOURCE: JSON.stringify(s.source),
      SYNC_JOBS: JSON.stringify(s.jobs),
      SYNC_WAREHOUSE: JSON.stringify(s.warehouse),
      STAGING_BUCKET: s.stagingBucket,
      WAREHOUSE_SLICES: String(s.slices),
      COPY_ROLE_ARN: s.copyRoleArn,
      NOTIFICATIONS_TOPIC_ARN: s.topicArn,
    });
    data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const name of ['SYNC_SOURCE', 'SYNC_JOBS', 'SYNC_WAREHOUSE', 'STAGING_BUCKET', 'WAREHOUSE_SLICES', 'COPY_ROLE_ARN', 'NOTIFICATIONS_TOPIC_ARN'])
      delete process.env[name];
  });

  const flushed = () =>
    stdout
      .join('')
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  test('reads the source secret once for invocations within the cache lifetime, and again after it', async () => {
    const source = settings().source.secretArn;
    const reads = () => secrets.commandCalls(GetSecretValueCommand).filter((c) => c.args[0].input.SecretId === source).length;
    expect(await handler({ job: 'lambda-ads' }, lambdaContext('example-sync-ads-db'))).toMatchObject({ status: 'ok', rowsWritten: 2 });
    expect(await handler({ job: 'lambda-ads' }, lambdaContext('example-sync-ads-db'))).toMatchObject({ status: 'ok', rowsWritten: 2 });
    expect(reads()).toBe(1);

    const later = Date.now() + (SECRET_MAX_AGE_SECONDS + 1) * 1000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(await handler({ job: 'lambda-ads' }, lambdaContext('example-sync-ads-db'))).toMatchObject({ status: 'ok' });
    expect(reads()).toBe(2);
  });

  test('a check through the handler answers with the columns and publishes no metric', async () => {
    expect(await handler({ job: 'lambda-ads', action: 'check' }, lambdaContext('example-sync-ads-db'))).toMatchObject({
      status: 'ok',
      columns: [{ name: 'id' }, { name: 'title' }, { name: 'created' }],
    });
    expect(flushed().filter((m) => Object.keys(m).some((k) => !['_aws', 'service', 'function_name', 'Job'].includes(k)))).toEqual([]);
    expect(data.calls()).toHaveLength(0);
  });

  test("publishes each run's metrics when the invocation ends, a failed run's too", async () => {
    await handler({ job: 'lambda-ads' }, lambdaContext('example-sync-ads-db'));
    data.on(DescribeStatementCommand).callsFake(({ Id }) => (Id === 'b' ? { Status: 'FAILED', Error: 'boom' } : { Status: 'FINISHED', ResultRows: 1 }));
    await handler({ job: 'lambda-ads' }, lambdaContext('example-sync-ads-db'));

    expect(flushed()).toEqual([expect.objectContaining({ Job: 'lambda-ads', RowsWritten: 2 }), expect.objectContaining({ Job: 'lambda-ads', FailedRuns: 1 })]);
    // Every row read is written: one metric says so, not two that always agree.
    expect(flushed()[0]).not.toHaveProperty('RowsRead');
  });
});

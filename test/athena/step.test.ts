/**
 * A job run driven step by step, as Step Functions drives it, against aws-sdk-client-mock stubs of Athena, S3 and
 * the Redshift Data API; the clock advances by each step's wait.
 */
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { Notification } from '../../lambda/core/notification';
import { step, type JobSpec, type StepOutput, type StepSettings } from '../../lambda/athena/step';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const data = mockClient(RedshiftDataClient);

const base: Omit<StepSettings, 'jobs'> = {
  workgroup: 'example-athena-jobs',
  outputBucket: 'example-athena-results',
  copyRoleArn: 'arn:aws:iam::123456789012:role/analytics-redshift-copy',
  metaSchema: 'athena_meta',
  timezone: 'Asia/Seoul',
  warehouse: { database: 'analytics', secretArn: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:redshift-Ab12Cd', clusterIdentifier: 'analytics' },
  topicArn: 'arn:aws:sns:ap-northeast-2:123456789012:topic',
};

const job: JobSpec = {
  name: 'lockscreen-daily',
  granularity: 'daily',
  database: 'raw_logs',
  sql: "SELECT dt AS ds, app_id, count(*) AS events FROM lockscreen_activity WHERE dt = '{{ds}}' GROUP BY 1, 2",
  target: {
    schema: 'athena',
    table: 'lockscreen_daily',
    columns: [
      { name: 'ds', type: 'DATE' },
      { name: 'app_id', type: 'INTEGER' },
      { name: 'events', type: 'BIGINT' },
    ],
    dayColumn: 'ds',
  },
  deadlineMinutes: 120,
  maxAttempts: 5,
};

/** The step's settings with `jobs` as the deployed job specs (what the step takes SQL and target from). */
const settingsWith = (...jobs: JobSpec[]): StepSettings => ({ ...base, jobs });
const settings = settingsWith(job);

/** Sub-statement results of the load batch, one ResultRows per statement. */
const subs = (...rows: number[]) => rows.map((n, i) => ({ Id: `load-1:${i + 1}`, ResultRows: n }));

class TooManyRequestsException extends Error {
  name = 'TooManyRequestsException';
}

let now: Date;
let notifications: Notification[];
let metrics: { job: string; values: Record<string, number> }[];

beforeEach(() => {
  athena.reset();
  s3.reset();
  data.reset();
  now = new Date('2026-11-24T16:30:00Z'); // 01:30 in Seoul: the scheduled partition is 2026-11-24
  notifications = [];
  metrics = [];
  s3.on(ListObjectsV2Command).resolves({ KeyCount: 1 });
  data.on(ExecuteStatementCommand).resolves({ Id: 'ddl' });
  data.on(GetStatementResultCommand).resolves({
    ColumnMetadata: [
      { name: 'column_name' },
      { name: 'data_type' },
      { name: 'character_maximum_length' },
      { name: 'numeric_precision' },
      { name: 'numeric_scale' },
    ],
    Records: [
      ['ds', 'date'],
      ['app_id', 'integer'],
      ['events', 'bigint'],
    ].map(([n, t]) => [{ stringValue: n }, { stringValue: t }, { isNull: true }, { isNull: true }, { isNull: true }]),
  });
  data.on(BatchExecuteStatementCommand).resolves({ Id: 'load-1' });
  data.on(DescribeStatementCommand, { Id: 'ddl' }).resolves({ Status: 'FINISHED' });
});

const deps = () => ({
  athena: new AthenaClient({}),
  s3: new S3Client({}),
  data: new RedshiftDataClient({}),
  notify: async (n: Notification) => void notifications.push(n),
  metric: (j: string, values: Record<string, number>) => void metrics.push({ job: j, values }),
  now: () => now,
  random: () => 0.5,
});

/** Runs steps until the run ends, waiting (on the fake clock) as Step Functions would. */
async function runToEnd(partition = 'scheduled', runId = 'run-1', spec: JobSpec = job): Promise<StepOutput[]> {
  const outputs: StepOutput[] = [];
  let event: object = { job: spec.name, partition, runId };
  for (let i = 0; i < 100; i++) {
    const out = await step(event, settingsWith(spec), deps());
    outputs.push(out);
    if (out.run.phase === 'done' || out.run.phase === 'failed') return outputs;
    now = new Date(now.getTime() + out.run.waitSeconds * 1000);
    event = out;
  }
  throw new Error('the run did not end');
}

const succeeded = {
  QueryExecution: { Status: { State: 'SUCCEEDED' as const }, Statistics: { DataScannedInBytes: 3 * 1024 ** 3, EngineExecutionTimeInMillis: 42_000 } },
};
const running = { QueryExecution: { Status: { State: 'RUNNING' as const } } };

test('success: UNLOAD to a run prefix, then one batch replaces the partition; JANDI and metrics hear bytes, cost, rows', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolvesOnce(running).resolves(succeeded);
  data
    .on(DescribeStatementCommand, { Id: 'load-1' })
    .resolvesOnce({ Status: 'STARTED' })
    .resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 7, 1234, 1) });

  const outputs = await runToEnd();
  const last = outputs.at(-1)!.run;
  expect(last).toMatchObject({ phase: 'done', partition: '2026-11-24', attempt: 1, rowsLoaded: 1234, bytesScanned: 3 * 1024 ** 3, queryExecutionId: 'q-1' });
  const start = athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input;
  expect(start).toMatchObject({ WorkGroup: 'example-athena-jobs', QueryExecutionContext: { Database: 'raw_logs' } });
  expect(start.QueryString).toBe(
    "UNLOAD (SELECT dt AS ds, app_id, count(*) AS events FROM lockscreen_activity WHERE dt = '2026-11-24' GROUP BY 1, 2) TO 's3://example-athena-results/unload/lockscreen-daily/2026-11-24/run-1-a1/' WITH (format = 'PARQUET', compression = 'SNAPPY')",
  );
  expect(start.ClientRequestToken!.length).toBeGreaterThanOrEqual(32);
  const batch = data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input;
  expect(batch.ClusterIdentifier).toBe('analytics');
  expect(batch.Sqls).toEqual([
    'LOCK "athena"."lockscreen_daily"',
    'CREATE TEMP TABLE "athena_stage" ("ds" DATE, "app_id" INTEGER, "events" BIGINT)',
    `COPY "athena_stage" FROM 's3://example-athena-results/unload/lockscreen-daily/2026-11-24/run-1-a1/' IAM_ROLE '${settings.copyRoleArn}' FORMAT AS PARQUET`,
    `DELETE FROM "athena"."lockscreen_daily" WHERE "ds" = '2026-11-24'`,
    'INSERT INTO "athena"."lockscreen_daily" ("ds", "app_id", "events") SELECT "ds", "app_id", "events" FROM "athena_stage"',
    expect.stringMatching(
      /^INSERT INTO "athena_meta"."athena_runs" .* SELECT 'lockscreen-daily', '2026-11-24', 'q-1', 3221225472, 0.014648, COUNT\(\*\), GETDATE\(\) FROM "athena_stage"$/,
    ),
  ]);
  expect(notifications).toHaveLength(1);
  expect(notifications[0]).toMatchObject({ source: 'athena', severity: 'success', title: 'Athena job lockscreen-daily loaded 2026-11-24' });
  expect(notifications[0].fields).toEqual(
    expect.arrayContaining([
      { title: 'Scanned', value: '3.00 GB, about $0.0146' },
      { title: 'Rows', value: '1,234 into athena.lockscreen_daily' },
      { title: 'Query execution', value: 'q-1' },
    ]),
  );
  expect(metrics).toEqual([
    { job: 'lockscreen-daily', values: { BytesScanned: 3 * 1024 ** 3, CostUSD: 0.014648, RowsLoaded: 1234, Duration: expect.any(Number), Attempts: 1 } },
  ]);
});

test('TooManyRequestsException, then success: the run waits with backoff and starts a fresh attempt prefix', async () => {
  athena.on(StartQueryExecutionCommand).rejectsOnce(new TooManyRequestsException('Rate exceeded')).resolves({ QueryExecutionId: 'q-2' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 5, 0) });
  const outputs = await runToEnd();
  expect(outputs[0].run).toMatchObject({ phase: 'start', attempt: 2, waitSeconds: 15, error: 'TooManyRequestsException: Rate exceeded' });
  expect(outputs.at(-1)!.run).toMatchObject({ phase: 'done', attempt: 2, rowsLoaded: 5 });
  expect(athena.commandCalls(StartQueryExecutionCommand)[1].args[0].input.QueryString).toContain('/run-1-a2/');
  expect(notifications.map((n) => n.severity)).toEqual(['success']);
});

test('a FAILED query (busy service), then success', async () => {
  athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: 'q-3' }).resolves({ QueryExecutionId: 'q-4' });
  athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-3' }).resolves({
    QueryExecution: {
      Status: { State: 'FAILED', StateChangeReason: 'Query exhausted resources at this scale factor', AthenaError: { ErrorCategory: 1, Retryable: true } },
    },
  });
  athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-4' }).resolves(succeeded);
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 9, 0) });
  const outputs = await runToEnd();
  expect(outputs.map((o) => `${o.run.phase}:${o.run.attempt}`)).toEqual(['query:1', 'start:2', 'query:2', 'load:2', 'load:2', 'done:2']);
  expect(outputs.at(-1)!.run.attempts).toEqual(['attempt 1: query q-3 FAILED: Query exhausted resources at this scale factor']);
});

test('deadline exceeded: the run fails and JANDI hears the job, the partition, the Athena error and the query id', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-5' });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'Query was cancelled by the service' } } });
  const outputs = await runToEnd('2026-11-20', 'backfill-1', { ...job, deadlineMinutes: 10, maxAttempts: 50 });
  const last = outputs.at(-1)!.run;
  expect(last.phase).toBe('failed');
  // Backoffs of 15, 30, 60, 120 and 240 s with the 10 s polls fit in 10 minutes; the next 480 s would not.
  expect(last.error).toMatch(/^deadline 2026-11-24T16:40:00.000Z reached after 6 attempts; last: query q-5 CANCELLED: Query was cancelled by the service$/);
  expect(notifications).toHaveLength(1);
  const alert = notifications[0];
  expect(alert).toMatchObject({ source: 'athena', severity: 'failure', title: 'Athena job lockscreen-daily failed for 2026-11-20' });
  expect(alert.text).toBe('Backfill it once fixed: npm run --silent athena -- backfill --job lockscreen-daily --from 2026-11-20 --to 2026-11-20');
  expect(alert.fields).toEqual(
    expect.arrayContaining([
      { title: 'Partition', value: '2026-11-20' },
      { title: 'Query execution', value: 'q-5' },
      { title: 'Error', value: last.error },
    ]),
  );
  expect(metrics.at(-1)).toMatchObject({ values: { FailedRuns: 1 } });
  // No Lambda waited: every step returned at once, the waits were Step Functions'.
  expect(outputs.every((o) => o.run.waitSeconds <= 900)).toBe(true);
});

test('a COPY failure fails the run; the load was one transaction, so the old partition stays', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-6' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({
    Status: 'FAILED',
    SubStatements: [
      { Id: 'load-1:1', Status: 'FINISHED' },
      { Id: 'load-1:2', Status: 'FAILED', Error: "Spectrum Scan Error: column 'events' has an incompatible Parquet schema" },
      { Id: 'load-1:3', Status: 'ABORTED' },
    ],
  });
  const last = (await runToEnd()).at(-1)!.run;
  expect(last).toMatchObject({
    phase: 'failed',
    error:
      "loading into Redshift failed (the previous rows of the partition are kept): Spectrum Scan Error: column 'events' has an incompatible Parquet schema",
  });
  // The DELETE of the old rows is inside the same batch (transaction) as the failed COPY.
  expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(1);
  expect(notifications[0].severity).toBe('failure');
});

test('a target column whose type the job no longer matches fails the run with the reason, before any load', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-11' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  data.on(GetStatementResultCommand).resolves({
    ColumnMetadata: [
      { name: 'column_name' },
      { name: 'data_type' },
      { name: 'character_maximum_length' },
      { name: 'numeric_precision' },
      { name: 'numeric_scale' },
    ],
    Records: [
      ['ds', 'date'],
      ['app_id', 'integer'],
      ['events', 'integer'],
    ].map(([n, t]) => [{ stringValue: n }, { stringValue: t }, { isNull: true }, { isNull: true }, { isNull: true }]),
  });
  const last = (await runToEnd()).at(-1)!.run;
  expect(last.phase).toBe('failed');
  expect(last.error).toBe(
    'loading into Redshift failed (the previous rows of the partition are kept): job lockscreen-daily: athena.lockscreen_daily.events is INTEGER in the warehouse but declared BIGINT: ' +
      'Redshift changes a column in place only to lengthen a VARCHAR; declare INTEGER again, or add a new column and migrate the data by hand',
  );
  expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
  expect(notifications.map((n) => n.severity)).toEqual(['failure']);
});

test('a rerun of the same partition replaces it: the same DELETE precedes the INSERT, in a new prefix', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 3, 0) });
  await runToEnd('2026-11-24', 'first');
  await runToEnd('2026-11-24', 'second');
  const batches = data.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input.Sqls!);
  expect(batches).toHaveLength(2);
  for (const [i, sqls] of batches.entries()) {
    expect(sqls[2]).toContain(`/${['first', 'second'][i]}-a1/`);
    expect(sqls.indexOf(`DELETE FROM "athena"."lockscreen_daily" WHERE "ds" = '2026-11-24'`)).toBeLessThan(
      sqls.findIndex((s) => s.startsWith('INSERT INTO "athena"."lockscreen_daily"')),
    );
  }
});

test('an empty result (no Parquet file) empties the partition without a COPY', async () => {
  s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-8' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 0) });
  expect((await runToEnd()).at(-1)!.run).toMatchObject({ phase: 'done', rowsLoaded: 0 });
  expect(data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.Sqls!.some((s) => s.startsWith('COPY'))).toBe(false);
});

test('a step input that is not a run is refused with the field named', async () => {
  await expect(step({ job: 'Bad Name', partition: 'scheduled', runId: 'r' }, settings, deps())).rejects.toThrow(/invalid step input: job/);
  await expect(step({ job: job.name, partition: "2026-11-24' OR 1=1", runId: 'r' }, settings, deps())).rejects.toThrow('is not a partition');
  expect(athena.calls()).toHaveLength(0);
});

test('an execution input carries the job name and the partition only: one with SQL, a target or a whole job spec is refused, and the deployed SQL runs', async () => {
  const crafted = "SELECT password FROM secrets WHERE dt = '{{ds}}'";
  for (const event of [
    { job: { ...job, sql: crafted }, partition: '2026-11-24', runId: 'r' },
    { job: job.name, sql: crafted, partition: '2026-11-24', runId: 'r' },
    { job: job.name, target: { schema: 'public', table: 'users', columns: [{ name: 'x', type: 'INT' }], dayColumn: 'x' }, partition: '2026-11-24', runId: 'r' },
    { state: { job: job.name, partition: '2026-11-24', sql: crafted }, runId: 'r' },
  ]) {
    await expect(step(event, settings, deps())).rejects.toThrow(/invalid step input/);
  }
  await expect(step({ job: 'not-deployed', partition: '2026-11-24', runId: 'r' }, settings, deps())).rejects.toThrow(
    'no deployed Athena job "not-deployed"; deployed: lockscreen-daily',
  );
  expect(athena.calls()).toHaveLength(0);
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-12' });
  await step({ state: { job: job.name, partition: '2026-11-24' }, runId: 'r' }, settings, deps());
  expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input.QueryString).toContain("FROM lockscreen_activity WHERE dt = '2026-11-24'");
});

test('the load batch carries a ClientToken from the job, the run and its tries: a retried step submits the same token, so Redshift loads it once', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-13' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  let event: object = { job: job.name, partition: '2026-11-24', runId: 'run-t' };
  let out: StepOutput;
  do {
    out = await step(event, settings, deps());
    if (out.run.phase === 'load' && !out.run.statementId) break;
    event = out;
  } while (out.run.phase !== 'failed');
  const first = await step(out, settings, deps());
  const retried = await step(out, settings, deps()); // Step Functions retries a step whose answer it did not get
  const tokens = data.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input.ClientToken);
  expect(tokens).toHaveLength(2);
  expect(tokens[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(tokens[1]).toBe(tokens[0]);
  expect(retried.run.statementId).toBe(first.run.statementId);
});

test('a load Redshift cancels for serializable isolation (a concurrent run of the job) is submitted again after a backoff, with a token of its own', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-14' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  data.on(BatchExecuteStatementCommand).resolvesOnce({ Id: 'load-1' }).resolves({ Id: 'load-2' });
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({
    Status: 'FAILED',
    SubStatements: [
      { Id: 'load-1:1', Status: 'FINISHED' },
      {
        Id: 'load-1:4',
        Status: 'FAILED',
        Error: 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 156, transactions forming the cycle are: 8013, 8020 (pid:1073)',
      },
    ],
  });
  data.on(DescribeStatementCommand, { Id: 'load-2' }).resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 0, 11, 1) });
  const outputs = await runToEnd('2026-11-24', 'conflict');
  expect(outputs.at(-1)!.run).toMatchObject({ phase: 'done', rowsLoaded: 11, attempt: 1 });
  const batches = data.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input);
  expect(batches).toHaveLength(2);
  expect(batches[1].Sqls).toEqual(batches[0].Sqls);
  expect(batches[1].ClientToken).not.toBe(batches[0].ClientToken);
  expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  expect(notifications.map((n) => n.severity)).toEqual(['success']);
});

test('a load still running past the deadline and its grace is cancelled (CancelStatement) before the run ends; the run then fails', async () => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-15' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded);
  let cancelled = false;
  data.on(CancelStatementCommand).callsFake(() => {
    cancelled = true;
    return { Status: true };
  });
  data.on(DescribeStatementCommand, { Id: 'load-1' }).callsFake(() => ({ Status: cancelled ? 'ABORTED' : 'STARTED' }));
  const outputs = await runToEnd('2026-11-24', 'slow', { ...job, deadlineMinutes: 10 });
  const last = outputs.at(-1)!.run;
  expect(last.phase).toBe('failed');
  expect(last.error).toMatch(/^the load \(statement load-1\) was still running \d+ minutes after the deadline .* and was cancelled \(ABORTED\)/);
  expect(data.commandCalls(CancelStatementCommand).map((c) => c.args[0].input.Id)).toEqual(['load-1']);
  expect(notifications.map((n) => n.severity)).toEqual(['failure']);
});

test('a job with source DDL creates its table first (every run: the DDL is idempotent and free), then queries', async () => {
  const ddl =
    "CREATE EXTERNAL TABLE IF NOT EXISTS lockscreen_activity (app_id int) PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://raw-logs/lockscreen/' TBLPROPERTIES ('projection.enabled'='true')";
  athena
    .on(StartQueryExecutionCommand)
    .rejectsOnce(new TooManyRequestsException('Rate exceeded'))
    .resolvesOnce({ QueryExecutionId: 'ddl-1' })
    .resolves({ QueryExecutionId: 'q-9' });
  athena
    .on(GetQueryExecutionCommand, { QueryExecutionId: 'ddl-1' })
    .resolvesOnce(running)
    .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 0 } } });
  athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-9' }).resolves(succeeded);
  data.on(DescribeStatementCommand, { Id: 'load-1' }).resolves({ Status: 'FINISHED', SubStatements: subs(0, 0, 0, 2, 0) });
  const outputs = await runToEnd('2026-11-24', 'with-ddl', { ...job, sourceDdl: ddl });
  expect(outputs.map((o) => o.run.phase)).toEqual(['prepare', 'preparing', 'preparing', 'start', 'query', 'load', 'load', 'done']);
  const queries = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString);
  expect(queries).toEqual([ddl, ddl, expect.stringMatching(/^UNLOAD \(SELECT/)]);
});

describe('catch-up', () => {
  const started: { name: string; input: any }[] = [];
  const withCatchUp = () => ({ ...deps(), startRun: async (name: string, input: object) => void started.push({ name, input }) });

  beforeEach(() => {
    started.length = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-10' });
    data.on(GetStatementResultCommand).resolves({ ColumnMetadata: [{ name: 'partition_key' }], Records: [[{ stringValue: '2026-11-22' }]] });
  });

  const catchingUp = settingsWith({ ...job, catchUpPartitions: 3 });

  test('a scheduled run starts runs for the earlier partitions without a run record, once per scheduled partition, by job name', async () => {
    const out = await step({ job: job.name, partition: 'scheduled', runId: 'sched-1' }, catchingUp, withCatchUp());
    expect(out.run.partition).toBe('2026-11-24');
    expect(started.map((s) => s.name)).toEqual(['catchup-lockscreen-daily-2026-11-21-for-2026-11-24', 'catchup-lockscreen-daily-2026-11-23-for-2026-11-24']);
    expect(started[0].input).toEqual({ job: 'lockscreen-daily', partition: '2026-11-21' });
    const query = data
      .commandCalls(ExecuteStatementCommand)
      .map((c) => c.args[0].input.Sql)
      .find((q) => q?.includes('athena_runs'));
    expect(query).toContain(`partition_key >= '2026-11-21'`);
  });

  test('backfill and later steps do not catch up; a failed look is a warning, never a failed run', async () => {
    await step({ job: job.name, partition: '2026-11-20', runId: 'backfill-1' }, catchingUp, withCatchUp());
    expect(started).toEqual([]);
    data.on(GetStatementResultCommand).rejects(new Error('AccessDenied'));
    const out = await step({ job: job.name, partition: 'scheduled', runId: 'sched-2' }, catchingUp, withCatchUp());
    expect(out.run.phase).toBe('query');
    expect(notifications.map((n) => [n.severity, n.title])).toEqual([['warning', 'Athena job lockscreen-daily could not look for partitions to catch up']]);
  });
  test('the warning speaks the language of the settings', async () => {
    data.on(GetStatementResultCommand).rejects(new Error('AccessDenied'));
    await step({ job: job.name, partition: 'scheduled', runId: 'sched-3' }, { ...catchingUp, language: 'ko' }, withCatchUp());
    expect(notifications).toEqual([
      {
        source: 'athena',
        severity: 'warning',
        title: 'Athena 작업 lockscreen-daily: 밀린 파티션을 찾지 못했습니다',
        fields: [{ title: '오류', value: 'AccessDenied' }],
      },
    ]);
  });
});

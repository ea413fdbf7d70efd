import {
  parsePartitionKey,
  partitionKey,
  partitionOf,
  partitionsBetween,
  partitionsToCatchUp,
  renderSql,
  scheduledPartition,
} from '../../lambda/athena/core/partition';
import {
  advance,
  backoffSeconds,
  costUsd,
  DEFAULT_RETRY,
  LOAD_GRACE_MINUTES,
  LOAD_RETRY,
  loadOverdue,
  newRun,
  type RunState,
} from '../../lambda/athena/core/run';
import { loadedPartitionsSql, loadTransactionSql, stripSqlComments, unloadSql } from '../../lambda/athena/core/sql';

describe('partitions', () => {
  test('only real dates and hours are partitions; anything else is refused before it reaches SQL', () => {
    expect(partitionOf('daily', '2028-02-29')).toEqual({ ds: '2028-02-29' });
    expect(partitionOf('hourly', '2026-11-24', '09')).toEqual({ ds: '2026-11-24', hour: '09' });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', "2026-11-24' OR '1'='1", '2026-11-24; DROP TABLE x', '', '20261124']) {
      expect(() => partitionOf('daily', bad)).toThrow('is not a date (YYYY-MM-DD)');
    }
    for (const bad of ['24', '9', '-1', '09 ', "09' --", undefined]) expect(() => partitionOf('hourly', '2026-11-24', bad)).toThrow('is not an hour (00-23)');
    expect(() => partitionOf('daily', '2026-11-24', '09')).toThrow('a daily job takes no hour');
    expect(parsePartitionKey('hourly', '2026-11-24T23')).toEqual({ ds: '2026-11-24', hour: '23' });
    expect(() => parsePartitionKey('daily', '2026-11-24 ')).toThrow('is not a partition');
  });

  test('ranges, across months and days, with a limit', () => {
    expect(partitionsBetween('daily', { ds: '2026-02-27' }, { ds: '2026-03-02' }).map(partitionKey)).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(partitionsBetween('hourly', { ds: '2026-11-24', hour: '22' }, { ds: '2026-11-25', hour: '01' }).map(partitionKey)).toEqual([
      '2026-11-24T22',
      '2026-11-24T23',
      '2026-11-25T00',
      '2026-11-25T01',
    ]);
    expect(partitionsBetween('hourly', { ds: '2026-11-24' }, { ds: '2026-11-24' })).toHaveLength(24);
    expect(() => partitionsBetween('daily', { ds: '2026-11-25' }, { ds: '2026-11-24' })).toThrow('the range ends (2026-11-24) before it starts (2026-11-25)');
    expect(() => partitionsBetween('daily', { ds: '2000-01-01' }, { ds: '2026-01-01' }, 100)).toThrow('more than 100 partitions');
  });

  test('a scheduled run loads the day (or hour) before, as the clock reads in the app time zone', () => {
    // 2026-11-24 16:30 UTC is 2026-11-25 01:30 in Seoul.
    const now = new Date('2026-11-24T16:30:00Z');
    expect(scheduledPartition('daily', now, 'Asia/Seoul')).toEqual({ ds: '2026-11-24' });
    expect(scheduledPartition('daily', now, 'UTC')).toEqual({ ds: '2026-11-23' });
    expect(scheduledPartition('hourly', now, 'Asia/Seoul')).toEqual({ ds: '2026-11-25', hour: '00' });
    expect(scheduledPartition('hourly', new Date('2026-11-24T15:10:00Z'), 'Asia/Seoul')).toEqual({ ds: '2026-11-24', hour: '23' });
  });

  test('templating: {{ds}} and {{hour}} only, each where it belongs', () => {
    const daily = "SELECT app_id, count(*) AS n FROM raw.lockscreen WHERE dt = '{{ds}}' GROUP BY 1";
    expect(renderSql(daily, 'daily', { ds: '2026-11-24' })).toBe("SELECT app_id, count(*) AS n FROM raw.lockscreen WHERE dt = '2026-11-24' GROUP BY 1");
    expect(renderSql("SELECT 1 FROM t WHERE dt = '{{ ds }}' AND hour = '{{hour}}'", 'hourly', { ds: '2026-11-24', hour: '07' })).toBe(
      "SELECT 1 FROM t WHERE dt = '2026-11-24' AND hour = '07'",
    );
    expect(() => renderSql(daily, 'daily', { ds: "2026-11-24' OR 1=1 --" })).toThrow('is not a date');
    expect(() => renderSql("SELECT 1 WHERE dt = '{{ds}}' AND x = '{{table}}'", 'daily', { ds: '2026-11-24' })).toThrow(
      'unknown placeholder {{table}}; only {{ds}} and {{hour}} exist',
    );
    expect(() => renderSql('SELECT 1', 'daily', { ds: '2026-11-24' })).toThrow('must filter on its partition with {{ds}}');
    expect(() => renderSql("SELECT 1 WHERE dt = '{{ds}}' AND h = '{{hour}}'", 'daily', { ds: '2026-11-24' })).toThrow('{{hour}} is only for hourly jobs');
    expect(() => renderSql("SELECT 1 WHERE dt = '{{ds}}'", 'hourly', { ds: '2026-11-24', hour: '01' })).toThrow('an hourly job must filter on {{hour}} too');
  });
});

describe('SQL', () => {
  test("UNLOAD as Parquet to the run's prefix; one SELECT only", () => {
    expect(unloadSql("SELECT a FROM t WHERE dt = '2026-11-24';\n", 's3://results-bucket/unload/job/2026-11-24/run-a1/')).toBe(
      "UNLOAD (SELECT a FROM t WHERE dt = '2026-11-24') TO 's3://results-bucket/unload/job/2026-11-24/run-a1/' WITH (format = 'PARQUET', compression = 'SNAPPY')",
    );
    expect(() => unloadSql('DROP TABLE t', 's3://b-1/p/')).toThrow('one SELECT');
    expect(() => unloadSql('SELECT 1; DROP TABLE t', 's3://b-1/p/')).toThrow('one statement');
    expect(() => unloadSql('SELECT 1', "s3://b-1/p' x/")).toThrow('refusing to put output prefix');
  });

  const input = {
    job: 'lockscreen-daily',
    partition: { ds: '2026-11-24' },
    target: {
      schema: 'athena',
      table: 'lockscreen_daily',
      columns: [
        { name: 'ds', type: 'DATE' },
        { name: 'app_id', type: 'INT' },
        { name: 'n', type: 'BIGINT' },
      ],
      dayColumn: 'ds',
    },
    metaSchema: 'athena_meta',
    parquetPrefix: 's3://results-bucket/unload/lockscreen-daily/2026-11-24/run-a2/',
    copyRoleArn: 'arn:aws:iam::123456789012:role/copy',
    queryExecutionId: 'abc-123',
    bytesScanned: 5 * 1024 ** 4,
    costUsd: 25,
  };

  test('the load replaces the partition in one transaction: LOCK the target first, stage, COPY Parquet, DELETE, INSERT, run record', () => {
    expect(loadTransactionSql(input)).toEqual([
      // Before anything else: two loads of one job (catch-up runs, a backfill) then queue instead of failing with 1023.
      'LOCK "athena"."lockscreen_daily"',
      'CREATE TEMP TABLE "athena_stage" ("ds" DATE, "app_id" INTEGER, "n" BIGINT)',
      `COPY "athena_stage" FROM 's3://results-bucket/unload/lockscreen-daily/2026-11-24/run-a2/' IAM_ROLE 'arn:aws:iam::123456789012:role/copy' FORMAT AS PARQUET`,
      `DELETE FROM "athena"."lockscreen_daily" WHERE "ds" = '2026-11-24'`,
      'INSERT INTO "athena"."lockscreen_daily" ("ds", "app_id", "n") SELECT "ds", "app_id", "n" FROM "athena_stage"',
      `INSERT INTO "athena_meta"."athena_runs" (job_name, partition_key, query_execution_id, bytes_scanned, cost_usd, rows_loaded, loaded_at) ` +
        `SELECT 'lockscreen-daily', '2026-11-24', 'abc-123', 5497558138880, 25.000000, COUNT(*), GETDATE() FROM "athena_stage"`,
    ]);
  });

  test('an hourly partition deletes its hour only; an empty result still replaces the partition (with nothing)', () => {
    const hourly = loadTransactionSql({
      ...input,
      partition: { ds: '2026-11-24', hour: '07' },
      target: { ...input.target, hourColumn: 'hour' },
      parquetPrefix: undefined,
    });
    expect(hourly.some((s) => s.startsWith('COPY'))).toBe(false);
    expect(hourly).toContain(`DELETE FROM "athena"."lockscreen_daily" WHERE "ds" = '2026-11-24' AND "hour" = 7`);
    expect(() => loadTransactionSql({ ...input, partition: { ds: '2026-11-24', hour: '07' } })).toThrow('needs the target column that holds the hour');
    expect(() => loadTransactionSql({ ...input, queryExecutionId: "x'; DROP" })).toThrow('refusing to put query execution id');
    expect(loadedPartitionsSql('athena_meta', 'lockscreen-daily', '2026-11-20')).toBe(
      `SELECT DISTINCT partition_key FROM "athena_meta"."athena_runs" WHERE job_name = 'lockscreen-daily' AND partition_key >= '2026-11-20'`,
    );
  });

  test('cost: $5 per TB scanned, at least 10 MB per query, rounded up to the megabyte', () => {
    expect(costUsd(1024 ** 4)).toBe(5);
    expect(costUsd(0)).toBe(costUsd(10 * 1024 ** 2));
    expect(costUsd(10 * 1024 ** 2)).toBeCloseTo((10 / 1024 ** 2) * 5, 6);
    expect(costUsd(10 * 1024 ** 2 + 1)).toBeCloseTo((11 / 1024 ** 2) * 5, 6);
  });
});

describe("a run's decisions", () => {
  const t0 = new Date('2026-11-25T00:00:00Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const fresh = (): RunState => newRun({ job: 'j', partition: '2026-11-24', runId: 'run-1', now: t0, deadlineMinutes: 60 });

  test('the happy path: start, query, load, done', () => {
    let run = advance(fresh(), { kind: 'query-started', queryExecutionId: 'q1' }, at(1));
    expect(run).toMatchObject({ phase: 'query', queryExecutionId: 'q1', waitSeconds: 10 });
    run = advance(run, { kind: 'query-running' }, at(700));
    expect(run.waitSeconds).toBe(60);
    run = advance(run, { kind: 'query-succeeded', bytesScanned: 123, millis: 4000 }, at(760));
    expect(run).toMatchObject({ phase: 'load', bytesScanned: 123, waitSeconds: 0 });
    run = advance(run, { kind: 'load-started', statementId: 's1' }, at(761));
    run = advance(run, { kind: 'load-running' }, at(766));
    expect(run.waitSeconds).toBe(10);
    expect(advance(run, { kind: 'loaded', rows: 42 }, at(780))).toMatchObject({ phase: 'done', rowsLoaded: 42 });
  });

  test('TooManyRequests and retryable failures back off with full jitter; user errors and the bytes limit do not retry', () => {
    const throttled = advance(fresh(), { kind: 'throttled', message: 'Rate exceeded' }, at(0), DEFAULT_RETRY, () => 0.5);
    expect(throttled).toMatchObject({ phase: 'start', attempt: 2, waitSeconds: 15, attempts: ['attempt 1: TooManyRequestsException: Rate exceeded'] });
    const querying = { ...fresh(), phase: 'query' as const, queryExecutionId: 'q1' };
    expect(
      advance(querying, { kind: 'query-failed', state: 'FAILED', reason: 'HIVE_CURSOR_ERROR', retryable: true }, at(10), DEFAULT_RETRY, () => 1),
    ).toMatchObject({ phase: 'start', attempt: 2, waitSeconds: 30, queryExecutionId: undefined });
    expect(advance(querying, { kind: 'query-failed', state: 'CANCELLED', reason: 'Query was cancelled', retryable: false }, at(10))).toMatchObject({
      phase: 'start',
      attempt: 2,
    });
    expect(
      advance(querying, { kind: 'query-failed', state: 'FAILED', reason: "SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved", retryable: false }, at(10)),
    ).toMatchObject({
      phase: 'failed',
      error: "query q1 FAILED: SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved",
    });
    expect(
      advance(
        querying,
        { kind: 'query-failed', state: 'CANCELLED', reason: 'Query cancelled: it exceeded the bytes scanned limit of the workgroup', retryable: false },
        at(10),
      ).error,
    ).toMatch(/raise bytesScannedCutoffPerQueryGB/);
    expect(advance(fresh(), { kind: 'query-rejected', message: 'Queries of this type are not supported' }, at(0))).toMatchObject({ phase: 'failed' });
  });

  test('backoff ceilings double up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffSeconds(a, DEFAULT_RETRY, 1))).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect(backoffSeconds(3, DEFAULT_RETRY, 0)).toBe(1);
  });

  test('attempts and the deadline bound the retries', () => {
    let run = fresh();
    for (let i = 0; i < 7; i++) run = advance(run, { kind: 'throttled', message: 'busy' }, at(1), { ...DEFAULT_RETRY, capSeconds: 1 }, () => 1);
    expect(run).toMatchObject({ phase: 'start', attempt: 8 });
    run = advance(run, { kind: 'throttled', message: 'busy' }, at(2), { ...DEFAULT_RETRY, capSeconds: 1 }, () => 1);
    expect(run).toMatchObject({ phase: 'failed', error: 'gave up after 8 attempts; last: TooManyRequestsException: busy' });
    expect(run.attempts).toHaveLength(8);
    const late = advance(fresh(), { kind: 'throttled', message: 'busy' }, at(3590), DEFAULT_RETRY, () => 1);
    expect(late).toMatchObject({ phase: 'failed', error: 'deadline 2026-11-25T01:00:00.000Z reached after 1 attempts; last: TooManyRequestsException: busy' });
  });

  const CONFLICT = 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 156, transactions forming the cycle are: 8013, 8020 (pid:1073)';

  test('a load Redshift cancelled for serializable isolation is submitted again after a jittered wait, a bounded number of times', () => {
    let run: RunState = { ...fresh(), phase: 'load' as const, statementId: 's1' };
    run = advance(run, { kind: 'load-failed', error: CONFLICT }, at(5), DEFAULT_RETRY, () => 0.5);
    // Half (random 0.5) of the first ceiling; the query is not run again.
    expect(run).toMatchObject({
      phase: 'load',
      statementId: undefined,
      loadAttempt: 2,
      attempt: 1,
      waitSeconds: Math.round(LOAD_RETRY.baseMs / 2000),
      attempts: [`load try 1: ${CONFLICT}`],
    });
    for (let i = 2; i < LOAD_RETRY.maxAttempts; i++)
      run = advance({ ...run, statementId: `s${i}` }, { kind: 'load-failed', error: CONFLICT }, at(10 * i), DEFAULT_RETRY, () => 0);
    expect(run).toMatchObject({ phase: 'load', loadAttempt: LOAD_RETRY.maxAttempts });
    run = advance({ ...run, statementId: 'last' }, { kind: 'load-failed', error: CONFLICT }, at(100), DEFAULT_RETRY, () => 0);
    expect(run.phase).toBe('failed');
    expect(run.error).toBe(
      `loading into Redshift failed (the previous rows of the partition are kept): ${CONFLICT} (serialization conflict on each of ${LOAD_RETRY.maxAttempts} tries)`,
    );
  });

  test('a load still running after the deadline and its grace is overdue: the run fails once its cancel is seen, not before', () => {
    const loading: RunState = { ...fresh(), phase: 'load' as const, statementId: 's1' };
    const graceEnds = 3600 + LOAD_GRACE_MINUTES * 60;
    expect(loadOverdue(loading, at(graceEnds))).toBe(false);
    expect(loadOverdue(loading, at(graceEnds + 1))).toBe(true);
    const pending = advance(loading, { kind: 'load-cancel-pending' }, at(graceEnds + 1));
    expect(pending).toMatchObject({ phase: 'load', statementId: 's1', waitSeconds: 10 });
    expect(advance(pending, { kind: 'load-cancelled', status: 'ABORTED' }, at(graceEnds + 20))).toMatchObject({
      phase: 'failed',
      error: `the load (statement s1) was still running ${LOAD_GRACE_MINUTES} minutes after the deadline 2026-11-25T01:00:00.000Z and was cancelled (ABORTED); the previous rows of the partition are kept`,
    });
  });

  test('a failed load fails the run and says the old rows stay', () => {
    const loading = { ...fresh(), phase: 'load' as const, statementId: 's1' };
    expect(advance(loading, { kind: 'load-failed', error: 'Spectrum Scan Error' }, at(5)).error).toBe(
      'loading into Redshift failed (the previous rows of the partition are kept): Spectrum Scan Error',
    );
    expect(advance(loading, { kind: 'query-running' }, at(5))).toMatchObject({ phase: 'failed', error: 'unexpected query-running in phase load' });
  });
});

test('comments are stripped from job SQL before it is wrapped, strings and quoted names untouched', () => {
  const sql = "-- a day of events\nSELECT '--not a comment' AS a, \"x--y\" /* block\n comment */ FROM t -- trailing\nWHERE dt = '2026-11-24';\n";
  expect(stripSqlComments(sql)).toBe("SELECT '--not a comment' AS a, \"x--y\"   FROM t\nWHERE dt = '2026-11-24';");
  expect(unloadSql(sql, 's3://b-1/p/')).toBe(
    "UNLOAD (SELECT '--not a comment' AS a, \"x--y\"   FROM t\nWHERE dt = '2026-11-24') TO 's3://b-1/p/' WITH (format = 'PARQUET', compression = 'SNAPPY')",
  );
  expect(stripSqlComments("SELECT 'it''s -- fine' FROM t")).toBe("SELECT 'it''s -- fine' FROM t");
});

test('catch-up: the partitions before the scheduled one without a run record', () => {
  expect(partitionsToCatchUp('daily', { ds: '2026-11-24' }, 3, new Set(['2026-11-22'])).map(partitionKey)).toEqual(['2026-11-21', '2026-11-23']);
  expect(partitionsToCatchUp('hourly', { ds: '2026-11-25', hour: '01' }, 3, new Set(['2026-11-25T00'])).map(partitionKey)).toEqual([
    '2026-11-24T22',
    '2026-11-24T23',
  ]);
  expect(partitionsToCatchUp('daily', { ds: '2026-11-24' }, 0, new Set())).toEqual([]);
});

/** The Redshift adapter against aws-sdk-client-mock stubs of the Data API and S3. */
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { partBytesFor, RedshiftStatementError, RedshiftWarehouse, uploadCsvParts } from '../../lambda/warehouse/redshift';

const data = mockClient(RedshiftDataClient);
const s3 = mockClient(S3Client);
const SECRET = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:redshift/analytics/loader-Ab12Cd';
const ROLE = 'arn:aws:iam::123456789012:role/redshift-copy';

function warehouse(options = {}) {
  return new RedshiftWarehouse(
    new RedshiftDataClient({}),
    new S3Client({}),
    { database: 'analytics', secretArn: SECRET, clusterIdentifier: 'analytics' },
    { bucket: 'example-sync-staging', prefix: 'ads/', copyRoleArn: ROLE },
    { pollMs: 1, sleep: async () => undefined, ...options },
  );
}

beforeEach(() => {
  data.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  data.on(ExecuteStatementCommand).resolves({ Id: 'stmt-1' });
  data.on(BatchExecuteStatementCommand).resolves({ Id: 'batch-1' });
});

test('a load: gzip CSV parts and a manifest in S3, then one batch (one transaction) with COPY between before and after', async () => {
  data.on(DescribeStatementCommand).resolvesOnce({ Status: 'SUBMITTED' }).resolvesOnce({ Status: 'STARTED' }).resolves({ Status: 'FINISHED' });
  const rows = ['1,"a"\n', '2,"b"\n', '3,\\N\n'];
  await warehouse({ partBytes: 12 }).load({
    before: ['CREATE TEMP TABLE "sync_stage" (LIKE "mysql_ads"."ads")'],
    into: { table: '"sync_stage"', columns: ['id', 'title'] },
    data: Readable.from(rows),
    after: () => ['DELETE FROM "mysql_ads"."ads" USING "sync_stage" WHERE x', 'UPDATE state'],
  });

  const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  expect(puts).toHaveLength(3);
  expect(puts[0]).toMatchObject({ Bucket: 'example-sync-staging', Key: expect.stringMatching(/^ads\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\/part-00001\.csv\.gz$/) });
  expect(gunzipSync(puts[0].Body as Buffer).toString()).toBe('1,"a"\n2,"b"\n');
  expect(gunzipSync(puts[1].Body as Buffer).toString()).toBe('3,\\N\n');
  const manifest = JSON.parse(puts[2].Body as string);
  expect(manifest).toEqual({ entries: [puts[0], puts[1]].map((p) => ({ url: `s3://example-sync-staging/${p.Key}`, mandatory: true })) });

  const batch = data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input;
  expect(batch).toMatchObject({ ClusterIdentifier: 'analytics', Database: 'analytics', SecretArn: SECRET });
  expect(batch.Sqls).toEqual([
    'CREATE TEMP TABLE "sync_stage" (LIKE "mysql_ads"."ads")',
    `COPY "sync_stage" ("id", "title") FROM 's3://example-sync-staging/${puts[2].Key}' IAM_ROLE '${ROLE}' MANIFEST GZIP FORMAT AS CSV NULL AS '\\000' TIMEFORMAT 'auto' DATEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF`,
    'DELETE FROM "mysql_ads"."ads" USING "sync_stage" WHERE x',
    'UPDATE state',
  ]);
  expect(data.commandCalls(DescribeStatementCommand)).toHaveLength(3);
});

test("workers' streams: each its own parts, all in one manifest, loaded by one COPY in one batch", async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  await warehouse({ partBytes: 12 }).load({
    before: ['DELETE FROM "mysql_ads"."ads"'],
    into: { table: '"mysql_ads"."ads"', columns: ['id', 'title'] },
    data: [Readable.from(['1,"a"\n', '2,"b"\n', '3,"c"\n']), Readable.from([]), Readable.from(['9,"z"\n'])],
    after: () => ['UPDATE state'],
  });
  const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  const parts = puts.filter((p) => p.Key!.endsWith('.csv.gz'));
  expect(parts.map((p) => p.Key!.replace(/^.*\//, ''))).toEqual(
    expect.arrayContaining(['w1-part-00001.csv.gz', 'w1-part-00002.csv.gz', 'w3-part-00001.csv.gz']),
  );
  expect(parts).toHaveLength(3);
  const rows = parts.map((p) => gunzipSync(p.Body as Buffer).toString()).join('');
  expect(rows.split('\n').filter(Boolean).sort()).toEqual(['1,"a"', '2,"b"', '3,"c"', '9,"z"']);
  const manifest = puts.find((p) => p.Key!.endsWith('manifest.json'))!;
  expect(
    JSON.parse(manifest.Body as string)
      .entries.map((e: { url: string }) => e.url)
      .sort(),
  ).toEqual(parts.map((p) => `s3://example-sync-staging/${p.Key}`).sort());
  const batches = data.commandCalls(BatchExecuteStatementCommand);
  expect(batches).toHaveLength(1);
  expect(batches[0].args[0].input.Sqls!.filter((sql) => sql.startsWith('COPY'))).toHaveLength(1);
});

test("a worker's stream failing fails the load before any statement runs", async () => {
  const failing = new Readable({
    read() {
      this.destroy(new Error('worker 2 could not read'));
    },
  });
  // Worker 1 still reading (it never ends by itself): it is stopped, and the load fails with worker 2's error.
  const reading = new Readable({ read() {} });
  await expect(warehouse().load({ before: [], into: { table: '"t"', columns: ['id'] }, data: [reading, failing], after: () => [] })).rejects.toThrow(
    'worker 2 could not read',
  );
  expect(reading.destroyed).toBe(true);
  expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
});

describe('load files in sets of the cluster slices, about equal in size (COPY guidance)', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `row-${String(i).padStart(2, '0')}\n`);
  const written = () =>
    s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input)
      .filter((p) => p.Key!.endsWith('.csv.gz'))
      .map((p) => ({ key: p.Key!, csv: gunzipSync(p.Body as Buffer).toString() }));

  test('chunks dealt to 3 files in turn: full sets of 3 equal files, every row once', async () => {
    const keys = await uploadCsvParts(new S3Client({}), 'example-sync-staging', 'ads/x/', Readable.from(rows(30)), { files: 3, partBytes: 14 });
    const files = written();
    expect(keys).toHaveLength(15);
    expect(files.map((f) => f.key).sort()).toEqual([...keys].sort());
    expect(new Set(files.map((f) => f.csv.length))).toEqual(new Set([14]));
    expect(files.flatMap((f) => f.csv.split('\n').filter(Boolean)).sort()).toEqual(rows(30).map((r) => r.trim()));
  });

  test('uneven chunks still make whole sets: every file count a multiple of the slices', async () => {
    // 45 chunks of 10 to 440 bytes, 4 files a set, cut at 1,000 bytes.
    const chunks = Array.from({ length: 45 }, (_, i) => `${'x'.repeat(10 + ((i * 37) % 430))}\n`);
    const keys = await uploadCsvParts(new S3Client({}), 'example-sync-staging', 'ads/z/', Readable.from(chunks), { files: 4, partBytes: 1_000 });
    expect(keys.length % 4).toBe(0); // whole sets, the last one the lanes' leftovers
    expect(keys.length).toBeGreaterThan(4);
    expect(written().reduce((n, f) => n + f.csv.length, 0)).toBe(chunks.join('').length);
  });

  test('the last set is the rest shared out: 3 files of 12 rows each for 36 rows below the part size', async () => {
    await uploadCsvParts(new S3Client({}), 'example-sync-staging', 'ads/y/', Readable.from(rows(36)), { files: 3 });
    expect(written().map((f) => f.csv.split('\n').filter(Boolean).length)).toEqual([12, 12, 12]);
  });

  test('files are 64 MiB of CSV, less when a load writes many at once (never under 8 MiB)', () => {
    const MiB = 1024 * 1024;
    expect([1, 8, 16, 32, 64, 128, 1000].map((lanes) => partBytesFor(lanes) / MiB)).toEqual([64, 64, 64, 32, 16, 8, 8]);
  });

  test('the warehouse writes its loads that way (files: the slices)', async () => {
    data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    await warehouse({ files: 4, partBytes: 1_000 }).load({
      before: [],
      into: { table: '"t"', columns: ['id'] },
      data: Readable.from(rows(40)),
      after: () => [],
    });
    expect(written()).toHaveLength(4);
  });
});

test('no rows: no files and no COPY, the rest of the transaction still runs', async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  await warehouse().load({ before: ['DELETE FROM t'], into: { table: '"t"', columns: ['id'] }, data: Readable.from([]), after: () => ['UPDATE state'] });
  expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  expect(data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.Sqls).toEqual(['DELETE FROM t', 'UPDATE state']);
});

test("a failed statement surfaces Redshift's error text and which statement failed", async () => {
  data.on(DescribeStatementCommand).resolves({
    Status: 'FAILED',
    Error: 'batch failed',
    SubStatements: [
      { Id: 'batch-1:1', Status: 'FINISHED' },
      {
        Id: 'batch-1:2',
        Status: 'FAILED',
        QueryString: 'COPY "sync_stage" ...',
        Error: "Load into table 'sync_stage' failed. Check 'stl_load_errors' system table for details.",
      },
    ],
  });
  const load = warehouse().load({ before: [], into: { table: '"sync_stage"', columns: ['id'] }, data: Readable.from(['1\n']), after: () => [] });
  await expect(load).rejects.toThrow(RedshiftStatementError);
  await expect(
    warehouse().load({ before: [], into: { table: '"sync_stage"', columns: ['id'] }, data: Readable.from(['1\n']), after: () => [] }),
  ).rejects.toThrow(
    `Redshift statement failed: statement 2 (COPY "sync_stage" ...) failed: Load into table 'sync_stage' failed. Check 'stl_load_errors' system table for details.`,
  );
});

test('a statement that never finishes times out', async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'STARTED' });
  await expect(warehouse({ timeoutMs: 0 }).execute('SELECT 1')).rejects.toThrow('did not finish in time (status STARTED)');
});

test('queries read every result page into records; execute returns the rows changed', async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
  data
    .on(GetStatementResultCommand)
    .resolvesOnce({ ColumnMetadata: [{ name: 'watermark' }], Records: [[{ stringValue: '150' }]], NextToken: 'p2' })
    .resolvesOnce({ ColumnMetadata: [{ name: 'watermark' }], Records: [[{ isNull: true }]] });
  const w = warehouse();
  expect(await w.query('SELECT watermark FROM s')).toEqual([{ watermark: '150' }, { watermark: null }]);
  expect(await w.execute('UPDATE x')).toBe(1);
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input).toMatchObject({
    Sql: 'SELECT watermark FROM s',
    ClusterIdentifier: 'analytics',
    SecretArn: SECRET,
  });
});

/** DescribeStatement answers for one lockJob: sync_state's two CREATE ... IF NOT EXISTS, the state row, the lease UPDATE. */
const lockAnswers = (stateRows: number, leaseRows: number) =>
  [{}, {}, { ResultRows: stateRows }, { ResultRows: leaseRows }].map((a) => ({ Status: 'FINISHED' as const, ...a }));

function answerInOrder(answers: { Status: 'FINISHED'; ResultRows?: number }[]) {
  let chain = data.on(DescribeStatementCommand);
  for (const answer of answers) chain = chain.resolvesOnce(answer);
}

test('the job lease: taken when one row is updated, refused when none is', async () => {
  answerInOrder([...lockAnswers(0, 1), ...lockAnswers(0, 0)]); // state row already there; lease taken, then held by someone else
  const lock = { job: 'ads', mode: 'FULL_COPY' as const, stateSchema: 'sync_meta', runId: 'run-1', ttlMs: 60_000 };
  expect(await warehouse().lockJob(lock)).toBe(true);
  const sqls = data.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.Sql);
  expect(sqls[0]).toBe('CREATE SCHEMA IF NOT EXISTS "sync_meta"');
  expect(sqls[1]).toMatch(/^CREATE TABLE IF NOT EXISTS "sync_meta"."sync_state" \(job_name VARCHAR\(128\) NOT NULL/);
  expect(sqls[2]).toMatch(/^INSERT INTO "sync_meta"."sync_state" \(job_name, mode\) SELECT 'ads', 'FULL_COPY' WHERE NOT EXISTS/);
  expect(sqls[3]).toMatch(/^UPDATE "sync_meta"."sync_state" SET lease_owner = 'run-1'.* AND \(lease_owner IS NULL OR lease_until < '/);
  expect(await warehouse().lockJob(lock)).toBe(false);
});

test('a job whose state row was inserted twice (two first runs at once) can still be locked, and by one run only', async () => {
  answerInOrder([...lockAnswers(0, 2), ...lockAnswers(0, 0)]); // both twin rows now carry this run's lease; the other run finds it taken
  const lock = { job: 'ads', mode: 'FULL_COPY' as const, stateSchema: 'sync_meta', runId: 'run-1', ttlMs: 60_000 };
  expect(await warehouse().lockJob(lock)).toBe(true);
  expect(await warehouse().lockJob({ ...lock, runId: 'run-2' })).toBe(false);
});

test("describeTable reads SVV_COLUMNS with exact names (not DescribeTable's LIKE pattern); no rows means no table", async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  const meta = [{ name: 'column_name' }, { name: 'data_type' }, { name: 'character_maximum_length' }, { name: 'numeric_precision' }, { name: 'numeric_scale' }];
  const none = { isNull: true };
  data
    .on(GetStatementResultCommand)
    .resolvesOnce({
      ColumnMetadata: meta,
      Records: [
        [{ stringValue: 'id' }, { stringValue: 'bigint' }, none, { longValue: 64 }, { longValue: 0 }],
        [{ stringValue: 'title' }, { stringValue: 'character varying' }, { longValue: 80 }, none, none],
        [{ stringValue: 'price' }, { stringValue: 'numeric' }, none, { longValue: 12 }, { longValue: 2 }],
      ],
    })
    .resolvesOnce({ ColumnMetadata: meta, Records: [] });
  const w = warehouse();
  expect(await w.describeTable('mysql_ads', 'ad_providers')).toEqual([
    { name: 'id', type: 'BIGINT', length: undefined, precision: 64, scale: 0 },
    { name: 'title', type: 'CHARACTER VARYING', length: 80, precision: undefined, scale: undefined },
    { name: 'price', type: 'NUMERIC', length: undefined, precision: 12, scale: 2 },
  ]);
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toBe(
    "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM svv_columns WHERE table_schema = 'mysql_ads' AND table_name = 'ad_providers' ORDER BY ordinal_position",
  );
  expect(await w.describeTable('mysql_ads', 'missing')).toBeUndefined();
  await expect(w.describeTable("x' OR '1'='1", 't')).rejects.toThrow('unsafe SQL identifier');
});

test('configuration that cannot be put into COPY is refused up front', () => {
  const make =
    (staging: object, target: object = { clusterIdentifier: 'analytics' }) =>
    () =>
      new RedshiftWarehouse(
        new RedshiftDataClient({}),
        new S3Client({}),
        { database: 'a', secretArn: SECRET, ...target },
        { bucket: 'b-bucket', prefix: 'p/', copyRoleArn: ROLE, ...staging },
      );
  expect(make({ copyRoleArn: "arn:aws:iam::123456789012:role/x' CREDENTIALS 'y" })).toThrow('is not an IAM role ARN');
  expect(make({ prefix: "p'/" })).toThrow('is not an s3://bucket/key URL');
  expect(make({ bucket: 'Bad_Bucket' })).toThrow('is not an s3://bucket/key URL');
  expect(make({}, { clusterIdentifier: 'a', workgroupName: 'w' })).toThrow('exactly one of clusterIdentifier and workgroupName');
});

describe('serializable isolation, time-outs and idempotent submits', () => {
  const CONFLICT = 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 156, transactions forming the cycle are: 8013, 8020 (pid:1073)';
  const load = (w: RedshiftWarehouse) =>
    w.load({ before: ['DELETE FROM t'], into: { table: '"t"', columns: ['id'] }, data: Readable.from(['1\n']), after: () => ['UPDATE state'] });
  const lock = { job: 'ads', mode: 'FULL_COPY' as const, stateSchema: 'sync_meta', runId: 'run-1', ttlMs: 60_000 };

  test('a load Redshift cancels for serializable isolation (1023) is submitted again, whole, after a jittered wait, with a token of its own', async () => {
    const sleeps: number[] = [];
    data.on(BatchExecuteStatementCommand).resolvesOnce({ Id: 'batch-1' }).resolves({ Id: 'batch-2' });
    data
      .on(DescribeStatementCommand)
      .callsFake(({ Id }) =>
        Id === 'batch-1'
          ? { Status: 'FAILED', SubStatements: [{ Id: 'batch-1:1', Status: 'FAILED', QueryString: 'DELETE FROM t', Error: CONFLICT }] }
          : { Status: 'FINISHED', ResultRows: 1 },
      );
    const w = warehouse({ sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 });
    expect(await w.lockJob(lock)).toBe(true);
    await load(w);
    const batches = data.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input);
    expect(batches).toHaveLength(2);
    expect(batches[1].Sqls).toEqual(batches[0].Sqls);
    expect(batches[0].ClientToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(batches[1].ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(batches[1].ClientToken).not.toBe(batches[0].ClientToken);
    // The first retry waits half (random 0.5) of the first ceiling (2,000 ms).
    expect(sleeps.at(-1)).toBe(1000);
  });

  test('a conflict that persists gives up after the bounded tries; other failures are not retried', async () => {
    data
      .on(DescribeStatementCommand)
      .callsFake(({ Id }) => (Id.startsWith('batch') ? { Status: 'FAILED', Error: CONFLICT } : { Status: 'FINISHED', ResultRows: 1 }));
    await expect(load(warehouse({ random: () => 0 }))).rejects.toThrow('Serializable isolation violation');
    expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(5);
    data.resetHistory();
    data.on(DescribeStatementCommand).resolves({ Status: 'FAILED', Error: "Load into table 't' failed. Check 'stl_load_errors' system table for details." });
    await expect(load(warehouse())).rejects.toThrow('stl_load_errors');
    expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(1);
  });

  test('the load token comes from the job and the run: a retried invocation of the run submits the same token, another run another', async () => {
    data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
    const tokenOf = async (runId: string) => {
      data.resetHistory();
      const w = warehouse();
      await w.lockJob({ ...lock, runId });
      await load(w);
      return data.commandCalls(BatchExecuteStatementCommand)[0].args[0].input.ClientToken;
    };
    const first = await tokenOf('run-1');
    expect(first).toBeDefined();
    expect(await tokenOf('run-1')).toBe(first);
    expect(await tokenOf('run-2')).not.toBe(first);
  });

  test('a load that does not finish in time is cancelled (CancelStatement) before the lease is released', async () => {
    let cancelled = false;
    data.on(CancelStatementCommand).callsFake(() => {
      cancelled = true;
      return { Status: true };
    });
    data
      .on(DescribeStatementCommand)
      .callsFake(({ Id }) => (Id === 'batch-1' ? { Status: cancelled ? 'ABORTED' : 'STARTED' } : { Status: 'FINISHED', ResultRows: 1 }));
    const w = warehouse({ timeoutMs: 0 });
    expect(await w.lockJob(lock)).toBe(true);
    await expect(load(w)).rejects.toThrow('did not finish in time (status STARTED); cancelled (ABORTED)');
    await w.unlockJob(lock); // what the engine does in its finally
    const calls = data
      .calls()
      .map((c) => [c.args[0].constructor.name, (c.args[0].input as { Sql?: string; Id?: string }).Sql ?? (c.args[0].input as { Id?: string }).Id]);
    const cancelAt = calls.findIndex(([name]) => name === 'CancelStatementCommand');
    const releaseAt = calls.findIndex(([name, sql]) => name === 'ExecuteStatementCommand' && /SET lease_owner = NULL/.test(String(sql)));
    expect(calls[cancelAt]).toEqual(['CancelStatementCommand', 'batch-1']);
    expect(releaseAt).toBeGreaterThan(cancelAt);
  });

  test('a load still running after the cancel keeps the lease (it expires instead); one that finished meanwhile counts as loaded', async () => {
    data.on(CancelStatementCommand).resolves({ Status: true });
    data.on(DescribeStatementCommand).callsFake(({ Id }) => (Id === 'batch-1' ? { Status: 'STARTED' } : { Status: 'FINISHED', ResultRows: 1 }));
    const w = warehouse({ timeoutMs: 0 });
    await w.lockJob(lock);
    await expect(load(w)).rejects.toThrow('may still be running');
    await w.unlockJob(lock);
    expect(
      data
        .commandCalls(ExecuteStatementCommand)
        .map((c) => c.args[0].input.Sql)
        .filter((s) => /SET lease_owner = NULL/.test(s!)),
    ).toEqual([]);

    data.reset();
    data.on(ExecuteStatementCommand).resolves({ Id: 'stmt-1' });
    data.on(BatchExecuteStatementCommand).resolves({ Id: 'batch-1' });
    data.on(CancelStatementCommand).rejects(new Error('ValidationException: Could not cancel a query that is already in FINISHED state'));
    data.on(DescribeStatementCommand, { Id: 'batch-1' }).resolvesOnce({ Status: 'STARTED' }).resolves({ Status: 'FINISHED' });
    await expect(load(warehouse({ timeoutMs: 0 }))).resolves.toBeUndefined();
  });
});

test('a COPY that rejects rows fails with the first rejected rows, read from STL_LOAD_ERRORS on a cluster and SYS_LOAD_ERROR_DETAIL on Serverless', async () => {
  const copyFailed = {
    Status: 'FAILED' as const,
    SubStatements: [
      { Id: 'batch-1:1', Status: 'FINISHED' as const },
      {
        Id: 'batch-1:2',
        Status: 'FAILED' as const,
        QueryString: 'COPY "t" ...',
        RedshiftQueryId: 4211,
        Error: "Load into table 't' failed. Check 'stl_load_errors' system table for details.",
      },
    ],
  };
  data.on(DescribeStatementCommand).callsFake(({ Id }) => (Id === 'batch-1' ? copyFailed : { Status: 'FINISHED' }));
  data.on(GetStatementResultCommand).resolves({
    ColumnMetadata: [{ name: 'file' }, { name: 'line' }, { name: 'column' }, { name: 'reason' }],
    Records: [
      [
        { stringValue: 's3://example-sync-staging/ads/part-00001.csv.gz' },
        { longValue: 3 },
        { stringValue: 'id' },
        { stringValue: "Invalid digit, Value 'a', Pos 0, Type: Integer" },
      ],
    ],
  });
  const load = (w: RedshiftWarehouse) => w.load({ before: [], into: { table: '"t"', columns: ['id'] }, data: Readable.from(['a\n']), after: () => [] });
  await expect(load(warehouse())).rejects.toThrow(
    "Check 'stl_load_errors' system table for details.; rejected rows: line 3, column id: Invalid digit, Value 'a', Pos 0, Type: Integer (s3://example-sync-staging/ads/part-00001.csv.gz)",
  );
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toContain('FROM stl_load_errors WHERE query = 4211');

  data.resetHistory();
  const serverless = new RedshiftWarehouse(
    new RedshiftDataClient({}),
    new S3Client({}),
    { database: 'analytics', secretArn: SECRET, workgroupName: 'analytics' },
    { bucket: 'example-sync-staging', prefix: 'ads/', copyRoleArn: ROLE },
    { pollMs: 1, sleep: async () => undefined },
  );
  await expect(load(serverless)).rejects.toThrow('; rejected rows: line 3, column id');
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toContain('FROM sys_load_error_detail WHERE query_id = 4211');
});

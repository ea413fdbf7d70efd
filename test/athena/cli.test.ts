/** The Athena CLI: render with the runs' templating, backfill through a mocked Step Functions and Data API. */
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../bin/athena';
import { statusLine } from '../../lib/cli/progress';

const sfn = mockClient(SFNClient);
const data = mockClient(RedshiftDataClient);

/** Executions finish after two looks each; the ones named in `failing` fail. */
let looks: Map<string, number>;
let maxRunning: number;
function fakeStepFunctions(failing: string[] = []) {
  looks = new Map();
  maxRunning = 0;
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => {
    looks.set(input.name, 0);
    maxRunning = Math.max(maxRunning, [...looks.values()].filter((n) => n >= 0).length);
    return { executionArn: `arn:aws:states:ap-northeast-2:123456789012:execution:example-athena-jobs:${input.name}` };
  });
  sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => {
    const name = input.executionArn.split(':').pop()!;
    const n = looks.get(name)! + 1;
    if (n < 2) {
      looks.set(name, n);
      return { status: 'RUNNING' };
    }
    looks.set(name, -1);
    return { status: failing.some((f) => name.includes(f)) ? 'FAILED' : 'SUCCEEDED' };
  });
}

beforeEach(() => {
  sfn.reset();
  data.reset();
});

async function run(args: string[], now = new Date('2026-11-24T16:30:00Z')) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (t) => out.push(t),
    (t) => err.push(t),
    { sfn: new SFNClient({}), data: new RedshiftDataClient({}), sleep: async () => undefined, now: () => now },
  );
  return { code, out, err };
}

test('render prints the job SQL for one partition, exactly as a run renders it', async () => {
  const { code, out } = await run(['render', '--job', 'lockscreen-daily', '--partition', '2026-11-24']);
  expect(code).toBe(0);
  expect(out.join('\n')).toContain("WHERE dt = '2026-11-24'");
  expect(out.join('\n')).not.toContain('{{');
});

test('render refuses what is not a partition of the job', async () => {
  for (const [partition, message] of [
    ["2026-11-24' OR '1'='1", 'is not a partition'],
    ['2026-02-30', 'is not a date'],
    ['2026-11-24T09', 'a daily job takes no hour'],
  ]) {
    const { code, err } = await run(['render', '--job', 'lockscreen-daily', '--partition', partition]);
    expect(code).toBe(1);
    expect(err[0]).toContain(message);
  }
  expect((await run(['render', '--job', 'ad-allocation-hourly', '--partition', '2026-11-24'])).err[0]).toContain('is not an hour');
});

test('backfill starts one execution per partition, never more than the concurrency at once, and reports the failures', async () => {
  fakeStepFunctions(['2026-11-03']);
  const { code, out, err } = await run(['backfill', '--job', 'lockscreen-daily', '--from', '2026-11-01', '--to', '2026-11-05', '--concurrency', '2']);
  expect(code).toBe(1);
  expect(JSON.parse(out[0])).toEqual({ job: 'lockscreen-daily', partitions: 5, succeeded: 4, failed: ['2026-11-03'] });
  expect(maxRunning).toBe(2);
  const starts = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
  expect(starts.map((s) => JSON.parse(s.input!).partition)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
  expect(starts[0].stateMachineArn).toBe('arn:aws:states:ap-northeast-2:123456789012:stateMachine:example-athena-jobs');
  expect(starts[0].name).toMatch(/^lockscreen-daily-2026-11-01-\d{8}T\d{6}$/);
  // The job's name and the partition only: the step runs the SQL deployed with it, whatever an input says.
  expect(starts.map((s) => JSON.parse(s.input!))[0]).toEqual({ job: 'lockscreen-daily', partition: '2026-11-01' });
  expect(err).toContain('started 2026-11-01');
  expect(err).toContain('failed 2026-11-03');
});

test('an hourly backfill covers every hour of the days given', async () => {
  fakeStepFunctions();
  const { code, out } = await run(['backfill', '--job', 'ad-allocation-hourly', '--from', '2026-11-24T22', '--to', '2026-11-25T01', '--concurrency', '3']);
  expect(code).toBe(0);
  expect(JSON.parse(out[0])).toMatchObject({ partitions: 4, succeeded: 4 });
  expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name!.slice(0, 34))).toEqual([
    'ad-allocation-hourly-2026-11-24-22',
    'ad-allocation-hourly-2026-11-24-23',
    'ad-allocation-hourly-2026-11-25-00',
    'ad-allocation-hourly-2026-11-25-01',
  ]);
});

test('--missing-since runs only the partitions without a run record, up to the last scheduled one', async () => {
  fakeStepFunctions();
  data.on(ExecuteStatementCommand).resolves({ Id: 'q' });
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  data
    .on(GetStatementResultCommand)
    .resolves({ ColumnMetadata: [{ name: 'partition_key' }], Records: [[{ stringValue: '2026-11-21' }], [{ stringValue: '2026-11-23' }]] });
  // 16:30 UTC on 11-24 is 01:30 on 11-25 in Seoul: the last scheduled partition is 2026-11-24.
  const { code, out, err } = await run(['backfill', '--job', 'lockscreen-daily', '--missing-since', '2026-11-20']);
  expect(code).toBe(0);
  expect(err[0]).toBe('3 of 5 partitions since 2026-11-20 have no run record');
  expect(sfn.commandCalls(StartExecutionCommand).map((c) => JSON.parse(c.args[0].input.input!).partition)).toEqual(['2026-11-20', '2026-11-22', '2026-11-24']);
  expect(JSON.parse(out[0])).toMatchObject({ partitions: 3, succeeded: 3 });
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toContain(`WHERE job_name = 'lockscreen-daily' AND partition_key >= '2026-11-20'`);
});

test('bad arguments: one line, exit 2; unknown jobs are named', async () => {
  expect(await run(['backfill', '--job', 'lockscreen-daily'])).toMatchObject({
    code: 2,
    out: [],
    err: ['error: backfill needs --from and --to, or --missing-since (see --help)'],
  });
  expect((await run(['backfill', '--job', 'lockscreen-daily', '--from', '2026-11-01', '--to', '2026-11-02', '--concurrency', '0'])).code).toBe(2);
  const unknown = await run(['render', '--job', 'nope', '--partition', '2026-11-24']);
  expect(unknown).toMatchObject({ code: 1, err: ['error: no Athena job "nope"; jobs: lockscreen-daily, ad-allocation-hourly'] });
  const reversed = await run(['backfill', '--job', 'lockscreen-daily', '--from', '2026-11-05', '--to', '2026-11-01']);
  expect(reversed.err[0]).toBe('error: the range ends (2026-11-01) before it starts (2026-11-05)');
  expect(sfn.calls()).toHaveLength(0);
});

test('a backfill on a terminal: a status line of partitions ended of all, the failed, the rate; none without a terminal', async () => {
  fakeStepFunctions(['2026-11-02']);
  const drawn: string[] = [];
  const status = statusLine({ isTTY: true, write: (chunk) => drawn.push(chunk) }, { delayMs: 0, everyMs: 0 });
  const err: string[] = [];
  const code = await main(
    ['backfill', '--job', 'lockscreen-daily', '--from', '2026-11-01', '--to', '2026-11-03', '--concurrency', '3'],
    () => undefined,
    (t) => err.push(t),
    { sfn: new SFNClient({}), sleep: async () => undefined, now: () => new Date('2026-11-24T16:30:00Z'), status },
  );
  expect(code).toBe(1);
  const CLEAR = '\r\x1b[K';
  const lines = drawn.filter((chunk) => chunk !== '\n').map((chunk) => chunk.replace(CLEAR, ''));
  expect(lines.map((l) => l.replace(/, [\d.,]+ partitions\/(s|min).*$/, ''))).toEqual([
    '1 of 3 partitions',
    '2 of 3 partitions, 1 failed',
    '3 of 3 partitions, 1 failed',
    '3 of 3 partitions, 1 failed',
  ]);
  expect(drawn.at(-1)).toBe('\n');
  // The lines about each partition are the same with or without the status line.
  expect(err.filter((l) => /^(loaded|failed) /.test(l))).toEqual(['loaded 2026-11-01', 'failed 2026-11-02', 'loaded 2026-11-03']);
});

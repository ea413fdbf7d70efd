/** `npm run sync -- --job NAME --env NAME`: the deployed run loop started and watched with the operator's credentials (Step Functions mocked). */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../bin/sync';
import { exampleConfig } from '../helpers/platform';

const sfn = mockClient(SFNClient);
const config = exampleConfig();
const job = config.mysql.jobs[0];

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const code = await main(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progress: (t) => progress.push(t),
    clients: { sfn: sfn as unknown as SFNClient, sleep: async () => undefined },
  });
  return { code, out, err, progress };
}

beforeEach(() => sfn.reset());

test("starts the job's run loop with the job and waits until it is caught up, printing the last run's summary", async () => {
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:ap-northeast-2:123456789012:execution:x:manual' });
  const result = { job: job.name, status: 'ok', done: true, rowsWritten: 42 };
  sfn
    .on(DescribeExecutionCommand)
    .resolvesOnce({ status: 'RUNNING' })
    .resolvesOnce({ status: 'RUNNING' })
    .resolves({ status: 'SUCCEEDED', output: JSON.stringify({ job: job.name, round: 3, result }) });
  // The history so far, in two pages: one run done at the first look, two at the second.
  const run1 = {
    id: 2,
    type: 'LambdaFunctionSucceeded' as const,
    timestamp: new Date(0),
    lambdaFunctionSucceededEventDetails: { output: JSON.stringify({ rowsWritten: 500 }) },
  };
  const run2 = { ...run1, id: 4 };
  sfn
    .on(GetExecutionHistoryCommand)
    .resolvesOnce({ events: [run1] })
    .resolvesOnce({ events: [run1], nextToken: 'page-2' })
    .resolvesOnce({ events: [run2] });
  const { code, out, err, progress } = await run(['--job', job.name, '--env', 'example']);
  expect(code).toBe(0);
  expect(JSON.parse(out[0])).toEqual(result);
  expect(err).toEqual(['started arn:aws:states:ap-northeast-2:123456789012:execution:x:manual']);
  expect(progress).toHaveLength(2);
  expect(progress[0]).toMatch(new RegExp(`^${job.name}: 1 run, 500 rows`));
  expect(progress[1]).toMatch(new RegExp(`^${job.name}: 2 runs, 1,000 rows`));
  expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, undefined, 'page-2']);
  const start = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
  expect(start.stateMachineArn).toBe(`arn:aws:states:${config.region}:${config.account}:stateMachine:${config.name}-mysql-sync-${job.source}`);
  expect(JSON.parse(start.input!)).toEqual({ job: job.name, round: 1, mode: null });
  expect(start.name).toMatch(new RegExp(`^manual-${job.name}-\\d{4}-`));
});

test('an execution that failed (not caught up after its runs) exits 1 with its error in one line', async () => {
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x' });
  sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'SyncNotCaughtUp', cause: 'Still not caught up after 12 runs' });
  const { code, err } = await run(['--job', job.name, '--env', 'example']);
  expect(code).toBe(1);
  expect(err.at(-1)).toBe('error: the execution failed: SyncNotCaughtUp (Still not caught up after 12 runs)');
});

test('a run the function reported as failed exits 1; an unknown job or a missing --job is a usage problem', async () => {
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x' });
  sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', output: JSON.stringify({ result: { job: job.name, status: 'failed', error: 'boom' } }) });
  expect((await run(['--job', job.name, '--env', 'example'])).code).toBe(1);
  const unknown = await run(['--job', 'nope', '--env', 'example']);
  expect(unknown.code).toBe(1);
  expect(unknown.err[0]).toMatch(/^error: no MySQL job "nope" in example; jobs: /);
  const missing = await run(['--env', 'example']);
  expect(missing.code).toBe(2);
  expect(missing.err).toEqual(['error: --job is required with --env or --config (see --help)']);
  expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
});

test("--mode runs the job in another mode for this execution (a FULL_COPY to start afresh); only the sync's modes", async () => {
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x' });
  sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', output: JSON.stringify({ result: { job: job.name, status: 'ok', done: true } }) });
  expect((await run(['--job', job.name, '--env', 'example', '--mode', 'FULL_COPY'])).code).toBe(0);
  expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!)).toEqual({ job: job.name, round: 1, mode: 'FULL_COPY' });
  // A FULL_COPY of a job with workers fans out, as its schedule would.
  const fanning = config.mysql.jobs.find((j) => j.workers > 1)!;
  await run(['--job', fanning.name, '--env', 'example', '--mode', 'FULL_COPY']);
  expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[1].args[0].input.input!)).toEqual({ job: fanning.name, round: 1, mode: 'FULL_COPY', fanOut: true });
  const bad = await run(['--job', job.name, '--env', 'example', '--mode', 'FULL']);
  expect(bad.code).toBe(2);
  expect(bad.err).toEqual(["error: --mode must be one of FULL_COPY, INCREMENTAL_COPY, UPDATE_LATEST_COPY (by default the job's own) (see --help)"]);
  expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
});

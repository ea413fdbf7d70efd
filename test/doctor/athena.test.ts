/** Check 7: the Athena workgroup as configured (enabled, the scan cap enforced) runs SELECT 1. */
import { GetQueryExecutionCommand, GetWorkGroupCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { parseConfig } from '../../lib/config/load';
import { athenaProbes, ATHENA_QUERY_WAIT_MS } from '../../lib/doctor/checks/athena';
import { runProbes } from '../../lib/doctor/runner';
import { exampleConfig } from '../helpers/platform';
import { awsError, contextFor, fakeClock, healthyAccount, mocks } from './fakes';

const config = exampleConfig();
const CAP = 200 * 1024 ** 3;
let clock: ReturnType<typeof fakeClock>;

beforeEach(() => {
  healthyAccount(config);
  clock = fakeClock();
});

const run = (c = config) => runProbes(athenaProbes(contextFor(c, {}, clock)));

test('PASS: the workgroup enabled with the configured cap enforced; SELECT 1 runs in it', async () => {
  mocks.athena
    .on(GetQueryExecutionCommand)
    .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
    .resolves({
      QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 0, TotalExecutionTimeInMillis: 812 } },
    });
  expect(await run()).toEqual([
    { check: 'athena workgroup example-athena-jobs', status: 'PASS', detail: 'enabled, scan cap 200 GB per query, enforced' },
    { check: 'athena query', status: 'PASS', detail: 'SELECT 1 succeeded in example-athena-jobs in 0.8 s, 0 bytes scanned' },
  ]);
  expect(mocks.athena.commandCalls(GetWorkGroupCommand)[0].args[0].input).toEqual({ WorkGroup: 'example-athena-jobs' });
  expect(mocks.athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toEqual({ QueryString: 'SELECT 1', WorkGroup: 'example-athena-jobs' });
  expect(mocks.athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
});

test.each([
  [
    'another cap',
    { State: 'ENABLED', Configuration: { BytesScannedCutoffPerQuery: 10 * 1024 ** 3, EnforceWorkGroupConfiguration: true } },
    `scan cap ${10 * 1024 ** 3} bytes, configured ${CAP} bytes (200 GB)`,
  ],
  ['no cap', { State: 'ENABLED', Configuration: { EnforceWorkGroupConfiguration: true } }, `scan cap not set, configured ${CAP} bytes (200 GB)`],
  [
    'disabled and not enforced',
    { State: 'DISABLED', Configuration: { BytesScannedCutoffPerQuery: CAP, EnforceWorkGroupConfiguration: false } },
    'state DISABLED; the workgroup settings are not enforced (a query could lift the cap)',
  ],
])('FAIL: a workgroup with %s; the query still runs', async (_, workgroup, detail) => {
  mocks.athena.on(GetWorkGroupCommand).resolves({ WorkGroup: { Name: 'example-athena-jobs', ...workgroup } as never });
  expect(await run()).toEqual([
    {
      check: 'athena workgroup example-athena-jobs',
      status: 'FAIL',
      detail,
      fix: 'someone changed it outside CloudFormation: npx cdk deploy -c env=example example-athena puts it back',
    },
    expect.objectContaining({ check: 'athena query', status: 'PASS' }),
  ]);
});

test('FAIL: no workgroup; the query is skipped', async () => {
  mocks.athena.on(GetWorkGroupCommand).rejects(awsError('InvalidRequestException', 'WorkGroup example-athena-jobs is not found.'));
  expect(await run()).toEqual([
    { check: 'athena workgroup example-athena-jobs', status: 'FAIL', detail: 'not found', fix: 'npx cdk deploy -c env=example example-athena' },
    { check: 'athena query', status: 'SKIP', detail: 'no workgroup to run it in' },
  ]);
  expect(mocks.athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
});

test('FAIL: the query fails, with Athena’s reason', async () => {
  mocks.athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'Access denied when writing output to url: s3://example-athena-results/athena-results/' } },
  });
  expect((await run())[1]).toEqual({
    check: 'athena query',
    status: 'FAIL',
    detail: 'SELECT 1 FAILED: Access denied when writing output to url: s3://example-athena-results/athena-results/',
    fix: "the workgroup's results location must be writable (its bucket is in the athena stack); see the query in the Athena console's history",
  });
});

test('FAIL: a query still queued when the wait ends is stopped', async () => {
  mocks.athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'QUEUED' } } });
  expect((await run())[1]).toMatchObject({ status: 'FAIL', detail: `SELECT 1 still QUEUED after ${ATHENA_QUERY_WAIT_MS / 1000} s; stopped` });
  expect(mocks.athena.commandCalls(StopQueryExecutionCommand)[0].args[0].input).toEqual({ QueryExecutionId: 'query-1' });
  expect(clock.elapsedMs()).toBeGreaterThan(ATHENA_QUERY_WAIT_MS);
});

test('FAIL: the query may not start', async () => {
  mocks.athena.on(StartQueryExecutionCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: athena:StartQueryExecution'));
  expect((await run())[1]).toEqual({
    check: 'athena query',
    status: 'FAIL',
    detail: 'SELECT 1 could not start: AccessDeniedException: not authorized to perform: athena:StartQueryExecution',
    fix: 'your credentials need athena:StartQueryExecution and GetQueryExecution on the workgroup, and write access to its results bucket',
  });
});

test('SKIP: no Athena jobs, no workgroup', async () => {
  expect(await run(parseConfig({ ...config, athena: { jobs: [] } }, 'test'))).toEqual([
    { check: 'athena', status: 'SKIP', detail: 'the configuration has no Athena jobs' },
  ]);
  expect(mocks.athena.calls()).toEqual([]);
});

/** The Firehose operations CLI against an aws-sdk-client-mock stub of the Redshift Data API. */
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../bin/firehose';
import { DEFAULT_COPY_OPTIONS } from '../../lib/config/schema';

const data = mockClient(RedshiftDataClient);

beforeEach(() => {
  data.reset();
  data.on(ExecuteStatementCommand).resolves({ Id: 'q-1' });
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1234 });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (t) => out.push(t),
    (t) => err.push(t),
    new RedshiftDataClient({ region: 'ap-northeast-2' }),
  );
  return { code, out, err };
}

const MANIFEST = 's3://example-delivery-bucket/errors/manifests/2026/11/25/09/example-click-1-2026-11-25-09-00-00-1a2b';

test("replay-manifest runs the stream's COPY on the manifest with the cluster's role, and reports the rows", async () => {
  const { code, out } = await run(['replay-manifest', '--stream', 'click', '--manifest', MANIFEST]);
  expect(code).toBe(0);
  const input = data.commandCalls(ExecuteStatementCommand)[0].args[0].input;
  expect(input).toMatchObject({ ClusterIdentifier: 'analytics', Database: 'analytics', StatementName: 'firehose-replay-manifest' });
  expect(input.Sql).toBe(
    `COPY "events"."clicks" ("click_id", "impression_id", "user_id", "app_id", "ad_id", "timestamp") FROM '${MANIFEST}' ` +
      `IAM_ROLE 'arn:aws:iam::123456789012:role/analytics-redshift-copy' MANIFEST FORMAT AS JSON 's3://example-delivery-bucket/jsonpaths/click.jsonpaths' ${DEFAULT_COPY_OPTIONS}`,
  );
  expect(JSON.parse(out[0])).toEqual({ stream: 'click', table: 'events.clicks', manifest: MANIFEST, rowsLoaded: 1234 });
});

test("a failing COPY surfaces Redshift's error and exits 1", async () => {
  data.on(DescribeStatementCommand).resolves({ Status: 'FAILED', Error: "Load into table 'clicks' failed. Check 'stl_load_errors' system table for details." });
  const { code, err } = await run(['replay-manifest', '--stream', 'click', '--manifest', MANIFEST]);
  expect(code).toBe(1);
  expect(err).toEqual(["error: Redshift statement failed: Load into table 'clicks' failed. Check 'stl_load_errors' system table for details."]);
});

test("load-errors reads STL_LOAD_ERRORS for the stream's table only", async () => {
  data.on(GetStatementResultCommand).resolves({
    ColumnMetadata: [{ name: 'line_number' }, { name: 'colname' }, { name: 'err_reason' }],
    Records: [[{ longValue: 3 }, { stringValue: 'user_id' }, { stringValue: "Invalid digit, Value 'a', Pos 0, Type: Long" }]],
  });
  const { code, out } = await run(['load-errors', '--stream', 'impression', '--limit', '5']);
  expect(code).toBe(0);
  const sql = data.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql!;
  expect(sql).toContain(`WHERE t."schema" = 'events' AND t."table" = 'impressions' ORDER BY e.starttime DESC LIMIT 5`);
  expect(out.map((l) => JSON.parse(l))).toEqual([{ line_number: 3, colname: 'user_id', err_reason: "Invalid digit, Value 'a', Pos 0, Type: Long" }]);
});

test('jsonpaths prints the generated file without calling AWS', async () => {
  const { code, out } = await run(['jsonpaths', '--stream', 'device']);
  expect(code).toBe(0);
  expect(JSON.parse(out.join('\n'))).toEqual({ jsonpaths: ['$.device_id', '$.user_id', '$.os', '$.os_version', '$.model', '$.country', '$.timestamp'] });
  expect(data.calls()).toHaveLength(0);
});

test('bad arguments: one clear line, exit 2; an unsafe manifest URL never reaches SQL', async () => {
  expect(await run(['replay-manifest', '--stream', 'click'])).toMatchObject({
    code: 2,
    err: ['error: replay-manifest needs --manifest s3://BUCKET/errors/... (see --help)'],
  });
  expect(await run(['drop', '--stream', 'click'])).toMatchObject({ code: 2, err: ['error: unknown command "drop" (see --help)'] });
  const unsafe = await run(['replay-manifest', '--stream', 'click', '--manifest', "s3://example-delivery-bucket/x' IAM_ROLE 'y"]);
  expect(unsafe.code).toBe(2);
  expect(unsafe.err).toEqual([expect.stringMatching(/^error: --manifest .* is not an s3:\/\/bucket\/key URL.* \(see --help\)$/)]);
  expect(data.calls()).toHaveLength(0);
});

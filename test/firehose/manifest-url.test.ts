/**
 * The manifest URL of `firehose replay-manifest` ends up inside a quoted SQL literal of a COPY; only an
 * s3://bucket/key URL whose characters cannot end that literal is accepted, before anything runs.
 */
import { ExecuteStatementCommand, DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../bin/firehose';
import { replayManifestSql, type StreamSpec } from '../../lambda/firehose/core/copy';
import { s3UrlParts as manifestUrlParts } from '../../lambda/warehouse/copy';

const data = mockClient(RedshiftDataClient);

beforeEach(() => {
  data.reset();
  data.on(ExecuteStatementCommand).resolves({ Id: 'q-1' });
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED', ResultRows: 1 });
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

/** URLs that would end the SQL literal, or are not S3 object URLs at all. */
const UNSAFE = [
  "s3://example-delivery-bucket/errors/x'--",
  "s3://example-delivery-bucket/x'IAM_ROLE'arn:aws:iam::999999999999:role/other'MANIFEST--",
  's3://example-delivery-bucket/errors/x\\',
  's3://example-delivery-bucket/errors/x";DROP',
  's3://example-delivery-bucket/errors/x;DROP',
  's3://example-delivery-bucket/errors/x\nDROP',
  's3://example-delivery-bucket/errors/$$x',
  's3://example-delivery-bucket/errors/x\u2019',
  'https://example-delivery-bucket.s3.amazonaws.com/errors/x',
  's3://Example_Bucket/errors/x',
  's3://example-delivery-bucket/',
  's3://example-delivery-bucket',
  `s3://example-delivery-bucket/${'k'.repeat(1025)}`,
];

test.each(UNSAFE.map((url) => [JSON.stringify(url).slice(0, 90), url]))(
  '--manifest %s: a usage error (exit 2) naming the expected form; nothing runs',
  async (_shown, url) => {
    const { code, err } = await run(['replay-manifest', '--stream', 'click', '--manifest', url]);
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^error: --manifest .* is not an s3:\/\/bucket\/key URL \(bucket: .*\(see --help\)$/)]);
    expect(data.calls()).toHaveLength(0);
  },
);

test('the manifest URLs Firehose writes are taken as they are, split into bucket and key', async () => {
  const url = 's3://example-delivery-bucket/errors/manifests/2026/11/25/09/example-click-1-2026-11-25-09-00-00-1a2b3c4d-(retry)=1+x!*.json';
  expect(manifestUrlParts(url)).toEqual({ bucket: 'example-delivery-bucket', key: url.slice('s3://example-delivery-bucket/'.length) });
  const { code } = await run(['replay-manifest', '--stream', 'click', '--manifest', url]);
  expect(code).toBe(0);
  expect(data.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toContain(`FROM '${url}' IAM_ROLE`);
});

test('the SQL builder refuses the same URLs itself, whoever calls it', () => {
  const stream: StreamSpec = {
    name: 'click',
    schema: 'events',
    table: 'clicks',
    columns: [{ name: 'click_id', type: 'VARCHAR(64)' }],
    copyOptions: 'GZIP',
  } as StreamSpec;
  for (const url of UNSAFE) {
    expect(() => replayManifestSql(stream, 'example-delivery-bucket', url, 'arn:aws:iam::123456789012:role/copy')).toThrow('is not an s3://bucket/key URL');
  }
});

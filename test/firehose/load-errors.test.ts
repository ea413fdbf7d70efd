/**
 * Load errors come from the view the warehouse has: STL_LOAD_ERRORS on a provisioned cluster, SYS_LOAD_ERROR_DETAIL
 * on Redshift Serverless (which has no STL views), each with its own column names.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../bin/firehose';
import { loadErrorsSql, queryLoadErrorsSql } from '../../lambda/warehouse/copy';

const data = mockClient(RedshiftDataClient);
const table = { schema: 'events', table: 'impressions' };

beforeEach(() => {
  data.reset();
  data.on(ExecuteStatementCommand).resolves({ Id: 'q-1' });
  data.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  data.on(GetStatementResultCommand).resolves({ ColumnMetadata: [{ name: 'line_number' }], Records: [[{ longValue: 3 }]] });
});

test('serverless: SYS_LOAD_ERROR_DETAIL with its own columns (start_time, file_name, column_name, error_message), the table found in the catalog', () => {
  const sql = loadErrorsSql(table, 5, 'serverless');
  expect(sql).toBe(
    'SELECT e.start_time, TRIM(e.file_name) AS file_name, e.line_number, TRIM(e.column_name) AS column_name, TRIM(e.column_type) AS column_type, ' +
      'e.position, e.error_code, TRIM(e.error_message) AS error_message FROM sys_load_error_detail e ' +
      `JOIN pg_class c ON c.oid = e.table_id JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'events' AND c.relname = 'impressions' ` +
      'ORDER BY e.start_time DESC LIMIT 5',
  );
  expect(sql).not.toMatch(/stl_|starttime|err_reason|colname/);
});

test('provisioned: STL_LOAD_ERRORS with its columns (starttime, filename, colname, err_reason), as before', () => {
  const sql = loadErrorsSql(table, 5, 'provisioned');
  expect(sql).toContain('FROM stl_load_errors e');
  expect(sql).toContain('TRIM(e.err_reason) AS err_reason');
  expect(sql).toContain('ORDER BY e.starttime DESC LIMIT 5');
  expect(loadErrorsSql(table, 5)).toBe(sql);
  expect(() => loadErrorsSql({ schema: 'events', table: "x' OR '1'='1" }, 5, 'serverless')).toThrow('unsafe SQL identifier');
});

test("one COPY's rejected rows by its query id, from either view, under the same output names", () => {
  expect(queryLoadErrorsSql(4211, 3, 'provisioned')).toBe(
    'SELECT TRIM(filename) AS file, line_number AS line, TRIM(colname) AS "column", TRIM(err_reason) AS reason FROM stl_load_errors WHERE query = 4211 ORDER BY line_number LIMIT 3',
  );
  expect(queryLoadErrorsSql(4211, 3, 'serverless')).toBe(
    'SELECT TRIM(file_name) AS file, line_number AS line, TRIM(column_name) AS "column", TRIM(error_message) AS reason FROM sys_load_error_detail WHERE query_id = 4211 ORDER BY line_number LIMIT 3',
  );
  expect(() => queryLoadErrorsSql(Number.NaN, 3, 'serverless')).toThrow('not a query id');
});

test('the CLI reads the view of the configured warehouse type', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'serverless-config-'));
  const file = path.join(dir, 'serverless.yaml');
  const example = readFileSync(path.join(__dirname, '..', '..', 'config', 'example.yaml'), 'utf8');
  writeFileSync(file, example.replace('type: provisioned', 'type: serverless').replace('clusterIdentifier: analytics', 'workgroupName: analytics'));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['load-errors', '--stream', 'impression', '--config', file],
    (t) => out.push(t),
    (t) => err.push(t),
    new RedshiftDataClient({ region: 'ap-northeast-2' }),
  );
  expect(err).toEqual([]);
  expect(code).toBe(0);
  const input = data.commandCalls(ExecuteStatementCommand)[0].args[0].input;
  expect(input.WorkgroupName).toBe('analytics');
  expect(input.Sql).toContain('FROM sys_load_error_detail e');
  expect(input.Sql).not.toContain('stl_load_errors');
});

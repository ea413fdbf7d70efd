/** The replay CLI against the test run's real PostgreSQL: awkward lines load as COPY would load them, or are rejected. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { main } from '../../bin/replay';
import { CONFIG_DIR } from '../../lib/config/load';
import { pgAdmin, POSTGRES_URL } from '../sync/databases';

let pg: Client;
const dir = mkdtempSync(path.join(tmpdir(), 'replay-'));

beforeAll(async () => {
  pg = await pgAdmin();
  // A configuration whose streams write to tables of their own in this database.
  const config = parse(readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8'));
  config.firehose.streams = [
    {
      name: 'impression',
      schema: 'replay_test',
      table: 'impressions',
      columns: [
        { name: 'impression_id', type: 'VARCHAR(16)' },
        { name: 'user_id', type: 'BIGINT' },
        { name: 'country', type: 'CHAR(2)' },
        { name: 'price', type: 'DECIMAL(10,4)', jsonPath: "$['bid']['price']" },
        { name: 'viewable', type: 'BOOLEAN' },
        { name: 'context', type: 'SUPER' },
        { name: 'timestamp', type: 'TIMESTAMP' },
      ],
    },
    { name: 'strict', schema: 'replay_test', table: 'strict_events', copyOptions: "GZIP TIMEFORMAT 'auto' MAXERROR 1", columns: [{ name: 'event_id', type: 'VARCHAR(8)' }, { name: 'at', type: 'TIMESTAMPTZ' }] },
  ];
  writeFileSync(path.join(dir, 'replay.yaml'), stringify(config));
  await pg.query('DROP SCHEMA IF EXISTS replay_test CASCADE');
});
afterAll(async () => {
  await pg.end();
});

async function replay(stream: string, lines: (string | Buffer)[], extra: string[] = []) {
  const file = path.join(dir, `${stream}-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, Buffer.concat(lines.map((l) => Buffer.concat([Buffer.isBuffer(l) ? l : Buffer.from(l, 'utf8'), Buffer.from('\n')]))));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--stream', stream, '--file', file, '--target', POSTGRES_URL(), '--config', path.join(dir, 'replay.yaml'), ...extra], (t) => out.push(t), (t) => err.push(t));
  return { code, summary: out.length ? JSON.parse(out[0]) : undefined, err };
}

test('awkward lines: missing fields, wrong types, oversized and multi-byte text, invalid UTF-8, big numbers', async () => {
  const long = `${'가'.repeat(5)}x`; // 16 bytes: fits VARCHAR(16) exactly
  const { code, summary, err } = await replay('impression', [
    JSON.stringify({ impression_id: 'i-1', user_id: 1, country: 'KR', bid: { price: 0.00125 }, viewable: true, context: { app: 'x', n: [1, 2] }, timestamp: '2026-11-25T09:30:00' }),
    '{"impression_id":"i-2","user_id":9223372036854775807}',
    JSON.stringify({ impression_id: `${'가'.repeat(6)}`, user_id: '42', country: null }),
    JSON.stringify({ impression_id: long, viewable: 'no', timestamp: '2026-11-25T09:30:00.123456' }),
    Buffer.concat([Buffer.from('{"impression_id":"bad'), Buffer.from([0xc3, 0x28]), Buffer.from('utf8","user_id":7}')]),
    '{"impression_id":"i-6","user_id":"seven"}',
    '{"impression_id":"i-7","country":"대한"}',
    '{"impression_id":"i-8","timestamp":"25/11/2026"}',
    '',
    'not json',
  ], ['--load-valid']);
  expect(err).toEqual([
    'line 6: column user_id (BIGINT): "seven" is not an integer',
    'line 7: column country (CHAR(2)): "대한" has multibyte characters, which CHAR does not take (use VARCHAR)',
    `line 8: column timestamp (TIMESTAMP): "25/11/2026" does not match TIMEFORMAT 'YYYY-MM-DDTHH:MI:SS'`,
    'line 10: not valid JSON: unexpected character at character 1',
    "Redshift's COPY would fail: 4 line(s) rejected, more than MAXERROR allows; loaded the valid lines anyway (--load-valid)",
  ]);
  expect(code).toBe(1);
  expect(summary).toMatchObject({ stream: 'impression', table: 'replay_test.impressions', lines: 10, loaded: 5, rejected: 4, copyWouldFail: true, schemaChanges: ['created replay_test.impressions with 7 columns'] });

  const rows = await pg.query(
    "SELECT impression_id, user_id::text, country, price::text, viewable, context::text, to_char(timestamp, 'YYYY-MM-DD HH24:MI:SS.US') AS ts FROM replay_test.impressions ORDER BY ctid",
  );
  expect(rows.rows).toEqual([
    { impression_id: 'i-1', user_id: '1', country: 'KR', price: '0.0013', viewable: true, context: '{"n": [1, 2], "app": "x"}', ts: '2026-11-25 09:30:00.000000' },
    { impression_id: 'i-2', user_id: '9223372036854775807', country: null, price: null, viewable: null, context: null, ts: null },
    // 18 bytes of Korean cut to 15 (five whole characters) by TRUNCATECOLUMNS
    { impression_id: '가'.repeat(5), user_id: '42', country: null, price: null, viewable: null, context: null, ts: null },
    { impression_id: long, user_id: null, country: null, price: null, viewable: false, context: null, ts: '2026-11-25 09:30:00.123456' },
    // ACCEPTINVCHARS: the lone lead byte c3 became one ?, the "(" after it is kept
    { impression_id: 'bad?(utf8', user_id: '7', country: null, price: null, viewable: null, context: null, ts: null },
  ]);
});

test('like COPY, nothing is loaded when more lines are rejected than MAXERROR allows; within it, the rest loads', async () => {
  const failed = await replay('strict', ['{"event_id":"a","at":"2026-11-25T09:00:00+09:00"}', '{"event_id":"b","at":"soon"}', '{"event_id":"c","at":"never"}']);
  expect(failed.code).toBe(1);
  expect(failed.summary).toMatchObject({ loaded: 0, rejected: 2, copyWouldFail: true });
  expect(failed.err.at(-1)).toBe("Redshift's COPY would fail: 2 line(s) rejected, more than MAXERROR allows; nothing loaded (--load-valid loads the valid lines)");
  expect((await pg.query('SELECT count(*)::int AS n FROM replay_test.strict_events')).rows[0].n).toBe(0);

  const tolerated = await replay('strict', ['{"event_id":"a","at":"2026-11-25T09:00:00+09:00"}', '{"event_id":"toolong123","at":"soon"}']);
  expect(tolerated.code).toBe(0);
  expect(tolerated.summary).toMatchObject({ loaded: 1, rejected: 1, copyWouldFail: false, schemaChanges: [] });
  expect(tolerated.err).toEqual([`line 2: column event_id (VARCHAR(8)): "toolong123" is 10 bytes, longer than VARCHAR(8) (TRUNCATECOLUMNS would cut it)`]);
  const at = await pg.query("SELECT event_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS at FROM replay_test.strict_events");
  expect(at.rows).toEqual([{ event_id: 'a', at: '2026-11-25 00:00:00' }]);
});

test('bad arguments and unknown streams are one clear line', async () => {
  const err: string[] = [];
  expect(await main(['--stream', 'impression'], () => undefined, (t) => err.push(t))).toBe(2);
  expect(err[0]).toBe('error: --file is required');
  const unknown = await replay('nope', ['{}']);
  expect(unknown.code).toBe(1);
  expect(unknown.err[0]).toMatch(/^error: no stream "nope" in .*replay\.yaml; streams: impression, strict$/);
});

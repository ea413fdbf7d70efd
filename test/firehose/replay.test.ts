/** The replay CLI against the test run's real PostgreSQL: awkward lines load as COPY would load them, or are rejected. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { main } from '../../bin/replay';
import { statusLine } from '../../lib/cli/progress';
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
    {
      name: 'strict',
      schema: 'replay_test',
      table: 'strict_events',
      copyOptions: "GZIP TIMEFORMAT 'auto' MAXERROR 2",
      columns: [
        { name: 'event_id', type: 'VARCHAR(8)' },
        { name: 'at', type: 'TIMESTAMPTZ' },
      ],
    },
    {
      name: 'measure',
      schema: 'replay_test',
      table: 'measures',
      copyOptions: 'GZIP MAXERROR 10',
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'r', type: 'REAL' },
        { name: 'd', type: 'DOUBLE PRECISION' },
      ],
    },
    {
      name: 'lenient',
      schema: 'replay_test',
      table: 'lenient_events',
      copyOptions: 'GZIP IGNOREALLERRORS',
      columns: [
        { name: 'event_id', type: 'VARCHAR(8)' },
        { name: 'n', type: 'INTEGER' },
      ],
    },
    {
      name: 'tagged',
      schema: 'replay_test',
      table: 'tagged_events',
      copyOptions: 'GZIP MAXERROR 100',
      columns: [
        { name: 'event_id', type: 'VARCHAR(8)' },
        { name: 'first_tag', type: 'VARCHAR(8)', jsonPath: '$.tags[0]' },
      ],
    },
    {
      name: 'moment',
      schema: 'replay_test',
      table: 'moments',
      copyOptions: "GZIP DATEFORMAT 'auto' TIMEFORMAT 'auto'",
      columns: [
        { name: 'day', type: 'DATE', jsonPath: '$.v' },
        { name: 'at', type: 'TIMESTAMP', jsonPath: '$.v' },
        { name: 'at_tz', type: 'TIMESTAMPTZ', jsonPath: '$.v' },
      ],
    },
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
  const code = await main(
    ['--stream', stream, '--file', file, '--target', POSTGRES_URL(), '--config', path.join(dir, 'replay.yaml'), ...extra],
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, summary: out.length ? JSON.parse(out[0]) : undefined, err };
}

test('awkward lines: missing fields, wrong types, oversized and multi-byte text, invalid UTF-8, big numbers', async () => {
  const long = `${'가'.repeat(5)}x`; // 16 bytes: fits VARCHAR(16) exactly
  const { code, summary, err } = await replay(
    'impression',
    [
      JSON.stringify({
        impression_id: 'i-1',
        user_id: 1,
        country: 'KR',
        bid: { price: 0.00125 },
        viewable: true,
        context: { app: 'x', n: [1, 2] },
        timestamp: '2026-11-25T09:30:00',
      }),
      '{"impression_id":"i-2","user_id":9223372036854775807}',
      JSON.stringify({ impression_id: `${'가'.repeat(6)}`, user_id: '42', country: null }),
      JSON.stringify({ impression_id: long, viewable: 'no', timestamp: '2026-11-25T09:30:00.123456' }),
      Buffer.concat([Buffer.from('{"impression_id":"bad'), Buffer.from([0xc3, 0x28]), Buffer.from('utf8","user_id":7}')]),
      '{"impression_id":"i-6","user_id":"seven"}',
      '{"impression_id":"i-7","country":"대한"}',
      '{"impression_id":"i-8","timestamp":"25/11/2026"}',
      '',
      'not json',
    ],
    ['--load-valid'],
  );
  expect(err).toEqual([
    'line 6: column user_id (BIGINT): "seven" is not an integer',
    'line 7: column country (CHAR(2)): "대한" has multibyte characters, which CHAR does not take (use VARCHAR)',
    `line 8: column timestamp (TIMESTAMP): "25/11/2026" does not match TIMEFORMAT 'YYYY-MM-DDTHH:MI:SS'`,
    'line 10: not valid JSON: unexpected character at character 1',
    "Redshift's COPY would fail: 4 line(s) rejected, and MAXERROR 0 fails the load at 1; loaded the valid lines anyway (--load-valid)",
  ]);
  expect(code).toBe(1);
  expect(summary).toMatchObject({
    stream: 'impression',
    table: 'replay_test.impressions',
    lines: 10,
    loaded: 5,
    rejected: 4,
    copyWouldFail: true,
    schemaChanges: ['created replay_test.impressions with 7 columns'],
  });

  const rows = await pg.query(
    "SELECT impression_id, user_id::text, country, price::text, viewable, context::text, to_char(timestamp, 'YYYY-MM-DD HH24:MI:SS.US') AS ts FROM replay_test.impressions ORDER BY ctid",
  );
  expect(rows.rows).toEqual([
    // 0.00125 into DECIMAL(10,4): COPY truncates extra decimal places without ROUNDEC
    // (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-roundec)
    {
      impression_id: 'i-1',
      user_id: '1',
      country: 'KR',
      price: '0.0012',
      viewable: true,
      context: '{"n": [1, 2], "app": "x"}',
      ts: '2026-11-25 09:30:00.000000',
    },
    { impression_id: 'i-2', user_id: '9223372036854775807', country: null, price: null, viewable: null, context: null, ts: null },
    // 18 bytes of Korean cut to 15 (five whole characters) by TRUNCATECOLUMNS
    { impression_id: '가'.repeat(5), user_id: '42', country: null, price: null, viewable: null, context: null, ts: null },
    { impression_id: long, user_id: null, country: null, price: null, viewable: false, context: null, ts: '2026-11-25 09:30:00.123456' },
    // ACCEPTINVCHARS: the lone lead byte c3 became one ?, the "(" after it is kept
    { impression_id: 'bad?(utf8', user_id: '7', country: null, price: null, viewable: null, context: null, ts: null },
  ]);
});

// "If the load returns the error_count number of errors or greater, the load fails."
// https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html#copy-maxerror
test('like COPY, nothing is loaded when MAXERROR or more lines are rejected; below it, the rest loads', async () => {
  const failed = await replay('strict', ['{"event_id":"a","at":"2026-11-25T09:00:00+09:00"}', '{"event_id":"b","at":"soon"}', '{"event_id":"c","at":"never"}']);
  expect(failed.code).toBe(1);
  expect(failed.summary).toMatchObject({ loaded: 0, rejected: 2, copyWouldFail: true });
  expect(failed.err.at(-1)).toBe(
    "Redshift's COPY would fail: 2 line(s) rejected, and MAXERROR 2 fails the load at 2; nothing loaded (--load-valid loads the valid lines)",
  );
  expect((await pg.query('SELECT count(*)::int AS n FROM replay_test.strict_events')).rows[0].n).toBe(0);

  const tolerated = await replay('strict', ['{"event_id":"a","at":"2026-11-25T09:00:00+09:00"}', '{"event_id":"toolong123","at":"soon"}']);
  expect(tolerated.code).toBe(0);
  expect(tolerated.summary).toMatchObject({ loaded: 1, rejected: 1, copyWouldFail: false, schemaChanges: [] });
  expect(tolerated.err).toEqual([`line 2: column event_id (VARCHAR(8)): "toolong123" is 10 bytes, longer than VARCHAR(8) (TRUNCATECOLUMNS would cut it)`]);
  const at = await pg.query("SELECT event_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS at FROM replay_test.strict_events");
  expect(at.rows).toEqual([{ event_id: 'a', at: '2026-11-25 00:00:00' }]);
});

test('floating-point values out of range are rejected lines, not a PostgreSQL error that ends the run (https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html#r_Numeric_types201-floating-point-types)', async () => {
  const { code, summary, err } = await replay('measure', [
    '{"id":1,"r":1.5,"d":2.5e300}',
    '{"id":2,"r":1e39}',
    '{"id":3,"r":"0x10"}',
    '{"id":4,"d":1e-400}',
    '{"id":5,"r":""}',
    '{"id":6,"r":-1.5e-40}',
  ]);
  expect(err).toEqual([
    'line 2: column r (REAL): 1e39 is out of range for REAL',
    'line 3: column r (REAL): "0x10" is not a number',
    'line 4: column d (DOUBLE PRECISION): 1e-400 is out of range for DOUBLE PRECISION',
  ]);
  expect(code).toBe(0);
  expect(summary).toMatchObject({ lines: 6, loaded: 3, rejected: 3, copyWouldFail: false });
  const rows = await pg.query('SELECT id, r::text, d::text FROM replay_test.measures ORDER BY id');
  // An empty string loads NULL into a non-character column (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json-data-file)
  expect(rows.rows).toEqual([
    { id: 1, r: '1.5', d: '2.5e+300' },
    { id: 5, r: null, d: null },
    { id: 6, r: '-1.5e-40', d: null },
  ]);
});

test('IGNOREALLERRORS loads the valid lines however many are rejected (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html#copy-ignoreallerrors)', async () => {
  const { code, summary, err } = await replay('lenient', ['{"event_id":"a","n":1}', '{"event_id":"b","n":"x"}', '{"event_id":"c","n":1.5}', 'nope']);
  expect(err).toHaveLength(3);
  expect(code).toBe(0);
  expect(summary).toMatchObject({ loaded: 1, rejected: 3, copyWouldFail: false });
  expect((await pg.query('SELECT event_id, n FROM replay_test.lenient_events')).rows).toEqual([{ event_id: 'a', n: 1 }]);
});

test('an array index out of range fails the whole COPY whatever MAXERROR (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html#copy-json-jsonpath-expressions)', async () => {
  const { code, summary, err } = await replay('tagged', ['{"event_id":"a","tags":["x"]}', '{"event_id":"b","tags":[]}', '{"event_id":"c"}']);
  expect(err[0]).toBe(
    "line 2: column first_tag: $.tags[0]: Invalid JSONPath format: Not an array or index out of range; Redshift's COPY fails as a whole on this, whatever MAXERROR",
  );
  expect(err).toHaveLength(2); // and the CLI's closing line that COPY would fail
  expect(code).toBe(1);
  expect(summary).toMatchObject({ loaded: 0, rejected: 1, copyWouldFail: true });
  expect((await pg.query('SELECT count(*)::int AS n FROM replay_test.tagged_events')).rows[0].n).toBe(0);
});

test("'auto' values load into PostgreSQL as Redshift would store them: TIMESTAMP without the zone, TIMESTAMPTZ in UTC, BC dates (https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html)", async () => {
  const values = ['17 Dec 07:37:16 1997 PST', '2019-02-11T05:09:12.195Z', 'Jan-08-95 BC', 'J2451187', '2026-11-25T01:30:00+09:00'];
  const { code, summary } = await replay(
    'moment',
    values.map((v) => JSON.stringify({ v })),
  );
  expect(code).toBe(0);
  expect(summary).toMatchObject({ loaded: 5, rejected: 0 });
  const rows = await pg.query(
    "SELECT to_char(day, 'YYYY-MM-DD BC') AS day, to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS BC') AS at, to_char(at_tz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS BC') AS utc FROM replay_test.moments ORDER BY ctid",
  );
  expect(rows.rows).toEqual([
    { day: '1997-12-17 AD', at: '1997-12-17 07:37:16.000 AD', utc: '1997-12-17 15:37:16.000 AD' },
    { day: '2019-02-11 AD', at: '2019-02-11 05:09:12.195 AD', utc: '2019-02-11 05:09:12.195 AD' },
    { day: '0095-01-08 BC', at: '0095-01-08 00:00:00.000 BC', utc: '0095-01-08 00:00:00.000 BC' },
    { day: '1999-01-08 AD', at: '1999-01-08 00:00:00.000 AD', utc: '1999-01-08 00:00:00.000 AD' },
    { day: '2026-11-25 AD', at: '2026-11-25 01:30:00.000 AD', utc: '2026-11-24 16:30:00.000 AD' },
  ]);
});

test('bad arguments and unknown streams are one clear line', async () => {
  const err: string[] = [];
  expect(
    await main(
      ['--stream', 'impression'],
      () => undefined,
      (t) => err.push(t),
    ),
  ).toBe(2);
  expect(err).toEqual(['error: --file is required (see --help)']);
  const unknown = await replay('nope', ['{}']);
  expect(unknown.code).toBe(1);
  expect(unknown.err[0]).toMatch(/^error: no stream "nope" in .*replay\.yaml; streams: impression, strict, measure, lenient, tagged, moment$/);
});

test('on a terminal: the rejected lines print above the status line, which ends with the lines of the whole file', async () => {
  const file = path.join(dir, 'terminal.jsonl');
  writeFileSync(file, `${Array.from({ length: 2500 }, (_, i) => JSON.stringify({ event_id: `t-${i}`, n: i === 7 ? 'seven' : i })).join('\n')}\n`);
  const written: string[] = [];
  const status = statusLine({ isTTY: true, write: (chunk) => written.push(chunk) }, { delayMs: 0, everyMs: 0 });
  const out: string[] = [];
  const code = await main(
    ['--stream', 'lenient', '--file', file, '--target', POSTGRES_URL(), '--config', path.join(dir, 'replay.yaml')],
    (t) => out.push(t),
    undefined,
    { status },
  );
  expect(code).toBe(0);
  expect(JSON.parse(out[0])).toMatchObject({ lines: 2500, loaded: 2499, rejected: 1 });
  // The rejection printed as a line of its own; the status redrawn in place, its last one kept on its own line.
  expect(written.filter((chunk) => chunk.startsWith('line '))).toEqual([expect.stringMatching(/^line 8: .+\n$/)]);
  const CLEAR = '\r\x1b[K';
  expect(written.at(-1)).toBe('\n');
  expect(written.at(-2)!.startsWith(CLEAR)).toBe(true);
  expect(written.at(-2)!.slice(CLEAR.length)).toMatch(/^2,500 of 2,500 lines, 1 rejected, [\d,]+ lines\/s$/);
});

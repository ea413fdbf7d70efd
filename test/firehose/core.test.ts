import { firehoseCopyCommand, jsonPathsKey, parseCopyOptions, replayManifestSql, type StreamSpec } from '../../lambda/firehose/core/copy';
import { JsonNumber, parseJson, parseJsonPath, valueAt } from '../../lambda/firehose/core/json-values';
import { createLineConverter, repairUtf8 } from '../../lambda/firehose/core/replay';
import { jsonPathsDocument } from '../../lambda/firehose/core/table-schema';
import { parseTime } from '../../lambda/firehose/core/time-format';
import { DEFAULT_COPY_OPTIONS } from '../../lib/config/schema';

const impression: StreamSpec = {
  name: 'impression',
  schema: 'events',
  table: 'impressions',
  copyOptions: DEFAULT_COPY_OPTIONS,
  columns: [
    { name: 'impression_id', type: 'VARCHAR(64)' },
    { name: 'user_id', type: 'BIGINT' },
    { name: 'country', type: 'CHAR(2)' },
    { name: 'price', type: 'DECIMAL(10,4)', jsonPath: "$['bid']['price']" },
    { name: 'timestamp', type: 'TIMESTAMP' },
  ],
};

describe('JSONPaths and the COPY command', () => {
  test('one path per column in column order; declared paths win', () => {
    // One bracketed path puts every path in bracket notation: COPY refuses a file that mixes them.
    expect(jsonPathsDocument(impression.columns)).toEqual({
      jsonpaths: ["$['impression_id']", "$['user_id']", "$['country']", "$['bid']['price']", "$['timestamp']"],
    });
    expect(jsonPathsDocument(impression.columns.filter((c) => c.name !== 'price'))).toEqual({
      jsonpaths: ['$.impression_id', '$.user_id', '$.country', '$.timestamp'],
    });
  });

  test('Firehose copy command: quoted table and columns (timestamp is a Redshift reserved word), FORMAT AS JSON with the deployed JSONPaths, then the options', () => {
    expect(firehoseCopyCommand(impression, 'dev-events-bucket')).toEqual({
      dataTableName: '"events"."impressions"',
      dataTableColumns: '"impression_id","user_id","country","price","timestamp"',
      copyOptions: `FORMAT AS JSON 's3://dev-events-bucket/jsonpaths/impression.jsonpaths' GZIP TIMEFORMAT AS 'YYYY-MM-DDTHH:MI:SS' ACCEPTINVCHARS TRUNCATECOLUMNS COMPUPDATE OFF STATUPDATE OFF`,
    });
    expect(jsonPathsKey('click')).toBe('jsonpaths/click.jsonpaths');
  });

  test("a failed manifest is replayed with the stream's own options; URLs and roles are checked first", () => {
    const sql = replayManifestSql(
      impression,
      'b-1',
      's3://b-1/errors/manifests/2026/11/25/dev-impression-1-2026-11-25-00-00-00-abc',
      'arn:aws:iam::123456789012:role/copy',
    );
    expect(sql).toBe(
      `COPY "events"."impressions" ("impression_id", "user_id", "country", "price", "timestamp") FROM 's3://b-1/errors/manifests/2026/11/25/dev-impression-1-2026-11-25-00-00-00-abc' ` +
        `IAM_ROLE 'arn:aws:iam::123456789012:role/copy' MANIFEST FORMAT AS JSON 's3://b-1/jsonpaths/impression.jsonpaths' ${DEFAULT_COPY_OPTIONS}`,
    );
    expect(() => replayManifestSql(impression, 'b-1', "s3://b-1/x' CREDENTIALS 'y", 'arn:aws:iam::123456789012:role/copy')).toThrow(
      'is not an s3://bucket/key URL',
    );
    expect(() => replayManifestSql(impression, 'b-1', 's3://b-1/x', 'role')).toThrow('is not an IAM role ARN');
  });

  test('copy options are read the way COPY reads them', () => {
    expect(parseCopyOptions(DEFAULT_COPY_OPTIONS)).toEqual({
      gzip: true,
      timeFormat: 'YYYY-MM-DDTHH:MI:SS',
      dateFormat: 'YYYY-MM-DD',
      acceptInvChars: '?',
      truncateColumns: true,
      maxError: 0,
      ignoreAllErrors: false,
      emptyAsNull: false,
      blanksAsNull: false,
      roundDecimals: false,
      acceptAnyDate: false,
      trimBlanks: false,
    });
    expect(parseCopyOptions("ACCEPTINVCHARS AS '^' TIMEFORMAT 'epochmillisecs' DATEFORMAT AS 'MM/DD/YYYY' MAXERROR 10 EMPTYASNULL BLANKSASNULL")).toMatchObject(
      {
        gzip: false,
        acceptInvChars: '^',
        timeFormat: 'epochmillisecs',
        dateFormat: 'MM/DD/YYYY',
        maxError: 10,
        emptyAsNull: true,
        blanksAsNull: true,
        truncateColumns: false,
      },
    );
    expect(parseCopyOptions('').acceptInvChars).toBeUndefined();
    expect(parseCopyOptions('').timeFormat).toBeUndefined(); // COPY's default for the column's type
    expect(() => parseCopyOptions('TIMEFORMAT auto')).toThrow('TIMEFORMAT needs a quoted format');
  });
});

describe('JSON as COPY reads it', () => {
  test('numbers keep their digits; paths in dot and bracket notation; missing object elements are undefined, missing array elements fail', () => {
    const doc = parseJson('{"id": 9223372036854775807, "a": {"b c": [1, {"d": 2.50}]}, "n": null}');
    expect(valueAt(doc, parseJsonPath('$.id'))).toEqual(new JsonNumber('9223372036854775807'));
    expect(valueAt(doc, parseJsonPath("$.a['b c'][1].d"))).toEqual(new JsonNumber('2.50'));
    expect(valueAt(doc, parseJsonPath('$.a.x'))).toBeUndefined();
    expect(() => valueAt(doc, parseJsonPath("$.a['b c'][5]"))).toThrow('Invalid JSONPath format: Not an array or index out of range');
    expect(valueAt(doc, parseJsonPath('$.n'))).toBeNull();
    expect(() => parseJsonPath('$.a[*]')).toThrow('cannot read from character 4');
    expect(() => parseJson('{"a": 1,}')).toThrow('expected a string key at character 9');
    expect(() => parseJson('{"a": 01}')).toThrow();
    expect(() => parseJson('{"a": 1} x')).toThrow('unexpected text after the value');
  });
});

describe('time formats', () => {
  test.each([
    ['2026-11-25T09:30:00', 'YYYY-MM-DDTHH:MI:SS', '2026-11-25 09:30:00'],
    ['2026-11-25T09:30:00.123456', 'YYYY-MM-DDTHH:MI:SS', '2026-11-25 09:30:00.123456'],
    ['11/25/2026 09:30 PM', 'MM/DD/YYYY HH12:MI AM', '2026-11-25 21:30:00'],
    ['25-Nov-26 23:59:59', 'DD-MON-YY HH24:MI:SS', '2026-11-25 23:59:59'],
    ['2026-11-25T09:30:00+09:00', 'auto', '2026-11-25 09:30:00'], // a TIMESTAMP ignores the zone
    ['2026-11-25 09:30:00Z', 'auto', '2026-11-25 09:30:00'],
    ['1764063000', 'epochsecs', '2025-11-25 09:30:00'],
    ['1764063000123', 'epochmillisecs', '2025-11-25 09:30:00.123'],
  ])('%s with %s is %s', (value, format, expected) => {
    expect(parseTime(value, format, 'TIMESTAMP')).toBe(expected);
  });

  test.each([
    ['2026-11-25 09:30:00', 'YYYY-MM-DDTHH:MI:SS'],
    ['2026-02-30T00:00:00', 'YYYY-MM-DDTHH:MI:SS'],
    ['2026-11-25T24:00:00', 'YYYY-MM-DDTHH:MI:SS'],
    ['yesterday', 'auto'],
    ['12:00', 'epochsecs'],
  ])('%s does not match %s', (value, format) => {
    expect(parseTime(value, format, 'TIMESTAMP')).toBeUndefined();
  });

  test('dates', () => {
    expect(parseTime('2026-11-25', 'YYYY-MM-DD', 'DATE')).toBe('2026-11-25');
    expect(parseTime('20261125', 'auto', 'DATE')).toBe('2026-11-25');
    expect(parseTime('2026-13-01', 'YYYY-MM-DD', 'DATE')).toBeUndefined();
  });
});

describe('a line as COPY would load it', () => {
  const options = parseCopyOptions(DEFAULT_COPY_OPTIONS);
  const converter = createLineConverter(impression.columns, options);
  const line = (text: string) => converter.convert(Buffer.from(text, 'utf8'));

  test('values, missing fields as NULL, JSON null as NULL, truncation to the scale', () => {
    expect(line('{"impression_id":"i-1","user_id":9223372036854775807,"country":"KR","bid":{"price":0.00125},"timestamp":"2026-11-25T09:30:00"}')).toEqual({
      values: ['i-1', '9223372036854775807', 'KR', '0.0012', '2026-11-25 09:30:00'],
    });
    expect(line('{"impression_id":"i-2","user_id":"42","country":null}')).toEqual({ values: ['i-2', '42', null, null, null] });
  });

  test('rejections name the column, the value and the reason', () => {
    expect(line('{"user_id":"abc"}')).toEqual({ rejected: 'column user_id (BIGINT): "abc" is not an integer' });
    expect(line('{"user_id":9223372036854775808}')).toEqual({ rejected: 'column user_id (BIGINT): 9223372036854775808 is out of range for BIGINT' });
    expect(line('{"user_id":1.5}')).toEqual({ rejected: 'column user_id (BIGINT): 1.5 is not an integer' });
    expect(line('{"bid":{"price":1234567}}')).toEqual({ rejected: 'column price (DECIMAL): 1234567 is not a number that fits DECIMAL(10,4)' });
    expect(line('{"timestamp":"2026-11-25 09:30:00"}')).toEqual({
      rejected: `column timestamp (TIMESTAMP): "2026-11-25 09:30:00" does not match TIMEFORMAT 'YYYY-MM-DDTHH:MI:SS'`,
    });
    expect(line('{"country":"한국"}')).toEqual({
      rejected: 'column country (CHAR(2)): "한국" has multibyte characters, which CHAR does not take (use VARCHAR)',
    });
    expect(line('{"impression_id": ')).toMatchObject({ rejected: expect.stringMatching(/^not valid JSON: /) });
    expect(line('7')).toEqual({ rejected: 'not a JSON object or array' });
  });

  test("TRUNCATECOLUMNS cuts to the column's bytes on a character boundary; without it the line is rejected", () => {
    const long = '가'.repeat(22); // 66 bytes: the 64-byte cut would fall inside the 22nd character
    expect(line(JSON.stringify({ impression_id: long }))).toEqual({ values: ['가'.repeat(21), null, null, null, null] });
    expect(line(JSON.stringify({ impression_id: `${'가'.repeat(21)}x` }))).toEqual({ values: [`${'가'.repeat(21)}x`, null, null, null, null] }); // exactly 64
    const strict = createLineConverter(impression.columns, { ...options, truncateColumns: false });
    expect(strict.convert(Buffer.from(JSON.stringify({ impression_id: long })))).toEqual({
      rejected: `column impression_id (VARCHAR(64)): "${'가'.repeat(22)}" is 66 bytes, longer than VARCHAR(64) (TRUNCATECOLUMNS would cut it)`,
    });
  });

  test('invalid UTF-8 is replaced byte for byte with ACCEPTINVCHARS, rejected without it', () => {
    const bytes = Buffer.concat([Buffer.from('{"impression_id":"a'), Buffer.from([0xe3, 0x81]), Buffer.from('b'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(converter.convert(bytes)).toEqual({ values: ['a??b?', null, null, null, null] });
    const strict = createLineConverter(impression.columns, { ...options, acceptInvChars: undefined });
    expect(strict.convert(bytes)).toEqual({ rejected: 'invalid UTF-8 (bytes e381); ACCEPTINVCHARS would replace them' });
  });

  test('repairUtf8 refuses surrogates, overlong forms and code points above U+10FFFF', () => {
    for (const bad of [
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80],
    ]) {
      expect(repairUtf8(Buffer.from(bad), undefined)).toHaveProperty('invalid');
    }
    expect(repairUtf8(Buffer.from('😀 가 é', 'utf8'), undefined)).toEqual({ text: '😀 가 é' });
    expect(repairUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]), '^')).toEqual({ text: 'a^^^' });
  });

  test('EMPTYASNULL, BLANKSASNULL, booleans, SUPER and objects into VARCHAR', () => {
    const columns = [
      { name: 'a', type: 'VARCHAR(10)' },
      { name: 'b', type: 'VARCHAR(10)' },
      { name: 'ok', type: 'BOOLEAN' },
      { name: 'doc', type: 'SUPER' },
      { name: 'obj', type: 'VARCHAR(100)' },
      { name: 'day', type: 'DATE' },
      { name: 'at', type: 'TIMESTAMPTZ' },
    ];
    const c = createLineConverter(columns, parseCopyOptions("EMPTYASNULL BLANKSASNULL TIMEFORMAT 'auto'"));
    expect(
      c.convert(Buffer.from('{"a":"","b":"  ","ok":"yes","doc":{"x":[1,2.0]},"obj":{"k":"v"},"day":"2026-11-25","at":"2026-11-25T09:00:00+09:00"}')),
    ).toEqual({
      values: [null, null, 'true', '{"x":[1,2.0]}', '{"k":"v"}', '2026-11-25', '2026-11-25 00:00:00+00'],
    });
    expect(c.convert(Buffer.from('{"ok":"maybe"}'))).toEqual({ rejected: 'column ok (BOOLEAN): "maybe" is not a boolean' });
  });
});

import { createRowEncoder, type EncoderOptions } from '../../lambda/sync/core/csv';
import { ByteWriter, createByteRowEncoder, integerAbove } from '../../lambda/sync/core/csv-bytes';
import { mapColumn, type SourceColumn } from '../../lambda/sync/core/mysql-types';

function column(name: string, dataType: string, extra: Partial<SourceColumn> = {}): SourceColumn {
  return {
    name,
    dataType,
    columnType: dataType,
    charMaxLength: null,
    numericPrecision: null,
    numericScale: null,
    charset: null,
    nullable: true,
    primaryKey: false,
    ...extra,
  };
}

const columns = [
  column('id', 'bigint', { columnType: 'bigint(20) unsigned' }),
  column('price', 'decimal', { numericPrecision: 12, numericScale: 2 }),
  column('score', 'double'),
  column('title', 'varchar', { charMaxLength: 10, charset: 'utf8mb4' }),
  column('body', 'mediumtext', { charset: 'utf8mb4' }),
  column('legacy', 'text', { charset: 'binary' }),
  column('day', 'date'),
  column('seen', 'timestamp'),
  column('local', 'datetime'),
  column('raw', 'varbinary', { charMaxLength: 8 }),
  column('flags', 'bit', { numericPrecision: 16 }),
].map(mapColumn);

/** A value as MySQL's text protocol sends it, and as mysql2 would hand it to the string encoder. */
type Value = { wire: Buffer; js: string | Buffer } | null;

/** A row's values as mysql2 hands them over: views into one buffer holding other bytes around them. */
function packet(values: Value[]): (Buffer | null)[] {
  const source = Buffer.concat([Buffer.from('junk'), ...values.map((v) => (v === null ? Buffer.alloc(0) : v.wire)), Buffer.from('more')]);
  let at = 4;
  return values.map((v) => {
    if (v === null) return null;
    const view = source.subarray(at, at + v.wire.length);
    at += v.wire.length;
    return view;
  });
}

const text = (s: string): Value => ({ wire: Buffer.from(s, 'utf8'), js: s });
const bytes = (b: Buffer): Value => ({ wire: b, js: b });

function bothEncoders(options: EncoderOptions, rows: Value[][]): { bytes: string; strings: string; truncated: [number, number] } {
  const reference = createRowEncoder(columns, options);
  const encoder = createByteRowEncoder(columns, options);
  const out = new ByteWriter(16);
  let strings = '';
  for (const row of rows) {
    strings += reference.encode(row.map((v) => (v === null ? null : v.js)));
    const p = packet(row);
    encoder.encode(p, out);
  }
  return { bytes: out.take().toString('utf8'), strings, truncated: [encoder.truncated, reference.truncated] };
}

function randomRows(seed: number, count: number): Value[][] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const pieces = ['a', '"', '""', ',', '\t', '\n', '\r', '\\', '\\N', '가', '😀', 'é', ' ', 'x'.repeat(300)];
  const textOf = (max: number) => Array.from({ length: Math.floor(random() * max) }, () => pick(pieces)).join('');
  const maybe = (value: () => Value): Value => (random() < 0.15 ? null : value());
  return Array.from({ length: count }, () => [
    maybe(() => text(pick(['0', '1', '18446744073709551615', String(Math.floor(random() * 1e12))]))),
    maybe(() => text(pick(['0.00', '-12.50', '9999999999.99']))),
    maybe(() => text(pick(['0', '-0', '1e300', '0.30000000000000004', '5e-324']))),
    maybe(() => text(textOf(6))),
    maybe(() => text(pick([textOf(40), textOf(300)]))),
    maybe(() => text(textOf(5))),
    maybe(() => text(pick(['2026-02-28', '0000-00-00', '2026-00-10']))),
    maybe(() => text(pick(['2026-01-01 00:00:00', '0000-00-00 00:00:00', '2026-11-25 23:59:59.123456']))),
    maybe(() => text(pick(['2026-01-01 09:00:00', '2026-03-08 02:30:00', '0000-00-00 00:00:00', '2026-06-30 12:00:00.5']))),
    maybe(() => bytes(Buffer.from(Array.from({ length: Math.floor(random() * 9) }, () => Math.floor(random() * 256))))),
    maybe(() => bytes(Buffer.from([Math.floor(random() * 256), Math.floor(random() * 256)]))),
  ]);
}

describe("CSV from the values' bytes", () => {
  test.each([
    ['postgres', 'UTC', 'truncate'],
    ['redshift', 'UTC', 'truncate'],
    ['postgres', 'Asia/Seoul', 'truncate'],
    ['redshift', 'America/New_York', 'truncate'],
  ] as const)('writes the same bytes as the string encoder (%s, %s, %s)', (dialect, sourceTimezone, oversize) => {
    const result = bothEncoders({ dialect, sourceTimezone, oversize }, randomRows(dialect.length + sourceTimezone.length, 2_000));
    expect(result.bytes).toBe(result.strings);
    expect(result.truncated[0]).toBe(result.truncated[1]);
    expect(result.truncated[0]).toBeGreaterThan(0);
  });

  test('values longer than 250 and 65,535 bytes (two- and three-byte lengths)', () => {
    const long = '가'.repeat(30_000); // 90,000 bytes
    const row = [text('1'), null, null, text('짧은'), text(long), text('"q"'), null, null, null, null, null];
    const result = bothEncoders({ dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'truncate' }, [
      row,
      [...row.slice(0, 4), text(long.slice(0, 20_000)), ...row.slice(5)],
    ]);
    expect(result.bytes).toBe(result.strings);
    expect(result.bytes).toContain(`,"${'가'.repeat(21_845)}",`); // cut to 65,535 bytes
    expect(result.bytes).toContain(`,"${'가'.repeat(20_000)}",`);
    expect(result.truncated).toEqual([1, 1]);
  });

  test("oversize text and NUL characters give the string encoder's errors, and the column's value can be read", () => {
    const encoder = createByteRowEncoder(columns, { dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'error' });
    const row = (title: string) => packet([text('42'), null, null, text(title), null, null, null, null, null, null, null]);
    const oversize = row('😀'.repeat(11));
    expect(() => encoder.encode(oversize, new ByteWriter(64))).toThrow('column "title": a value of 44 bytes exceeds VARCHAR(40)');
    expect(encoder.field(0)).toBe('42');
    expect(encoder.field(1)).toBeNull();
    const nul = row('a\u0000b');
    expect(() => encoder.encode(nul, new ByteWriter(64))).toThrow('NUL character');
    const cutting = createByteRowEncoder(columns, { dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'truncate' });
    const nulAfterCut = row(`${'x'.repeat(40)}\u0000`);
    expect(() => cutting.encode(nulAfterCut, new ByteWriter(64))).toThrow('NUL character');
  });

  test('a row with fewer columns than expected is an error, not a short line', () => {
    const encoder = createByteRowEncoder(columns, { dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'error' });
    const short = packet([text('1'), null]);
    expect(() => encoder.encode(short, new ByteWriter(64))).toThrow('a MySQL row has 2 values for 11 columns');
  });

  test('the writer grows past its capacity and take() starts afresh', () => {
    const out = new ByteWriter(4);
    out.ensure(10);
    out.buffer.write('0123456789', 0);
    out.length = 10;
    expect(out.take().toString()).toBe('0123456789');
    expect(out.length).toBe(0);
  });
});

test('random rows of values encode as the string encoder writes them', () => {
  const options: EncoderOptions = { dialect: 'redshift', sourceTimezone: 'Asia/Seoul', oversize: 'truncate' };
  const result = bothEncoders(options, randomRows(11, 2_000));
  expect(result.bytes).toBe(result.strings);
});

test.each([
  ['2', '1', true],
  ['10', '9', true],
  ['9', '10', false],
  ['18446744073709551615', '18446744073709551614', true],
  ['5', '5', false],
  ['-1', '-2', true],
  ['-2', '-1', false],
  ['-10', '-9', false],
  ['0', '-1', true],
  ['-1', '0', false],
  ['-5', '-5', false],
])('integerAbove(%s, %s) is %s, without parsing either', (a, b, expected) => {
  const source = Buffer.from(`xx${a}yy`);
  expect(integerAbove(source, 2, 2 + a.length, Buffer.from(b))).toBe(expected);
});

test('the encoder follows a watermark column by bytes: integers by value, times as text, NULL never above', () => {
  const options: EncoderOptions = { dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'error' };
  const encoder = createByteRowEncoder([mapColumn(column('id', 'bigint'))], options);
  let newest: Buffer | undefined;
  for (const value of ['9', '10', null, '-3', '18446744073709551615', '100']) {
    const row = packet([value === null ? null : text(value)]);
    encoder.encode(row, new ByteWriter(64));
    if (encoder.fieldAbove(0, newest, true)) newest = encoder.fieldBytes(0)!;
  }
  expect(newest?.toString()).toBe('18446744073709551615');
  expect(encoder.fieldBytes(0)?.toString()).toBe('100');

  const times = ['2026-11-24 10:00:00', '2026-11-24 09:59:59', '2026-11-24 10:00:01', '0000-00-00 00:00:00'];
  const texts = createByteRowEncoder([mapColumn(column('at', 'datetime'))], options);
  newest = undefined;
  for (const value of times) {
    const row = packet([text(value)]);
    texts.encode(row, new ByteWriter(64));
    if (texts.fieldAbove(0, newest, false)) newest = texts.fieldBytes(0)!;
  }
  expect(newest?.toString()).toBe('2026-11-24 10:00:01');
  const nullRow = packet([null]);
  encoder.encode(nullRow, new ByteWriter(64));
  expect(encoder.fieldAbove(0, undefined, true)).toBe(false);
  expect(encoder.fieldBytes(0)).toBeNull();
});

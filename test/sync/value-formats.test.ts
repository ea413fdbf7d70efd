import { longestJsonString, mysqlGeometryToEwkb, shortestFloat32 } from '../../lambda/sync/core/value-formats';

describe('shortestFloat32: the digits a REAL needs to hold exactly the FLOAT MySQL stored', () => {
  test.each([
    ['123.45670318603516', '123.4567'],
    ['16777216', '16777216'],
    ['0.10000000149011612', '0.1'],
    ['3.4028234663852886e38', '3.4028235e+38'],
    ['1.1754943508222875e-38', '1.1754944e-38'],
    ['-2.5', '-2.5'],
    ['0', '0'],
    ['-0', '-0'],
  ])('%s → %s', (double, expected) => {
    expect(shortestFloat32(double)).toBe(expected);
    expect(Math.fround(Number(expected))).toBe(Math.fround(Number(double)));
  });

  test('every value it writes reads back as the same 32-bit float, with no more digits than needed', () => {
    const bits = new Uint32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    for (let i = 0; i < 5_000; i++) {
      bits[0] = (Math.random() * 0x1_0000_0000) >>> 0;
      const single = asFloat[0];
      if (!Number.isFinite(single)) continue;
      const text = shortestFloat32(String(single))!;
      expect(Math.fround(Number(text))).toBe(single);
      const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
      if (digits > 1) expect(Math.fround(Number(single.toPrecision(digits - 1)))).not.toBe(single);
    }
  });

  test('text that is no number is refused', () => {
    expect(shortestFloat32('')).toBeUndefined();
    expect(shortestFloat32('abc')).toBeUndefined();
    expect(shortestFloat32('1e400')).toBeUndefined();
  });
});

describe('mysqlGeometryToEwkb: MySQL SRID + WKB → EWKB, as Redshift and PostGIS read it', () => {
  const point12 = '0101000000000000000000f03f0000000000000040'; // WKB POINT(1 2), little-endian

  test('SRID 0 is plain WKB', () => {
    expect(mysqlGeometryToEwkb(Buffer.from(`00000000${point12}`, 'hex')).toString('hex')).toBe(point12);
  });

  test('any other SRID follows the type, whose SRID flag is set (ST_GeomFromEWKB example: 0103000020E6100000...)', () => {
    const srid4326 = Buffer.from(`e6100000${point12}`, 'hex');
    expect(mysqlGeometryToEwkb(srid4326).toString('hex')).toBe('0101000020e6100000000000000000f03f0000000000000040');
  });

  test('a big-endian WKB keeps its byte order for the type and the SRID', () => {
    const bigEndian = Buffer.from('e6100000' + '00' + '00000001' + '3ff0000000000000' + '4000000000000000', 'hex');
    expect(mysqlGeometryToEwkb(bigEndian).toString('hex')).toBe('00' + '20000001' + '000010e6' + '3ff0000000000000' + '4000000000000000');
  });

  test('a value too short for a header, or with no byte order, is refused', () => {
    expect(() => mysqlGeometryToEwkb(Buffer.from('00000000', 'hex'))).toThrow('shorter than an SRID and a WKB header');
    expect(() => mysqlGeometryToEwkb(Buffer.from('e6100000070100000000000000', 'hex'))).toThrow('WKB byte order 7');
  });
});

describe('longestJsonString: the longest string in a document, in UTF-8 bytes', () => {
  test('keys and values, escapes decoded where it matters', () => {
    expect(longestJsonString('{"a": "한글", "bb": [1, "x"]}', 100)).toBe(6);
    expect(longestJsonString('{"long key here": 1}', 100)).toBe(13);
    expect(longestJsonString('[1, 2, true, null]', 100)).toBe(0);
    expect(longestJsonString(JSON.stringify({ q: 'say "hi"' }), 100)).toBe(10); // the literal's escapes bound it from above
    expect(longestJsonString(JSON.stringify({ q: '"'.repeat(60) }), 100)).toBe(60); // literal 120 > limit: decoded
    expect(longestJsonString(JSON.stringify({ q: 'é'.repeat(40_000) }), 65_535)).toBe(80_000);
  });
});

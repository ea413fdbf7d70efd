/**
 * Values MySQL hands over in a form Redshift's COPY does not take as they are: FLOAT, spatial values, and JSON
 * documents whose strings may be longer than SUPER holds.
 */

/**
 * A FLOAT as the shortest decimal text that reads back as the same 32-bit float. MySQL prints a FLOAT with 6
 * significant digits (123.4567 as 123.457, 16777216 as 16777200), so the sync selects it as the double it
 * holds (`col + 0e0`, exact) and this finds the digits a REAL column needs; undefined for text that is no number.
 */
export function shortestFloat32(doubleText: string): string | undefined {
  const value = Number(doubleText);
  if (doubleText.trim() === '' || !Number.isFinite(value)) return undefined;
  const single = Math.fround(value);
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  for (let digits = 1; digits <= 9; digits++) {
    const text = single.toPrecision(digits);
    if (Math.fround(Number(text)) === single) return String(Number(text));
  }
  return String(single);
}

/** The EWKB type flag saying an SRID follows the type (PostGIS's extension of WKB, which Redshift reads). */
const EWKB_SRID_FLAG = 0x20000000;

/**
 * MySQL's internal geometry value (a 4-byte little-endian SRID, then the WKB) as hexadecimal EWKB, which COPY
 * loads into GEOMETRY (https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-spatial-data.html):
 * SRID 0 as plain WKB, any other SRID written after the type, whose SRID flag is set. The WKB's own byte order
 * (its first byte) applies to the type and the SRID.
 */
export function mysqlGeometryToEwkb(value: Buffer): Buffer {
  if (value.length < 9) throw new Error(`a spatial value of ${value.length} bytes is shorter than an SRID and a WKB header`);
  const srid = value.readUInt32LE(0);
  const wkb = value.subarray(4);
  if (srid === 0) return Buffer.from(wkb);
  const littleEndian = wkb[0] === 1;
  if (!littleEndian && wkb[0] !== 0) throw new Error(`a spatial value has WKB byte order ${wkb[0]}, neither 0 nor 1`);
  const ewkb = Buffer.alloc(wkb.length + 4);
  ewkb[0] = wkb[0];
  const type = littleEndian ? wkb.readUInt32LE(1) : wkb.readUInt32BE(1);
  if (littleEndian) {
    ewkb.writeUInt32LE((type | EWKB_SRID_FLAG) >>> 0, 1);
    ewkb.writeUInt32LE(srid, 5);
  } else {
    ewkb.writeUInt32BE((type | EWKB_SRID_FLAG) >>> 0, 1);
    ewkb.writeUInt32BE(srid, 5);
  }
  wkb.copy(ewkb, 9, 5);
  return ewkb;
}

/**
 * The UTF-8 bytes of the longest string (key or value) in a JSON document. A literal's text bounds its value
 * from above (escapes are longer than what they stand for), so only a literal over `limit` is decoded to measure it.
 */
export function longestJsonString(json: string, limit: number): number {
  let longest = 0;
  for (let i = 0; i < json.length; i++) {
    if (json.charCodeAt(i) !== 0x22) continue;
    let end = i + 1;
    let escaped = false;
    while (end < json.length) {
      const c = json.charCodeAt(end);
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) break;
      end++;
    }
    let bytes = Buffer.byteLength(json.slice(i + 1, end), 'utf8');
    if (bytes > limit) bytes = Buffer.byteLength(JSON.parse(json.slice(i, end + 1)) as string, 'utf8');
    if (bytes > longest) longest = bytes;
    i = end;
  }
  return longest;
}

/**
 * VARCHAR sizing per MySQL character set, measured on the real server: every character of every set it knows,
 * converted to UTF-8, fits the bytes per character the mapping allows, and no more are allowed than needed.
 * Single- and double-byte sequences are enumerated (MariaDB's seq_0_to_65535); sets with longer characters hold
 * the rest of the Basic Multilingual Plane (3 bytes) or, with 4-byte characters, all of Unicode (4).
 */
import type { Connection } from 'mysql2/promise';
import { utf8BytesPerChar } from '../../lambda/sync/core/mysql-types';
import { mysqlAdmin } from './databases';

let mysql: Connection;
beforeAll(async () => {
  mysql = await mysqlAdmin();
});
afterAll(async () => {
  await mysql.end();
});

test('every character set the server knows is sized for its widest character in UTF-8', async () => {
  const [sets] = await mysql.query(
    "SELECT CHARACTER_SET_NAME AS name, MAXLEN AS maxlen FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME <> 'binary' ORDER BY 1",
  );
  const measured: Record<string, number> = {};
  const allowed: Record<string, number> = {};
  for (const { name, maxlen: maxlenText } of sets as { name: string; maxlen: string }[]) {
    const maxlen = Number(maxlenText);
    const bytes = (seq: string) => `unhex(lpad(hex(${seq}), if(${seq} > 255, 4, 2), '0'))`;
    const [rows] = await mysql.query(
      `SELECT max(length(convert(convert(${bytes('seq')} USING ${name}) USING utf8mb4))) AS widest FROM seq_0_to_65535 ` +
        `WHERE char_length(convert(${bytes('seq')} USING ${name})) = 1`,
    );
    const enumerated = Number((rows as { widest: number }[])[0].widest);
    measured[name] = Math.max(enumerated, maxlen >= 4 ? 4 : maxlen === 3 ? 3 : 0);
    allowed[name] = utf8BytesPerChar(name);
  }
  expect(Object.keys(measured).length).toBeGreaterThan(30);
  expect(measured.latin1).toBe(3);
  expect(allowed).toEqual(measured);
});

/**
 * The sync's reader (MysqlSource.csvStream) against the real MariaDB: values of every length-code size, NULLs and
 * binary read through mysql2's public typeCast hook give the CSV the string encoder (the reference) gives for the
 * values mysql2 parses by itself, also when the consumer is slow and the connection is paused.
 */
import { MysqlSource, parseMysqlUrl } from '../../lambda/sync/adapters/mysql-source';
import { createRowEncoder, type EncoderOptions } from '../../lambda/sync/core/csv';
import { createByteRowEncoder } from '../../lambda/sync/core/csv-bytes';
import { mapColumn } from '../../lambda/sync/core/mysql-types';
import { adminConnections, MYSQL_URL } from './databases';

const db = adminConnections();
// Text over the warehouse's 65,535 bytes is cut, alike by both encoders.
const options: EncoderOptions = { dialect: 'postgres', sourceTimezone: 'UTC', oversize: 'truncate' };
/** Lengths on each side of the protocol's length codes (one byte below 251, 0xFC + 2 bytes below 65,536, 0xFD + 3 bytes), up to a megabyte. */
const LENGTHS = [0, 1, 250, 251, 65_535, 65_536, 1_000_000];

let source: MysqlSource;
beforeAll(async () => {
  await db.mysql.query('CREATE TABLE reader_t (id INT PRIMARY KEY, body LONGTEXT, raw LONGBLOB, price DECIMAL(12,2), seen TIMESTAMP NULL) CHARSET utf8mb4');
  const rows = LENGTHS.flatMap((length, i) => [
    [2 * i, 'é"'.repeat(length / 3) + 'x'.repeat(length % 3), Buffer.alloc(length, i + 0x80), `${i}.50`, '2026-01-01 00:00:00'],
    [2 * i + 1, null, null, null, null],
  ]);
  for (const row of rows) await db.mysql.query('INSERT INTO reader_t VALUES (?, ?, ?, ?, ?)', row);
  // Many small rows, so a small chunk size makes the reader pause and resume the connection often.
  await db.mysql.query("INSERT INTO reader_t SELECT 100 + seq, CONCAT('row ', seq), UNHEX('00ff'), seq / 100, '2026-06-01 12:00:00' FROM seq_1_to_5000");
  source = await MysqlSource.connect({ ...parseMysqlUrl(MYSQL_URL()), tls: false });
});

afterAll(() => source?.close());

/** The reference: the rows as mysql2 parses them by itself (strings and Buffers), through the string encoder. */
async function expectedCsv(where: string): Promise<string> {
  const columns = (await source.columns('reader_t')).map(mapColumn);
  const encoder = createRowEncoder(columns, options);
  const [rows] = await db.mysql.query({ sql: `SELECT id, body, raw, price, seen FROM reader_t WHERE ${where} ORDER BY id`, rowsAsArray: true });
  return (rows as unknown[][]).map((row) => encoder.encode(row)).join('');
}

async function readCsv(where: string, chunkBytes: number, slow = false): Promise<{ csv: string; mostBuffered: number }> {
  const sourceColumns = await source.columns('reader_t');
  const encoder = createByteRowEncoder(sourceColumns.map(mapColumn), options);
  const stream = source.csvStream(
    'reader_t',
    sourceColumns,
    { sql: `${where} ORDER BY id`, values: [] },
    (values, out) => encoder.encode(values, out),
    chunkBytes,
  );
  const chunks: Buffer[] = [];
  let mostBuffered = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    if (slow) await new Promise((resolve) => setTimeout(resolve, 2));
    mostBuffered = Math.max(mostBuffered, stream.readableLength);
  }
  return { csv: Buffer.concat(chunks).toString('utf8'), mostBuffered };
}

test('values of 0 to 1,000,000 bytes (each length code), NULLs and binary: the same CSV as the string encoder', async () => {
  const { csv } = await readCsv('id < 100', 256 * 1024);
  expect(csv).toBe(await expectedCsv('id < 100'));
  expect(csv.split('\n')).toHaveLength(2 * LENGTHS.length + 1);
  expect(csv).toContain(`\n12,"${'é""'.repeat(21_845)}",\\x${'86'.repeat(1_000_000)},6.50,2026-01-01 00:00:00+00\n`);
});

test('a slow consumer: the reader pauses the connection and resumes it, and every row arrives once, in order', async () => {
  const { csv, mostBuffered } = await readCsv('id >= 100', 1024, true);
  expect(csv).toBe(await expectedCsv('id >= 100'));
  expect(csv.length).toBeGreaterThan(100_000);
  // Paused at the stream's high-water mark (8 chunks), give or take a chunk: not the whole 100 KB and more.
  expect(mostBuffered).toBeLessThanOrEqual(10 * 1024);
  // The connection is usable afterwards.
  expect(await source.columns('reader_t')).toHaveLength(5);
});

test('a value the encoder refuses ends the stream with its error', async () => {
  const sourceColumns = await source.columns('reader_t');
  const stream = source.csvStream('reader_t', sourceColumns, undefined, () => {
    throw new Error('refused');
  });
  await expect(
    (async () => {
      for await (const _ of stream) void _;
    })(),
  ).rejects.toThrow('refused');
});

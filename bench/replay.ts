/**
 * How fast the Firehose replay converts JSON lines the way COPY would (parsing with exact numbers, JSONPaths,
 * time formats, byte truncation, UTF-8 repair), without the database: lines per second for typical impression
 * records, and for awkward ones (multi-byte text to truncate, invalid UTF-8, rejections).
 *
 *   npm run --silent bench:replay [-- --lines 200000]
 */
import { parseArgs } from 'node:util';
import { parseCopyOptions } from '../lambda/firehose/core/copy';
import { createLineConverter } from '../lambda/firehose/core/replay';
import { DEFAULT_COPY_OPTIONS } from '../lib/config/schema';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '200000' } } });
const LINES = Number(values.lines);

const columns = [
  { name: 'impression_id', type: 'VARCHAR(64)' },
  { name: 'user_id', type: 'BIGINT' },
  { name: 'app_id', type: 'INTEGER' },
  { name: 'ad_id', type: 'BIGINT' },
  { name: 'publisher_id', type: 'INTEGER' },
  { name: 'country', type: 'CHAR(2)' },
  { name: 'price', type: 'DECIMAL(12,6)', jsonPath: "$['bid']['price']" },
  { name: 'timestamp', type: 'TIMESTAMP' },
];

function lines(kind: 'typical' | 'awkward'): Buffer[] {
  return Array.from({ length: LINES }, (_, i) => {
    if (kind === 'typical' || i % 4 === 0) {
      return Buffer.from(
        JSON.stringify({
          impression_id: `imp-${i}-${'x'.repeat(20)}`,
          user_id: 9_007_199_254_740_000 + i,
          app_id: i % 5000,
          ad_id: i * 7,
          publisher_id: i % 300,
          country: 'KR',
          bid: { price: 0.001234 + i / 1e6 },
          timestamp: '2026-11-25T09:30:00',
        }),
      );
    }
    if (i % 4 === 1)
      return Buffer.from(
        JSON.stringify({ impression_id: `광고-노출-${'가'.repeat(30)}`, user_id: String(i), country: 'JP', timestamp: '2026-11-25T09:30:00.123456' }),
      );
    if (i % 4 === 2) return Buffer.concat([Buffer.from('{"impression_id":"bad'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`","user_id":${i}}`)]);
    return Buffer.from(JSON.stringify({ impression_id: `r-${i}`, user_id: 'not a number' }));
  });
}

function measure(kind: 'typical' | 'awkward'): void {
  const input = lines(kind);
  const converter = createLineConverter(columns, parseCopyOptions(DEFAULT_COPY_OPTIONS));
  for (let i = 0; i < 2000; i++) converter.convert(input[i]); // warm up
  const started = process.hrtime.bigint();
  let rejected = 0;
  for (const line of input) if ('rejected' in converter.convert(line)) rejected++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mb = input.reduce((sum, l) => sum + l.length, 0) / 1024 / 1024;
  console.log(
    `${kind.padEnd(8)} ${LINES.toLocaleString('en-US')} lines (${mb.toFixed(1)} MB) in ${seconds.toFixed(2)} s: ${Math.round(LINES / seconds).toLocaleString('en-US')} lines/s, ${(mb / seconds).toFixed(1)} MB/s, ${rejected.toLocaleString('en-US')} rejected`,
  );
}

console.log(`node ${process.version}, the impression stream's columns and default COPY options`);
measure('typical');
measure('awkward');

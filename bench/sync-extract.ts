/**
 * The fanned-out extract alone (lambda/sync/fan-out.ts), as `npm run bench:sync -- --workers-rows N` runs it: the
 * table's key range split into N ranges, each read by its own MySQL connection side by side in this one process,
 * encoded for Redshift and gzipped into 64 MiB parts as the extract uploads them; the parts are dropped instead.
 * Prints rows, seconds and rows a second.
 *
 *   node --import tsx bench/sync-extract.ts mysql://USER:PASS@HOST:PORT/DB TABLE RANGES
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { MysqlSource, parseMysqlUrl } from '../lambda/sync/adapters/mysql-source';
import { splitKeyRange } from '../lambda/sync/core/chunks';
import { extractRange } from '../lambda/sync/fan-out';

const gzip = promisify(gzipCallback);
const PART_BYTES = 64 * 1024 * 1024;

async function main(): Promise<void> {
  const [url, table, count] = process.argv.slice(2);
  const source = await MysqlSource.connect({ ...parseMysqlUrl(url), tls: false });
  const job = { name: 'bench', table, mode: 'FULL_COPY' as const, target: { schema: 'bench', table } };
  const bounds = (await source.valueRange(table, 'id', { sql: '', values: [] }))!;
  const ranges = splitKeyRange({ first: bounds.first, upTo: bounds.last }, Number(count));
  const readers = [source, ...(await Promise.all(ranges.slice(1).map(() => source.fork())))];
  let compressed = 0;
  const started = Date.now();
  const results = await Promise.all(
    ranges.map((range, i) =>
      extractRange(job, readers[i], { ...range, last: i === ranges.length - 1 }, async (csv) => {
        let pending: Buffer[] = [];
        let size = 0;
        const parts: string[] = [];
        const flush = async () => {
          if (size === 0) return;
          const body = await gzip(Buffer.concat(pending));
          compressed += body.length;
          parts.push(`part-${parts.length + 1}`);
          pending = [];
          size = 0;
        };
        for await (const chunk of csv) {
          pending.push(chunk as Buffer);
          size += (chunk as Buffer).length;
          if (size >= PART_BYTES) await flush();
        }
        await flush();
        return parts;
      }),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  const rows = results.reduce((sum, r) => sum + r.rows, 0);
  const parts = results.reduce((sum, r) => sum + r.parts.length, 0);
  console.log(
    `${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s), ` +
      `${parts} parts, ${(compressed / 1048576).toFixed(0)} MiB gzipped`,
  );
  await Promise.all(readers.map((reader) => reader.close()));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

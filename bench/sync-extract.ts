/**
 * The fanned-out extract alone (lambda/sync/fan-out.ts), as `npm run bench:sync -- --workers-rows N` runs it: the
 * table's key range split into N ranges, each read by its own MySQL connection side by side in this one process,
 * encoded for Redshift and cut into gzip parts by the extract's own part writer (uploadCsvParts: sets of 8 files, as
 * the default 8 slices ask, 64 MiB of CSV a file); the parts are counted and dropped instead of uploaded.
 * Prints rows, seconds and rows a second.
 *
 *   node --import tsx bench/sync-extract.ts mysql://USER:PASS@HOST:PORT/DB TABLE RANGES
 */
import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MysqlSource, parseMysqlUrl } from '../lambda/sync/adapters/mysql-source';
import { splitKeyRange } from '../lambda/sync/core/chunks';
import { extractRange } from '../lambda/sync/fan-out';
import { uploadCsvParts } from '../lambda/warehouse/redshift';

/** Files per set, as the deployed sync writes them by default (warehouse.slices). */
const SLICES = 8;

async function main(): Promise<void> {
  const [url, table, count] = process.argv.slice(2);
  const source = await MysqlSource.connect({ ...parseMysqlUrl(url), tls: false });
  const job = { name: 'bench', table, mode: 'FULL_COPY' as const, target: { schema: 'bench', table } };
  const bounds = (await source.valueRange(table, 'id', { sql: '', values: [] }))!;
  const ranges = splitKeyRange({ first: bounds.first, upTo: bounds.last }, Number(count));
  const readers = [source, ...(await Promise.all(ranges.slice(1).map(() => source.fork())))];
  // The deployed extract's part writer, with an S3 client that only counts what it would upload.
  let compressed = 0;
  const s3 = {
    send: async (command: PutObjectCommand) => {
      compressed += (command.input.Body as Buffer).length;
      return {};
    },
  } as unknown as S3Client;
  const started = Date.now();
  const results = await Promise.all(
    ranges.map((range, i) =>
      extractRange(job, readers[i], { ...range, last: i === ranges.length - 1 }, (csv) => uploadCsvParts(s3, 'bench', `r${i}-`, csv, { files: SLICES })),
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

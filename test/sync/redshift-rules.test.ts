/**
 * Redshift rules the PostgreSQL stand-in would not enforce by itself, through the real MariaDB → PostgreSQL path:
 * what the sync must do so that the same runs also work on Redshift.
 */
import type { Connection } from 'mysql2/promise';
import type { Client } from 'pg';
import { runSync, type SyncJob } from '../../lambda/sync/engine';
import { mysqlAdmin, openPair, pgAdmin } from './databases';

let mysql: Connection;
let pg: Client;
let runs = 0;

async function sync(job: SyncJob) {
  const pair = await openPair();
  try {
    return await runSync(job, pair.source, pair.warehouse, { runId: `rules-${++runs}` });
  } finally {
    await pair.close();
  }
}

beforeAll(async () => {
  mysql = await mysqlAdmin();
  pg = await pgAdmin();
});
afterAll(async () => {
  await mysql.end();
  await pg.end();
});

test('a MySQL text that is literally \\N loads as that text, NULL as NULL, the empty string as empty', async () => {
  await mysql.query("CREATE TABLE backslash_n_t (id INT PRIMARY KEY, v VARCHAR(10), t TEXT); INSERT INTO backslash_n_t VALUES (1, '\\\\N', '\\\\N'), (2, NULL, NULL), (3, '', ''), (4, 'NULL', '\\\\\\\\N')");
  const job: SyncJob = { name: 'backslash-n-t', table: 'backslash_n_t', mode: 'FULL_COPY', target: { schema: 'rules', table: 'backslash_n_t' } };
  expect(await sync(job)).toMatchObject({ status: 'ok', rowsRead: 4 });
  const { rows } = await pg.query('SELECT id, v, t FROM rules.backslash_n_t ORDER BY id');
  expect(rows).toEqual([
    { id: 1, v: '\\N', t: '\\N' },
    { id: 2, v: null, t: null },
    { id: 3, v: '', t: '' },
    { id: 4, v: 'NULL', t: '\\\\N' },
  ]);
});

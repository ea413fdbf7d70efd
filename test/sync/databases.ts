/** Connections to the test run's MariaDB and PostgreSQL servers (started by test/servers/global-setup.ts). */
import { createConnection, type Connection } from 'mysql2/promise';
import { Client } from 'pg';
import { MysqlSource, parseMysqlUrl } from '../../lambda/sync/adapters/mysql-source';
import { PostgresWarehouse } from '../../lambda/warehouse/postgres';
import { runSync, type SyncJob, type SyncResult } from '../../lambda/sync/engine';

export const MYSQL_URL = () => required('TEST_MYSQL_URL');
export const POSTGRES_URL = () => required('TEST_POSTGRES_URL');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the jest globalSetup starts the servers`);
  return value;
}

export async function mysqlAdmin(): Promise<Connection> {
  const o = parseMysqlUrl(MYSQL_URL());
  return createConnection({ ...o, multipleStatements: true, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
}

export async function pgAdmin(): Promise<Client> {
  const client = new Client({ connectionString: POSTGRES_URL() });
  await client.connect();
  return client;
}

export async function openPair(): Promise<{ source: MysqlSource; warehouse: PostgresWarehouse; close: () => Promise<void> }> {
  // The test server has no TLS; the sources' default (TLS with the RDS certificate authorities) is tested in mysql-tls.test.ts.
  const source = await MysqlSource.connect({ ...parseMysqlUrl(MYSQL_URL()), tls: false });
  const warehouse = await PostgresWarehouse.connect(POSTGRES_URL());
  const close = async () => {
    await source.close();
    await warehouse.close();
  };
  return { source, warehouse, close };
}

/** The admin connections of a test file: opened before its tests, closed after them. */
export function adminConnections(): { readonly mysql: Connection; readonly pg: Client } {
  const connections = {} as { mysql: Connection; pg: Client };
  beforeAll(async () => {
    [connections.mysql, connections.pg] = await Promise.all([mysqlAdmin(), pgAdmin()]);
  });
  afterAll(async () => {
    await Promise.all([connections.mysql?.end(), connections.pg?.end()]);
  });
  return connections;
}

let runs = 0;

/** A run id no other run of this test file has. */
export const nextRunId = () => `test-run-${++runs}`;

/** One sync run on connections of its own, as each Lambda invocation and CLI run has. */
export async function syncOnce(job: SyncJob): Promise<SyncResult> {
  const pair = await openPair();
  try {
    return await runSync(job, pair.source, pair.warehouse, { runId: nextRunId() });
  } finally {
    await pair.close();
  }
}

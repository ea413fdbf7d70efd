import { startLocalServers, type LocalServers } from './local-servers';

declare global {
  // eslint-disable-next-line no-var
  var __LOCAL_SERVERS__: LocalServers | undefined;
}

/** Starts MariaDB and PostgreSQL once for the whole test run; workers find them through the environment. */
export default async function globalSetup(): Promise<void> {
  const servers = await startLocalServers();
  globalThis.__LOCAL_SERVERS__ = servers;
  process.env.TEST_MYSQL_URL = servers.mysqlUrl;
  process.env.TEST_POSTGRES_URL = servers.postgresUrl;
}

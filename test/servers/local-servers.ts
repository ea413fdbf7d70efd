/**
 * Real MariaDB and PostgreSQL servers for tests and benchmarks, started in a temporary directory on loopback
 * ports (no systemd, no Docker): `mariadb-install-db` + `mariadbd`, `initdb` + `pg_ctl` as the postgres user.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** Set-up commands run as child processes without blocking, so the two servers are prepared side by side. */
const run = promisify(execFile);

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface LocalServers {
  readonly mysqlUrl: string;
  readonly postgresUrl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

function succeeds(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function answers(command: string, args: string[]): Promise<boolean> {
  return run(command, args).then(
    () => true,
    () => false,
  );
}

async function startMariadb(dir: string): Promise<{ url: string; process: ChildProcess }> {
  const data = path.join(dir, 'mysql');
  const socket = path.join(dir, 'mysql.sock');
  await run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db']);
  const port = await freePort();
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      `--pid-file=${path.join(dir, 'mysql.pid')}`,
      `--log-error=${path.join(dir, 'mysql.err')}`,
      '--innodb-buffer-pool-size=512M',
      '--innodb-flush-log-at-trx-commit=2',
      '--skip-log-bin',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
    ],
    { stdio: 'ignore', detached: false },
  );
  await waitFor(() => answers('mariadb', [`--socket=${socket}`, '-uroot', '-e', 'SELECT 1']), 'MariaDB');
  await run('mariadb', [
    `--socket=${socket}`,
    '-uroot',
    '-e',
    "CREATE USER 'sync'@'%' IDENTIFIED BY 'sync-pass'; GRANT ALL ON *.* TO 'sync'@'%'; CREATE DATABASE ads;",
  ]);
  return { url: `mysql://sync:sync-pass@127.0.0.1:${port}/ads`, process: child };
}

async function startPostgres(dir: string): Promise<{ url: string; data: string }> {
  const data = path.join(dir, 'pg');
  const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', command, ...args]);
  chownSync(dir, 101, 104);
  execFileSync('chmod', ['755', dir]);
  await asPostgres(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  await asPostgres(path.join(PG_BIN, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    path.join(dir, 'pg.log'),
    '-w',
    '-t',
    '30',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=4GB -c random_page_cost=1.1`,
  ]);
  const psql = (...args: string[]) => asPostgres('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', ...args]);
  await psql('-c', 'CREATE DATABASE warehouse');
  // Redshift's GEOMETRY: the stand-in has it from PostGIS (scripts/test.sh installs postgresql-15-postgis-3).
  await psql('-d', 'warehouse', '-c', 'CREATE EXTENSION postgis');
  return { url: `postgres://postgres@127.0.0.1:${port}/warehouse`, data };
}

export async function startLocalServers(): Promise<LocalServers> {
  for (const binary of ['mariadbd', 'mariadb-install-db', path.join(PG_BIN, 'initdb')]) {
    if (!existsSync(binary) && !succeeds('which', [binary])) {
      throw new Error(`${binary} is missing: run the tests with \`bash scripts/test.sh\`, which installs mariadb-server and postgresql`);
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'platform-servers-'));
  const [mysql, postgres] = await Promise.all([startMariadb(dir), startPostgres(dir)]);
  return {
    mysqlUrl: mysql.url,
    postgresUrl: postgres.url,
    async stop() {
      mysql.process.kill('SIGTERM');
      await new Promise((resolve) => (mysql.process.exitCode !== null ? resolve(undefined) : mysql.process.once('exit', resolve)));
      try {
        execFileSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, 'pg_ctl'), '-D', postgres.data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

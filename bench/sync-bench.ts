/**
 * What the sync benchmark's phases share (bench/sync.ts, bench/sync-phases.ts): the Debian packages it needs, the
 * servers' clients (mariadb, psql), the generated source table, and timed runs of the sync CLI.
 */
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LocalServers } from '../test/servers/local-servers';

/** The repository: the CLI runs from here, as `npm run sync` would. */
export const root = path.resolve(__dirname, '..');

export function ensurePackages(): void {
  const missing = ['mariadb-server', 'postgresql', 'postgresql-15-postgis-3', 'pgloader'].filter(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format field, not a template.
    (p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout.indexOf('install ok installed') < 0,
  );
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')}`);
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')} >/dev/null`, {
    stdio: 'inherit',
  });
}

export interface Timed {
  readonly seconds: number;
  readonly peakMb: number;
  readonly cpu: number;
  readonly stdout: string;
}

export class Bench {
  readonly mysql: URL;
  readonly pg: URL;
  constructor(readonly servers: LocalServers) {
    this.mysql = new URL(servers.mysqlUrl);
    this.pg = new URL(servers.postgresUrl);
  }

  sql(query: string): string {
    return execFileSync(
      'mariadb',
      ['--default-character-set=utf8mb4', '-h127.0.0.1', `-P${this.mysql.port}`, '-usync', '-psync-pass', 'ads', '-N', '-B', '-e', query],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
  }

  psql(query: string): string {
    return execFileSync('psql', ['-h', '127.0.0.1', '-p', this.pg.port, '-U', 'postgres', '-d', 'warehouse', '-At', '-c', query], { encoding: 'utf8' });
  }

  createTable(table: string, rows: number): void {
    this.sql(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (
      id BIGINT UNSIGNED NOT NULL PRIMARY KEY, user_id INT NOT NULL, title VARCHAR(100) NOT NULL, price DECIMAL(12,2) NOT NULL,
      score DOUBLE NOT NULL, active TINYINT(1) NOT NULL, status ENUM('draft','live','ended') NOT NULL, body TEXT NOT NULL,
      created_at DATETIME NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, KEY (updated_at)) CHARSET utf8mb4`);
    for (let start = 1; start <= rows; start += 1_000_000) {
      const end = Math.min(rows, start + 999_999);
      this.sql(`INSERT INTO ${table} SELECT seq, seq % 100000, CONCAT('광고 캠페인 ', seq, ' "sale" 😀'), (seq % 100000) / 100, seq / 7,
        seq % 2, ELT(1 + seq % 3, 'draft', 'live', 'ended'), CONCAT('line one\\tcol\\nline two ', REPEAT('x', seq % 50)),
        '2026-01-01 00:00:00' + INTERVAL (seq % 86400) SECOND, '2026-01-01 00:00:00' + INTERVAL (seq % 86400) SECOND
        FROM seq_${start}_to_${end}`);
    }
  }

  /**
   * Waits until neither server is still digesting earlier work (InnoDB purging old row versions, an autovacuum
   * worker), so a short timed run measures itself and not the bulk loads before it. Returns seconds waited.
   */
  settle(timeoutSeconds = 120): number {
    const started = Date.now();
    for (;;) {
      const history = Number(this.sql("SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'").split('\t')[1]);
      const vacuuming = Number(this.psql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"));
      if (history === 0 && vacuuming === 0) return (Date.now() - started) / 1000;
      if (Date.now() - started > timeoutSeconds * 1000)
        throw new Error(`servers still busy after ${timeoutSeconds} s (history ${history}, vacuum workers ${vacuuming})`);
      execFileSync('sleep', ['0.2']);
    }
  }

  /** Runs a command, returning seconds, peak RSS in MB and CPU seconds (user + system) (GNU time). */
  timed(command: string, args: string[]): Timed {
    const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', command, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: TIMED_ENV,
      maxBuffer: 1 << 26,
    });
    const match = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
    if (result.status !== 0 || !match) throw new Error(`${command} failed:\n${result.stderr.slice(-2000)}`);
    return { seconds: Number(match[1]), peakMb: Number(match[2]) / 1024, cpu: Number(match[3]) + Number(match[4]), stdout: result.stdout };
  }

  /**
   * The sync CLI's arguments after Node's own path, as `npm run sync` runs it: tsx's loader in this process, so the
   * process started is the one copying (and the one a kill stops).
   */
  cliArgs(table: string, target: string, mode: string, extra: string[] = []): string[] {
    return [
      '--import',
      'tsx',
      'bin/sync.ts',
      '--source',
      this.servers.mysqlUrl,
      '--source-tls',
      'off',
      '--target',
      this.servers.postgresUrl,
      '--table',
      table,
      '--target-table',
      target,
      '--mode',
      mode,
      ...extra,
    ];
  }

  /** One run of the sync CLI; `run` is the engine's own time from its JSON summary. */
  cli(table: string, target: string, mode: string, extra: string[] = []): Timed & { run: number; rowsWritten: number } {
    const timed = this.timed(process.execPath, this.cliArgs(table, target, mode, extra));
    const summary = JSON.parse(timed.stdout) as { seconds: number; rowsWritten: number };
    return { ...timed, run: summary.seconds, rowsWritten: summary.rowsWritten };
  }

  /** Median seconds of starting the CLI to a usage error: tsx, loading bin/sync.ts and everything it imports. */
  cliStart(): number {
    const starts = Array.from({ length: 7 }, () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['--import', 'tsx', 'bin/sync.ts'], { cwd: root, env: TIMED_ENV });
      return Number(process.hrtime.bigint() - started) / 1e9;
    });
    return medianBy(starts, (s) => s);
  }

  pgloader(table: string) {
    this.psql('DROP SCHEMA IF EXISTS pgloader_ads CASCADE');
    const loadFile = path.join(mkdtempSync(path.join(tmpdir(), 'pgloader-')), 'load.load');
    writeFileSync(
      loadFile,
      `LOAD DATABASE
         FROM mysql://sync:sync-pass@127.0.0.1:${this.mysql.port}/ads
         INTO postgresql://postgres@127.0.0.1:${this.pg.port}/warehouse
       WITH include drop, create tables, create no indexes, prefetch rows = 10000, workers = 4, concurrency = 1
       CAST type tinyint to smallint drop typemod
       INCLUDING ONLY TABLE NAMES MATCHING '${table}'
       ALTER SCHEMA 'ads' RENAME TO 'pgloader_ads';\n`,
    );
    return this.timed('pgloader', ['--quiet', '--root-dir', path.dirname(loadFile), loadFile]);
  }

  rawPipe(table: string) {
    this.psql(
      `DROP TABLE IF EXISTS raw_${table}; CREATE TABLE raw_${table} (id NUMERIC(20,0), user_id INTEGER, title VARCHAR(400), price NUMERIC(12,2), score DOUBLE PRECISION, active SMALLINT, status VARCHAR(20), body VARCHAR(65535), created_at TIMESTAMP, updated_at TIMESTAMP)`,
    );
    const pipe = `mariadb --default-character-set=utf8mb4 --quick -B -N -h127.0.0.1 -P${this.mysql.port} -usync -psync-pass ads -e 'SELECT * FROM ${table}' | psql -h 127.0.0.1 -p ${this.pg.port} -U postgres -d warehouse -c '\\copy raw_${table} FROM STDIN'`;
    return this.timed('bash', ['-c', pipe]);
  }
}

/**
 * The timed commands' environment: this one without NODE_EXTRA_CA_CERTS. Node 20 reads and parses that whole
 * certificate file when it starts, whether or not anything uses TLS (nothing here does: every server is on
 * loopback); on a machine that sets it for its own proxy that is tens of milliseconds on every run, measured and
 * printed by `startupCost`, that have nothing to do with copying rows.
 */
export const TIMED_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** Median start-up of a bare Node process with and without this environment's NODE_EXTRA_CA_CERTS, in ms. */
export function startupCost(): { without: number; with: number } {
  const start = (env: NodeJS.ProcessEnv) =>
    medianBy(
      Array.from({ length: 7 }, () => {
        const started = process.hrtime.bigint();
        execFileSync(process.execPath, ['-e', '0'], { env });
        return Number(process.hrtime.bigint() - started) / 1e6;
      }),
      (ms) => ms,
    );
  return { without: start(TIMED_ENV), with: start(process.env) };
}

/** The middle item by `value` (the upper middle of an even count). */
export function medianBy<T>(items: readonly T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)];
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`;
}

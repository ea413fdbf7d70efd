/** Rules that span fields: unique names, references between sections, mode-specific fields, dependency cycles. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { renderSql } from '../../lambda/athena/core/partition';
import { stripSqlComments, unloadSql } from '../../lambda/athena/core/sql';
import { PROJECT_ROOT } from './paths';
import { findDependencyCycle } from '../../lambda/core/dependencies';
import { BUILT_IN_CALENDARS } from '../../lambda/scheduler/core/holidays';
import { WAREHOUSE_IDENTIFIER } from '../../lambda/core/sql-identifiers';
import type { PlatformConfig } from './schema';

type Path = (string | number)[];

export function crossCheck(config: PlatformConfig, ctx: z.RefinementCtx): void {
  const fail = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  checkUnique(config.firehose.streams, (s) => s.name, ['firehose', 'streams'], 'name', fail);
  checkUnique(config.firehose.streams, (s) => `${s.schema}.${s.table}`, ['firehose', 'streams'], 'table', fail);
  config.firehose.streams.forEach((stream, i) => {
    checkUnique(stream.columns, (c) => c.name, ['firehose', 'streams', i, 'columns'], 'name', fail);
  });

  if (config.firehose.streams.length > 0 && !config.warehouse.host) {
    fail(
      ['warehouse', 'host'],
      'is required when firehose.streams are configured: Firehose connects to the warehouse endpoint (e.g. analytics.abc123.ap-northeast-2.redshift.amazonaws.com)',
    );
  }
  if (config.firehose.streams.length > 0 && config.warehouse.host) checkFirehoseEndpoint(config.warehouse, fail);
  config.firehose.streams.forEach((stream, i) => {
    // The route always delivers gzip files (a fixed intermediate compression), so COPY must be told.
    if (!/(^|\s)GZIP(\s|$)/i.test(stream.copyOptions))
      fail(['firehose', 'streams', i, 'copyOptions'], 'must include GZIP: Firehose stages the records gzip-compressed');
    if (/(^|\s)(FORMAT|JSON|CSV|MANIFEST|IAM_ROLE|CREDENTIALS)(\s|$)/i.test(stream.copyOptions)) {
      fail(
        ['firehose', 'streams', i, 'copyOptions'],
        'must not set FORMAT, JSON, CSV, MANIFEST, IAM_ROLE or CREDENTIALS: the route writes FORMAT AS JSON with the generated JSONPaths, and Firehose adds the rest',
      );
    }
  });

  checkMysql(config, fail);

  checkUnique(config.athena.jobs, (j) => j.name, ['athena', 'jobs'], 'name', fail);
  checkAthena(config, fail);
  checkScheduler(config, fail);

  const warehouseTables = [
    ...config.firehose.streams.map((s, i) => ({ table: `${s.schema}.${s.table}`, path: ['firehose', 'streams', i, 'table'] })),
    ...config.mysql.jobs.map((j, i) => ({ table: `${j.target.schema}.${j.target.table ?? j.table}`, path: ['mysql', 'jobs', i, 'target', 'table'] })),
    ...config.athena.jobs.map((j, i) => ({ table: `${j.target.schema}.${j.target.table}`, path: ['athena', 'jobs', i, 'target', 'table'] })),
  ];
  const firstWriter = new Map<string, Path>();
  for (const { table, path } of warehouseTables) {
    const first = firstWriter.get(table);
    if (first) fail(path, `warehouse table ${table} is already loaded by ${formatPath(first.slice(0, 3))}; each table has one writer`);
    else firstWriter.set(table, path);
  }
}

/**
 * Firehose connects to the warehouse's endpoint from AWS's published Firehose address range for the region, so
 * the endpoint must be the public one (the cluster or workgroup publicly accessible, that range allowed in its
 * security group): https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs-vpc.
 * Synth makes no lookups, so only what the host itself says is checked: not a private address, not a VPC
 * endpoint, and the endpoint of the configured cluster or workgroup.
 */
function checkFirehoseEndpoint(warehouse: PlatformConfig['warehouse'], fail: (path: Path, message: string) => void): void {
  const host = warehouse.host!.toLowerCase();
  const unreachable =
    'Firehose connects from its public address range for the region and cannot reach private addresses; use the public endpoint of a publicly accessible cluster or workgroup whose security group allows that range (see README "Event streams → Redshift")';
  const octets = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host)?.slice(1).map(Number);
  if (
    octets &&
    (octets[0] === 10 ||
      octets[0] === 127 ||
      (octets[0] === 172 && octets[1] >= 16 && octets[1] <= 31) ||
      (octets[0] === 192 && octets[1] === 168) ||
      (octets[0] === 100 && octets[1] >= 64 && octets[1] <= 127))
  ) {
    fail(['warehouse', 'host'], `is a private IPv4 address: ${unreachable}`);
    return;
  }
  if (/^vpce-|\.vpce\.amazonaws\.com$|\.internal$/.test(host)) {
    fail(['warehouse', 'host'], `is a VPC or private endpoint: ${unreachable}`);
    return;
  }
  // <cluster>.<id>.<region>.redshift.amazonaws.com, <workgroup>.<account>.<region>.redshift-serverless.amazonaws.com
  const endpoint = /^([a-z0-9-]+)\.[a-z0-9]+\.[a-z0-9-]+\.(redshift|redshift-serverless)\.amazonaws\.com(\.cn)?$/.exec(host);
  if (endpoint?.[2] === 'redshift' && warehouse.type === 'provisioned' && endpoint[1] !== warehouse.clusterIdentifier) {
    fail(['warehouse', 'host'], `is the endpoint of cluster ${endpoint[1]}, but warehouse.clusterIdentifier is ${warehouse.clusterIdentifier}`);
  }
  if (endpoint?.[2] === 'redshift-serverless' && warehouse.type === 'serverless' && endpoint[1] !== warehouse.workgroupName) {
    fail(['warehouse', 'host'], `is the endpoint of workgroup ${endpoint[1]}, but warehouse.workgroupName is ${warehouse.workgroupName}`);
  }
}

function checkMysql(config: PlatformConfig, fail: (path: Path, message: string) => void): void {
  const { sources, jobs } = config.mysql;
  checkUnique(sources, (s) => s.name, ['mysql', 'sources'], 'name', fail);
  checkUnique(jobs, (j) => j.name, ['mysql', 'jobs'], 'name', fail);
  if (sources.length > 0 && !config.network) {
    fail(['network'], "is required when mysql.sources is not empty: the sync Lambdas run in the sources' VPC");
  }
  if (jobs.length > 0 && !config.warehouse.copyRoleArn) {
    fail(['warehouse', 'copyRoleArn'], 'is required when mysql.jobs is not empty: COPY reads the staged files with this role');
  }
  const sourceNames = sources.map((s) => s.name);
  jobs.forEach((job, i) => {
    const at = (...rest: Path): Path => ['mysql', 'jobs', i, ...rest];
    if (!sourceNames.includes(job.source)) {
      fail(at('source'), `names no source; expected one of mysql.sources[].name: ${sourceNames.join(', ') || '(none defined)'}`);
    }
    if (job.mode !== 'FULL_COPY' && !job.primaryKey) fail(at('primaryKey'), `is required for mode ${job.mode}`);
    if (job.mode === 'UPDATE_LATEST_COPY' && !job.updatedAtColumn) {
      fail(at('updatedAtColumn'), 'is required for mode UPDATE_LATEST_COPY');
    }
    if (job.mode !== 'UPDATE_LATEST_COPY' && job.updatedAtColumn) {
      fail(at('updatedAtColumn'), `is only used by mode UPDATE_LATEST_COPY, not ${job.mode}; remove it or change the mode`);
    }
    if (job.mode === 'UPDATE_LATEST_COPY' && job.workers > 1) {
      fail(
        at('workers'),
        'must be 1 for mode UPDATE_LATEST_COPY (it reads in update-time order); workers split an integer key in FULL_COPY and INCREMENTAL_COPY',
      );
    }
    job.excludeColumns.forEach((column, c) => {
      if (column === job.primaryKey || column === job.updatedAtColumn) {
        fail(
          at('excludeColumns', c),
          `is the job's ${column === job.primaryKey ? 'primaryKey' : 'updatedAtColumn'}, which the sync needs; remove it from excludeColumns`,
        );
      } else if (job.excludeColumns.indexOf(column) < c) {
        fail(at('excludeColumns', c), `repeats excludeColumns[${job.excludeColumns.indexOf(column)}]; name each column once`);
      }
    });
    if (!job.target.table && !WAREHOUSE_IDENTIFIER.test(job.table)) {
      fail(at('target', 'table'), `is required because the MySQL table name ${JSON.stringify(job.table)} is not a valid warehouse identifier (lower case)`);
    }
  });
}

function checkAthena(config: PlatformConfig, fail: (path: Path, message: string) => void): void {
  if (config.athena.jobs.length > 0 && !config.warehouse.copyRoleArn) {
    fail(['warehouse', 'copyRoleArn'], 'is required when athena.jobs are configured: COPY reads the Parquet the queries unload with this role');
  }
  config.athena.jobs.forEach((job, i) => {
    const at = (...rest: (string | number)[]) => ['athena', 'jobs', i, ...rest];
    const columns = job.target.columns.map((c) => c.name);
    checkUnique(job.target.columns, (c) => c.name, at('target', 'columns'), 'name', fail);
    if (!columns.includes(job.target.dayColumn))
      fail(at('target', 'dayColumn'), `must be one of the target columns (${columns.join(', ')}): reruns delete the partition by it`);
    if (job.partition === 'hourly' && !job.target.hourColumn) fail(at('target', 'hourColumn'), 'is required for an hourly job: reruns delete the hour by it');
    if (job.target.hourColumn && !columns.includes(job.target.hourColumn))
      fail(at('target', 'hourColumn'), `must be one of the target columns (${columns.join(', ')})`);
    const sql = readProjectFile(job.sqlFile);
    if (sql === undefined) fail(at('sqlFile'), `no such file in the repository (${path.join(PROJECT_ROOT, job.sqlFile)})`);
    else {
      try {
        const sample = job.partition === 'hourly' ? { ds: '2026-01-01', hour: '00' } : { ds: '2026-01-01' };
        unloadSql(renderSql(sql, job.partition, sample), 's3://bucket/check/');
      } catch (error) {
        fail(at('sqlFile'), (error as Error).message);
      }
    }
    if (job.source.ddlFile) {
      const ddl = readProjectFile(job.source.ddlFile);
      if (ddl === undefined) fail(at('source', 'ddlFile'), `no such file in the repository (${path.join(PROJECT_ROOT, job.source.ddlFile)})`);
      else if (!/^CREATE\s+EXTERNAL\s+TABLE\s+IF\s+NOT\s+EXISTS\s/i.test(stripSqlComments(ddl)) || stripSqlComments(ddl).replace(/;\s*$/, '').includes(';')) {
        fail(at('source', 'ddlFile'), 'must hold one CREATE EXTERNAL TABLE IF NOT EXISTS statement (it runs before every query, so it must be idempotent)');
      }
    }
  });
}

function readProjectFile(relative: string): string | undefined {
  const file = path.join(PROJECT_ROOT, relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function checkScheduler(config: PlatformConfig, fail: (path: Path, message: string) => void): void {
  const { schedules, groups, companyHolidays } = config.scheduler;
  checkUnique(schedules, (s) => s.name, ['scheduler', 'schedules'], 'name', fail);
  checkUnique(schedules, (s) => s.tagValue ?? s.name, ['scheduler', 'schedules'], 'tagValue', fail);
  checkUnique(groups, (g) => g.name, ['scheduler', 'groups'], 'name', fail);
  checkUnique(companyHolidays, (h) => `${h.calendar} ${h.date}`, ['scheduler', 'companyHolidays'], 'calendar and date', fail);

  config.scheduler.kmsKeyArns.forEach((arn, i) => {
    // A volume is encrypted with a key of its own region (the key's account may be another).
    const region = arn.split(':')[3];
    if (region !== config.region) fail(['scheduler', 'kmsKeyArns', i], `is a key in ${region}; the scheduled instances' volumes use keys in ${config.region}`);
  });

  const calendars = [...new Set([...BUILT_IN_CALENDARS, ...companyHolidays.map((h) => h.calendar)])];
  schedules.forEach((schedule, i) => {
    for (const calendar of schedule.skipHolidays?.split(',') ?? []) {
      if (!calendars.includes(calendar)) {
        fail(
          ['scheduler', 'schedules', i, 'skipHolidays'],
          `names calendar ${calendar}, which is neither built in nor in companyHolidays; expected one of ${calendars.join(', ')}`,
        );
      }
    }
    if (schedule.forceStart && schedule.forceStop) {
      fail(['scheduler', 'schedules', i, 'forceStop'], 'cannot be true together with forceStart; choose one');
    }
    if (schedule.startTime === schedule.stopTime) {
      fail(['scheduler', 'schedules', i, 'stopTime'], 'must differ from startTime');
    }
  });

  const scheduleNames = schedules.map((s) => s.name);
  const groupsByName = new Map(groups.map((g) => [g.name, g]));
  groups.forEach((group, i) => {
    const at = (...rest: Path): Path => ['scheduler', 'groups', i, ...rest];
    if (!scheduleNames.includes(group.schedule)) {
      fail(at('schedule'), `names no schedule; expected one of ${scheduleNames.join(', ') || '(none defined)'}`);
    }
    group.dependsOn.forEach((dependency, j) => {
      const target = groupsByName.get(dependency);
      if (!target) {
        fail(at('dependsOn', j), `names no server group; expected one of ${[...groupsByName.keys()].join(', ')}`);
      } else if (target.schedule !== group.schedule && scheduleNames.includes(group.schedule) && scheduleNames.includes(target.schedule)) {
        fail(at('dependsOn', j), `is in schedule ${target.schedule}, not ${group.schedule}; dependencies stay within a schedule`);
      }
    });
  });
  const cycle = findDependencyCycle(groups);
  if (cycle) {
    const index = groups.findIndex((g) => g.name === cycle[0]);
    fail(['scheduler', 'groups', index, 'dependsOn'], `forms a dependency cycle: ${cycle.join(' -> ')}`);
  }
}

function checkUnique<T>(items: readonly T[], key: (item: T) => string, path: Path, field: string, fail: (path: Path, message: string) => void): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const value = key(item);
    const first = seen.get(value);
    if (first === undefined) seen.set(value, i);
    else fail([...path, i, field], `duplicates ${formatPath([...path, first])}; must be unique`);
  });
}

/** `mysql.jobs[2].mode` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

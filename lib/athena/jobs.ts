/** How a configured Athena job becomes the spec its runs carry, and the names the route's resources take. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { stripSqlComments } from '../../lambda/athena/core/sql';
import type { JobSpec } from '../../lambda/athena/step';
import type { PlatformConfig } from '../config/schema';
import { PROJECT_ROOT } from '../config/paths';

export type AthenaJobConfig = PlatformConfig['athena']['jobs'][number];

export const stateMachineName = (envName: string) => `${envName}-athena-jobs`;
export const workgroupName = (envName: string) => `${envName}-athena-jobs`;

/**
 * The job as deployed with the step function (a layer file, see athena-jobs.ts): the SQL files' text (read here, at
 * synth or by the CLI's render), target and limits. Runs carry only the job's name.
 */
export function athenaJobSpec(job: AthenaJobConfig, root = PROJECT_ROOT): JobSpec {
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  return {
    name: job.name,
    granularity: job.partition,
    database: job.source.database,
    sql: read(job.sqlFile),
    ...(job.source.ddlFile ? { sourceDdl: stripSqlComments(read(job.source.ddlFile)).replace(/;\s*$/, '') } : {}),
    target: {
      schema: job.target.schema,
      table: job.target.table,
      columns: job.target.columns.map((c) => ({ name: c.name, type: c.type })),
      dayColumn: job.target.dayColumn,
      ...(job.target.hourColumn ? { hourColumn: job.target.hourColumn } : {}),
    },
    deadlineMinutes: job.deadlineMinutes,
    maxAttempts: job.maxAttempts,
    catchUpPartitions: job.catchUpPartitions,
  };
}

export function findAthenaJob(config: PlatformConfig, name: string): AthenaJobConfig {
  const job = config.athena.jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no Athena job ${JSON.stringify(name)}; jobs: ${config.athena.jobs.map((j) => j.name).join(', ') || 'none'}`);
  return job;
}

/**
 * The Athena jobs as deployed: the synth writes the specs into the step function's layer, and the step reads them
 * there (never SQL or a target from an execution's input).
 */
import * as path from 'node:path';
import { settingsFromEnvironment, readDeployedJobs } from '../../lambda/athena/handler';
import { DEPLOYED_JOBS_FILE, jobSpecsDirectory } from '../../lib/athena/athena-jobs';
import { athenaJobSpec } from '../../lib/athena/jobs';
import { exampleConfig } from '../helpers/platform';

const config = exampleConfig();
const specs = config.athena.jobs.map((job) => athenaJobSpec(job));

test('the layer file holds every configured job with its SQL, and the step function reads exactly those', () => {
  const file = path.join(jobSpecsDirectory(specs), path.basename(DEPLOYED_JOBS_FILE));
  const deployed = readDeployedJobs(file);
  expect(deployed).toEqual(specs);
  expect(deployed.map((j) => j.name)).toEqual(['lockscreen-daily', 'ad-allocation-hourly']);
  expect(deployed[0].sql).toContain('{{ds}}');
  const env = {
    ATHENA_JOBS_FILE: file,
    ATHENA_WORKGROUP: 'w',
    OUTPUT_BUCKET: 'b',
    COPY_ROLE_ARN: 'arn:aws:iam::123456789012:role/copy',
    META_SCHEMA: 'athena_meta',
    APP_TIMEZONE: 'Asia/Seoul',
    WAREHOUSE: JSON.stringify({ database: 'd', secretArn: 's', clusterIdentifier: 'c' }),
    NOTIFICATIONS_TOPIC_ARN: 't',
    STATE_MACHINE_ARN: 'm',
  };
  const settings = settingsFromEnvironment(env);
  expect(settings.jobs).toEqual(specs);
  // The step's JANDI messages speak JANDI_LANGUAGE; English when it is unset.
  expect(settings.language).toBe('en');
  expect(settingsFromEnvironment({ ...env, JANDI_LANGUAGE: 'ko' }).language).toBe('ko');
});

test('a deployed file that is not a list of valid jobs is refused when the function starts, with the field named', () => {
  const bad = jobSpecsDirectory([{ ...specs[0], target: { ...specs[0].target, table: 'Robert"); DROP' } }]);
  expect(() => readDeployedJobs(path.join(bad, path.basename(DEPLOYED_JOBS_FILE)))).toThrow(/deployed job specs in .* are invalid: 0\.target\.table/);
});

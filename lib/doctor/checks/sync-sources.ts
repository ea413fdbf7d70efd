/**
 * Check 6: each MySQL source is reachable from its sync function. Each job's function is invoked with
 * `{ action: 'check', job }` (lambda/sync/handler.ts): it connects from its VPC with the source's secret, reads the job's
 * table definition as a run would, and writes nothing. Its answer names the columns found, or the error.
 */
import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { SyncCheck } from '../../../lambda/sync/handler';
import type { PlatformConfig, SyncJobConfig } from '../../config/schema';
import { syncFunctionName } from '../../sync/names';
import type { DoctorContext } from '../context';
import { attempt, describeError, fail, isAccessDenied, pass, type CheckResult, type Probe } from '../result';

/** The event that asks a sync function to check one job. */
export const checkEvent = (job: SyncJobConfig) => ({ action: 'check', job: job.name });

/** What to do about a check's error, by what it says. */
function fixFor(config: PlatformConfig, job: SyncJobConfig, error: string): string {
  const source = config.mysql.sources.find((s) => s.name === job.source);
  if (/cannot connect to MySQL/.test(error) && /Access denied|authentication/i.test(error))
    return `the user in the secret of source ${job.source} may not log in from the function's subnets: grant it (and SELECT on ${job.table})`;
  if (/cannot connect to MySQL/.test(error))
    return `the function's security groups (${source?.securityGroupIds.join(', ')}) must reach ${source?.host}:${source?.port}, and the source's security group must let them in`;
  if (/does not exist/.test(error)) return `check mysql.jobs (${job.name}).table and the source's database in config/${config.name}.yaml`;
  if (/secret/.test(error)) return `store {"username": "...", "password": "..."} in the secret of source ${job.source}`;
  return `correct the job ${job.name} in config/${config.name}.yaml, then deploy the sync stack`;
}

export function decideSyncCheck(
  config: PlatformConfig,
  job: SyncJobConfig,
  outcome: { readonly value: InvokeCommandOutput } | { readonly error: unknown },
): CheckResult {
  const check = `mysql ${job.source}/${job.name}`;
  const fn = syncFunctionName(config.name, job.source);
  const deploy = `npx cdk deploy -c env=${config.name} ${config.name}-sync`;
  if ('error' in outcome) {
    const name = String((outcome.error as { name?: unknown })?.name);
    if (name === 'ResourceNotFoundException') return fail(check, `no function ${fn}`, deploy);
    return fail(
      check,
      `cannot invoke ${fn}: ${describeError(outcome.error)}`,
      isAccessDenied(outcome.error) ? `your credentials need lambda:InvokeFunction on ${fn}` : 'see the error',
    );
  }
  const text = outcome.value.Payload ? Buffer.from(outcome.value.Payload).toString('utf8') : '';
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (outcome.value.FunctionError) {
    const error = answer as { errorType?: string; errorMessage?: string } | undefined;
    const message = `${error?.errorType ?? outcome.value.FunctionError}: ${error?.errorMessage ?? text.slice(0, 300)}`;
    // A function deployed before the check action existed refuses it by name.
    const actions = /action must be one of ([a-z, ]+);/.exec(message)?.[1].split(', ');
    const old = actions !== undefined && !actions.includes('check');
    return fail(check, `${fn} failed: ${message}`, old ? `deploy the current code, which has the check action: ${deploy}` : `see the log group of ${fn}`);
  }
  const result = answer as SyncCheck | undefined;
  if (result?.status === 'ok') {
    const shown = result.columns
      .slice(0, 6)
      .map((c) => `${c.name} ${c.type} -> ${c.target}`)
      .join(', ');
    return pass(check, `reads ${result.table}: ${result.columns.length} columns (${shown}${result.columns.length > 6 ? ', ...' : ''})`);
  }
  if (result?.status === 'failed') return fail(check, result.error, fixFor(config, job, result.error));
  return fail(check, `${fn} answered ${text.slice(0, 200) || 'nothing'}`, `deploy the current code: ${deploy}`);
}

export function syncProbes(context: DoctorContext): Probe[] {
  const { config } = context;
  return config.mysql.jobs.map((job) => ({
    name: `mysql ${job.source}/${job.name}`,
    // A cold start in the VPC, and MySQL's connect timeout.
    timeoutMs: 120_000,
    run: async () => {
      const invoked = await attempt(
        context.clients.lambda.send(
          new InvokeCommand({ FunctionName: syncFunctionName(config.name, job.source), Payload: Buffer.from(JSON.stringify(checkEvent(job))) }),
        ),
      );
      return [decideSyncCheck(config, job, invoked)];
    },
  }));
}

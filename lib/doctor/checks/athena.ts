/**
 * Check 7: the Athena workgroup is configured as the configuration says (enabled, its per-query scan cap
 * athena.bytesScannedCutoffPerQueryGB enforced) and runs a trivial query (SELECT 1, which scans nothing).
 */
import {
  GetQueryExecutionCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution,
  type WorkGroup,
} from '@aws-sdk/client-athena';
import { workgroupName } from '../../athena/jobs';
import type { PlatformConfig } from '../../config/schema';
import type { DoctorContext } from '../context';
import { attempt, describeError, fail, isAccessDenied, pass, skip, type CheckResult, type Probe } from '../result';

/** Longest wait for SELECT 1; past it the query is stopped. */
export const ATHENA_QUERY_WAIT_MS = 60_000;

export function decideWorkgroup(config: PlatformConfig, outcome: { readonly value: WorkGroup | undefined } | { readonly error: unknown }): CheckResult {
  const name = workgroupName(config.name);
  const check = `athena workgroup ${name}`;
  const deploy = `npx cdk deploy -c env=${config.name} ${config.name}-athena`;
  if ('error' in outcome) {
    if (/not found|does not exist/i.test(describeError(outcome.error))) return fail(check, 'not found', deploy);
    return fail(check, describeError(outcome.error), isAccessDenied(outcome.error) ? 'your credentials need athena:GetWorkGroup' : 'see the error');
  }
  const workgroup = outcome.value;
  if (!workgroup) return fail(check, 'not found', deploy);
  const cap = config.athena.bytesScannedCutoffPerQueryGB * 1024 ** 3;
  const configured = workgroup.Configuration?.BytesScannedCutoffPerQuery;
  const problems = [
    ...(workgroup.State === 'ENABLED' ? [] : [`state ${workgroup.State}`]),
    ...(configured === cap
      ? []
      : [
          `scan cap ${configured === undefined ? 'not set' : `${configured} bytes`}, configured ${cap} bytes (${config.athena.bytesScannedCutoffPerQueryGB} GB)`,
        ]),
    ...(workgroup.Configuration?.EnforceWorkGroupConfiguration ? [] : ['the workgroup settings are not enforced (a query could lift the cap)']),
  ];
  if (problems.length > 0) return fail(check, problems.join('; '), `someone changed it outside CloudFormation: ${deploy} puts it back`);
  return pass(check, `enabled, scan cap ${config.athena.bytesScannedCutoffPerQueryGB} GB per query, enforced`);
}

export function decideAthenaQuery(config: PlatformConfig, outcome: { readonly value: QueryExecution } | { readonly error: unknown }): CheckResult {
  const check = 'athena query';
  if ('error' in outcome) {
    return fail(
      check,
      `SELECT 1 could not start: ${describeError(outcome.error)}`,
      isAccessDenied(outcome.error)
        ? 'your credentials need athena:StartQueryExecution and GetQueryExecution on the workgroup, and write access to its results bucket'
        : 'see the error',
    );
  }
  const status = outcome.value.Status;
  const state = status?.State ?? 'UNKNOWN';
  const scanned = outcome.value.Statistics?.DataScannedInBytes ?? 0;
  if (state === 'SUCCEEDED') {
    const ms = outcome.value.Statistics?.TotalExecutionTimeInMillis;
    return pass(
      check,
      `SELECT 1 succeeded in ${workgroupName(config.name)}${ms !== undefined ? ` in ${(ms / 1000).toFixed(1)} s` : ''}, ${scanned} bytes scanned`,
    );
  }
  const reason = status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage;
  return fail(
    check,
    `SELECT 1 ${state === 'QUEUED' || state === 'RUNNING' ? `still ${state} after ${ATHENA_QUERY_WAIT_MS / 1000} s; stopped` : state}${reason ? `: ${reason}` : ''}`,
    "the workgroup's results location must be writable (its bucket is in the athena stack); see the query in the Athena console's history",
  );
}

export function athenaProbes(context: DoctorContext): Probe[] {
  const { config } = context;
  if (config.athena.jobs.length === 0) return [{ name: 'athena', timeoutMs: 1000, run: async () => [skip('athena', 'the configuration has no Athena jobs')] }];
  const name = workgroupName(config.name);
  const athena = context.clients.athena;
  return [
    {
      name: `athena workgroup ${name}`,
      timeoutMs: ATHENA_QUERY_WAIT_MS + 30_000,
      run: async () => {
        const got = await attempt(athena.send(new GetWorkGroupCommand({ WorkGroup: name })));
        const workgroup = decideWorkgroup(config, 'error' in got ? got : { value: got.value.WorkGroup });
        if (workgroup.status !== 'PASS' && workgroup.detail === 'not found') return [workgroup, skip('athena query', 'no workgroup to run it in')];
        const started = await attempt(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: name })));
        if ('error' in started) return [workgroup, decideAthenaQuery(config, started)];
        const id = started.value.QueryExecutionId!;
        const deadline = context.now().getTime() + ATHENA_QUERY_WAIT_MS;
        for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
          const execution = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution ?? {};
          const state = execution.Status?.State;
          const running = state === 'QUEUED' || state === 'RUNNING';
          if (!running || context.now().getTime() > deadline) {
            if (running) await attempt(athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })));
            return [workgroup, decideAthenaQuery(config, { value: execution })];
          }
          await context.sleep(delay);
        }
      },
    },
  ];
}

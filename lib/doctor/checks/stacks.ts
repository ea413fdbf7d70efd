/**
 * Check 1: the stacks are deployed and match the configuration. "Match" covers: every stack the configuration implies
 * (lib/platform.ts: notifications, scheduler, observability, and sync, event-streams, athena when it has that route)
 * exists in the configured account, is in a *_COMPLETE state that is not a rollback, and carries the Environment
 * tag of this configuration; a route's stack the configuration no longer implies is reported. Templates are not
 * compared: `npx cdk diff -c env=NAME` does that.
 */
import { DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import type { PlatformConfig } from '../../config/schema';
import type { DoctorContext } from '../context';
import { attempt, fail, pass, type CheckResult, type Probe } from '../result';

/** The stacks a configuration implies, and the route stacks it could have but does not (lib/platform.ts). */
export function platformStacks(config: PlatformConfig): { readonly implied: string[]; readonly notImplied: string[] } {
  const routes: [string, boolean][] = [
    ['sync', config.mysql.jobs.length > 0],
    ['event-streams', config.firehose.streams.length > 0],
    ['athena', config.athena.jobs.length > 0],
  ];
  const name = (suffix: string) => `${config.name}-${suffix}`;
  return {
    implied: [name('notifications'), name('scheduler'), ...routes.filter(([, on]) => on).map(([s]) => name(s)), name('observability')],
    notImplied: routes.filter(([, on]) => !on).map(([s]) => name(s)),
  };
}

/** What the configuration lacks when a route's stack is not implied. */
const ROUTE_SECTION: Record<string, string> = { sync: 'mysql.jobs', 'event-streams': 'firehose.streams', athena: 'athena.jobs' };

/** The verdict on one stack; `stack` is undefined when DescribeStacks says it does not exist. */
export function decideStack(config: PlatformConfig, name: string, implied: boolean, stack: Stack | undefined): CheckResult | undefined {
  const check = `stack ${name}`;
  const deploy = `npx cdk deploy -c env=${config.name} ${name}`;
  if (!implied) {
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
    const section = ROUTE_SECTION[name.slice(config.name.length + 1)];
    return fail(
      check,
      `deployed (${stack.StackStatus}), but the configuration has no ${section}, so it no longer implies this stack; its schedules and functions still run`,
      `delete it if the route is gone (aws cloudformation delete-stack --stack-name ${name}; retained buckets and tables stay), or restore ${section} in config/${config.name}.yaml`,
    );
  }
  if (!stack) {
    return fail(check, `not deployed in account ${config.account}, region ${config.region}`, `${deploy} (are your credentials for account ${config.account}?)`);
  }
  const status = stack.StackStatus ?? 'UNKNOWN';
  const account = /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:(\d{12}):/.exec(stack.StackId ?? '')?.[1];
  if (account && account !== config.account) {
    return fail(check, `found in account ${account}, not the configured ${config.account}`, `use credentials for account ${config.account}`);
  }
  if (status.endsWith('_IN_PROGRESS')) {
    return fail(check, `${status}: a deployment or rollback is under way`, 'wait until it ends, then run the doctor again');
  }
  if (!status.endsWith('_COMPLETE') || status.includes('ROLLBACK')) {
    return fail(
      check,
      `${status}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`,
      `see why: aws cloudformation describe-stack-events --stack-name ${name}; fix the cause, then ${deploy}`,
    );
  }
  const tag = stack.Tags?.find((t) => t.Key === 'Environment')?.Value;
  if (tag !== config.name) {
    return fail(
      check,
      `${status}, but tagged Environment=${tag ?? '(none)'}, not ${config.name}: deployed from another configuration`,
      `${deploy} from config/${config.name}.yaml`,
    );
  }
  const when = stack.LastUpdatedTime ?? stack.CreationTime;
  return pass(check, `${status}${when ? `, last deployed ${when.toISOString()}` : ''}`);
}

/** DescribeStacks answers a missing stack with a ValidationError. */
function isMissingStack(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'ValidationError' && /does not exist/.test(String((error as Error).message));
}

export async function describeStack(context: DoctorContext, name: string): Promise<Stack | undefined> {
  const outcome = await attempt(context.clients.cloudformation.send(new DescribeStacksCommand({ StackName: name })));
  if ('error' in outcome) {
    if (isMissingStack(outcome.error)) return undefined;
    throw outcome.error;
  }
  return outcome.value.Stacks?.[0];
}

export function stackProbes(context: DoctorContext): Probe[] {
  const { implied, notImplied } = platformStacks(context.config);
  return [...implied.map((name) => [name, true] as const), ...notImplied.map((name) => [name, false] as const)].map(([name, isImplied]) => ({
    name: `stack ${name}`,
    timeoutMs: 30_000,
    run: async () => {
      const result = decideStack(context.config, name, isImplied, await describeStack(context, name));
      return result ? [result] : [];
    },
  }));
}

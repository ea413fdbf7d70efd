/**
 * Check 8: the scheduler's tables are seeded (a Scan of one item of schedules and of groups; the holidays table
 * exists) and it ticks: the TickDuration metric the scheduler function publishes after every tick
 * (lambda/scheduler/handler.ts: namespace AdPlatform, dimension service = instance-scheduler, the serviceName its
 * construct gives it) has data points within the last three intervals.
 */
import { GetMetricStatisticsCommand, type Datapoint } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { PlatformConfig } from '../../config/schema';
import { schedulerTableNames } from '../../scheduler/tables';
import type { DoctorContext } from '../context';
import { attempt, describeError, fail, pass, type CheckResult, type Probe } from '../result';

/** Where the scheduler's tick metric is (lib/scheduler/instance-scheduler.ts, lib/observability/platform-dashboard.ts). */
export const TICK_METRIC = { namespace: 'AdPlatform', name: 'TickDuration', dimensions: [{ Name: 'service', Value: 'instance-scheduler' }] } as const;
/** Intervals looked back for a tick. */
export const TICK_INTERVALS = 3;

type Read = { readonly count: number } | { readonly error: unknown };

export function decideTables(
  config: PlatformConfig,
  reads: { readonly schedules: Read; readonly groups: Read; readonly holidays: { readonly exists: true } | { readonly error: unknown } },
): CheckResult {
  const check = 'scheduler tables';
  const names = schedulerTableNames(config.name);
  const problems: string[] = [];
  const missingTables: string[] = [];
  const look = (table: string, read: Read, configured: number) => {
    if ('error' in read) {
      if (String((read.error as { name?: unknown })?.name) === 'ResourceNotFoundException') missingTables.push(table);
      else problems.push(`${table}: ${describeError(read.error)}`);
    } else if (read.count === 0 && configured > 0) problems.push(`${table} is empty, the configuration has ${configured}`);
  };
  look(names.schedules, reads.schedules, config.scheduler.schedules.length);
  look(names.groups, reads.groups, config.scheduler.groups.length);
  if ('error' in reads.holidays) {
    if (String((reads.holidays.error as { name?: unknown })?.name) === 'ResourceNotFoundException') missingTables.push(names.holidays);
    else problems.push(`${names.holidays}: ${describeError(reads.holidays.error)}`);
  }
  if (missingTables.length > 0) return fail(check, `missing: ${missingTables.join(', ')}`, `npx cdk deploy -c env=${config.name} ${config.name}-scheduler`);
  if (problems.length > 0) return fail(check, problems.join('; '), `seed them from the configuration: npm run --silent scheduler -- seed --env ${config.name}`);
  return pass(check, `${names.schedules} and ${names.groups} have items, ${names.holidays} exists`);
}

export function decideTick(config: PlatformConfig, now: Date, outcome: { readonly value: readonly Datapoint[] } | { readonly error: unknown }): CheckResult {
  const check = 'scheduler tick';
  const interval = config.scheduler.intervalMinutes;
  if ('error' in outcome)
    return fail(check, `cannot read the tick metric: ${describeError(outcome.error)}`, 'your credentials need cloudwatch:GetMetricStatistics');
  const ticks = outcome.value.filter((d) => (d.SampleCount ?? 0) > 0 && d.Timestamp);
  if (ticks.length === 0) {
    return fail(
      check,
      `no tick in the last ${TICK_INTERVALS * interval} minutes (it runs every ${interval})`,
      "a deployment younger than one interval has not ticked yet; otherwise see the instance-scheduler function's errors and log group, and that its EventBridge tick rule is enabled",
    );
  }
  const last = Math.max(...ticks.map((d) => d.Timestamp!.getTime()));
  const ago = Math.max(0, Math.round((now.getTime() - last) / 60_000));
  return pass(
    check,
    `ticked ${ticks.reduce((n, d) => n + (d.SampleCount ?? 0), 0)} times in the last ${TICK_INTERVALS * interval} minutes (latest data point ${ago} min ago)`,
  );
}

export function schedulerProbes(context: DoctorContext): Probe[] {
  const { config, clients } = context;
  const names = schedulerTableNames(config.name);
  const scan = async (table: string): Promise<Read> => {
    const outcome = await attempt(clients.dynamodb.send(new ScanCommand({ TableName: table, Limit: 1 })));
    return 'error' in outcome ? outcome : { count: outcome.value.Count ?? outcome.value.Items?.length ?? 0 };
  };
  return [
    {
      name: 'scheduler tables',
      timeoutMs: 30_000,
      run: async () => {
        const [schedules, groups, described] = await Promise.all([
          scan(names.schedules),
          scan(names.groups),
          attempt(clients.dynamodb.send(new DescribeTableCommand({ TableName: names.holidays }))),
        ]);
        return [decideTables(config, { schedules, groups, holidays: 'error' in described ? described : { exists: true } })];
      },
    },
    {
      name: 'scheduler tick',
      timeoutMs: 30_000,
      run: async () => {
        const now = context.now();
        const period = config.scheduler.intervalMinutes * 60;
        const outcome = await attempt(
          clients.cloudwatch.send(
            new GetMetricStatisticsCommand({
              Namespace: TICK_METRIC.namespace,
              MetricName: TICK_METRIC.name,
              Dimensions: [...TICK_METRIC.dimensions],
              StartTime: new Date(now.getTime() - TICK_INTERVALS * period * 1000),
              EndTime: now,
              Period: period,
              Statistics: ['SampleCount'],
            }),
          ),
        );
        return [decideTick(config, now, 'error' in outcome ? outcome : { value: outcome.value.Datapoints ?? [] })];
      },
    },
  ];
}

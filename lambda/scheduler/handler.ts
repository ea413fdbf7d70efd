/** Lambda entry point of the instance scheduler, run by EventBridge every few minutes. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { languageFromEnv, messagesFor } from '../core/messages/catalogue';
import { positiveIntegerEnv, requiredEnv } from '../shared/env';
import { publishNotification } from '../shared/notify';
import { logger, metrics } from '../shared/powertools';
import { AwsFleet, schedulerClients } from './adapters/fleet';
import { SchedulerStore } from './adapters/store';
import { createHolidayCalendar } from './core/holidays';
import { CAPACITY_ALERT_AFTER, DEFAULT_TICK_MINUTES } from './core/retries';
import { runTick, type TickDependencies, type TickSummary } from './tick';

/** What invokes the scheduler: an EventBridge scheduled event, or an empty event from a person testing it. */
export function validateSchedulerEvent(event: unknown): void {
  if (event === null || typeof event !== 'object') throw new Error('the scheduler expects an EventBridge Scheduled Event or {}');
  const detailType = (event as { 'detail-type'?: unknown })['detail-type'];
  if (Object.keys(event).length > 0 && detailType !== 'Scheduled Event') {
    throw new Error(`the scheduler expects an EventBridge Scheduled Event or {}, not ${JSON.stringify(detailType ?? Object.keys(event))}`);
  }
}

/** Everything a tick needs but its owner (the invocation's id), from the function's environment. */
export function dependenciesFromEnvironment(env: NodeJS.ProcessEnv = process.env): Omit<TickDependencies, 'owner'> {
  const { ec2, rds, autoScaling } = schedulerClients();
  const sns = new SNSClient({});
  const topicArn = requiredEnv('NOTIFICATIONS_TOPIC_ARN', env);
  const store = new SchedulerStore(new DynamoDBClient({}), {
    schedules: requiredEnv('SCHEDULES_TABLE', env),
    groups: requiredEnv('GROUPS_TABLE', env),
    exceptions: requiredEnv('EXCEPTIONS_TABLE', env),
    state: requiredEnv('STATE_TABLE', env),
    holidays: requiredEnv('HOLIDAYS_TABLE', env),
  });
  return {
    store,
    fleet: new AwsFleet(ec2, rds, { schedule: requiredEnv('SCHEDULE_TAG_KEY', env), group: requiredEnv('GROUP_TAG_KEY', env) }, { client: autoScaling, store }),
    publish: (notification) => publishNotification(sns, topicArn, notification),
    holidays: createHolidayCalendar(),
    defaultTimezone: requiredEnv('DEFAULT_TIMEZONE', env),
    settleMinutes: positiveIntegerEnv('SETTLE_MINUTES', 20, env),
    retry: {
      tickMinutes: positiveIntegerEnv('TICK_MINUTES', DEFAULT_TICK_MINUTES, env),
      alertAfter: positiveIntegerEnv('CAPACITY_ALERT_AFTER', CAPACITY_ALERT_AFTER, env),
    },
    messages: { chatCommand: env.CHAT_COMMAND || '/scheduler', say: messagesFor(languageFromEnv(env)).scheduler },
    logger,
    leaseMs: positiveIntegerEnv('LEASE_SECONDS', 300, env) * 1000,
  };
}

let dependencies: Omit<TickDependencies, 'owner'> | undefined;

async function tick(event: unknown, context: Context): Promise<TickSummary> {
  validateSchedulerEvent(event);
  dependencies ??= dependenciesFromEnvironment();
  const started = Date.now();
  const summary = await runTick({ ...dependencies, owner: context.awsRequestId }, new Date());
  metrics.addMetric('InstancesStarted', MetricUnit.Count, summary.started);
  metrics.addMetric('InstancesStopped', MetricUnit.Count, summary.stopped);
  metrics.addMetric('ActionFailures', MetricUnit.Count, summary.failures);
  metrics.addMetric('TickDuration', MetricUnit.Milliseconds, Date.now() - started);
  metrics.addMetric(
    'StoppedInstances',
    MetricUnit.Count,
    Object.values(summary.stoppedBySize).reduce((a, b) => a + b, 0),
  );
  // One gauge per instance size: the daily digest sums them into instance-hours saved.
  for (const [size, count] of Object.entries(summary.stoppedBySize)) {
    const gauge = metrics.singleMetric();
    gauge.addDimension('InstanceType', size);
    gauge.addMetric('StoppedInstances', MetricUnit.Count, count);
  }
  return summary;
}

export const handler = middy(tick).use(injectLambdaContext(logger)).use(logMetrics(metrics));

/**
 * The daily digest (an EventBridge schedule, 09:00 in the app time zone by default): reads yesterday's metrics
 * with GetMetricData and posts one message to the team's topic through the notifier.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { languageFromEnv, messagesFor, type Messages } from '../core/messages/catalogue';
import { addDays, localDate, zonedInstant } from '../core/zoned-time';
import type { Notification } from '../core/notification';
import { requiredEnv } from '../shared/env';
import { publishNotification } from '../shared/notify';
import { logger } from '../shared/powertools';
import { buildDigest, digestQueries, type DigestSpec, type MetricQuery } from './core/digest';

export interface DigestDependencies {
  readonly cloudwatch: CloudWatchClient;
  readonly publish: (notification: Notification) => Promise<void>;
  readonly now: () => Date;
  /** The catalogue in the team's language. @default English */
  readonly messages?: Messages;
}

/** Yesterday in the time zone, as [start, end) instants. */
export function yesterday(now: Date, timezone: string): { day: string; start: Date; end: Date } {
  const today = localDate(now, timezone);
  const day = addDays(today, -1);
  return { day, start: zonedInstant(day, { hour: 0, minute: 0 }, timezone), end: zonedInstant(today, { hour: 0, minute: 0 }, timezone) };
}

/** The day's value of each query: datapoints combined by the query's statistic; undefined when there were none. */
export async function readMetrics(
  cloudwatch: CloudWatchClient,
  queries: readonly MetricQuery[],
  start: Date,
  end: Date,
): Promise<Map<string, number | undefined>> {
  const values = new Map<string, number | undefined>(queries.map((q) => [q.id, undefined]));
  const stats = new Map(queries.map((q) => [q.id, q.stat]));
  for (let i = 0; i < queries.length; i += 500) {
    const batch: MetricDataQuery[] = queries.slice(i, i + 500).map((q) => ({
      Id: q.id,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: q.namespace, MetricName: q.metric, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
        Period: 3600,
        Stat: q.stat,
      },
    }));
    let token: string | undefined;
    do {
      const page = await cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: batch, StartTime: start, EndTime: end, NextToken: token }));
      for (const result of page.MetricDataResults ?? []) {
        if (!result.Id || !result.Values || result.Values.length === 0) continue;
        const stat = stats.get(result.Id);
        const before = values.get(result.Id);
        const combined = [...result.Values, ...(before === undefined ? [] : [before])];
        values.set(result.Id, stat === 'Minimum' ? Math.min(...combined) : stat === 'Maximum' ? Math.max(...combined) : combined.reduce((a, b) => a + b, 0));
      }
      token = page.NextToken;
    } while (token);
  }
  return values;
}

export async function sendDigest(spec: DigestSpec, timezone: string, deps: DigestDependencies): Promise<Notification> {
  const { day, start, end } = yesterday(deps.now(), timezone);
  const values = await readMetrics(deps.cloudwatch, digestQueries(spec), start, end);
  const digest = buildDigest(spec, values, day, deps.messages);
  await deps.publish(digest);
  logger.info('digest sent', { day, severity: digest.severity });
  return digest;
}

let dependencies: DigestDependencies | undefined;

/** The clients, made once per container. */
function dependenciesFromEnvironment(): DigestDependencies {
  const topicArn = requiredEnv('NOTIFICATIONS_TOPIC_ARN');
  const sns = new SNSClient({});
  return {
    cloudwatch: new CloudWatchClient({}),
    publish: (n) => publishNotification(sns, topicArn, n),
    now: () => new Date(),
    messages: messagesFor(languageFromEnv()),
  };
}

async function sendYesterdaysDigest(): Promise<Notification> {
  dependencies ??= dependenciesFromEnvironment();
  return sendDigest(JSON.parse(requiredEnv('DIGEST_SPEC')) as DigestSpec, requiredEnv('APP_TIMEZONE'), dependencies);
}

// It publishes no metric of its own (it reads the others'), so only the Lambda context.
export const handler = middy(sendYesterdaysDigest).use(injectLambdaContext(logger));

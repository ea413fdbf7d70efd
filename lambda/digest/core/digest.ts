/**
 * The daily digest: which CloudWatch metrics to read for yesterday, and the one JANDI message made of them. Per
 * Firehose stream the records delivered and whether a COPY failed; per MySQL job the rows and the lag; per Athena
 * job the partitions loaded, bytes scanned and cost; for the scheduler the instance-hours stopped and what they
 * would have cost. A metric without data says so; it is never shown as zero.
 */
import { messagesFor, type Messages } from '../../core/messages/catalogue';
import type { Notification } from '../../core/notification';

export interface DigestSpec {
  readonly envName: string;
  /** Delivery stream names, by stream. */
  readonly streams: readonly { readonly name: string; readonly deliveryStream: string }[];
  readonly mysqlJobs: readonly string[];
  readonly athenaJobs: readonly string[];
  /** Minutes between scheduler ticks: each tick's stopped-instance count stands for that long. */
  readonly tickMinutes: number;
  /** USD per hour by instance type or class. */
  readonly hourlyPrices: Readonly<Record<string, number>>;
}

export interface MetricQuery {
  readonly id: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';
}

const id = (prefix: string, index: number, what: string) => `${prefix}${index}_${what}`;

export function digestQueries(spec: DigestSpec): MetricQuery[] {
  const queries: MetricQuery[] = [];
  spec.streams.forEach((s, i) => {
    const dimensions = { DeliveryStreamName: s.deliveryStream };
    queries.push({ id: id('fh', i, 'records'), namespace: 'AWS/Firehose', metric: 'DeliveryToRedshift.Records', dimensions, stat: 'Sum' });
    queries.push({ id: id('fh', i, 'success'), namespace: 'AWS/Firehose', metric: 'DeliveryToRedshift.Success', dimensions, stat: 'Minimum' });
  });
  spec.mysqlJobs.forEach((job, i) => {
    const dimensions = { service: 'mysql-sync', Job: job };
    queries.push({ id: id('my', i, 'rows'), namespace: 'AdPlatform', metric: 'RowsWritten', dimensions, stat: 'Sum' });
    queries.push({ id: id('my', i, 'lag'), namespace: 'AdPlatform', metric: 'LagSeconds', dimensions, stat: 'Maximum' });
    queries.push({ id: id('my', i, 'failed'), namespace: 'AdPlatform', metric: 'FailedRuns', dimensions, stat: 'Sum' });
  });
  spec.athenaJobs.forEach((job, i) => {
    const dimensions = { service: 'athena-jobs', Job: job };
    queries.push({ id: id('at', i, 'parts'), namespace: 'AdPlatform', metric: 'RowsLoaded', dimensions, stat: 'SampleCount' });
    queries.push({ id: id('at', i, 'rows'), namespace: 'AdPlatform', metric: 'RowsLoaded', dimensions, stat: 'Sum' });
    queries.push({ id: id('at', i, 'bytes'), namespace: 'AdPlatform', metric: 'BytesScanned', dimensions, stat: 'Sum' });
    queries.push({ id: id('at', i, 'cost'), namespace: 'AdPlatform', metric: 'CostUSD', dimensions, stat: 'Sum' });
    queries.push({ id: id('at', i, 'failed'), namespace: 'AdPlatform', metric: 'FailedRuns', dimensions, stat: 'Sum' });
  });
  queries.push({ id: 'sc_total', namespace: 'AdPlatform', metric: 'StoppedInstances', dimensions: { service: 'instance-scheduler' }, stat: 'Sum' });
  Object.keys(spec.hourlyPrices).forEach((size, i) => {
    queries.push({
      id: id('sc', i, 'size'),
      namespace: 'AdPlatform',
      metric: 'StoppedInstances',
      dimensions: { service: 'instance-scheduler', InstanceType: size },
      stat: 'Sum',
    });
  });
  return queries;
}

/** Values by query id: the day's single aggregate, or undefined when CloudWatch had no data. */
export type DigestValues = ReadonlyMap<string, number | undefined>;

const ENGLISH = messagesFor('en');

/** `day` is the local date reported on (YYYY-MM-DD); the words come from `messages`, English unless given. */
export function buildDigest(spec: DigestSpec, values: DigestValues, day: string, messages: Messages = ENGLISH): Notification {
  const say = messages.reports;
  const get = (key: string) => values.get(key);
  const problems: string[] = [];
  const fields: { title: string; value: string }[] = [];

  if (spec.streams.length > 0) {
    const lines = spec.streams.map((s, i) => {
      const records = get(id('fh', i, 'records'));
      const success = get(id('fh', i, 'success'));
      const copyFailed = success !== undefined && success < 1;
      if (copyFailed) problems.push(say.digestCopyFailed(s.name));
      if (records === undefined) problems.push(say.digestNoRecords(s.name));
      return say.digestStreamLine({ name: s.name, records, copyFailed });
    });
    fields.push({ title: say.digestStreamsTitle, value: lines.join('\n') });
  }
  if (spec.mysqlJobs.length > 0) {
    const lines = spec.mysqlJobs.map((job, i) => {
      const rows = get(id('my', i, 'rows'));
      const failedRuns = get(id('my', i, 'failed')) ?? 0;
      if (failedRuns > 0) problems.push(say.digestJobFailed(job, failedRuns));
      if (rows === undefined && failedRuns === 0) problems.push(say.digestNoSyncRun(job));
      return say.digestSyncLine({ job, rows, lagSeconds: get(id('my', i, 'lag')), failedRuns });
    });
    fields.push({ title: say.digestSyncTitle, value: lines.join('\n') });
  }
  if (spec.athenaJobs.length > 0) {
    let totalCost = 0;
    const lines = spec.athenaJobs.map((job, i) => {
      const partitions = get(id('at', i, 'parts'));
      const costUsd = get(id('at', i, 'cost'));
      const failedRuns = get(id('at', i, 'failed')) ?? 0;
      totalCost += costUsd ?? 0;
      if (failedRuns > 0) problems.push(say.digestJobFailed(job, failedRuns));
      if (partitions === undefined && failedRuns === 0) problems.push(say.digestNoPartitionLoaded(job));
      return say.digestAthenaLine({ job, partitions, rows: get(id('at', i, 'rows')) ?? 0, bytesScanned: get(id('at', i, 'bytes')), costUsd, failedRuns });
    });
    fields.push({ title: say.digestAthenaTitle(totalCost), value: lines.join('\n') });
  }

  const perHour = spec.tickMinutes / 60;
  const total = get('sc_total');
  if (total === undefined) {
    fields.push({ title: say.digestSchedulerTitle, value: say.digestSchedulerNoData });
    problems.push(say.digestNoSchedulerData);
  } else {
    const priced = Object.entries(spec.hourlyPrices).map(([size, hourlyUsd], i) => ({ size, hours: (get(id('sc', i, 'size')) ?? 0) * perHour, hourlyUsd }));
    const saved = priced.reduce((sum, p) => sum + p.hours * p.hourlyUsd, 0);
    const pricedHours = priced.reduce((sum, p) => sum + p.hours, 0);
    const lines = [say.digestStopped(total * perHour, saved)];
    for (const p of priced.filter((x) => x.hours > 0).sort((a, b) => b.hours * b.hourlyUsd - a.hours * a.hourlyUsd)) lines.push(say.digestSizeLine(p));
    const unpriced = total * perHour - pricedHours;
    if (unpriced >= 0.5) lines.push(say.digestUnpriced(unpriced));
    fields.push({ title: say.digestSchedulerTitle, value: lines.join('\n') });
  }

  return {
    source: 'digest',
    severity: problems.length > 0 ? 'warning' : 'success',
    title: say.digestTitle(spec.envName, day),
    text: problems.length > 0 ? say.digestNeedsALook(problems) : say.digestAllDelivered,
    fields,
  };
}

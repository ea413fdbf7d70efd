/**
 * The daily digest: which CloudWatch metrics to read for yesterday, and the one JANDI message made of them. Per
 * Firehose stream the records delivered and whether a COPY failed; per MySQL job the rows and the lag; per Athena
 * job the partitions loaded, bytes scanned and cost; for the scheduler the instance-hours stopped and what they
 * would have cost. A metric without data says so; it is never shown as zero.
 */
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

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const usd = (n: number) => `$${n.toFixed(2)}`;

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function buildDigest(spec: DigestSpec, values: DigestValues, day: string): Notification {
  const get = (key: string) => values.get(key);
  const problems: string[] = [];
  const fields: { title: string; value: string }[] = [];

  if (spec.streams.length > 0) {
    const lines = spec.streams.map((s, i) => {
      const records = get(id('fh', i, 'records'));
      const success = get(id('fh', i, 'success'));
      const failed = success !== undefined && success < 1;
      if (failed) problems.push(`a COPY of ${s.name} failed`);
      if (records === undefined) problems.push(`no records from ${s.name}`);
      return `${s.name}: ${records === undefined ? 'no data' : `${count(records)} records`}${failed ? ', a COPY failed' : ''}`;
    });
    fields.push({ title: 'Event streams (Firehose)', value: lines.join('\n') });
  }
  if (spec.mysqlJobs.length > 0) {
    const lines = spec.mysqlJobs.map((job, i) => {
      const rows = get(id('my', i, 'rows'));
      const lag = get(id('my', i, 'lag'));
      const failedRuns = get(id('my', i, 'failed')) ?? 0;
      if (failedRuns > 0) problems.push(`${job} failed ${count(failedRuns)} time(s)`);
      if (rows === undefined && failedRuns === 0) problems.push(`no run of ${job}`);
      const parts = [rows === undefined ? 'no runs' : `${count(rows)} rows`];
      if (lag !== undefined) parts.push(`lag ${duration(lag)}`);
      if (failedRuns > 0) parts.push(`${count(failedRuns)} failed run(s)`);
      return `${job}: ${parts.join(', ')}`;
    });
    fields.push({ title: 'MySQL sync', value: lines.join('\n') });
  }
  if (spec.athenaJobs.length > 0) {
    let totalCost = 0;
    const lines = spec.athenaJobs.map((job, i) => {
      const partitions = get(id('at', i, 'parts'));
      const rows = get(id('at', i, 'rows'));
      const bytes = get(id('at', i, 'bytes'));
      const cost = get(id('at', i, 'cost'));
      const failedRuns = get(id('at', i, 'failed')) ?? 0;
      totalCost += cost ?? 0;
      if (failedRuns > 0) problems.push(`${job} failed ${count(failedRuns)} time(s)`);
      if (partitions === undefined && failedRuns === 0) problems.push(`no partition of ${job} loaded`);
      const parts = [partitions === undefined ? 'no partitions loaded' : `${count(partitions)} partition(s), ${count(rows ?? 0)} rows`];
      if (bytes !== undefined) parts.push(`${(bytes / 1024 ** 3).toFixed(1)} GB scanned`);
      if (cost !== undefined) parts.push(usd(cost));
      if (failedRuns > 0) parts.push(`${count(failedRuns)} failed run(s)`);
      return `${job}: ${parts.join(', ')}`;
    });
    fields.push({ title: `Athena jobs (${usd(totalCost)} in all)`, value: lines.join('\n') });
  }

  const perHour = spec.tickMinutes / 60;
  const total = get('sc_total');
  if (total === undefined) {
    fields.push({ title: 'Instance scheduler', value: 'no data (the scheduler did not report)' });
    problems.push('no scheduler data');
  } else {
    const priced = Object.entries(spec.hourlyPrices).map(([size, price], i) => ({ size, hours: (get(id('sc', i, 'size')) ?? 0) * perHour, price }));
    const saved = priced.reduce((sum, p) => sum + p.hours * p.price, 0);
    const pricedHours = priced.reduce((sum, p) => sum + p.hours, 0);
    const lines = [`${count(total * perHour)} instance-hours stopped, about ${usd(saved)} saved`];
    for (const p of priced.filter((x) => x.hours > 0).sort((a, b) => b.hours * b.price - a.hours * a.price)) {
      lines.push(`${p.size}: ${count(p.hours)} h × ${usd(p.price)} = ${usd(p.hours * p.price)}`);
    }
    const unpriced = total * perHour - pricedHours;
    if (unpriced >= 0.5) lines.push(`${count(unpriced)} h of sizes without a price in digest.hourlyPrices`);
    fields.push({ title: 'Instance scheduler', value: lines.join('\n') });
  }

  return {
    source: 'digest',
    severity: problems.length > 0 ? 'warning' : 'success',
    title: `Daily digest of ${spec.envName} for ${day}`,
    text: problems.length > 0 ? `Needs a look: ${problems.join('; ')}.` : 'Every route delivered.',
    fields,
  };
}

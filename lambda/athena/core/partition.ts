/**
 * Partitions of an Athena job and the SQL templating over them. A partition is a day (`ds`, YYYY-MM-DD) or an
 * hour of a day (`ds` + `hour`, 00-23). Values are checked against strict patterns and real calendar dates
 * before they reach SQL, so nothing but a date or an hour can be injected through `{{ds}}` and `{{hour}}`.
 */

export type Granularity = 'daily' | 'hourly';

export interface Partition {
  /** YYYY-MM-DD */
  readonly ds: string;
  /** 00-23, hourly jobs only. */
  readonly hour?: string;
}

export class PartitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartitionError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR = /^(?:[01]\d|2[0-3])$/;

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The partition named by `ds` (and `hour`), checked for the job's granularity. */
export function partitionOf(granularity: Granularity, ds: string, hour?: string): Partition {
  if (!isValidDate(ds)) throw new PartitionError(`${JSON.stringify(ds)} is not a date (YYYY-MM-DD)`);
  if (granularity === 'daily') {
    if (hour !== undefined) throw new PartitionError('a daily job takes no hour');
    return { ds };
  }
  if (hour === undefined || !HOUR.test(hour)) throw new PartitionError(`${JSON.stringify(hour ?? '')} is not an hour (00-23)`);
  return { ds, hour };
}

/** `2026-11-24` or `2026-11-24T09` (the form used in execution names, run records and the CLI). */
export function partitionKey(partition: Partition): string {
  return partition.hour === undefined ? partition.ds : `${partition.ds}T${partition.hour}`;
}

export function parsePartitionKey(granularity: Granularity, key: string): Partition {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}))?$/.exec(key);
  if (!m) throw new PartitionError(`${JSON.stringify(key)} is not a partition (YYYY-MM-DD${granularity === 'hourly' ? 'THH' : ''})`);
  return partitionOf(granularity, m[1], m[2]);
}

const addDays = (ds: string, days: number) => new Date(Date.parse(`${ds}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Every partition from `from` to `to`, both included, in order; refuses ranges above `limit` partitions. */
export function partitionsBetween(granularity: Granularity, from: Partition, to: Partition, limit = 10_000): Partition[] {
  const out: Partition[] = [];
  let current: Partition = granularity === 'daily' ? { ds: from.ds } : { ds: from.ds, hour: from.hour ?? '00' };
  const end = granularity === 'daily' ? to.ds : `${to.ds}T${to.hour ?? '23'}`;
  if (partitionKey(current) > end) throw new PartitionError(`the range ends (${end}) before it starts (${partitionKey(current)})`);
  while (partitionKey(current) <= end) {
    out.push(current);
    if (out.length > limit) throw new PartitionError(`the range holds more than ${limit} partitions`);
    if (granularity === 'daily') current = { ds: addDays(current.ds, 1) };
    else {
      const next = Number(current.hour) + 1;
      current = next === 24 ? { ds: addDays(current.ds, 1), hour: '00' } : { ds: current.ds, hour: String(next).padStart(2, '0') };
    }
  }
  return out;
}

/**
 * The partition a scheduled run at `now` loads: the day before (daily) or the hour before (hourly), as the clock
 * reads in `timeZone`, so a 01:30 run loads yesterday, complete.
 */
export function scheduledPartition(granularity: Granularity, now: Date, timeZone: string): Partition {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const today = `${parts.year}-${parts.month}-${parts.day}`;
  if (granularity === 'daily') return { ds: addDays(today, -1) };
  const hour = Number(parts.hour);
  return hour === 0 ? { ds: addDays(today, -1), hour: '23' } : { ds: today, hour: String(hour - 1).padStart(2, '0') };
}

/**
 * The partitions before `scheduled` (the `lookback` latest) that have no successful run: a scheduled run starts
 * them again, so a partition that failed at the busy hour is picked up by the next run without anyone asking.
 */
export function partitionsToCatchUp(granularity: Granularity, scheduled: Partition, lookback: number, loaded: ReadonlySet<string>): Partition[] {
  if (lookback <= 0) return [];
  const step = granularity === 'daily' ? 86_400_000 : 3_600_000;
  const startOf = (p: Partition) => Date.parse(`${p.ds}T${p.hour ?? '00'}:00:00Z`);
  const first = new Date(startOf(scheduled) - lookback * step).toISOString();
  const from: Partition = granularity === 'daily' ? { ds: first.slice(0, 10) } : { ds: first.slice(0, 10), hour: first.slice(11, 13) };
  return partitionsBetween(granularity, from, scheduled)
    .filter((p) => partitionKey(p) !== partitionKey(scheduled))
    .filter((p) => !loaded.has(partitionKey(p)));
}

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** The placeholders a template uses. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * The SQL of one partition: `{{ds}}` and `{{hour}}` replaced by the partition's checked values. Any other
 * placeholder, `{{hour}}` in a daily job, or an hourly job without `{{hour}}` is an error.
 */
export function renderSql(template: string, granularity: Granularity, partition: Partition): string {
  const checked = partitionOf(granularity, partition.ds, partition.hour);
  const used = placeholders(template);
  const unknown = used.filter((p) => p !== 'ds' && p !== 'hour');
  if (unknown.length > 0)
    throw new PartitionError(
      `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}; only {{ds}} and {{hour}} exist`,
    );
  if (!used.includes('ds')) throw new PartitionError('the SQL must filter on its partition with {{ds}}');
  if (granularity === 'daily' && used.includes('hour')) throw new PartitionError('{{hour}} is only for hourly jobs');
  if (granularity === 'hourly' && !used.includes('hour')) throw new PartitionError('an hourly job must filter on {{hour}} too');
  return template.replace(PLACEHOLDER, (_, name: string) => (name === 'ds' ? checked.ds : checked.hour!));
}

/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl: local date of an instant, the instant of a
 * local date and time (through DST gaps and overlaps), and calendar-date helpers. Formatters are cached per
 * zone because constructing them dominates the cost.
 */
import type { ClockTime } from './clock';

export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's formatter of every date and time field (with the era, so years before 1 read right), cached per zone;
 * throws a RangeError for a zone the database does not know.
 */
export function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let cached = formatters.get(zone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, cached);
  }
  return cached;
}

export function localParts(instant: Date, zone: string): LocalParts {
  const values: Record<string, number> = {};
  for (const part of zoneFormatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal' && part.type !== 'era') values[part.type] = Number(part.value);
  }
  return { year: values.year, month: values.month, day: values.day, hour: values.hour, minute: values.minute, second: values.second };
}

/** Minutes the zone is ahead of UTC at the instant (Seoul: 540). */
export function utcOffsetMinutes(instant: Date, zone: string): number {
  const p = localParts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(instant: Date, zone: string): string {
  const p = localParts(instant, zone);
  return isoDate(p.year, p.month, p.day);
}

/**
 * The instant a local date and time happen in the zone. In a DST gap (02:30 on a spring-forward night) the
 * time is moved forward by the gap, as clocks do; in an overlap (01:30 twice) the first occurrence is taken.
 */
export function zonedInstant(date: string, time: ClockTime, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const naive = Date.UTC(year, month - 1, day, time.hour, time.minute);
  const before = utcOffsetMinutes(new Date(naive - 86_400_000), zone);
  const after = utcOffsetMinutes(new Date(naive + 86_400_000), zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => naive - offset * 60_000)
    .filter((t) => {
      const p = localParts(new Date(t), zone);
      return p.year === year && p.month === month && p.day === day && p.hour === time.hour && p.minute === time.minute;
    })
    .sort((a, b) => a - b);
  return new Date(candidates.length > 0 ? candidates[0] : naive - before * 60_000);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return isoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** ISO-8601 with the zone's offset at that instant: 2026-11-24T09:30:00+09:00. */
export function formatZoned(instant: Date, zone: string): string {
  const p = localParts(instant, zone);
  const offset = utcOffsetMinutes(instant, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${isoDate(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A real date written YYYY-MM-DD (2026-02-30 is not one: addDays round-trips only real dates). */
export function isRealDate(text: unknown): text is string {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text;
}

/** Wall-clock vocabulary shared by the configuration schema and the scheduler: times of day, days, time zones. */

export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
export const CLOCK_TIME_RULE = 'a 24-hour time H:MM or HH:MM between 00:00 and 23:59';

/** Parses `9:30` or `09:30`; returns undefined for anything else (`24:00`, `9:5`, `9.30`). */
export function parseClockTime(text: string): ClockTime | undefined {
  const match = CLOCK_TIME.exec(text.trim());
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function formatClockTime(time: ClockTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Zones already looked up: the scheduler checks its schedules' zones on every tick. */
const knownZones = new Map<string, boolean>();

/** True when the ICU data of this Node.js knows the IANA zone (the Lambda runtime ships the same full ICU). */
export function isValidTimeZone(zone: string): boolean {
  // The first Intl.DateTimeFormat of a process loads ICU's zone data: not worth it to confirm UTC.
  if (zone === 'UTC') return true;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(zone, known);
  }
  return known;
}

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export const DAYS_ACTIVE_RULE = "'all', 'weekdays', 'weekends', or a comma-separated list of mon, tue, wed, thu, fri, sat, sun";

/**
 * Parses a schedule's DaysActive into the set of weekday numbers (0 = Sunday) it covers.
 * Returns undefined for unknown words and for an empty or repeated list, so typos never silently mean "never".
 */
export function parseDaysActive(text: string): ReadonlySet<number> | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'all') return new Set([0, 1, 2, 3, 4, 5, 6]);
  if (value === 'weekdays') return new Set([1, 2, 3, 4, 5]);
  if (value === 'weekends') return new Set([0, 6]);
  const names = value.split(',').map((name) => name.trim());
  const days = new Set<number>();
  for (const name of names) {
    const day = WEEKDAY_NAMES.indexOf(name as WeekdayName);
    if (day < 0 || days.has(day)) return undefined;
    days.add(day);
  }
  return days.size > 0 ? days : undefined;
}

/**
 * Calendar arithmetic for the replay's date and time parsing, on the proleptic Gregorian calendar with
 * astronomical years (1 BC is year 0), without JavaScript's Date, which reads years 0-99 as 1900-1999.
 * Output is PostgreSQL input text: 'YYYY-MM-DD[ HH:MI:SS[.ffffff]][+00][ BC]'.
 */

import { zoneFormatter, type LocalParts } from '../../core/zoned-time';

export interface WallTime extends LocalParts {
  /** Fractional second digits as written (up to 6), without trailing zeros. */
  readonly fraction?: string;
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (month + (month > 2 ? -3 : 9)) + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - floorDiv(153 * mp + 2, 5) + 1 };
}

/** 1970-01-01 is Julian day 2440588; "J2451187" is 1999-01-08. */
export const JULIAN_DAY_OF_EPOCH = 2440588;

/** Redshift's DATE and TIMESTAMP range: 4713 BC (Julian day 0) to 294276 AD. */
const FIRST_DAY = -JULIAN_DAY_OF_EPOCH;
const LAST_DAY = daysFromCivil(294276, 12, 31);

export function isValidWallTime(t: WallTime): boolean {
  return (
    Number.isInteger(t.year) &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    t.hour >= 0 &&
    t.hour <= 23 &&
    t.minute >= 0 &&
    t.minute <= 59 &&
    t.second >= 0 &&
    t.second <= 59
  );
}

/** The wall time moved by a number of minutes (to UTC from an offset, for instance). */
export function shiftMinutes(t: WallTime, minutes: number): WallTime {
  const total = daysFromCivil(t.year, t.month, t.day) * 1440 + t.hour * 60 + t.minute + minutes;
  const days = floorDiv(total, 1440);
  const inDay = total - days * 1440;
  return { ...civilFromDays(days), hour: Math.floor(inDay / 60), minute: inDay % 60, second: t.second, fraction: t.fraction };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * PostgreSQL input text for a valid wall time inside Redshift's range, or undefined. Years before 1 AD are
 * written with BC (astronomical year 0 is 1 BC).
 */
export function formatWallTime(t: WallTime, withTime: boolean, suffix = ''): string | undefined {
  if (!isValidWallTime(t)) return undefined;
  const days = daysFromCivil(t.year, t.month, t.day);
  if (days < FIRST_DAY || days > LAST_DAY) return undefined;
  const bc = t.year <= 0;
  const date = `${pad(bc ? 1 - t.year : t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  const fraction = t.fraction?.replace(/0+$/, '');
  const time = withTime ? ` ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${fraction ? `.${fraction}` : ''}${suffix}` : '';
  return `${date}${time}${bc ? ' BC' : ''}`;
}

/**
 * UTC offsets of the abbreviations PostgreSQL's default set gives the zones people write most, and of the
 * universal ones. Others, and IANA names such as US/Pacific, go through the zone database.
 */
const ABBREVIATIONS: Record<string, number> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  SGT: 480,
  HKT: 480,
  AWST: 480,
  KST: 540,
  JST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** Zones the database does not know, so that each is tried once. */
const unknownZones = new Set<string>();

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  if (unknownZones.has(zone)) return null;
  try {
    return zoneFormatter(zone);
  } catch {
    unknownZones.add(zone); // RangeError: not a zone the database knows
    return null;
  }
}

/** The zone's UTC offset in minutes at a UTC instant (milliseconds). */
function offsetAt(format: Intl.DateTimeFormat, utcMillis: number): number {
  const parts = Object.fromEntries(format.formatToParts(new Date(utcMillis)).map((p) => [p.type, p.value]));
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const local =
    daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 + Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return Math.round((local - Math.floor(utcMillis / 1000)) / 60);
}

/**
 * The UTC offset in minutes of a zone written after a time (Z, +09, -8:00, +0530, PST, US/Pacific ...) at that
 * local time, or undefined for a zone neither the abbreviations nor the zone database know.
 */
export function zoneOffsetMinutes(zone: string, local: WallTime): number | undefined {
  const numeric = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return Number(numeric[2]) > 15 || Number(numeric[3] ?? 0) > 59 ? undefined : numeric[1] === '-' ? -minutes : minutes;
  }
  const abbreviation = ABBREVIATIONS[zone.toUpperCase()];
  if (abbreviation !== undefined) return abbreviation;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  const format = zoneFormat(zone);
  if (!format) return undefined;
  // The offset at the local time: guess with the offset at that time read as UTC, then correct once.
  const asUtc = (daysFromCivil(local.year, local.month, local.day) * 86400 + local.hour * 3600 + local.minute * 60 + local.second) * 1000;
  if (Math.abs(asUtc) > 8.64e15) return undefined;
  const first = offsetAt(format, asUtc);
  return offsetAt(format, asUtc - first * 60000);
}

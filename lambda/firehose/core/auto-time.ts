/**
 * DATEFORMAT and TIMEFORMAT 'auto': the formats Redshift's "Using automatic recognition with DATEFORMAT and
 * TIMEFORMAT" page lists (ISO 8601, Julian, BC, YYYYMMDD HHMISS, YYMMDD HHMISS, YYYY.DDD, YYYY-MM-DD HH:MI:SS.SSS,
 * DD Mon HH:MI:SS YYYY TZ, MM/DD/YYYY HH:MI:SS.SS TZ, YYYY-MM-DD HH:MI:SS+/-TZ, DD.MM.YYYY HH:MI:SS TZ) and the
 * sample formats of the "DATEFORMAT and TIMEFORMAT strings" page (MM/DD/YYYY, MON DD, YYYY, MM.DD.YYYY HH:MI:SS,
 * MON-DD-YYYY, YYYY-MM-DD[ HH:MI:SS]). Nothing else: Redshift may recognise more.
 * https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html
 * https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html
 */
import { civilFromDays, daysFromCivil, daysInMonth, isLeapYear, JULIAN_DAY_OF_EPOCH } from './calendar';
import type { ParsedTime } from './time-format';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const FULL_MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];

/** A month by its abbreviation or full name, as MON takes it; 0 when it is neither. */
export function monthNumber(name: string): number {
  const upper = name.toUpperCase();
  return (upper.length === 3 ? MONTHS.indexOf(upper) : FULL_MONTHS.indexOf(upper)) + 1;
}

/**
 * The astronomical year (1 BC is year 0) of a written year. Two-digit years are 1970-2069, as PostgreSQL
 * (Redshift's ancestor) reads them; a BC year is taken as written.
 */
function fullYear(digits: string, bc: boolean): number {
  if (bc) return 1 - Number(digits);
  return digits.length > 2 ? Number(digits) : 2000 + Number(digits) - (Number(digits) >= 70 ? 100 : 0);
}

interface DatePart {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly length: number;
}

/**
 * Slashed and dotted dates are month first, DateStyle's default order (MDY), unless the first field cannot be a
 * month. https://docs.aws.amazon.com/redshift/latest/dg/r_datestyle.html
 */
function monthFirst(first: string, second: string): { month: number; day: number } {
  const a = Number(first);
  const b = Number(second);
  return a > 12 && b <= 12 ? { month: b, day: a } : { month: a, day: b };
}

const DATE_FORMS: ((text: string, bc: boolean) => DatePart | null | undefined)[] = [
  (text, bc) => {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text); // YYYY-MM-DD, ISO 8601
    return m && { year: fullYear(m[1], bc), month: Number(m[2]), day: Number(m[3]), length: m[0].length };
  },
  (text, bc) => {
    const m = /^(\d{4})(\d{2})(\d{2})(?!\d)/.exec(text); // YYYYMMDD
    return m && { year: fullYear(m[1], bc), month: Number(m[2]), day: Number(m[3]), length: m[0].length };
  },
  (text, bc) => {
    const m = /^(\d{2})(\d{2})(\d{2})(?=[ T]|$)/.exec(text); // YYMMDD
    return m && { year: fullYear(m[1], bc), month: Number(m[2]), day: Number(m[3]), length: m[0].length };
  },
  (text, bc) => {
    const m = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?!\d)/.exec(text); // MM/DD/YYYY, MM.DD.YYYY, DD.MM.YYYY
    return m && { year: fullYear(m[4], bc), ...monthFirst(m[1], m[3]), length: m[0].length };
  },
  (text, bc) => {
    const m = /^(\d{4})\.(\d{3})(?!\d)/.exec(text); // YYYY.DDD
    if (!m) return undefined;
    const year = fullYear(m[1], bc);
    const dayOfYear = Number(m[2]);
    if (dayOfYear < 1 || dayOfYear > (isLeapYear(year) ? 366 : 365)) return { year, month: 0, day: 0, length: m[0].length };
    return { ...civilFromDays(daysFromCivil(year, 1, 1) + dayOfYear - 1), length: m[0].length };
  },
  (text, bc) => {
    const m = /^([A-Za-z]{3,9})-(\d{1,2})-(\d{4}|\d{2})(?!\d)/.exec(text); // MON-DD-YYYY, Mon-DD-YY (BC)
    return m && { year: fullYear(m[3], bc), month: monthNumber(m[1]), day: Number(m[2]), length: m[0].length };
  },
  (text, bc) => {
    const m = /^([A-Za-z]{3,9}) (\d{1,2}), (\d{4})(?!\d)/.exec(text); // MON DD, YYYY
    return m && { year: fullYear(m[3], bc), month: monthNumber(m[1]), day: Number(m[2]), length: m[0].length };
  },
  (text) => {
    const m = /^J(\d{1,7})(?!\d)/.exec(text); // Julian day
    return m && { ...civilFromDays(Number(m[1]) - JULIAN_DAY_OF_EPOCH), length: m[0].length };
  },
];

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?|^(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?/;
const ZONE = /^\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z][A-Za-z0-9_/+-]*)?$/;
/** DD Mon HH:MI:SS YYYY TZ: the one listed format whose year comes after the time. */
const DAY_MONTH_TIME_YEAR =
  /^(\d{1,2}) ([A-Za-z]{3,9}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})(?:\s+([A-Za-z][A-Za-z0-9_/+-]*|[+-]\d{1,2}(?::?\d{2})?))?$/;

/** The value's date, time and written zone, or undefined when it is none of the recognised formats. */
export function recognise(value: string): ParsedTime | undefined {
  let text = value.trim();
  const era = /\s+(BC|AD)$/i.exec(text);
  const bc = era?.[1].toUpperCase() === 'BC';
  if (era) text = text.slice(0, era.index);

  const special = DAY_MONTH_TIME_YEAR.exec(text);
  if (special) {
    return {
      year: fullYear(special[7], bc),
      month: monthNumber(special[2]),
      day: Number(special[1]),
      hour: Number(special[3]),
      minute: Number(special[4]),
      second: Number(special[5]),
      fraction: special[6],
      zone: special[8],
    };
  }
  for (const form of DATE_FORMS) {
    const date = form(text, bc);
    if (!date) continue;
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) return undefined;
    const rest = text.slice(date.length);
    const base = { year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, second: 0 };
    if (rest === '') return base;
    const separator = /^(?:T|\s+)/.exec(rest);
    if (!separator) return undefined;
    const time = TIME.exec(rest.slice(separator[0].length));
    if (!time) return undefined;
    const zone = ZONE.exec(rest.slice(separator[0].length + time[0].length));
    if (!zone) return undefined;
    const colon = time[1] !== undefined;
    return {
      ...base,
      hour: Number(colon ? time[1] : time[5]),
      minute: Number(colon ? time[2] : time[6]),
      second: Number((colon ? time[3] : time[7]) ?? 0),
      fraction: colon ? time[4] : time[8],
      zone: zone[1],
    };
  }
  return undefined;
}

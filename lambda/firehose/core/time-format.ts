/**
 * COPY's DATEFORMAT and TIMEFORMAT strings: YYYY, YY, MM, MON, DD, HH/HH24, HH12, MI, SS (with optional
 * fractional seconds to microseconds), AM/PM and literal separators; or 'auto', 'epochsecs', 'epochmillisecs'.
 * A value either matches and becomes a canonical 'YYYY-MM-DD HH:MI:SS[.ffffff]' (UTC when it carried an
 * offset), or does not and is rejected.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const FULL_MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const PARTS: [string, string, string][] = [
  ['YYYY', '(\\d{4})', 'year'],
  ['YY', '(\\d{2})', 'year2'],
  ['MON', '([A-Za-z]{3,9})', 'monthName'],
  ['MM', '(\\d{1,2})', 'month'],
  ['DD', '(\\d{1,2})', 'day'],
  ['HH24', '(\\d{1,2})', 'hour'],
  ['HH12', '(\\d{1,2})', 'hour12'],
  ['HH', '(\\d{1,2})', 'hour'],
  ['MI', '(\\d{1,2})', 'minute'],
  ['SS', '(\\d{1,2})(?:\\.(\\d{1,6}))?', 'second'],
  ['AM', '([AaPp][Mm])', 'meridiem'],
  ['PM', '([AaPp][Mm])', 'meridiem'],
];

interface CompiledFormat {
  readonly regex: RegExp;
  /** The field each capture group fills, in order ('fraction' follows 'second'). */
  readonly fields: readonly string[];
}

const compiled = new Map<string, CompiledFormat>();

function compile(format: string): CompiledFormat {
  let cached = compiled.get(format);
  if (cached) return cached;
  let pattern = '';
  const fields: string[] = [];
  for (let i = 0; i < format.length; ) {
    const part = PARTS.find(([token]) => format.startsWith(token, i));
    if (part) {
      pattern += part[1];
      fields.push(part[2]);
      if (part[2] === 'second') fields.push('fraction');
      i += part[0].length;
    } else {
      pattern += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  cached = { regex: new RegExp(`^\\s*${pattern}\\s*$`), fields };
  compiled.set(format, cached);
  return cached;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function canonical(parts: { year: number; month: number; day: number; hour: number; minute: number; second: number; fraction?: string }, withTime: boolean): string | undefined {
  const { year, month, day, hour, minute, second } = parts;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (!withTime) return date;
  return `${date} ${pad(hour)}:${pad(minute)}:${pad(second)}${parts.fraction ? `.${parts.fraction}` : ''}`;
}

function byFormat(value: string, format: string, withTime: boolean): string | undefined {
  const { regex, fields } = compile(format);
  const match = regex.exec(value);
  if (!match) return undefined;
  const got: Record<string, string | undefined> = {};
  fields.forEach((field, i) => (got[field] = match[i + 1]));
  let month = got.month !== undefined ? Number(got.month) : 1;
  if (got.monthName !== undefined) {
    const name = got.monthName.toUpperCase();
    month = (name.length === 3 ? MONTHS.indexOf(name) : FULL_MONTHS.indexOf(name)) + 1;
    if (month === 0) return undefined;
  }
  const year = got.year !== undefined ? Number(got.year) : got.year2 !== undefined ? 2000 + Number(got.year2) - (Number(got.year2) >= 70 ? 100 : 0) : 1970;
  let hour = got.hour !== undefined ? Number(got.hour) : 0;
  if (got.hour12 !== undefined) {
    hour = Number(got.hour12);
    if (hour < 1 || hour > 12) return undefined;
    const pm = got.meridiem?.toUpperCase() === 'PM';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return canonical({ year, month, day: got.day !== undefined ? Number(got.day) : 1, hour, minute: Number(got.minute ?? 0), second: Number(got.second ?? 0), fraction: got.fraction }, withTime);
}

const AUTO = /^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/;

function auto(value: string, withTime: boolean): string | undefined {
  const m = AUTO.exec(value);
  if (!m) return undefined;
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), fraction: m[7] };
  if (canonical(parts, true) === undefined) return undefined;
  if (m[8] && m[8] !== 'Z') {
    // An offset: the instant in UTC, which is what Redshift stores.
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    const utc = new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - offsetMinutes * 60_000);
    Object.assign(parts, { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate(), hour: utc.getUTCHours(), minute: utc.getUTCMinutes(), second: utc.getUTCSeconds() });
  }
  return canonical(parts, withTime);
}

function epoch(value: string, millis: boolean): string | undefined {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const ms = millis ? Number(value) : Number(value) * 1000;
  const date = new Date(Math.trunc(ms));
  if (Number.isNaN(date.getTime())) return undefined;
  const fractionMs = date.getUTCMilliseconds();
  return canonical(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), fraction: fractionMs ? pad(fractionMs, 3) : undefined },
    true,
  );
}

/** The value as a canonical timestamp, or undefined when it does not match the TIMEFORMAT. */
export function parseTimestamp(value: string, timeFormat: string): string | undefined {
  const format = timeFormat.toLowerCase();
  if (format === 'auto') return auto(value, true);
  if (format === 'epochsecs') return epoch(value, false);
  if (format === 'epochmillisecs') return epoch(value, true);
  return byFormat(value, timeFormat, true);
}

/** The value as a canonical date, or undefined when it does not match the DATEFORMAT. */
export function parseDate(value: string, dateFormat: string): string | undefined {
  return dateFormat.toLowerCase() === 'auto' ? auto(value, false) : byFormat(value, dateFormat, false);
}

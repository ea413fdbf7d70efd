/**
 * COPY's DATEFORMAT and TIMEFORMAT: format strings of YYYY, YY, MM, MON, DD, HH/HH24, HH12, MI, SS (with
 * fractional seconds to microseconds), AM/PM and literal separators; or 'auto', 'epochsecs', 'epochmillisecs'.
 * A value either matches and becomes the text its column type loads, or does not and is rejected.
 * https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html
 */
import { recognise, monthNumber } from './auto-time';
import { civilFromDays, formatWallTime, isValidWallTime, shiftMinutes, zoneOffsetMinutes, type WallTime } from './calendar';

export type TimeColumn = 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ';

/** A date and time as written, with the zone it named, if any. */
export interface ParsedTime extends WallTime {
  readonly zone?: string;
}

/**
 * COPY's formats when none is given. OF is the offset from UTC, which only the TIMESTAMPTZ default takes.
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html#copy-timeformat
 */
export const DEFAULT_DATEFORMAT = 'YYYY-MM-DD';
export const DEFAULT_TIMEFORMAT = { TIMESTAMP: 'YYYY-MM-DD HH:MI:SS', TIMESTAMPTZ: 'YYYY-MM-DD HH:MI:SSOF' } as const;

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
  // Without an offset the value is taken as UTC, which is what a TIMESTAMPTZ without a zone means.
  ['OF', '([+-]\\d{1,2}(?::?\\d{2})?)?', 'zone'],
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

function byFormat(value: string, format: string): ParsedTime | undefined {
  const { regex, fields } = compile(format);
  const match = regex.exec(value);
  if (!match) return undefined;
  const got: Record<string, string | undefined> = {};
  fields.forEach((field, i) => {
    got[field] = match[i + 1];
  });
  let month = got.month !== undefined ? Number(got.month) : 1;
  if (got.monthName !== undefined) {
    month = monthNumber(got.monthName);
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
  return {
    year,
    month,
    day: got.day !== undefined ? Number(got.day) : 1,
    hour,
    minute: Number(got.minute ?? 0),
    second: Number(got.second ?? 0),
    fraction: got.fraction,
    zone: got.zone,
  };
}

/** Seconds or milliseconds since 1970-01-01 00:00:00 UTC, kept to the millisecond. */
function epoch(value: string, millis: boolean): ParsedTime | undefined {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const ms = Math.trunc(millis ? Number(value) : Number(value) * 1000);
  if (!Number.isSafeInteger(ms)) return undefined;
  const days = Math.floor(ms / 86_400_000);
  const inDay = ms - days * 86_400_000;
  const second = Math.floor(inDay / 1000);
  return {
    ...civilFromDays(days),
    hour: Math.floor(second / 3600),
    minute: Math.floor(second / 60) % 60,
    second: second % 60,
    fraction: inDay % 1000 ? String(inDay % 1000).padStart(3, '0') : undefined,
  };
}

/**
 * The text a column loads: TIMESTAMP ignores the zone a value names ("Time zone values in input strings are
 * ignored"); TIMESTAMPTZ converts the value to UTC; DATE keeps the date as written and drops the time.
 * https://docs.aws.amazon.com/redshift/latest/dg/r_Datetime_types.html
 * https://docs.aws.amazon.com/redshift/latest/dg/automatic-recognition.html
 */
function columnText(parsed: ParsedTime, column: TimeColumn): string | undefined {
  if (!isValidWallTime(parsed)) return undefined;
  if (parsed.zone === undefined) return formatWallTime(parsed, column !== 'DATE', column === 'TIMESTAMPTZ' ? '+00' : '');
  const offset = zoneOffsetMinutes(parsed.zone, parsed);
  if (offset === undefined) return undefined;
  if (column === 'TIMESTAMPTZ') return formatWallTime(shiftMinutes(parsed, -offset), true, '+00');
  return formatWallTime(parsed, column === 'TIMESTAMP');
}

/**
 * The value as its column loads it, or undefined when it does not match the format, is not a real date or time,
 * names a zone the replay does not know, or falls outside Redshift's range.
 */
export function parseTime(value: string, format: string, column: TimeColumn): string | undefined {
  const parsed =
    format === 'auto'
      ? recognise(value)
      : format === 'epochsecs'
        ? epoch(value, false)
        : format === 'epochmillisecs'
          ? epoch(value, true)
          : byFormat(value, format);
  return parsed && columnText(parsed, column);
}

/** The format a column of the type reads with these options: the given one, or COPY's default for the type. */
export function formatFor(column: TimeColumn, options: { readonly dateFormat: string; readonly timeFormat?: string }): string {
  if (column === 'DATE') return options.dateFormat;
  return options.timeFormat ?? DEFAULT_TIMEFORMAT[column];
}

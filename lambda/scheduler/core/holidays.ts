/**
 * Holiday calendars: the built-in public ones (Korea: korean-holidays.ts), to which operators add days
 * (temporary public holidays, company days off) at run time.
 */
import { koreanHolidays } from './korean-holidays';

export interface Holiday {
  readonly date: string;
  readonly name: string;
}

export interface HolidayCalendar {
  /** Countries with a built-in calendar. */
  readonly countries: readonly string[];
  /** The holiday's name when `date` is a holiday for a schedule skipping `country`'s holidays (company holidays included). */
  holidayName(country: string, date: string): string | undefined;
  /** True when the country's calendar covers the year of `date`. */
  covers(country: string, date: string): boolean;
}

const BUILT_IN: Readonly<Record<string, (year: number) => Holiday[]>> = { KR: koreanHolidays };

export function createHolidayCalendar(companyHolidays: readonly Holiday[] = []): HolidayCalendar {
  const company = new Map(companyHolidays.map((h) => [h.date, h.name]));
  const cache = new Map<string, Map<string, string>>();
  const yearOf = (country: string, year: number) => {
    const key = `${country}:${year}`;
    let dates = cache.get(key);
    if (!dates) {
      dates = new Map((BUILT_IN[country]?.(year) ?? []).map((h) => [h.date, h.name]));
      cache.set(key, dates);
    }
    return dates;
  };
  return {
    countries: Object.keys(BUILT_IN),
    holidayName(country, date) {
      return yearOf(country, Number(date.slice(0, 4))).get(date) ?? company.get(date);
    },
    covers(country, date) {
      return yearOf(country, Number(date.slice(0, 4))).size > 0;
    },
  };
}

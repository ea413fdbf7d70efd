/**
 * The Korean public holidays (관공서의 공휴일에 관한 규정 and 공휴일에 관한 법률) for 2024 to 2050, from rules: fixed
 * solar holidays, the lunar ones converted by `korean-lunar-calendar` (KASI's table, so Korean rather than Chinese
 * dates: they differ in 2027 and 2028, for one), substitute holidays, and term-expiry election days by Article 34 of
 * the Public Official Election Act. Days a rule cannot foresee (temporary holidays, snap elections) come from a
 * small table here for past years and from the scheduler's holidays table at run time.
 *
 * The 2026 amendments, as the sources give them (read in November 2026):
 * - Constitution Day (제헌절, 17 July) is a public holiday again from 2026: the Public Holidays Act amendment passed
 *   on 2026-01-29 and promulgated on 2026-02-10 makes every national day (국경일) a public holiday. Its substitute
 *   day: KASA's 월력요항 for 2027 (hyunbinseo/holidays-kr, src/holidays/2027.ts) lists 대체공휴일(제헌절) on Monday
 *   2027-07-19 for a Saturday 17 July, i.e. the Saturday-or-Sunday rule of the other national days; vacanza/holidays
 *   #3728 (merged 2026-07-27) does the same.
 * - Labor Day (May 1; renamed 노동절 from 근로자의 날 by a 2025 act, until then a paid day off for employees only) is a
 *   public holiday from 2026-05-01: amendment passed on 2026-03-31, promulgation approved by the cabinet on 2026-04-07
 *   (hyunbinseo/holidays-kr #25). Its substitute day: the same 월력요항 lists 대체공휴일(노동절) on Monday 2027-05-03
 *   for a Saturday May 1, so the Saturday-or-Sunday rule too.
 */
import KoreanLunarCalendar from 'korean-lunar-calendar';
import { addDays, isoDate, weekdayOf } from '../../core/zoned-time';
import type { Holiday } from './holidays';

/** Before 2024 the substitute rules and the holiday list differed (Buddha's Birthday and Christmas got substitutes in 2023). */
const FIRST_YEAR = 2024;

/** The first year whose national days are Constitution Day and Labor Day too. */
const AMENDMENTS_2026 = 2026;

type Substitution = 'none' | 'weekend' | 'sunday';

interface RuleHoliday {
  readonly date: string;
  readonly name: string;
  readonly substitution: Substitution;
  /** Seollal and Chuseok are three-day periods; a substitute day comes after the whole period. */
  readonly periodEnd?: string;
}

/**
 * Days the government designated for one year only, and the elections before the years Article 34 computes (a
 * snap presidential election, like 2025's, is set by decree and has no rule).
 */
const KR_DESIGNATED: readonly Holiday[] = [
  { date: '2024-04-10', name: 'National Assembly election' },
  { date: '2024-10-01', name: 'Armed Forces Day (temporary holiday)' },
  { date: '2025-01-27', name: 'Temporary holiday' },
  { date: '2025-06-03', name: 'Presidential election' },
];

/** Elections from this year on come from Article 34; the ones before are in KR_DESIGNATED. */
const ELECTION_RULES_FROM = 2026;

interface ElectionCycle {
  readonly name: string;
  /** The first election year the cycle computes, then every `everyYears`. */
  readonly firstYear: number;
  readonly everyYears: number;
  /** The month and day the term expires in the election year. */
  readonly termEnds: string;
  /** Article 34(1): the first Wednesday from this many days before the term expires. */
  readonly daysBefore: number;
}

const ELECTION_CYCLES: readonly ElectionCycle[] = [
  // The 2025 snap election's president took office on 2025-06-04; a five-year term ends on 2030-06-03, and each
  // regular successor's starts the day after. A future snap election resets this: add it to the table.
  { name: 'Presidential election', firstYear: 2030, everyYears: 5, termEnds: '06-03', daysBefore: 70 },
  // The 22nd National Assembly sits from 2024-05-30 to 2028-05-29.
  { name: 'National Assembly election', firstYear: 2028, everyYears: 4, termEnds: '05-29', daysBefore: 50 },
  // Local councils and heads serve from 1 July to 30 June four years on (2022-07-01 to 2026-06-30).
  { name: 'Local elections', firstYear: 2026, everyYears: 4, termEnds: '06-30', daysBefore: 30 },
];

/**
 * Election day under Article 34 of the Public Official Election Act: (1) the first Wednesday on or after the day
 * `daysBefore` days before the term expires; (2) when that Wednesday, or the day before or after it, is a public
 * holiday, the Wednesday of the following week. Paragraph 2 moves the day once; it says nothing of a second move.
 */
export function electionDay(termEnds: string, daysBefore: number, isHoliday: (date: string) => boolean): string {
  let day = addDays(termEnds, -daysBefore);
  while (weekdayOf(day) !== 3) day = addDays(day, 1);
  return [addDays(day, -1), day, addDays(day, 1)].some(isHoliday) ? addDays(day, 7) : day;
}

/** The solar date of a day in a non-leap lunar month, or undefined outside the package's table (1000 to 2050-11-18). */
function lunarToSolar(year: number, month: number, day: number): string | undefined {
  const calendar = new KoreanLunarCalendar();
  if (!calendar.setLunarDate(year, month, day, false)) return undefined;
  const solar = calendar.getSolarCalendar();
  return isoDate(solar.year, solar.month, solar.day);
}

/** Lunar 1/1 (Seollal), 4/8 (Buddha's Birthday) and 8/15 (Chuseok) of the year, or undefined when any is out of range. */
export function koreanLunarHolidays(year: number): { seollal: string; buddha: string; chuseok: string } | undefined {
  const [seollal, buddha, chuseok] = [lunarToSolar(year, 1, 1), lunarToSolar(year, 4, 8), lunarToSolar(year, 8, 15)];
  return seollal && buddha && chuseok ? { seollal, buddha, chuseok } : undefined;
}

function koreanRuleHolidays(year: number, lunar: { seollal: string; buddha: string; chuseok: string }): RuleHoliday[] {
  const fixed = (monthDay: string, name: string, substitution: Substitution): RuleHoliday => ({ date: `${year}-${monthDay}`, name, substitution });
  const period = (center: string, name: string): RuleHoliday[] =>
    [-1, 0, 1].map((offset) => ({ date: addDays(center, offset), name, substitution: 'sunday' as const, periodEnd: addDays(center, 1) }));
  const amended = year >= AMENDMENTS_2026;
  return [
    fixed('01-01', "New Year's Day", 'none'),
    ...period(lunar.seollal, 'Seollal'),
    fixed('03-01', 'Independence Movement Day', 'weekend'),
    ...(amended ? [fixed('05-01', 'Labor Day', 'weekend')] : []),
    fixed('05-05', "Children's Day", 'weekend'),
    { date: lunar.buddha, name: "Buddha's Birthday", substitution: 'weekend' },
    fixed('06-06', 'Memorial Day', 'none'),
    ...(amended ? [fixed('07-17', 'Constitution Day', 'weekend')] : []),
    fixed('08-15', 'Liberation Day', 'weekend'),
    ...period(lunar.chuseok, 'Chuseok'),
    fixed('10-03', 'National Foundation Day', 'weekend'),
    fixed('10-09', 'Hangul Day', 'weekend'),
    fixed('12-25', 'Christmas Day', 'weekend'),
  ];
}

/**
 * One substitute day per holiday date that falls on a weekend day its rule covers (Saturday or Sunday for most,
 * only Sunday for Seollal and Chuseok) or that coincides with another holiday: the first following weekday that
 * is no holiday, after the end of a Seollal or Chuseok period. Each substitute is added to `taken`.
 */
function substituteHolidays(rules: readonly RuleHoliday[], taken: Set<string>): Holiday[] {
  const byDate = new Map<string, RuleHoliday[]>();
  for (const holiday of rules) byDate.set(holiday.date, [...(byDate.get(holiday.date) ?? []), holiday]);
  const substitutes: Holiday[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const holidays = byDate.get(date)!;
    const weekday = weekdayOf(date);
    const triggered = holidays.filter(
      (h) => (h.substitution === 'weekend' && (weekday === 0 || weekday === 6)) || (h.substitution === 'sunday' && weekday === 0),
    );
    const overlap = holidays.length > 1 && holidays.some((h) => h.substitution !== 'none');
    if (triggered.length === 0 && !overlap) continue;
    const cause = triggered[0] ?? holidays.find((h) => h.substitution !== 'none')!;
    let candidate = addDays(cause.periodEnd && cause.periodEnd > date ? cause.periodEnd : date, 1);
    while (taken.has(candidate) || weekdayOf(candidate) === 0 || weekdayOf(candidate) === 6) candidate = addDays(candidate, 1);
    taken.add(candidate);
    substitutes.push({ date: candidate, name: `Substitute holiday (${cause.name})` });
  }
  return substitutes;
}

/**
 * The year's public holidays, sorted, one entry per date (names joined when two fall on one day); empty outside
 * 2024 to 2050, so the calendar reports those years as not covered.
 */
export function koreanHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR) return [];
  const lunar = koreanLunarHolidays(year);
  if (!lunar) return [];
  const rules = koreanRuleHolidays(year, lunar);
  const designated = KR_DESIGNATED.filter((h) => h.date.startsWith(`${year}-`));
  const taken = new Set([...rules.map((h) => h.date), ...designated.map((h) => h.date)]);
  const substitutes = substituteHolidays(rules, taken);

  // An election never lands on or next to a holiday (Article 34(2)), so it cannot move a substitute day either.
  const elections: Holiday[] = ELECTION_CYCLES.filter(
    (cycle) => year >= ELECTION_RULES_FROM && year >= cycle.firstYear && (year - cycle.firstYear) % cycle.everyYears === 0,
  ).map((cycle) => ({ date: electionDay(`${year}-${cycle.termEnds}`, cycle.daysBefore, (date) => taken.has(date)), name: cycle.name }));

  const all = [...rules.map(({ date, name }) => ({ date, name })), ...designated, ...substitutes, ...elections];
  const merged = new Map<string, string>();
  for (const h of all) merged.set(h.date, merged.has(h.date) ? `${merged.get(h.date)}, ${h.name}` : h.name);
  return [...merged.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, name]) => ({ date, name }));
}

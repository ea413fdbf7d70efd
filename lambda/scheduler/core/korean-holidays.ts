/**
 * The Korean public holidays, computed from rules and dated tables rather than a library, because libraries
 * have shipped wrong Korean dates: fixed solar holidays, the lunar ones (Seollal, Buddha's Birthday, Chuseok)
 * from a table of their solar dates, substitute holidays by the rules in force since 2023, and election and
 * temporary holidays from a table.
 */
import { addDays, weekdayOf } from '../../core/zoned-time';
import type { Holiday } from './holidays';

type Substitution = 'none' | 'weekend' | 'sunday';

interface RuleHoliday {
  readonly date: string;
  readonly name: string;
  readonly substitution: Substitution;
  /** Seollal and Chuseok are three-day periods; a substitute day comes after the whole period. */
  readonly periodEnd?: string;
}

/** Solar dates of lunar 1/1 (Seollal), 4/8 (Buddha's Birthday) and 8/15 (Chuseok), per KASA's calendar. */
const KR_LUNAR: Readonly<Record<number, { seollal: string; buddha: string; chuseok: string }>> = {
  2024: { seollal: '2024-02-10', buddha: '2024-05-15', chuseok: '2024-09-17' },
  2025: { seollal: '2025-01-29', buddha: '2025-05-05', chuseok: '2025-10-06' },
  2026: { seollal: '2026-02-17', buddha: '2026-05-24', chuseok: '2026-09-25' },
  2027: { seollal: '2027-02-07', buddha: '2027-05-13', chuseok: '2027-09-15' },
  2028: { seollal: '2028-01-27', buddha: '2028-05-02', chuseok: '2028-10-03' },
  2029: { seollal: '2029-02-13', buddha: '2029-05-20', chuseok: '2029-09-22' },
  2030: { seollal: '2030-02-03', buddha: '2030-05-09', chuseok: '2030-09-12' },
};

/** Election days and holidays the government designated for one year only. */
const KR_DESIGNATED: readonly Holiday[] = [
  { date: '2024-04-10', name: 'National Assembly election' },
  { date: '2024-10-01', name: 'Armed Forces Day (temporary holiday)' },
  { date: '2025-01-27', name: 'Temporary holiday' },
  { date: '2025-06-03', name: 'Presidential election' },
  { date: '2026-06-03', name: 'Local elections' },
  { date: '2028-04-12', name: 'National Assembly election' },
  { date: '2030-06-05', name: 'Local elections' },
];

function koreanRuleHolidays(year: number): RuleHoliday[] {
  const lunar = KR_LUNAR[year];
  const fixed = (monthDay: string, name: string, substitution: Substitution): RuleHoliday => ({ date: `${year}-${monthDay}`, name, substitution });
  const period = (center: string, name: string): RuleHoliday[] =>
    [-1, 0, 1].map((offset) => ({ date: addDays(center, offset), name, substitution: 'sunday' as const, periodEnd: addDays(center, 1) }));
  return [
    fixed('01-01', "New Year's Day", 'none'),
    ...period(lunar.seollal, 'Seollal'),
    fixed('03-01', 'Independence Movement Day', 'weekend'),
    fixed('05-05', "Children's Day", 'weekend'),
    { date: lunar.buddha, name: "Buddha's Birthday", substitution: 'weekend' },
    fixed('06-06', 'Memorial Day', 'none'),
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
 * is no holiday, after the end of a Seollal or Chuseok period.
 */
export function koreanHolidays(year: number): Holiday[] {
  if (!KR_LUNAR[year]) return [];
  const rules = koreanRuleHolidays(year);
  const byDate = new Map<string, RuleHoliday[]>();
  for (const holiday of rules) byDate.set(holiday.date, [...(byDate.get(holiday.date) ?? []), holiday]);
  const taken = new Set([...byDate.keys(), ...KR_DESIGNATED.map((h) => h.date)]);

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

  const all = [...rules.map(({ date, name }) => ({ date, name })), ...KR_DESIGNATED.filter((h) => h.date.startsWith(`${year}-`)), ...substitutes];
  const merged = new Map<string, string>();
  for (const h of all) merged.set(h.date, merged.has(h.date) ? `${merged.get(h.date)}, ${h.name}` : h.name);
  return [...merged.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, name]) => ({ date, name }));
}

import { electionDay, koreanHolidays, koreanLunarHolidays } from '../../lambda/scheduler/core/korean-holidays';

const dates = (year: number) => koreanHolidays(year).map((h) => h.date);
const nameOn = (date: string) => koreanHolidays(Number(date.slice(0, 4))).find((h) => h.date === date)?.name;

/**
 * Solar dates of lunar 1/1 (Seollal), 4/8 (Buddha's Birthday) and 8/15 (Chuseok), copied from vacanza/holidays
 * (holidays/calendars/chinese.py at c382fde, 2026-07-23): its Chinese-calendar tables LUNAR_NEW_YEAR_DATES,
 * BUDDHA_BIRTHDAY_DATES and MID_AUTUMN_DATES, with its KOREAN_CALENDAR_* overrides applied (Seollal 2027-02-07 and
 * 2028-01-27, Chuseok 2040-09-21). 2024-2027 also match KASA's 월력요항 in hyunbinseo/holidays-kr (public/2024.json,
 * public/2025.json, src/holidays/2026.ts, src/holidays/2027.ts). Not computed with korean-lunar-calendar.
 */
const LUNAR_EXPECTED: Readonly<Record<number, readonly [string, string, string]>> = {
  2024: ['2024-02-10', '2024-05-15', '2024-09-17'],
  2025: ['2025-01-29', '2025-05-05', '2025-10-06'],
  2026: ['2026-02-17', '2026-05-24', '2026-09-25'],
  2027: ['2027-02-07', '2027-05-13', '2027-09-15'],
  2028: ['2028-01-27', '2028-05-02', '2028-10-03'],
  2029: ['2029-02-13', '2029-05-20', '2029-09-22'],
  2030: ['2030-02-03', '2030-05-09', '2030-09-12'],
  2031: ['2031-01-23', '2031-05-28', '2031-10-01'],
  2032: ['2032-02-11', '2032-05-16', '2032-09-19'],
  2033: ['2033-01-31', '2033-05-06', '2033-09-08'],
  2034: ['2034-02-19', '2034-05-25', '2034-09-27'],
  2035: ['2035-02-08', '2035-05-15', '2035-09-16'],
  2036: ['2036-01-28', '2036-05-03', '2036-10-04'],
  2037: ['2037-02-15', '2037-05-22', '2037-09-24'],
  2038: ['2038-02-04', '2038-05-11', '2038-09-13'],
  2039: ['2039-01-24', '2039-04-30', '2039-10-02'],
  2040: ['2040-02-12', '2040-05-18', '2040-09-21'],
  2041: ['2041-02-01', '2041-05-07', '2041-09-10'],
  2042: ['2042-01-22', '2042-05-26', '2042-09-28'],
  2043: ['2043-02-10', '2043-05-16', '2043-09-17'],
  2044: ['2044-01-30', '2044-05-05', '2044-10-05'],
  2045: ['2045-02-17', '2045-05-24', '2045-09-25'],
  2046: ['2046-02-06', '2046-05-13', '2046-09-15'],
  2047: ['2047-01-26', '2047-05-02', '2047-10-04'],
  2048: ['2048-02-14', '2048-05-20', '2048-09-22'],
  2049: ['2049-02-02', '2049-05-09', '2049-09-11'],
  2050: ['2050-01-23', '2050-05-28', '2050-09-30'],
};

const next = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test.each(Object.entries(LUNAR_EXPECTED))('lunar holidays of %s: the package agrees with the independent table, and each is in the year', (year, expected) => {
  const [seollal, buddha, chuseok] = expected;
  expect(koreanLunarHolidays(Number(year))).toEqual({ seollal, buddha, chuseok });
  const holidays = new Map(koreanHolidays(Number(year)).map((h) => [h.date, h.name]));
  for (const day of [next(seollal, -1), seollal, next(seollal, 1)]) expect(holidays.get(day)).toContain('Seollal');
  expect(holidays.get(buddha)).toContain("Buddha's Birthday");
  for (const day of [next(chuseok, -1), chuseok, next(chuseok, 1)]) expect(holidays.get(day)).toContain('Chuseok');
});

test("a leap lunar month is skipped: 2020 had a leap 4th month, and Buddha's Birthday is 4/8 of the ordinary one", () => {
  // KASA via hyunbinseo/holidays-kr public/2020.json and vacanza's table: 2020-04-30 (the leap month's 4/8 was 2020-05-29).
  expect(koreanLunarHolidays(2020)?.buddha).toBe('2020-04-30');
  // 2023 had a leap 2nd month; KASA: Buddha's Birthday 2023-05-27 (vacanza's Korean override; China's date was 05-26).
  expect(koreanLunarHolidays(2023)?.buddha).toBe('2023-05-27');
});

// Every date of KASA's 월력요항 2026 as carried by hyunbinseo/holidays-kr (src/holidays/2026.ts, public/2026.json,
// after its 2026-02-12 and 2026-04-07 updates for 제헌절 and 노동절).
test('Korea 2026, every public holiday on its exact date, the amended Labor Day and Constitution Day included', () => {
  expect(dates(2026)).toEqual([
    '2026-01-01', // 1월 1일
    '2026-02-16',
    '2026-02-17',
    '2026-02-18', // 설날 period
    '2026-03-01',
    '2026-03-02', // 3ㆍ1절 (Sunday) and 대체공휴일
    '2026-05-01', // 노동절, a public holiday from 2026
    '2026-05-05', // 어린이날
    '2026-05-24',
    '2026-05-25', // 부처님 오신 날 (Sunday) and 대체공휴일
    '2026-06-03', // 전국동시지방선거
    '2026-06-06', // 현충일 (Saturday, no substitute by law)
    '2026-07-17', // 제헌절, a public holiday again from 2026
    '2026-08-15',
    '2026-08-17', // 광복절 (Saturday) and 대체공휴일
    '2026-09-24',
    '2026-09-25',
    '2026-09-26', // 추석 period (Saturday: no substitute for Chuseok)
    '2026-10-03',
    '2026-10-05', // 개천절 (Saturday) and 대체공휴일
    '2026-10-09', // 한글날
    '2026-12-25', // 기독탄신일
  ]);
  expect(nameOn('2026-05-01')).toBe('Labor Day');
  expect(nameOn('2026-07-17')).toBe('Constitution Day');
  expect(nameOn('2026-06-03')).toBe('Local elections');
});

// Every date of KASA's 월력요항 2027 as carried by hyunbinseo/holidays-kr (src/holidays/2027.ts, public/2027.csv).
test('Korea 2027, every public holiday: Labor Day and Constitution Day on a Saturday get a substitute Monday', () => {
  expect(dates(2027)).toEqual([
    '2027-01-01', // 1월 1일
    '2027-02-06',
    '2027-02-07',
    '2027-02-08', // 설날 period, 설날 on a Sunday
    '2027-02-09', // 대체공휴일(설날)
    '2027-03-01', // 3ㆍ1절
    '2027-05-01', // 노동절 (Saturday)
    '2027-05-03', // 대체공휴일(노동절)
    '2027-05-05', // 어린이날
    '2027-05-13', // 부처님 오신 날
    '2027-06-06', // 현충일 (Sunday, no substitute)
    '2027-07-17', // 제헌절 (Saturday)
    '2027-07-19', // 대체공휴일(제헌절)
    '2027-08-15',
    '2027-08-16', // 광복절 (Sunday) and 대체공휴일
    '2027-09-14',
    '2027-09-15',
    '2027-09-16', // 추석 period
    '2027-10-03',
    '2027-10-04', // 개천절 (Sunday) and 대체공휴일
    '2027-10-09',
    '2027-10-11', // 한글날 (Saturday) and 대체공휴일
    '2027-12-25',
    '2027-12-27', // 기독탄신일 (Saturday) and 대체공휴일
  ]);
  expect(nameOn('2027-05-03')).toBe('Substitute holiday (Labor Day)');
  expect(nameOn('2027-07-19')).toBe('Substitute holiday (Constitution Day)');
});

test("Korea 2025: Children's Day and Buddha's Birthday on one day give one substitute; Chuseok on a Sunday; no Labor Day yet", () => {
  expect(dates(2025)).toEqual([
    '2025-01-01',
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-03-01',
    '2025-03-03',
    '2025-05-05',
    '2025-05-06',
    '2025-06-03',
    '2025-06-06',
    '2025-08-15',
    '2025-10-03',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
    '2025-10-09',
    '2025-12-25',
  ]);
});

test("Korea 2024: Seollal on a Sunday and Children's Day on a Sunday are substituted; election and temporary holiday", () => {
  expect(dates(2024)).toEqual(expect.arrayContaining(['2024-02-12', '2024-04-10', '2024-05-06', '2024-10-01']));
  expect(dates(2024)).toHaveLength(19);
  expect(dates(2024)).not.toContain('2024-05-01');
  expect(dates(2024)).not.toContain('2024-07-17');
});

test('Chuseok overlapping National Foundation Day (2028) gives a substitute after the period', () => {
  expect(dates(2028)).toEqual(expect.arrayContaining(['2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05']));
  expect(nameOn('2028-10-03')).toBe('Chuseok, National Foundation Day');
});

test("Chuseok on a Sunday whose last day is National Foundation Day (2039) gives two substitutes; Buddha's Birthday and Labor Day one each", () => {
  expect(dates(2039)).toEqual(expect.arrayContaining(['2039-10-01', '2039-10-02', '2039-10-03', '2039-10-04', '2039-10-05']));
  expect(nameOn('2039-10-05')).toBe('Substitute holiday (Chuseok)');
  // 2039-04-30 Buddha's Birthday is a Saturday and 05-01 Labor Day a Sunday: substitutes on Monday 05-02 and Tuesday 05-03.
  expect(nameOn('2039-05-02')).toBe("Substitute holiday (Buddha's Birthday)");
  expect(nameOn('2039-05-03')).toBe('Substitute holiday (Labor Day)');
});

describe('election days (Public Official Election Act, Article 34)', () => {
  const none = () => false;

  test('paragraph 1: the first Wednesday on or after the day so many days before the term expires', () => {
    // 18th National Assembly: term to 2008-05-29, 50 days before is Wednesday 2008-04-09, and the election was that day.
    expect(electionDay('2008-05-29', 50, none)).toBe('2008-04-09');
    // 21st: 2020-04-09 was a Thursday; the election was Wednesday 2020-04-15.
    expect(electionDay('2020-05-29', 50, none)).toBe('2020-04-15');
    // 18th presidential: term to 2013-02-24, 70 days before is Sunday 2012-12-16; the election was 2012-12-19.
    expect(electionDay('2013-02-24', 70, none)).toBe('2012-12-19');
    // 4th local: term to 2006-06-30, 30 days before is Wednesday 2006-05-31, the election day.
    expect(electionDay('2006-06-30', 30, none)).toBe('2006-05-31');
  });

  test('paragraph 2: a holiday on the Wednesday or the day before or after moves the election a week', () => {
    // 20th presidential: Wednesday 2022-03-02 follows 3ㆍ1절, so 2022-03-09 (as held).
    expect(electionDay('2022-05-09', 70, (d) => d === '2022-03-01')).toBe('2022-03-09');
    // 7th local: Wednesday 2018-06-06 is Memorial Day, so 2018-06-13 (as held).
    expect(electionDay('2018-06-30', 30, (d) => d === '2018-06-06')).toBe('2018-06-13');
    // The day after: a Thursday holiday moves the Wednesday before it.
    expect(electionDay('2030-06-30', 30, (d) => d === '2030-06-06')).toBe('2030-06-12');
    // A holiday two days away does not.
    expect(electionDay('2030-06-30', 30, (d) => d === '2030-06-07')).toBe('2030-06-05');
  });

  test('the 2030 local elections move from 06-05 to 06-12 because Memorial Day is the Thursday after, in the computed year', () => {
    expect(dates(2030)).not.toContain('2030-06-05');
    expect(nameOn('2030-06-12')).toBe('Local elections');
  });

  // Paragraph 1 dates computed by hand (Python's datetime) from the term ends: president 06-03 (2025-06-04 start,
  // five-year terms), National Assembly 05-29, local 06-30; paragraph 2 moves 2030 (Memorial Day on the Thursday
  // after 06-05) and 2046 (06-06 itself). vacanza/holidays' approximations (tests/countries/test_south_korea.py,
  // south_korea.py) agree on every one but the presidential elections (it has the first Wednesday of April, 2030-04-03),
  // 2034 local (06-14: it never takes 05-31, though 2006's was) and 2048 National Assembly (04-08, before the 50th day).
  test('every term-expiry election from 2026 to 2050, and none in other years', () => {
    const elections = (year: number) => koreanHolidays(year).filter((h) => /election/i.test(h.name));
    const all = Array.from({ length: 25 }, (_, i) => 2026 + i).flatMap((year) => elections(year).map((h) => `${h.date} ${h.name}`));
    expect(all).toEqual([
      '2026-06-03 Local elections',
      '2028-04-12 National Assembly election',
      '2030-03-27 Presidential election',
      '2030-06-12 Local elections',
      '2032-04-14 National Assembly election',
      '2034-05-31 Local elections',
      '2035-03-28 Presidential election',
      '2036-04-09 National Assembly election',
      '2038-06-02 Local elections',
      '2040-03-28 Presidential election',
      '2040-04-11 National Assembly election',
      '2042-06-04 Local elections',
      '2044-04-13 National Assembly election',
      '2045-03-29 Presidential election',
      '2046-06-13 Local elections',
      '2048-04-15 National Assembly election',
      '2050-03-30 Presidential election',
      '2050-06-01 Local elections',
    ]);
  });
});

test('coverage: 2050 is the last year (the package converts lunar dates to 2050-11-18), 2051 and years before 2024 are empty', () => {
  expect(koreanHolidays(2050).length).toBeGreaterThan(20);
  expect(koreanHolidays(2051)).toEqual([]);
  expect(koreanHolidays(2023)).toEqual([]);
  expect(koreanHolidays(9999)).toEqual([]);
});

test.each(Array.from({ length: 27 }, (_, i) => 2024 + i))('%i: sorted, one entry per date, every substitute on a weekday', (year) => {
  const holidays = koreanHolidays(year);
  const list = holidays.map((h) => h.date);
  expect(list).toEqual([...new Set(list)].sort());
  for (const h of holidays.filter((x) => x.name.startsWith('Substitute'))) expect([1, 2, 3, 4, 5]).toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
});

import { koreanHolidays } from '../../lambda/scheduler/core/korean-holidays';

const dates = (year: number) => koreanHolidays(year).map((h) => h.date);

test('Korea 2026, every public holiday on its exact date', () => {
  expect(dates(2026)).toEqual([
    '2026-01-01', // New Year's Day
    '2026-02-16',
    '2026-02-17',
    '2026-02-18', // Seollal
    '2026-03-01',
    '2026-03-02', // Independence Movement Day (Sunday) and its substitute
    '2026-05-05', // Children's Day
    '2026-05-24',
    '2026-05-25', // Buddha's Birthday (Sunday) and its substitute
    '2026-06-03', // local elections
    '2026-06-06', // Memorial Day (Saturday, no substitute by law)
    '2026-08-15',
    '2026-08-17', // Liberation Day (Saturday) and its substitute
    '2026-09-24',
    '2026-09-25',
    '2026-09-26', // Chuseok (Saturday: no substitute for Chuseok)
    '2026-10-03',
    '2026-10-05', // National Foundation Day (Saturday) and its substitute
    '2026-10-09', // Hangul Day
    '2026-12-25', // Christmas
  ]);
});

test("Korea 2025: Children's Day and Buddha's Birthday on one day give one substitute; Chuseok on a Sunday", () => {
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
});

test('Chuseok overlapping National Foundation Day (2028) gives a substitute after the period', () => {
  expect(dates(2028)).toEqual(expect.arrayContaining(['2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05']));
  expect(koreanHolidays(2028).find((h) => h.date === '2028-10-03')!.name).toBe('Chuseok, National Foundation Day');
});

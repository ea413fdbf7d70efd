import { createHolidayCalendar } from '../../lambda/scheduler/core/holidays';

test('the calendar answers by country, adds company holidays and says which years it covers', () => {
  const calendar = createHolidayCalendar([{ date: '2026-12-31', name: 'Year-end' }]);
  expect(calendar.countries).toEqual(['KR']);
  expect(calendar.holidayName('KR', '2026-09-25')).toBe('Chuseok');
  expect(calendar.holidayName('KR', '2026-12-31')).toBe('Year-end');
  expect(calendar.holidayName('KR', '2026-09-28')).toBeUndefined();
  expect(calendar.covers('KR', '2030-01-01')).toBe(true);
  expect(calendar.covers('KR', '2031-01-01')).toBe(false);
  expect(calendar.covers('JP', '2026-01-01')).toBe(false);
});

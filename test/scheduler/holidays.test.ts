import { createHolidayCalendar, parseHolidayItem, withTableDays } from '../../lambda/scheduler/core/holidays';

test('a calendar answers by name: built-in days, then days added under the same calendar; other calendars stay apart', () => {
  const calendar = createHolidayCalendar([
    { calendar: 'COMPANY', date: '2026-12-31', name: 'Year-end' },
    { calendar: 'KR', date: '2027-03-15', name: '임시공휴일' },
  ]);
  expect(calendar.calendars).toEqual(['KR', 'COMPANY']);
  expect(calendar.holidayName('KR', '2026-09-25')).toBe('Chuseok');
  expect(calendar.holidayName('KR', '2027-03-15')).toBe('임시공휴일');
  expect(calendar.holidayName('KR', '2026-12-31')).toBeUndefined();
  expect(calendar.holidayName('COMPANY', '2026-12-31')).toBe('Year-end');
  expect(calendar.holidayName('COMPANY', '2026-09-25')).toBeUndefined();
  expect(calendar.holidayName('KR', '2026-09-28')).toBeUndefined();
});

test("only a built-in calendar can fail to cover a year: the rules' last year, not the table's", () => {
  const calendar = createHolidayCalendar([{ calendar: 'COMPANY', date: '2026-12-31', name: 'Year-end' }]);
  expect(calendar.covers('KR', '2030-01-01')).toBe(true);
  expect(calendar.covers('KR', '9999-01-01')).toBe(false);
  expect(calendar.covers('COMPANY', '2040-01-01')).toBe(true);
});

test('withDays adds to a copy; the base calendar is unchanged', () => {
  const base = createHolidayCalendar();
  const more = base.withDays([{ calendar: 'TEAM_A', date: '2027-01-04', name: 'Offsite' }]);
  expect(more.calendars).toEqual(['KR', 'TEAM_A']);
  expect(more.holidayName('TEAM_A', '2027-01-04')).toBe('Offsite');
  expect(base.calendars).toEqual(['KR']);
  expect(base.holidayName('TEAM_A', '2027-01-04')).toBeUndefined();
});

test.each([
  [{ Calendar: 'kr', Date: '2027-03-15', Name: 'x' }, 'Calendar "kr" is not a calendar name'],
  [{ Calendar: 'KR', Date: '2027-02-30', Name: 'x' }, 'Date "2027-02-30" is not a date YYYY-MM-DD'],
  [{ Calendar: 'KR', Date: '2027-3-15', Name: 'x' }, 'Date "2027-3-15" is not a date YYYY-MM-DD'],
  [{ Calendar: 'KR', Date: '2027-03-15', Name: ' ' }, 'Name " " is not a name of 1 to 100 characters'],
  [{ Calendar: 'KR', Date: '2027-03-15' }, 'Name undefined is not a name of 1 to 100 characters'],
  [null, 'Calendar undefined is not a calendar name'],
])('a bad holiday item is refused with the field and the rule: %j', (item, problem) => {
  const parsed = parseHolidayItem(item);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problems.join('\n')).toContain(problem);
});

test('table items: the good ones become days, the bad ones problems, nothing else is lost', () => {
  const { calendar, problems } = withTableDays(createHolidayCalendar(), [
    { Calendar: 'KR', Date: '2027-03-15', Name: ' 임시공휴일 ' },
    { Calendar: 'COMPANY', Date: '2027-13-01', Name: 'bad month' },
  ]);
  expect(calendar.holidayName('KR', '2027-03-15')).toBe('임시공휴일');
  expect(calendar.calendars).toEqual(['KR']);
  expect(problems).toEqual(['holiday "COMPANY 2027-13-01": Date "2027-13-01" is not a date YYYY-MM-DD']);
});

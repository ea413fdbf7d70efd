import { enFormats, koFormats } from '../../../lambda/core/messages/format';
import { koreanHolidays } from '../../../lambda/scheduler/core/korean-holidays';
import { languageFromEnv } from '../../../lambda/core/messages/language';

describe('dates and times as each language writes them', () => {
  it('writes a Korean day with its weekday, and the year only when it is not the reference year', () => {
    expect(koFormats.date('2026-11-30')).toBe('11월 30일(월)');
    expect(koFormats.date('2026-11-30', 2026)).toBe('11월 30일(월)');
    expect(koFormats.date('2027-01-01', 2026)).toBe('2027년 1월 1일(금)');
    expect(enFormats.date('2026-11-30')).toBe('Mon 30 Nov');
    expect(enFormats.date('2027-01-01', 2026)).toBe('Fri 1 Jan 2027');
  });

  it('writes a moment from an instant with its offset, in the time the offset shows', () => {
    expect(koFormats.dateTime('2026-11-30T22:00:00+09:00')).toBe('11월 30일(월) 22:00');
    expect(koFormats.dateTime('2026-12-24 07:05')).toBe('12월 24일(목) 07:05');
    expect(enFormats.dateTime('2026-11-30T22:00:00+09:00')).toBe('Mon 30 Nov 22:00');
    expect(koFormats.dateTime('2026-02-28')).toBe('2월 28일(토)');
  });

  it('refuses text that is not a date', () => {
    expect(() => koFormats.date('30.11.2026')).toThrow(/not a local date/);
  });

  it('counts with Korean counters and English plurals', () => {
    expect(koFormats.quantity(3, 'instance')).toBe('인스턴스 3대');
    expect(koFormats.quantity(12345, 'row')).toBe('행 12,345개');
    expect(koFormats.quantity(2, 'hour')).toBe('2시간');
    expect(enFormats.quantity(1, 'instance')).toBe('1 instance');
    expect(enFormats.quantity(2, 'instance')).toBe('2 instances');
  });

  it('writes durations in hours and minutes', () => {
    expect(koFormats.minutes(90)).toBe('1시간 30분');
    expect(koFormats.minutes(120)).toBe('2시간');
    expect(koFormats.minutes(0)).toBe('0분');
    expect(enFormats.minutes(90)).toBe('1h 30m');
    expect(enFormats.minutes(45)).toBe('45m');
  });
});

describe('the language a function speaks', () => {
  it('is English when unset, and refuses anything but ko or en', () => {
    expect(languageFromEnv({})).toBe('en');
    expect(languageFromEnv({ JANDI_LANGUAGE: 'ko' })).toBe('ko');
    expect(() => languageFromEnv({ JANDI_LANGUAGE: 'jp' })).toThrow('JANDI_LANGUAGE must be one of ko, en, got "jp"');
  });
});

describe('built-in holiday names', () => {
  it('names every built-in KR day of 2024 to 2050 in Korean, substitutes and shared days included', () => {
    const untranslated = new Set<string>();
    for (let year = 2024; year <= 2050; year++) {
      for (const { name } of koreanHolidays(year)) if (/[A-Za-z]/.test(koFormats.holidayName(name))) untranslated.add(name);
    }
    expect([...untranslated]).toEqual([]);
    expect(koFormats.holidayName('Substitute holiday (Chuseok)')).toBe('대체공휴일(추석)');
    expect(koFormats.holidayName('Chuseok, National Foundation Day')).toBe('추석, 개천절');
  });

  it('shows names people added as they typed them, and English names in English', () => {
    expect(koFormats.holidayName('창립기념일')).toBe('창립기념일');
    expect(koFormats.holidayName('Company picnic')).toBe('Company picnic');
    expect(enFormats.holidayName('Chuseok')).toBe('Chuseok');
  });
});

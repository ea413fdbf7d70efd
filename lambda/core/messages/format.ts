/**
 * How each language writes dates, times, counts and lists. Korean readers write a day as `11월 30일(월)` and a
 * moment as `11월 30일(월) 22:00`; English ones as `Mon 30 Nov` and `Mon 30 Nov 22:00`. The year is added only
 * when it is not the reference year, as people do in chat.
 *
 * Inputs are local calendar values (`YYYY-MM-DD`, `HH:MM`, or an ISO 8601 instant with the offset it is shown in),
 * never an instant to convert: the code that knows the time zone has already placed it.
 */
import { koreanHolidayName } from './holiday-names';
import type { Language } from './language';

export interface Formats {
  /** `2026-11-30` → `11월 30일(월)` / `Mon 30 Nov`; the year is shown when it differs from `referenceYear`. */
  date(isoDate: string, referenceYear?: number): string;
  /** `2026-11-30T22:00:00+09:00` (or `2026-11-30 22:00`) → `11월 30일(월) 22:00` / `Mon 30 Nov 22:00`. */
  dateTime(isoLocal: string, referenceYear?: number): string;
  /** A whole number with thousands separators. */
  count(n: number): string;
  /** `n` things: `인스턴스 3대` / `3 instances`. */
  quantity(n: number, noun: Noun): string;
  /** `1시간 30분` / `1h 30m`. */
  minutes(total: number): string;
  /** Items in a sentence: `a, b, c`. */
  list(items: readonly string[]): string;
  /** A built-in holiday's name (`Chuseok` → `추석`); other names as they are. */
  holidayName(name: string): string;
}

/** The things we count in messages, with how each language counts them. */
export type Noun = 'instance' | 'database' | 'attempt' | 'failure' | 'schedule' | 'holiday' | 'row' | 'record' | 'partition' | 'run' | 'hour';

const KO_WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Korean counts machines with 대 and most other things with 개 or 건; the noun comes first: `인스턴스 3대`. */
const KO_NOUNS: Readonly<Record<Noun, { readonly word: string; readonly counter: string }>> = {
  instance: { word: '인스턴스', counter: '대' },
  database: { word: '데이터베이스', counter: '개' },
  attempt: { word: '시도', counter: '회' },
  failure: { word: '실패', counter: '회' },
  schedule: { word: '스케줄', counter: '개' },
  holiday: { word: '휴일', counter: '일' },
  row: { word: '행', counter: '개' },
  record: { word: '레코드', counter: '건' },
  partition: { word: '파티션', counter: '개' },
  run: { word: '실행', counter: '회' },
  hour: { word: '', counter: '시간' },
};

const EN_NOUNS: Readonly<Record<Noun, readonly [string, string]>> = {
  instance: ['instance', 'instances'],
  database: ['database', 'databases'],
  attempt: ['attempt', 'attempts'],
  failure: ['failure', 'failures'],
  schedule: ['schedule', 'schedules'],
  holiday: ['holiday', 'holidays'],
  row: ['row', 'rows'],
  record: ['record', 'records'],
  partition: ['partition', 'partitions'],
  run: ['run', 'runs'],
  hour: ['hour', 'hours'],
};

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

function parseLocal(text: string): { year: number; month: number; day: number; weekday: number; time?: string } {
  const match = LOCAL.exec(text);
  if (!match) throw new RangeError(`not a local date or date and time: ${JSON.stringify(text)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, time: match[4] === undefined ? undefined : `${match[4]}:${match[5]}` };
}

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

export const koFormats: Formats = {
  date(isoDate, referenceYear) {
    const d = parseLocal(isoDate);
    const year = referenceYear !== undefined && d.year !== referenceYear ? `${d.year}년 ` : '';
    return `${year}${d.month}월 ${d.day}일(${KO_WEEKDAYS[d.weekday]})`;
  },
  dateTime(isoLocal, referenceYear) {
    const d = parseLocal(isoLocal);
    return d.time ? `${this.date(isoLocal, referenceYear)} ${d.time}` : this.date(isoLocal, referenceYear);
  },
  count: grouped,
  quantity(n, noun) {
    const { word, counter } = KO_NOUNS[noun];
    return word ? `${word} ${grouped(n)}${counter}` : `${grouped(n)}${counter}`;
  },
  minutes(total) {
    const hours = Math.floor(total / 60);
    const minutes = total % 60;
    return [hours > 0 ? `${hours}시간` : '', minutes > 0 || hours === 0 ? `${minutes}분` : ''].filter(Boolean).join(' ');
  },
  list: (items) => items.join(', '),
  holidayName: koreanHolidayName,
};

export const enFormats: Formats = {
  date(isoDate, referenceYear) {
    const d = parseLocal(isoDate);
    const year = referenceYear !== undefined && d.year !== referenceYear ? ` ${d.year}` : '';
    return `${EN_WEEKDAYS[d.weekday]} ${d.day} ${EN_MONTHS[d.month - 1]}${year}`;
  },
  dateTime(isoLocal, referenceYear) {
    const d = parseLocal(isoLocal);
    return d.time ? `${this.date(isoLocal, referenceYear)} ${d.time}` : this.date(isoLocal, referenceYear);
  },
  count: grouped,
  quantity(n, noun) {
    const [one, many] = EN_NOUNS[noun];
    return `${grouped(n)} ${n === 1 ? one : many}`;
  },
  minutes(total) {
    const hours = Math.floor(total / 60);
    const minutes = total % 60;
    return [hours > 0 ? `${hours}h` : '', minutes > 0 || hours === 0 ? `${minutes}m` : ''].filter(Boolean).join(' ');
  },
  list: (items) => items.join(', '),
  holidayName: (name) => name,
};

export const FORMATS: Readonly<Record<Language, Formats>> = { ko: koFormats, en: enFormats };

/**
 * The scheduler's configuration problems: bad items in its DynamoDB tables, holiday calendars that cannot be used,
 * and server groups whose dependencies or tags do not fit. Each problem names the item, the field as it is
 * spelled in the table, the value found and what is allowed; field names, values and examples stay as written.
 *
 * Korean puts the value in parentheses after 값 (`DaysActive 값("workdays")이`), so the particle follows a word
 * we know rather than whatever someone typed.
 */
import { DAYS_ACTIVE_RULE } from '../clock';
import type { Language } from './language';

/** The kinds of table item a problem is about. */
export type ProblemItem = 'schedule' | 'group' | 'exception' | 'holiday';

/** The types a field of a table item may be required to have. */
export type FieldType = 'string' | 'boolean' | 'number' | 'int' | 'array' | 'object';

/** `label`: the item, from problemLabel; `field`: as spelled in the table; `value`: as found, JSON-quoted. */
interface Field {
  readonly label: string;
  readonly field: string;
}
interface Value {
  readonly label: string;
  readonly value: string;
}

export interface SchedulerProblemMessages {
  /** `schedule "Development"`, `holiday "KR 2026-09-24"`: `id` comes quoted as the item gives it. */
  problemLabel(p: { item: ProblemItem; id: string }): string;
  problemMissing(p: Field): string;
  problemWrongType(p: Field & { expected: FieldType }): string;
  problemEmpty(p: Field): string;
  problemBelow(p: Field & { min: number }): string;
  problemAbove(p: Field & { max: number }): string;
  problemNotOneOf(p: Field & { values: readonly string[] }): string;
  /** `form`: how the value must be written, e.g. `YYYY-MM-DD`. */
  problemNotInForm(p: Field & { form: string }): string;
  problemInvalid(p: Field): string;
  problemDaysActive(p: Value): string;
  problemClockTime(p: Value & { field: 'StartTime' | 'StopTime' }): string;
  problemTimesEqual(p: { label: string }): string;
  problemTimezone(p: Value): string;
  problemSkipHolidays(p: Value): string;
  problemForcedBothWays(p: { label: string }): string;
  problemForceUntil(p: Value): string;
  problemExceptionValue(p: Value): string;
  problemHolidayCalendar(p: Value): string;
  problemHolidayDate(p: Value): string;
  problemHolidayName(p: Value): string;
  problemGroupWithoutSchedule(p: { group: string; schedule: string }): string;
  problemCalendarWithoutDays(p: { calendar: string; calendars: readonly string[] }): string;
  problemCalendarNotCovered(p: { calendar: string; year: string }): string;
  problemUnknownDependency(p: { group: string; dependency: string; schedule: string }): string;
  problemDependencyCycle(p: { schedule: string; cycle: readonly string[] }): string;
  problemUnknownGroupTag(p: { kind: string; id: string; group: string; schedule: string }): string;
  problemWrongKind(p: { kind: string; id: string; group: string; groupKind: string }): string;
  /** What a holiday calendar's name may be made of (also the synth-time validation's wording in English). */
  calendarNameRule: string;
}

const EN_CALENDAR_NAME_RULE = 'upper-case letters, digits and _ (at most 32, starting with a letter)';
const KO_CALENDAR_NAME_RULE = '영문 대문자, 숫자, _로 된 32자 이내의 이름, 영문자로 시작';

const EN_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'an item with fields',
};
/** The whole predicate, since the copula is 이어야 after a consonant and 여야 after a vowel. */
const KO_TYPES: Readonly<Record<FieldType, string>> = {
  string: '문자열이어야',
  boolean: 'true 또는 false여야',
  number: '숫자여야',
  int: '정수여야',
  array: '목록이어야',
  object: '필드가 있는 항목이어야',
};

const EN_ITEMS: Readonly<Record<ProblemItem, string>> = { schedule: 'schedule', group: 'server group', exception: 'exception', holiday: 'holiday' };
const KO_ITEMS: Readonly<Record<ProblemItem, string>> = { schedule: '스케줄', group: '서버 그룹', exception: '예외', holiday: '휴일' };

const ko: SchedulerProblemMessages = {
  problemLabel: ({ item, id }) => `${KO_ITEMS[item]} ${id}`,
  problemMissing: ({ label, field }) => `${label}: ${field} 값이 없습니다`,
  problemWrongType: ({ label, field, expected }) => `${label}: ${field} 값은 ${KO_TYPES[expected]} 합니다`,
  problemEmpty: ({ label, field }) => `${label}: ${field} 값이 비어 있습니다`,
  problemBelow: ({ label, field, min }) => `${label}: ${field} 값은 ${min} 이상이어야 합니다`,
  problemAbove: ({ label, field, max }) => `${label}: ${field} 값은 ${max} 이하여야 합니다`,
  problemNotOneOf: ({ label, field, values }) => `${label}: ${field} 값은 ${values.join(', ')} 중 하나여야 합니다`,
  problemNotInForm: ({ label, field, form }) => `${label}: ${field} 값은 ${form} 형식이어야 합니다`,
  problemInvalid: ({ label, field }) => `${label}: ${field} 값이 올바르지 않습니다`,
  problemDaysActive: ({ label, value }) =>
    `${label}: DaysActive 값(${value})이 올바르지 않습니다. 'all', 'weekdays', 'weekends' 또는 mon, tue, wed, thu, fri, sat, sun을 쉼표로 구분한 목록이어야 합니다`,
  problemClockTime: ({ label, field, value }) => `${label}: ${field} 값(${value})이 HH:MM 형식의 시각이 아닙니다`,
  problemTimesEqual: ({ label }) => `${label}: StartTime과 StopTime이 같습니다`,
  problemTimezone: ({ label, value }) => `${label}: Timezone 값(${value})이 IANA 시간대가 아닙니다`,
  problemSkipHolidays: ({ label, value }) =>
    `${label}: SkipHolidays 값(${value})이 쉼표로 구분한 휴일 달력 이름 목록이 아닙니다(이름은 ${KO_CALENDAR_NAME_RULE}). 예: KR,COMPANY`,
  problemForcedBothWays: ({ label }) => `${label}: ForceStart와 ForceStop을 동시에 true로 둘 수 없습니다`,
  problemForceUntil: ({ label, value }) => `${label}: ForceUntil 값(${value})이 오프셋을 포함한 ISO 8601 시각이 아닙니다. 예: 2026-11-30T23:00:00+09:00`,
  problemExceptionValue: ({ label, value }) => `${label}: ExceptionValue 값(${value})이 None도, H:M 형식의 시각도 아닙니다`,
  problemHolidayCalendar: ({ label, value }) => `${label}: Calendar 값(${value})이 휴일 달력 이름이 아닙니다(${KO_CALENDAR_NAME_RULE})`,
  problemHolidayDate: ({ label, value }) => `${label}: Date 값(${value})이 YYYY-MM-DD 형식의 날짜가 아닙니다`,
  problemHolidayName: ({ label, value }) => `${label}: Name 값(${value})이 1~100자의 이름이 아닙니다`,
  problemGroupWithoutSchedule: ({ group, schedule }) => `서버 그룹 ${group}에 지정된 ${schedule} 스케줄이 없습니다`,
  problemCalendarWithoutDays: ({ calendar, calendars }) =>
    `SkipHolidays에 지정된 ${calendar} 달력에는 휴일 테이블에 등록된 날이 없습니다. 사용할 수 있는 달력: ${calendars.join(', ')}`,
  problemCalendarNotCovered: ({ calendar, year }) =>
    `${calendar} 휴일 달력에 ${year}년 휴일이 없습니다. 휴일 테이블에 ${calendar} 달력으로 그해 휴일을 추가하세요`,
  problemUnknownDependency: ({ group, dependency, schedule }) => `서버 그룹 ${group}의 의존 대상인 ${dependency} 그룹이 ${schedule} 스케줄에 없습니다`,
  problemDependencyCycle: ({ schedule, cycle }) => `${schedule} 스케줄의 서버 그룹들이 서로 순환 의존합니다: ${cycle.join(' -> ')}`,
  problemUnknownGroupTag: ({ kind, id, group, schedule }) => `${kind} ${id}: 태그에 지정된 ${group} 그룹이 ${schedule} 스케줄에 없어 관리하지 않습니다`,
  problemWrongKind: ({ kind, id, group, groupKind }) => `${kind} ${id}: ${group} 그룹의 InstanceType(${groupKind})과 종류가 달라 관리하지 않습니다`,
  calendarNameRule: KO_CALENDAR_NAME_RULE,
};

const en: SchedulerProblemMessages = {
  problemLabel: ({ item, id }) => `${EN_ITEMS[item]} ${id}`,
  problemMissing: ({ label, field }) => `${label}: ${field} is missing`,
  problemWrongType: ({ label, field, expected }) => `${label}: ${field} must be ${EN_TYPES[expected]}`,
  problemEmpty: ({ label, field }) => `${label}: ${field} must not be empty`,
  problemBelow: ({ label, field, min }) => `${label}: ${field} must be at least ${min}`,
  problemAbove: ({ label, field, max }) => `${label}: ${field} must be at most ${max}`,
  problemNotOneOf: ({ label, field, values }) => `${label}: ${field} must be one of ${values.join(', ')}`,
  problemNotInForm: ({ label, field, form }) => `${label}: ${field} must be written as ${form}`,
  problemInvalid: ({ label, field }) => `${label}: ${field} is not valid`,
  problemDaysActive: ({ label, value }) => `${label}: DaysActive ${value} is not ${DAYS_ACTIVE_RULE}`,
  problemClockTime: ({ label, field, value }) => `${label}: ${field} ${value} is not a time HH:MM`,
  problemTimesEqual: ({ label }) => `${label}: StartTime and StopTime are equal`,
  problemTimezone: ({ label, value }) => `${label}: Timezone ${value} is not an IANA time zone`,
  problemSkipHolidays: ({ label, value }) =>
    `${label}: SkipHolidays ${value} is not a comma-separated list of calendar names (${EN_CALENDAR_NAME_RULE}), e.g. KR,COMPANY`,
  problemForcedBothWays: ({ label }) => `${label}: ForceStart and ForceStop cannot both be true`,
  problemForceUntil: ({ label, value }) => `${label}: ForceUntil ${value} is not an ISO 8601 time with an offset, e.g. 2026-11-30T23:00:00+09:00`,
  problemExceptionValue: ({ label, value }) => `${label}: ExceptionValue ${value} is neither None nor a time H:M`,
  problemHolidayCalendar: ({ label, value }) => `${label}: Calendar ${value} is not a calendar name (${EN_CALENDAR_NAME_RULE})`,
  problemHolidayDate: ({ label, value }) => `${label}: Date ${value} is not a date YYYY-MM-DD`,
  problemHolidayName: ({ label, value }) => `${label}: Name ${value} is not a name of 1 to 100 characters`,
  problemGroupWithoutSchedule: ({ group, schedule }) => `server group ${group} names schedule ${schedule}, which does not exist`,
  problemCalendarWithoutDays: ({ calendar, calendars }) =>
    `SkipHolidays names calendar ${calendar}, which has no days in the holidays table; calendars: ${calendars.join(', ')}`,
  problemCalendarNotCovered: ({ calendar, year }) =>
    `the ${calendar} holiday calendar does not cover ${year}; add that year's holidays to the holidays table under ${calendar}`,
  problemUnknownDependency: ({ group, dependency, schedule }) => `server group ${group} depends on ${dependency}, which is not a group of schedule ${schedule}`,
  problemDependencyCycle: ({ schedule, cycle }) => `server groups of schedule ${schedule} depend on each other in a cycle: ${cycle.join(' -> ')}`,
  problemUnknownGroupTag: ({ kind, id, group, schedule }) =>
    `${kind} ${id} is tagged with group ${group}, which is not a group of schedule ${schedule}; left alone`,
  problemWrongKind: ({ kind, id, group, groupKind }) => `${kind} ${id} is in group ${group}, whose InstanceType is ${groupKind}; left alone`,
  calendarNameRule: EN_CALENDAR_NAME_RULE,
};

export const schedulerProblemMessages: Readonly<Record<Language, SchedulerProblemMessages>> = { ko, en };

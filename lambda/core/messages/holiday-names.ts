/**
 * Korean names of the built-in KR holidays. The holiday rules (scheduler/core/korean-holidays.ts) name days in
 * English, which is also how the tables, the CLI and the tests know them; Korean readers see the names printed
 * on their calendars. Names people add to the holidays table are shown as they were typed.
 */
const KO_NAMES: Readonly<Record<string, string>> = {
  "New Year's Day": '신정',
  Seollal: '설날',
  'Independence Movement Day': '삼일절',
  'Labor Day': '노동절',
  "Children's Day": '어린이날',
  "Buddha's Birthday": '부처님오신날',
  'Memorial Day': '현충일',
  'Constitution Day': '제헌절',
  'Liberation Day': '광복절',
  Chuseok: '추석',
  'National Foundation Day': '개천절',
  'Hangul Day': '한글날',
  'Christmas Day': '기독탄신일',
  'Presidential election': '대통령 선거일',
  'National Assembly election': '국회의원 선거일',
  'Local elections': '전국동시지방선거일',
  'Temporary holiday': '임시공휴일',
  'Armed Forces Day (temporary holiday)': '국군의 날(임시공휴일)',
};

const SUBSTITUTE = /^Substitute holiday \((.+)\)$/;

function koreanName(name: string): string {
  const substitute = SUBSTITUTE.exec(name);
  if (substitute) return `대체공휴일(${koreanName(substitute[1])})`;
  return KO_NAMES[name] ?? name;
}

/** Two holidays on one day are named together, `A, B`; each part is translated on its own. */
export function koreanHolidayName(name: string): string {
  return name.split(', ').map(koreanName).join(', ');
}

/**
 * Configuration problems as people read them: each names the item, the field and what it must be, in the
 * language the scheduler speaks (English unless told otherwise, as for the CLI).
 */
import { schedulerMessages } from '../../lambda/core/messages/scheduler';
import { decideTick, type ObservedInstance, type SchedulerEvent } from '../../lambda/scheduler/core/decide';
import { createHolidayCalendar, parseHolidayItem, withTableDays } from '../../lambda/scheduler/core/holidays';
import { parseException, parseGroup, parseSchedule, type ExceptionItem, type GroupItem, type ScheduleItem } from '../../lambda/scheduler/core/model';
import { exception, group, holidays, instance, kst, scheduleItem } from './fixtures';

const ko = schedulerMessages.ko;
const problemsOf = (parsed: { ok: true } | { ok: false; problems: string[] }) => (parsed.ok ? [] : parsed.problems);

describe('items that do not have the shape of their table', () => {
  test('a missing field, a wrong type, a number out of range and an empty name are named with what they must be', () => {
    const { Enabled: _missing, ...withoutEnabled } = scheduleItem();
    expect(problemsOf(parseSchedule({ ...withoutEnabled, DaysActive: 5, WarnMinutes: 200, TagValue: '' }, 'Asia/Seoul'))).toEqual([
      'schedule "Development": TagValue must not be empty',
      'schedule "Development": DaysActive must be text',
      'schedule "Development": Enabled is missing',
      'schedule "Development": WarnMinutes must be at most 120',
    ]);
    expect(problemsOf(parseSchedule(scheduleItem({ WarnMinutes: 1.5 }), 'Asia/Seoul'))).toEqual(['schedule "Development": WarnMinutes must be a whole number']);
    expect(problemsOf(parseSchedule(scheduleItem({ WarnMinutes: -1 }), 'Asia/Seoul'))).toEqual(['schedule "Development": WarnMinutes must be at least 0']);
    expect(problemsOf(parseSchedule(null, 'Asia/Seoul'))).toEqual(['schedule "?": (item) must be an item with fields']);
  });

  test('an unknown instance type lists the allowed ones; a badly written date says how to write it', () => {
    expect(problemsOf(parseGroup({ GroupName: 'API', ScheduleName: 'Development', InstanceType: 'EC3', Dependency: ['DB', 7] }))).toEqual([
      'server group "API": InstanceType must be one of EC2, RDS, AURORA, ASG',
      'server group "API": Dependency.1 must be text',
    ]);
    expect(problemsOf(parseException({ ...exception('2026-11-23', 'stop', '23:00'), ExceptionUuid: 'e-1', ExceptionDate: '2026/11/23' }))).toEqual([
      'exception "e-1": ExceptionDate must be written as YYYY-MM-DD',
    ]);
  });

  test('in Korean, with the field names and allowed values as written', () => {
    const { Enabled: _missing, ...withoutEnabled } = scheduleItem();
    expect(problemsOf(parseSchedule({ ...withoutEnabled, WarnMinutes: 200 }, 'Asia/Seoul', ko))).toEqual([
      '스케줄 "Development": Enabled 값이 없습니다',
      '스케줄 "Development": WarnMinutes 값은 120 이하여야 합니다',
    ]);
    expect(problemsOf(parseSchedule(scheduleItem({ Enabled: 'yes' as never }), 'Asia/Seoul', ko))).toEqual([
      '스케줄 "Development": Enabled 값은 true 또는 false여야 합니다',
    ]);
    expect(problemsOf(parseGroup({ GroupName: 'API', ScheduleName: 'Development', InstanceType: 'EC3' }, ko))).toEqual([
      '서버 그룹 "API": InstanceType 값은 EC2, RDS, AURORA, ASG 중 하나여야 합니다',
    ]);
    expect(problemsOf(parseException({ ...exception('2026-11-23', 'stop', '23:00'), ExceptionUuid: 'e-1', ExceptionDate: '2026/11/23' }, ko))).toEqual([
      '예외 "e-1": ExceptionDate 값은 YYYY-MM-DD 형식이어야 합니다',
    ]);
  });
});

describe('values the scheduler cannot use, in Korean', () => {
  test('every check of a schedule', () => {
    const item = scheduleItem({
      DaysActive: 'workdays',
      StartTime: '9.30',
      StopTime: '9.30',
      Timezone: 'Asia/Busan',
      SkipHolidays: 'kr',
      ForceStart: true,
      ForceStop: true,
      ForceUntil: 'tomorrow',
    });
    expect(problemsOf(parseSchedule(item, 'Asia/Seoul', ko))).toEqual([
      `스케줄 "Development": DaysActive 값("workdays")이 올바르지 않습니다. 'all', 'weekdays', 'weekends' 또는 mon, tue, wed, thu, fri, sat, sun을 쉼표로 구분한 목록이어야 합니다`,
      '스케줄 "Development": StartTime 값("9.30")이 HH:MM 형식의 시각이 아닙니다',
      '스케줄 "Development": StopTime 값("9.30")이 HH:MM 형식의 시각이 아닙니다',
      '스케줄 "Development": Timezone 값("Asia/Busan")이 IANA 시간대가 아닙니다',
      '스케줄 "Development": SkipHolidays 값("kr")이 쉼표로 구분한 휴일 달력 이름 목록이 아닙니다(이름은 영문 대문자, 숫자, _로 된 32자 이내의 이름, 영문자로 시작). 예: KR,COMPANY',
      '스케줄 "Development": ForceStart와 ForceStop을 동시에 true로 둘 수 없습니다',
      '스케줄 "Development": ForceUntil 값("tomorrow")이 오프셋을 포함한 ISO 8601 시각이 아닙니다. 예: 2026-11-30T23:00:00+09:00',
    ]);
    expect(problemsOf(parseSchedule(scheduleItem({ StopTime: '09:30' }), 'Asia/Seoul', ko))).toEqual(['스케줄 "Development": StartTime과 StopTime이 같습니다']);
    expect(problemsOf(parseException({ ...exception('2026-11-23', 'stop', '25:00'), ExceptionUuid: 'e-1' }, ko))).toEqual([
      '예외 "e-1": ExceptionValue 값("25:00")이 None도, H:M 형식의 시각도 아닙니다',
    ]);
  });

  test('holiday items, one by one and as the table', () => {
    expect(problemsOf(parseHolidayItem({ Calendar: 'kr', Date: '2027-02-30', Name: ' ' }, ko))).toEqual([
      '휴일 "kr 2027-02-30": Calendar 값("kr")이 휴일 달력 이름이 아닙니다(영문 대문자, 숫자, _로 된 32자 이내의 이름, 영문자로 시작)',
      '휴일 "kr 2027-02-30": Date 값("2027-02-30")이 YYYY-MM-DD 형식의 날짜가 아닙니다',
      '휴일 "kr 2027-02-30": Name 값(" ")이 1~100자의 이름이 아닙니다',
    ]);
    const table = [
      { Calendar: 'KR', Date: '2027-03-15', Name: '임시공휴일' },
      { Calendar: 'COMPANY', Date: '2027-13-01', Name: 'bad month' },
    ];
    expect(withTableDays(createHolidayCalendar(), table, ko).problems).toEqual([
      '휴일 "COMPANY 2027-13-01": Date 값("2027-13-01")이 YYYY-MM-DD 형식의 날짜가 아닙니다',
    ]);
    expect(withTableDays(createHolidayCalendar(), table).problems).toEqual(['holiday "COMPANY 2027-13-01": Date "2027-13-01" is not a date YYYY-MM-DD']);
  });
});

describe('a tick speaking Korean reports its problems in Korean', () => {
  function tick(at: Date, world: { schedules?: ScheduleItem[]; groups?: GroupItem[]; exceptions?: ExceptionItem[]; instances?: ObservedInstance[] }) {
    return decideTick({
      now: at,
      defaultTimezone: 'Asia/Seoul',
      tables: { schedules: world.schedules ?? [scheduleItem()], groups: world.groups ?? [], exceptions: world.exceptions ?? [] },
      instances: world.instances ?? [],
      states: { Development: { lastDesired: 'stopped' } },
      holidays,
      say: ko,
    }).events;
  }
  const problems = (events: SchedulerEvent[]) => events.flatMap((e) => (e.type === 'config-error' ? [`${e.schedule}: ${e.problems.join(' | ')}`] : []));

  test('dependencies, cycles, tags and kinds', () => {
    const at = kst('2026-11-23 09:30');
    expect(problems(tick(at, { groups: [group('GROUP1', ['GROUP0'])] }))).toEqual([
      'Development: 서버 그룹 GROUP1의 의존 대상인 GROUP0 그룹이 Development 스케줄에 없습니다',
    ]);
    expect(problems(tick(at, { groups: [group('A', ['B']), group('B', ['A'])] }))).toEqual([
      'Development: Development 스케줄의 서버 그룹들이 서로 순환 의존합니다: A -> B -> A',
    ]);
    const instances = [instance('i-1', 'GROUP9', 'stopped'), instance('i-2', 'DB', 'stopped')];
    expect(problems(tick(at, { groups: [group('DB', [], { InstanceType: 'RDS' })], instances }))).toEqual([
      'Development: EC2 i-1: 태그에 지정된 GROUP9 그룹이 Development 스케줄에 없어 관리하지 않습니다 | EC2 i-2: DB 그룹의 InstanceType(RDS)과 종류가 달라 관리하지 않습니다',
    ]);
  });

  test('groups without their schedule, bad exceptions and holiday calendars', () => {
    const events = tick(kst('2026-11-23 12:00'), {
      groups: [group('X', [], { ScheduleName: 'Nope' })],
      exceptions: [{ ...exception('2026-11-23', 'stop', '25:00'), ExceptionUuid: 'e-1' }],
    });
    expect(problems(events)).toEqual([
      '*: 예외 "e-1": ExceptionValue 값("25:00")이 None도, H:M 형식의 시각도 아닙니다 | 서버 그룹 X에 지정된 Nope 스케줄이 없습니다',
    ]);
    expect(problems(tick(kst('2026-11-23 12:00'), { schedules: [scheduleItem({ SkipHolidays: 'COMAPNY' })] }))).toEqual([
      'Development: SkipHolidays에 지정된 COMAPNY 달력에는 휴일 테이블에 등록된 날이 없습니다. 사용할 수 있는 달력: KR, COMPANY',
    ]);
    expect(problems(tick(new Date('2100-03-01T03:00:00Z'), { schedules: [scheduleItem({ SkipHolidays: 'KR' })] }))).toEqual([
      'Development: KR 휴일 달력에 2100년 휴일이 없습니다. 휴일 테이블에 KR 달력으로 그해 휴일을 추가하세요',
    ]);
  });
});

import { type SchedulerMessages, schedulerMessages } from '../../../lambda/core/messages/scheduler';
import { describeCatalogueArea, type Samples } from '../../helpers/catalogue';

const dev = { schedule: 'Development', group: 'API' };
const web1 = { ...dev, instance: 'web-1 (i-0abc)' };
const label = 'schedule "Development"';
const field = { label, field: 'WarnMinutes' };

const samples: Samples<SchedulerMessages> = {
  starting: [[{ ...dev, count: 1 }], [{ ...dev, count: 3 }]],
  stopping: [[{ ...dev, count: 1 }], [{ ...dev, count: 12 }]],
  restartedByAws: [[{ schedule: 'Development', count: 1 }], [{ schedule: 'Development', count: 2 }]],
  instancesField: null,
  warning: [[{ schedule: 'Development', at: '22:00', running: 1, forceEnds: false }], [{ schedule: 'Development', at: '23:30', running: 12, forceEnds: true }]],
  warningExtend: [[{ command: '/scheduler', schedule: 'Development' }]],
  warningForceLonger: [[{ command: '/dev', schedule: 'Development' }]],
  settled: [[{ schedule: 'Development', target: 'running', count: 1 }], [{ schedule: 'Development', target: 'stopped', count: 7 }]],
  timeout: [[{ ...dev, target: 'running', minutes: 20 }], [{ ...dev, target: 'stopped', minutes: 90 }]],
  instanceState: [[{ state: 'running' }], [{ state: 'stopped' }], [{ state: 'starting' }], [{ state: 'stopping' }], [{ state: 'unavailable' }]],
  blocked: [[{ ...dev, target: 'running', waitingFor: ['DB'] }], [{ ...dev, target: 'stopped', waitingFor: ['WEB', 'BATCH'] }]],
  configProblemsInTables: null,
  configProblemsOfSchedule: [[{ schedule: 'Development' }]],
  noCapacity: [[web1]],
  noCapacityAlert: [[{ ...web1, attempts: 3 }]],
  capacityRetry: [[{ schedule: 'Development', retryMinutes: 5 }], [{ schedule: 'Development', retryMinutes: 90 }]],
  capacityElsewhere: null,
  capacityRestored: [[{ ...web1, attempts: 1 }], [{ ...web1, attempts: 5 }]],
  fellBack: [[web1]],
  fellBackReason: [[{ reason: 'Client.InternalError: Client error on launch' }]],
  noStateReason: null,
  kmsKeyHint: null,
  actionFailed: [[{ ...dev, action: 'start', count: 1 }], [{ ...dev, action: 'stop', count: 2 }]],
  problemLabel: [
    [{ item: 'schedule', id: '"Development"' }],
    [{ item: 'group', id: '"API"' }],
    [{ item: 'exception', id: '"?"' }],
    [{ item: 'holiday', id: '"KR 2026-09-24"' }],
  ],
  problemMissing: [[{ label, field: 'Enabled' }]],
  problemWrongType: [
    [{ label, field: 'Enabled', expected: 'boolean' }],
    [{ label, field: 'DaysActive', expected: 'string' }],
    [{ label, field: 'WarnMinutes', expected: 'number' }],
    [{ label, field: 'WarnMinutes', expected: 'int' }],
    [{ label, field: 'Dependency', expected: 'array' }],
    [{ label, field: '(item)', expected: 'object' }],
  ],
  problemEmpty: [[{ label, field: 'TagValue' }]],
  problemBelow: [[{ ...field, min: 0 }]],
  problemAbove: [[{ ...field, max: 120 }]],
  problemNotOneOf: [[{ label: 'server group "API"', field: 'InstanceType', values: ['EC2', 'RDS', 'AURORA', 'ASG'] }]],
  problemNotInForm: [[{ label: 'exception "e-1"', field: 'ExceptionDate', form: 'YYYY-MM-DD' }]],
  problemInvalid: [[{ label, field: 'Timezone' }]],
  problemDaysActive: [[{ label, value: '"workdays"' }]],
  problemClockTime: [[{ label, field: 'StartTime', value: '"9.30"' }], [{ label, field: 'StopTime', value: '"25:00"' }]],
  problemTimesEqual: [[{ label }]],
  problemTimezone: [[{ label, value: '"Asia/Busan"' }]],
  problemSkipHolidays: [[{ label, value: '"kr"' }]],
  problemForcedBothWays: [[{ label }]],
  problemForceUntil: [[{ label, value: '"tomorrow"' }]],
  problemExceptionValue: [[{ label: 'exception "e-1"', value: '"25:00"' }]],
  problemHolidayCalendar: [[{ label: 'holiday "kr 2027-03-15"', value: '"kr"' }]],
  problemHolidayDate: [[{ label: 'holiday "KR 2027-02-30"', value: '"2027-02-30"' }]],
  problemHolidayName: [[{ label: 'holiday "KR 2027-03-15"', value: '" "' }]],
  problemGroupWithoutSchedule: [[{ group: 'X', schedule: 'Nope' }]],
  problemCalendarWithoutDays: [[{ calendar: 'COMAPNY', calendars: ['KR', 'COMPANY'] }]],
  problemCalendarNotCovered: [[{ calendar: 'KR', year: '2100' }]],
  problemUnknownDependency: [[{ group: 'GROUP1', dependency: 'GROUP0', schedule: 'Development' }]],
  problemDependencyCycle: [[{ schedule: 'Development', cycle: ['GROUP1', 'GROUP3', 'GROUP1'] }]],
  problemUnknownGroupTag: [[{ kind: 'EC2', id: 'i-1', group: 'GROUP9', schedule: 'Development' }]],
  problemWrongKind: [[{ kind: 'EC2', id: 'i-2', group: 'DB', groupKind: 'RDS' }]],
  calendarNameRule: null,
};

describe('scheduler messages', () => {
  describeCatalogueArea(schedulerMessages, samples);

  const { ko, en } = schedulerMessages;

  it('announces starts and stops with Korean counters', () => {
    expect(ko.starting({ schedule: 'Development', group: 'web', count: 3 })).toBe('Development 스케줄의 web 그룹을 시작합니다: 인스턴스 3대');
    expect(ko.stopping({ ...dev, count: 1 })).toBe('Development 스케줄의 API 그룹을 중지합니다: 인스턴스 1대');
    expect(en.starting({ ...dev, count: 1 })).toBe('Starting API of Development: 1 instance');
    expect(ko.restartedByAws({ schedule: 'Development', count: 2 })).toContain('데이터베이스 2개');
  });

  it('gives the stop time and the commands unchanged inside backticks', () => {
    expect(ko.warning({ schedule: 'Development', at: '22:00', running: 12, forceEnds: false })).toBe(
      'Development 스케줄이 22:00에 중지됩니다: 인스턴스 12대 실행 중',
    );
    expect(ko.warning({ schedule: 'Development', at: '23:30', running: 2, forceEnds: true })).toBe(
      'Development 스케줄의 강제 시작이 23:30에 끝나 중지됩니다: 인스턴스 2대 실행 중',
    );
    expect(ko.warningExtend({ command: '/scheduler', schedule: 'Dev' })).toContain('`/scheduler extend Dev 1h`');
    expect(ko.warningExtend({ command: '/scheduler', schedule: 'Dev' })).toContain('`/scheduler extend Dev until 23:30`');
    expect(ko.warningForceLonger({ command: '/dev', schedule: 'Dev' })).toContain('`/dev start Dev for 1h confirm`');
  });

  it('writes durations and counts as each language does', () => {
    expect(ko.timeout({ ...dev, target: 'running', minutes: 90 })).toBe('Development 스케줄의 API 그룹이 1시간 30분 안에 실행 상태가 되지 않았습니다');
    expect(en.timeout({ ...dev, target: 'running', minutes: 20 })).toBe('API of Development did not reach running within 20 minutes');
    expect(ko.capacityRetry({ schedule: 'Development', retryMinutes: 30 })).toMatch(/^30분 후에 다시 시도하고/);
    expect(en.capacityRestored({ ...web1, attempts: 1 })).toBe('web-1 (i-0abc) of API (Development) started after 1 capacity failure');
    expect(en.noCapacityAlert({ ...web1, attempts: 1 })).toBe('web-1 (i-0abc) of API (Development) still cannot start after 1 attempt: no capacity');
    expect(ko.actionFailed({ ...dev, action: 'stop', count: 2 })).toBe('Development 스케줄 API 그룹의 인스턴스 2대를 중지하지 못했습니다');
  });

  it('keeps field names, values and examples of configuration problems as written', () => {
    const problem = ko.problemDaysActive({ label: ko.problemLabel({ item: 'schedule', id: '"Development"' }), value: '"workdays"' });
    expect(problem).toMatch(/^스케줄 "Development": DaysActive 값\("workdays"\)이 올바르지 않습니다\. 'all', 'weekdays', 'weekends' 또는 mon, /);
    expect(ko.problemSkipHolidays({ label, value: '"kr"' })).toContain('예: KR,COMPANY');
    expect(ko.problemDependencyCycle({ schedule: 'Development', cycle: ['A', 'B', 'A'] })).toContain('A -> B -> A');
    expect(en.problemNotOneOf({ label: 'server group "API"', field: 'InstanceType', values: ['EC2', 'RDS'] })).toBe(
      'server group "API": InstanceType must be one of EC2, RDS',
    );
  });
});

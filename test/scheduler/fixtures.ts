import { createHolidayCalendar } from '../../lambda/scheduler/core/holidays';
import { parseSchedule, type ExceptionItem, type GroupItem, type Schedule, type ScheduleItem } from '../../lambda/scheduler/core/model';
import type { ObservedInstance } from '../../lambda/scheduler/core/decide';

export const holidays = createHolidayCalendar([{ calendar: 'COMPANY', date: '2026-12-31', name: 'Year-end company holiday' }]);

export function scheduleItem(overrides: Partial<ScheduleItem> = {}): ScheduleItem {
  return {
    ScheduleName: 'Development',
    TagValue: 'Development',
    DaysActive: 'weekdays',
    Enabled: true,
    StartTime: '09:30',
    StopTime: '22:00',
    ForceStart: false,
    ...overrides,
  };
}

export function schedule(overrides: Partial<ScheduleItem> = {}): Schedule {
  const parsed = parseSchedule(scheduleItem(overrides), 'Asia/Seoul');
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.value;
}

export function group(name: string, dependency: string[] = [], overrides: Partial<GroupItem> = {}): GroupItem {
  return { GroupName: name, ScheduleName: 'Development', InstanceType: 'EC2', Dependency: dependency, ...overrides };
}

let uuid = 0;
export function exception(date: string, type: 'start' | 'stop', value: string, scheduleName = 'Development'): ExceptionItem {
  uuid++;
  return {
    ExceptionUuid: `00000000-0000-4000-8000-${String(uuid).padStart(12, '0')}`,
    ScheduleName: scheduleName,
    ExceptionDate: date,
    ExceptionType: type,
    ExceptionValue: value,
  };
}

/** A local time in Seoul: kst('2026-11-23 09:30'). */
export function kst(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+09:00`);
}

export function instance(
  id: string,
  groupTag: string | undefined,
  state: ObservedInstance['state'],
  overrides: Partial<ObservedInstance> = {},
): ObservedInstance {
  return { id, kind: 'EC2', name: `${id}-name`, scheduleTag: 'Development', groupTag, state, ...overrides };
}

/** Names of the scheduler's tables, and the configuration's schedules as table items; shared by the construct and the CLI. */
import type { PlatformConfig } from '../config/schema';
import type { GroupItem, HolidayItem, ScheduleItem } from '../../lambda/scheduler/core/model';

export interface SchedulerTableNameSet {
  readonly schedules: string;
  readonly groups: string;
  readonly exceptions: string;
  readonly state: string;
  readonly holidays: string;
}

export function schedulerTableNames(envName: string): SchedulerTableNameSet {
  return {
    schedules: `${envName}-scheduler-schedules`,
    groups: `${envName}-scheduler-groups`,
    exceptions: `${envName}-scheduler-exceptions`,
    state: `${envName}-scheduler-state`,
    holidays: `${envName}-scheduler-holidays`,
  };
}

/** The configuration's `scheduler.schedules`, `groups` and `companyHolidays` in the DynamoDB item shapes (the seed). */
export function configuredSchedulerItems(config: PlatformConfig): { schedules: ScheduleItem[]; groups: GroupItem[]; holidays: HolidayItem[] } {
  const schedules = config.scheduler.schedules.map((s) => {
    const item: ScheduleItem = {
      ScheduleName: s.name,
      TagValue: s.tagValue ?? s.name,
      DaysActive: s.daysActive,
      Enabled: s.enabled,
      StartTime: s.startTime,
      StopTime: s.stopTime,
      ForceStart: s.forceStart,
      ForceStop: s.forceStop,
      Enforce: s.enforce,
      WarnMinutes: s.warnMinutes,
    };
    if (s.timezone) item.Timezone = s.timezone;
    if (s.skipHolidays) item.SkipHolidays = s.skipHolidays;
    return item;
  });
  const groups = config.scheduler.groups.map((g) => ({
    GroupName: g.name,
    ScheduleName: g.schedule,
    InstanceType: g.instanceType,
    Dependency: [...g.dependsOn],
  }));
  const holidays = config.scheduler.companyHolidays.map((h) => ({ Calendar: h.calendar, Date: h.date, Name: h.name }));
  return { schedules, groups, holidays };
}

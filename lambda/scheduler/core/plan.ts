/**
 * What the scheduler would do over a period: the real decision code run tick by tick against a virtual fleet
 * (one instance per server group) in which every start or stop settles within one tick.
 */
import { formatZoned } from '../../core/zoned-time';
import { decideTick, type ObservedInstance, type ScheduleState, type SchedulerEvent } from './decide';
import { desiredState } from './desired';
import { withTableDays, type HolidayCalendar } from './holidays';
import { parseSchedule, validExceptions, type SchedulerTables } from './model';
import { ScheduleTimeline } from './timeline';

export interface PlannedAction {
  /** ISO-8601 with the offset of the app time zone. */
  readonly at: string;
  readonly schedule: string;
  readonly group: string | null;
  readonly action: 'start' | 'stop' | 'warn';
}

export interface PlanInput {
  readonly tables: SchedulerTables;
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  /** The app time zone: schedules without a Timezone use it, and `at` is written in it. */
  readonly timezone: string;
  readonly holidays: HolidayCalendar;
  /** @default 5 */
  readonly tickMinutes?: number;
}

export interface Plan {
  readonly actions: PlannedAction[];
  /** Configuration problems found on the way (those schedules are left alone, as the scheduler would). */
  readonly problems: string[];
}

export function planActions(input: PlanInput): Plan {
  const tickMs = (input.tickMinutes ?? 5) * 60_000;
  const exceptions = validExceptions(input.tables.exceptions);
  const holidays = withTableDays(input.holidays, input.tables.holidays).calendar;

  // Start where the schedules already are: each group's virtual instance in its schedule's state at `from`.
  const states: Record<string, ScheduleState> = {};
  const fleet = new Map<string, ObservedInstance>();
  for (const item of input.tables.schedules) {
    const parsed = parseSchedule(item, input.timezone);
    if (!parsed.ok) continue;
    const schedule = parsed.value;
    const desired = desiredState(schedule, new ScheduleTimeline(schedule, exceptions, holidays), input.from).state;
    // An unmanaged schedule's servers are never acted on, so what its virtual instances start as does not matter.
    if (desired !== 'unmanaged') states[schedule.name] = { lastDesired: desired };
    for (const group of input.tables.groups.filter((g) => g.ScheduleName === schedule.name)) {
      fleet.set(group.GroupName, {
        id: group.GroupName,
        kind: group.InstanceType,
        name: group.GroupName,
        scheduleTag: schedule.tagValue,
        groupTag: group.GroupName,
        state: desired === 'running' ? 'running' : 'stopped',
      });
    }
  }

  const actions: PlannedAction[] = [];
  const problems = new Set<string>();
  let current = states;
  const first = Math.ceil(input.from.getTime() / tickMs) * tickMs;
  for (let t = first; t < input.to.getTime(); t += tickMs) {
    const now = new Date(t);
    const decision = decideTick({
      now,
      defaultTimezone: input.timezone,
      tables: input.tables,
      instances: [...fleet.values()],
      states: current,
      holidays: input.holidays,
    });
    current = decision.states;
    for (const event of decision.events) {
      const planned = toPlanned(event, formatZoned(now, input.timezone));
      if (planned) actions.push(planned);
      if (event.type === 'start' || event.type === 'stop') {
        for (const instance of event.instances) fleet.set(instance.id, { ...instance, state: event.type === 'start' ? 'running' : 'stopped' });
      }
      if (event.type === 'config-error') for (const p of event.problems) problems.add(p);
    }
  }
  return { actions, problems: [...problems] };
}

function toPlanned(event: SchedulerEvent, at: string): PlannedAction | undefined {
  switch (event.type) {
    case 'start':
    case 'stop':
      return { at, schedule: event.schedule, group: event.group, action: event.type };
    case 'warn':
      return { at, schedule: event.schedule, group: null, action: 'warn' };
    default:
      return undefined;
  }
}

/**
 * What the scheduler does at one tick: a pure function of the time, the tables, the observed instances and the
 * state kept between ticks. It returns the events (start and stop actions, warnings, alerts) and the new state.
 *
 * A schedule acts on transitions (its desired state changing, or first being seen) and keeps working on a
 * transition across ticks until every instance has settled; between transitions it leaves manual starts and
 * stops alone unless Enforce (or ForceStart/ForceStop) is set. Groups start only when every group they depend
 * on is observed running, and stop only after every group depending on them is observed stopped.
 */
import { findDependencyCycle } from '../../core/dependencies';
import { schedulerMessages, type SchedulerMessages } from '../../core/messages/scheduler';
import { localDate } from '../../core/zoned-time';
import { restopAutoRestarted, trackStoppedDatabases } from './auto-restart';
import { desiredState, nextChange } from './desired';
import { withTableDays, type HolidayCalendar } from './holidays';
import {
  parseException,
  parseGroup,
  parseSchedule,
  type GroupItem,
  type InstanceKind,
  type Schedule,
  type ScheduleException,
  type SchedulerTables,
} from './model';
import { hasCapacityTrouble, reviewStarts, waitingForCapacity, type RetryOptions, type StartRecord } from './retries';
import { ScheduleTimeline, type Desired } from './timeline';

export type InstanceState = 'running' | 'stopped' | 'starting' | 'stopping' | 'unavailable';

export interface ObservedInstance {
  readonly id: string;
  readonly kind: InstanceKind;
  readonly name?: string;
  /** Value of the schedule tag. */
  readonly scheduleTag: string;
  /** Value of the group tag, if any. */
  readonly groupTag?: string;
  readonly state: InstanceState;
  /**
   * EC2 instance type or RDS instance class (what an hour of it costs); Aurora clusters and Auto Scaling groups
   * have none of their own, and give their members' joined by `+`.
   */
  readonly size?: string;
  /** Why EC2 last changed the instance's state (`Client.InternalError`, `Server.InsufficientInstanceCapacity`...). */
  readonly stateReason?: { readonly code: string; readonly message?: string };
}

export interface GroupProgress {
  issuedAt: string;
  timeoutAlerted?: boolean;
  /** Came up but for instances waiting for capacity: from then on only those are started again. */
  up?: boolean;
}

export interface Transition extends StartRecord {
  target: Desired;
  startedAt: string;
  acted: boolean;
  groups: Record<string, GroupProgress>;
  blockedAlerted: string[];
}

export interface ScheduleState {
  lastDesired?: Desired;
  transition?: Transition;
  warnedStopAt?: string;
  /** RDS instances and Aurora clusters this scheduler stopped, and when: AWS starts them again after seven days. */
  stoppedByUs?: Record<string, string>;
  problemsDigest?: string;
}

export type StopReason = 'schedule' | 'auto-restart';

export type SchedulerEvent =
  | { type: 'start'; schedule: string; group: string; instances: ObservedInstance[]; repeat: boolean }
  | { type: 'stop'; schedule: string; group: string; instances: ObservedInstance[]; repeat: boolean; reason: StopReason }
  | { type: 'warn'; schedule: string; stopAt: Date; timezone: string; running: number; forceEnds: boolean }
  | { type: 'settled'; schedule: string; target: Desired; instances: number }
  | { type: 'timeout'; schedule: string; group: string; target: Desired; instances: ObservedInstance[]; minutes: number }
  | { type: 'blocked'; schedule: string; group: string; waitingFor: string[]; target: Desired }
  | { type: 'config-error'; schedule: string; problems: string[] }
  /** A start refused (or undone) for lack of capacity; tried again in retryMinutes; `alert` once after a few in a row. */
  | { type: 'no-capacity'; schedule: string; group: string; instance: ObservedInstance; attempts: number; error: string; retryMinutes: number; alert: boolean }
  | { type: 'capacity-restored'; schedule: string; group: string; instance: ObservedInstance; attempts: number }
  /** Started in this transition, then seen stopped again. */
  | { type: 'fell-back'; schedule: string; group: string; instance: ObservedInstance; reason?: { code: string; message?: string } };

export interface TickInput {
  readonly now: Date;
  readonly defaultTimezone: string;
  readonly tables: SchedulerTables;
  readonly instances: readonly ObservedInstance[];
  readonly states: Readonly<Record<string, ScheduleState>>;
  readonly holidays: HolidayCalendar;
  /** How long a group may take to settle before it is reported. @default 20 */
  readonly settleMinutes?: number;
  /** How starts without capacity are retried and alerted. */
  readonly retry?: RetryOptions;
  /** The language configuration problems are written in (jandi.language). @default English */
  readonly say?: SchedulerMessages;
}

export interface TickDecision {
  readonly events: SchedulerEvent[];
  readonly states: Record<string, ScheduleState>;
}

/** State key for problems that belong to no schedule (a group naming a schedule that does not exist). */
export const GLOBAL_STATE_KEY = '*';
export const UNGROUPED = '(ungrouped)';

export function decideTick(input: TickInput): TickDecision {
  const events: SchedulerEvent[] = [];
  const states: Record<string, ScheduleState> = {};
  const globalProblems: string[] = [];
  const say = input.say ?? schedulerMessages.en;

  const groupsBySchedule = new Map<string, GroupItem[]>();
  for (const item of input.tables.groups) {
    const parsed = parseGroup(item, say);
    if (!parsed.ok) {
      globalProblems.push(...parsed.problems);
      continue;
    }
    pushTo(groupsBySchedule, parsed.value.ScheduleName, parsed.value);
  }
  const exceptions: ScheduleException[] = [];
  for (const item of input.tables.exceptions) {
    const parsed = parseException(item, say);
    if (parsed.ok) exceptions.push(parsed.value);
    else globalProblems.push(...parsed.problems);
  }
  const table = withTableDays(input.holidays, input.tables.holidays, say);
  globalProblems.push(...table.problems);
  const holidays = table.calendar;
  const instancesByTag = new Map<string, ObservedInstance[]>();
  for (const instance of input.instances) pushTo(instancesByTag, instance.scheduleTag, instance);

  const scheduleNames = new Set<string>();
  for (const item of input.tables.schedules) {
    const name = String((item as { ScheduleName?: unknown }).ScheduleName ?? '?');
    scheduleNames.add(name);
    const previous = input.states[name] ?? {};
    const parsed = parseSchedule(item, input.defaultTimezone, say);
    if (!parsed.ok) {
      states[name] = reportProblems(previous, name, parsed.problems, events);
      continue;
    }
    const schedule = parsed.value;
    const groups = groupsBySchedule.get(schedule.name) ?? [];
    const decision = decideSchedule({
      schedule,
      groups,
      exceptions,
      instances: instancesByTag.get(schedule.tagValue) ?? [],
      state: previous,
      now: input.now,
      holidays,
      settleMs: (input.settleMinutes ?? 20) * 60_000,
      retry: input.retry ?? {},
      say,
    });
    events.push(...decision.events);
    states[name] = reportProblems(decision.state, name, decision.problems, events);
  }

  for (const [scheduleName, groups] of groupsBySchedule) {
    if (!scheduleNames.has(scheduleName)) {
      globalProblems.push(...groups.map((g) => say.problemGroupWithoutSchedule({ group: g.GroupName, schedule: scheduleName })));
    }
  }
  states[GLOBAL_STATE_KEY] = reportProblems(input.states[GLOBAL_STATE_KEY] ?? {}, GLOBAL_STATE_KEY, globalProblems, events);
  return { events, states };
}

/** Problems are alerted once, when they change; the schedule keeps its other state. */
function reportProblems(state: ScheduleState, schedule: string, problems: string[], events: SchedulerEvent[]): ScheduleState {
  const digest = problems.length > 0 ? [...problems].sort().join('\n') : undefined;
  if (digest && digest !== state.problemsDigest) events.push({ type: 'config-error', schedule, problems });
  return { ...state, problemsDigest: digest };
}

interface ScheduleInput {
  readonly schedule: Schedule;
  readonly groups: readonly GroupItem[];
  readonly exceptions: readonly ScheduleException[];
  readonly instances: readonly ObservedInstance[];
  readonly state: ScheduleState;
  readonly now: Date;
  readonly holidays: HolidayCalendar;
  readonly settleMs: number;
  readonly retry: RetryOptions;
  readonly say: SchedulerMessages;
}

interface Group {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly members: ObservedInstance[];
}

function decideSchedule(input: ScheduleInput): { events: SchedulerEvent[]; state: ScheduleState; problems: string[] } {
  const { schedule, now } = input;
  const events: SchedulerEvent[] = [];
  const problems: string[] = [];

  const groups = buildGroups(input, problems);
  if (!groups) return { events, state: input.state, problems };

  const timeline = new ScheduleTimeline(schedule, input.exceptions, input.holidays);
  const wanted = desiredState(schedule, timeline, now);
  if (wanted.state === 'unmanaged') return { events, state: { problemsDigest: input.state.problemsDigest }, problems };

  problems.push(...calendarProblems(schedule, input.holidays, now, input.say));
  const desired = wanted.state;
  const enforce = schedule.enforce || wanted.reason.kind === 'forced';
  const state: ScheduleState = structuredClone(input.state);
  const all = [...groups.values()].flatMap((g) => g.members);
  const nowIso = now.toISOString();

  const mismatched = desired === 'running' ? all.some((i) => i.state === 'stopped') : all.some((i) => i.state === 'running');
  if (desired !== state.lastDesired || (!state.transition && enforce && mismatched)) {
    state.transition = { target: desired, startedAt: nowIso, acted: false, groups: {}, blockedAlerted: [] };
    state.lastDesired = desired;
  }

  if (state.transition) {
    advanceTransition(state, groups, input, events);
  } else if (desired === 'stopped') {
    events.push(...restopAutoRestarted(state, all, now, schedule.name, UNGROUPED));
  }

  if (desired === 'running') {
    const next = nextChange(schedule, timeline, now, wanted);
    const runningCount = all.filter((i) => i.state === 'running').length;
    if (
      next?.to === 'stopped' &&
      schedule.warnMinutes > 0 &&
      next.at.getTime() - now.getTime() <= schedule.warnMinutes * 60_000 &&
      state.warnedStopAt !== next.at.toISOString() &&
      runningCount > 0
    ) {
      events.push({
        type: 'warn',
        schedule: schedule.name,
        stopAt: next.at,
        timezone: schedule.timezone,
        running: runningCount,
        forceEnds: next.cause === 'force-ends',
      });
      state.warnedStopAt = next.at.toISOString();
    }
  }
  return { events, state, problems };
}

/** Calendars a schedule skips that have no days (a typo, or a table emptied) or whose rules end before this year: reported, not fatal. */
function calendarProblems(schedule: Schedule, holidays: HolidayCalendar, now: Date, say: SchedulerMessages): string[] {
  const today = localDate(now, schedule.timezone);
  return schedule.skipHolidays.flatMap((calendar) => {
    if (!holidays.calendars.includes(calendar)) return [say.problemCalendarWithoutDays({ calendar, calendars: holidays.calendars })];
    if (!holidays.covers(calendar, today)) return [say.problemCalendarNotCovered({ calendar, year: today.slice(0, 4) })];
    return [];
  });
}

function buildGroups(input: ScheduleInput, problems: string[]): Map<string, Group> | undefined {
  const { say } = input;
  const scheduleName = input.schedule.name;
  const groups = new Map<string, Group>();
  for (const item of input.groups) groups.set(item.GroupName, { name: item.GroupName, dependsOn: item.Dependency ?? [], members: [] });

  let blocking = false;
  for (const group of groups.values()) {
    for (const dependency of group.dependsOn) {
      if (!groups.has(dependency)) {
        problems.push(say.problemUnknownDependency({ group: group.name, dependency, schedule: scheduleName }));
        blocking = true;
      }
    }
  }
  const cycle = findDependencyCycle([...groups.values()]);
  if (cycle) {
    problems.push(say.problemDependencyCycle({ schedule: scheduleName, cycle }));
    blocking = true;
  }
  if (blocking) return undefined;

  const kindOf = new Map(input.groups.map((g) => [g.GroupName, g.InstanceType]));
  for (const instance of input.instances) {
    const groupName = instance.groupTag ?? UNGROUPED;
    if (groupName === UNGROUPED) {
      if (!groups.has(UNGROUPED)) groups.set(UNGROUPED, { name: UNGROUPED, dependsOn: [], members: [] });
    } else if (!groups.has(groupName)) {
      problems.push(say.problemUnknownGroupTag({ kind: instance.kind, id: instance.id, group: groupName, schedule: scheduleName }));
      continue;
    } else if (kindOf.get(groupName) !== instance.kind) {
      problems.push(say.problemWrongKind({ kind: instance.kind, id: instance.id, group: groupName, groupKind: String(kindOf.get(groupName)) }));
      continue;
    }
    groups.get(groupName)!.members.push(instance);
  }
  return groups;
}

const isUp = (group: Group) => group.members.every((i) => i.state === 'running');
/** Instances that cannot be acted on (being modified, backed up...) do not hold back a stop. */
const isDown = (group: Group) => group.members.every((i) => i.state === 'stopped' || i.state === 'unavailable');

function advanceTransition(state: ScheduleState, groups: Map<string, Group>, input: ScheduleInput, events: SchedulerEvent[]): void {
  const transition = state.transition!;
  const target = transition.target;
  const { now } = input;
  const schedule = input.schedule.name;
  const settled = target === 'running' ? isUp : isDown;
  const dependentsOf = new Map<string, Group[]>();
  for (const group of groups.values()) for (const dependency of group.dependsOn) pushTo(dependentsOf, dependency, group);
  const dependents = (name: string) => dependentsOf.get(name) ?? [];
  const overdue = (name: string) => {
    const progress = transition.groups[name];
    return progress !== undefined && now.getTime() - Date.parse(progress.issuedAt) > input.settleMs;
  };
  if (target === 'running') {
    const members = [...groups.values()].flatMap((g) => g.members);
    events.push(...reviewStarts(transition, members, schedule, UNGROUPED, now, input.retry));
  }
  // An instance without capacity is alerted on its own (see retries.ts), not as its group's time-out.
  const capacityTrouble = (i: ObservedInstance) => target === 'running' && hasCapacityTrouble(transition, i.id);

  for (const group of groups.values()) {
    if (target === 'running' && !transition.groups[group.name]?.up && group.members.every((i) => i.state === 'running' || capacityTrouble(i))) {
      transition.groups[group.name] = { ...(transition.groups[group.name] ?? { issuedAt: now.toISOString() }), up: true };
    }
    if (settled(group)) continue;
    const progress = transition.groups[group.name];
    // A group that came up started in order; retrying an instance without capacity waits for nothing.
    const waitingFor = (progress?.up ? [] : target === 'running' ? group.dependsOn.map((d) => groups.get(d)!) : dependents(group.name))
      .filter((g) => !settled(g))
      .map((g) => g.name);
    if (waitingFor.length > 0) {
      const stuck = (name: string) => overdue(name) || transition.blockedAlerted.includes(name);
      if (waitingFor.some(stuck) && !transition.blockedAlerted.includes(group.name)) {
        events.push({ type: 'blocked', schedule, group: group.name, waitingFor, target });
        transition.blockedAlerted.push(group.name);
      }
      continue;
    }
    // No longer blocked (its dependency came up late): it counts as working again, not as reported.
    transition.blockedAlerted = transition.blockedAlerted.filter((name) => name !== group.name);
    // A transition kept open for capacity must not fight people who stop the group's other instances by hand.
    const actOn = group.members.filter(
      (i) => i.state === (target === 'running' ? 'stopped' : 'running') && !waitingForCapacity(transition, i.id, now) && (!progress?.up || capacityTrouble(i)),
    );
    if (actOn.length > 0) {
      const repeat = progress !== undefined;
      if (target === 'running') events.push({ type: 'start', schedule, group: group.name, instances: actOn, repeat });
      else events.push({ type: 'stop', schedule, group: group.name, instances: actOn, repeat, reason: 'schedule' });
      transition.acted = true;
      trackStoppedDatabases(state, actOn, target, now);
    }
    if (!progress) transition.groups[group.name] = { issuedAt: now.toISOString() };
    else if (!progress.up && overdue(group.name) && !progress.timeoutAlerted) {
      const late = group.members.filter((i) => i.state !== (target === 'running' ? 'running' : 'stopped') && !capacityTrouble(i));
      if (late.length > 0) {
        events.push({ type: 'timeout', schedule, group: group.name, target, instances: late, minutes: Math.round(input.settleMs / 60_000) });
        progress.timeoutAlerted = true;
      }
    }
  }

  // A group that came up is done once its instances waiting for capacity have started, whatever people did since.
  const done = (g: Group) => settled(g) || (transition.groups[g.name]?.up === true && !g.members.some(capacityTrouble));
  const unsettled = [...groups.values()].filter((g) => !done(g));
  if (unsettled.length === 0) {
    if (transition.acted) {
      const count = [...groups.values()].reduce((n, g) => n + g.members.length, 0);
      events.push({ type: 'settled', schedule, target, instances: count });
    }
    state.transition = undefined;
  } else if (
    unsettled.every((g) => transition.groups[g.name]?.timeoutAlerted || transition.blockedAlerted.includes(g.name)) &&
    !unsettled.some((g) => g.members.some(capacityTrouble))
  ) {
    // Everything left has been reported as failed: give the transition up instead of retrying all day and
    // fighting manual changes; the next transition (or Enforce) tries again. Capacity comes back by itself, so
    // an instance waiting for it keeps the transition (and the groups behind it) going.
    state.transition = undefined;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

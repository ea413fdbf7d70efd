import { decideTick, GLOBAL_STATE_KEY, type ObservedInstance, type ScheduleState, type SchedulerEvent } from '../../lambda/scheduler/core/decide';
import type { ExceptionItem, GroupItem, ScheduleItem } from '../../lambda/scheduler/core/model';
import { exception, group, holidays, instance, kst, scheduleItem } from './fixtures';

interface World {
  schedules?: ScheduleItem[];
  groups?: GroupItem[];
  exceptions?: ExceptionItem[];
  instances: ObservedInstance[];
  states?: Record<string, ScheduleState>;
}

function tick(at: string | Date, world: World) {
  return decideTick({
    now: typeof at === 'string' ? kst(at) : at,
    defaultTimezone: 'Asia/Seoul',
    tables: { schedules: world.schedules ?? [scheduleItem()], groups: world.groups ?? [], exceptions: world.exceptions ?? [] },
    instances: world.instances,
    states: world.states ?? {},
    holidays,
    settleMinutes: 20,
  });
}

/** `start GROUP1 i-1,i-2` for each action, in order. */
function actions(events: SchedulerEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'start' || e.type === 'stop' ? [`${e.type} ${e.group} ${e.instances.map((i) => i.id).join(',')}`] : []));
}

const types = (events: SchedulerEvent[]) => events.map((e) => e.type);

/** A steady state: the schedule last settled on `desired`. */
const settled = (desired: 'running' | 'stopped'): Record<string, ScheduleState> => ({ Development: { lastDesired: desired } });

const chain = [group('GROUP1'), group('GROUP2'), group('GROUP3', ['GROUP1', 'GROUP2']), group('GROUP4', ['GROUP3'])];

describe('dependency order', () => {
  test('at the start, only groups without dependencies start', () => {
    const instances = [
      instance('i-1', 'GROUP1', 'stopped'),
      instance('i-2', 'GROUP2', 'stopped'),
      instance('i-3', 'GROUP3', 'stopped'),
      instance('i-4', 'GROUP4', 'stopped'),
    ];
    const result = tick('2026-11-23 09:30', { groups: chain, instances, states: settled('stopped') });
    expect(actions(result.events)).toEqual(['start GROUP1 i-1', 'start GROUP2 i-2']);
    expect(result.states.Development.transition).toMatchObject({ target: 'running', acted: true });
  });

  test('a group waits until every instance of every dependency is observed running', () => {
    const first = tick('2026-11-23 09:30', {
      groups: chain,
      instances: [instance('i-1', 'GROUP1', 'stopped'), instance('i-2', 'GROUP2', 'stopped'), instance('i-3', 'GROUP3', 'stopped')],
      states: settled('stopped'),
    });
    const half = tick('2026-11-23 09:35', {
      groups: chain,
      instances: [instance('i-1', 'GROUP1', 'running'), instance('i-2', 'GROUP2', 'starting'), instance('i-3', 'GROUP3', 'stopped')],
      states: first.states,
    });
    expect(actions(half.events)).toEqual([]);
    const both = tick('2026-11-23 09:40', {
      groups: chain,
      instances: [instance('i-1', 'GROUP1', 'running'), instance('i-2', 'GROUP2', 'running'), instance('i-3', 'GROUP3', 'stopped')],
      states: half.states,
    });
    expect(actions(both.events)).toEqual(['start GROUP3 i-3']);
    const done = tick('2026-11-23 09:45', {
      groups: chain,
      instances: [instance('i-1', 'GROUP1', 'running'), instance('i-2', 'GROUP2', 'running'), instance('i-3', 'GROUP3', 'running')],
      states: both.states,
    });
    expect(done.events).toEqual([{ type: 'settled', schedule: 'Development', target: 'running', instances: 3 }]);
    expect(done.states.Development).toEqual({ lastDesired: 'running', problemsDigest: undefined });
  });

  test('a diamond stops top-down: D, then B and C together, then A', () => {
    const diamond = [group('A'), group('B', ['A']), group('C', ['A']), group('D', ['B', 'C'])];
    const fleet = (a: string, b: string, c: string, d: string) => [
      instance('a', 'A', a as never),
      instance('b', 'B', b as never),
      instance('c', 'C', c as never),
      instance('d', 'D', d as never),
    ];
    const t1 = tick('2026-11-23 22:00', { groups: diamond, instances: fleet('running', 'running', 'running', 'running'), states: settled('running') });
    expect(actions(t1.events)).toEqual(['stop D d']);
    const t2 = tick('2026-11-23 22:05', { groups: diamond, instances: fleet('running', 'running', 'running', 'stopping'), states: t1.states });
    expect(actions(t2.events)).toEqual([]);
    const t3 = tick('2026-11-23 22:10', { groups: diamond, instances: fleet('running', 'running', 'running', 'stopped'), states: t2.states });
    expect(actions(t3.events)).toEqual(['stop B b', 'stop C c']);
    const t4 = tick('2026-11-23 22:15', { groups: diamond, instances: fleet('running', 'stopped', 'stopping', 'stopped'), states: t3.states });
    expect(actions(t4.events)).toEqual([]);
    const t5 = tick('2026-11-23 22:20', { groups: diamond, instances: fleet('running', 'stopped', 'stopped', 'stopped'), states: t4.states });
    expect(actions(t5.events)).toEqual(['stop A a']);
    const t6 = tick('2026-11-23 22:25', { groups: diamond, instances: fleet('stopped', 'stopped', 'stopped', 'stopped'), states: t5.states });
    expect(t6.events).toEqual([{ type: 'settled', schedule: 'Development', target: 'stopped', instances: 4 }]);
  });

  test('the diamond starts bottom-up: A, then B and C, then D', () => {
    const diamond = [group('A'), group('B', ['A']), group('C', ['A']), group('D', ['B', 'C'])];
    const t1 = tick('2026-11-23 09:30', {
      groups: diamond,
      instances: [instance('a', 'A', 'running'), instance('b', 'B', 'stopped'), instance('c', 'C', 'stopped'), instance('d', 'D', 'stopped')],
      states: settled('stopped'),
    });
    expect(actions(t1.events)).toEqual(['start B b', 'start C c']);
  });

  test('an instance that cannot be acted on does not keep the others of its group from starting', () => {
    const result = tick('2026-11-23 09:30', {
      groups: [group('GROUP1')],
      instances: [instance('i-1', 'GROUP1', 'stopped'), instance('i-2', 'GROUP1', 'unavailable'), instance('i-3', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    });
    expect(actions(result.events)).toEqual(['start GROUP1 i-1,i-3']);
  });

  test('instances tagged with the schedule but no group are scheduled as one group without dependencies', () => {
    const result = tick('2026-11-23 09:30', { groups: chain, instances: [instance('i-9', undefined, 'stopped')], states: settled('stopped') });
    expect(actions(result.events)).toEqual(['start (ungrouped) i-9']);
  });
});

describe('configuration errors leave only their schedule alone, and are reported once', () => {
  const staging = scheduleItem({ ScheduleName: 'Staging', TagValue: 'Staging' });
  const stagingInstance = instance('s-1', undefined, 'stopped', { scheduleTag: 'Staging' });

  test('a dependency cycle', () => {
    const cyclic = [group('GROUP1', ['GROUP3']), group('GROUP2'), group('GROUP3', ['GROUP1'])];
    const world = { schedules: [scheduleItem(), staging], groups: cyclic, instances: [instance('i-1', 'GROUP2', 'stopped'), stagingInstance] };
    const first = tick('2026-11-23 09:30', { ...world, states: { Development: { lastDesired: 'stopped' }, Staging: { lastDesired: 'stopped' } } });
    expect(actions(first.events)).toEqual(['start (ungrouped) s-1']);
    expect(first.events).toContainEqual({
      type: 'config-error',
      schedule: 'Development',
      problems: ['server groups of schedule Development depend on each other in a cycle: GROUP1 -> GROUP3 -> GROUP1'],
    });
    const again = tick('2026-11-23 09:35', { ...world, states: first.states });
    expect(types(again.events)).not.toContain('config-error');
  });

  test('a dependency on a group that does not exist', () => {
    const result = tick('2026-11-23 09:30', {
      groups: [group('GROUP1', ['GROUP0'])],
      instances: [instance('i-1', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    });
    expect(actions(result.events)).toEqual([]);
    expect(result.events).toEqual([
      { type: 'config-error', schedule: 'Development', problems: ['server group GROUP1 depends on GROUP0, which is not a group of schedule Development'] },
    ]);
  });

  test('a malformed schedule item', () => {
    const result = tick('2026-11-23 09:30', {
      schedules: [scheduleItem({ StartTime: '9.30', DaysActive: 'workdays' }), staging],
      instances: [stagingInstance],
    });
    expect(result.events).toContainEqual({
      type: 'config-error',
      schedule: 'Development',
      problems: [
        `schedule "Development": DaysActive "workdays" is not 'all', 'weekdays', 'weekends', or a comma-separated list of mon, tue, wed, thu, fri, sat, sun`,
        'schedule "Development": StartTime "9.30" is not a time HH:MM',
      ],
    });
    expect(actions(result.events)).toEqual(['start (ungrouped) s-1']);
  });

  test('instances in unknown groups or of the wrong kind are left alone and reported', () => {
    const result = tick('2026-11-23 09:30', {
      groups: [group('GROUP1'), group('DB', [], { InstanceType: 'RDS' })],
      instances: [instance('i-1', 'GROUP9', 'stopped'), instance('i-2', 'DB', 'stopped'), instance('i-3', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    });
    expect(actions(result.events)).toEqual(['start GROUP1 i-3']);
    expect(result.events).toContainEqual({
      type: 'config-error',
      schedule: 'Development',
      problems: [
        'EC2 i-1 is tagged with group GROUP9, which is not a group of schedule Development; left alone',
        'EC2 i-2 is in group DB, whose InstanceType is RDS; left alone',
      ],
    });
  });

  test('groups of a schedule that does not exist, and bad exceptions, are reported once globally', () => {
    const world = { groups: [group('X', [], { ScheduleName: 'Nope' })], exceptions: [exception('2026-11-23', 'stop', '25:00')], instances: [] };
    const result = tick('2026-11-23 12:00', world);
    expect(result.events).toContainEqual({
      type: 'config-error',
      schedule: GLOBAL_STATE_KEY,
      problems: [expect.stringMatching(/ExceptionValue "25:00" is neither None nor a time/), 'server group X names schedule Nope, which does not exist'],
    });
    expect(types(tick('2026-11-23 12:05', { ...world, states: result.states }).events)).toEqual([]);
  });

  test('a holiday calendar that does not cover the year is reported', () => {
    const result = tick(new Date('2100-03-01T03:00:00Z'), { schedules: [scheduleItem({ SkipHolidays: 'KR' })], instances: [], states: settled('running') });
    expect(result.events).toContainEqual({
      type: 'config-error',
      schedule: 'Development',
      problems: [expect.stringMatching(/KR holiday calendar does not cover 2100/)],
    });
  });
});

describe('transitions, manual changes and enforcement', () => {
  const one = [group('GROUP1')];

  test('between transitions, manual starts and stops are left alone', () => {
    expect(tick('2026-11-23 14:00', { groups: one, instances: [instance('i-1', 'GROUP1', 'stopped')], states: settled('running') }).events).toEqual([]);
    expect(tick('2026-11-23 23:00', { groups: one, instances: [instance('i-1', 'GROUP1', 'running')], states: settled('stopped') }).events).toEqual([]);
  });

  test('with Enforce, the desired state is restored', () => {
    const schedules = [scheduleItem({ Enforce: true })];
    expect(
      actions(tick('2026-11-23 14:00', { schedules, groups: one, instances: [instance('i-1', 'GROUP1', 'stopped')], states: settled('running') }).events),
    ).toEqual(['start GROUP1 i-1']);
    expect(
      actions(tick('2026-11-23 23:00', { schedules, groups: one, instances: [instance('i-1', 'GROUP1', 'running')], states: settled('stopped') }).events),
    ).toEqual(['stop GROUP1 i-1']);
  });

  test('missed ticks are caught up: the first tick after an outage finishes the transition it missed', () => {
    const result = tick('2026-11-23 10:20', { groups: one, instances: [instance('i-1', 'GROUP1', 'stopped')], states: settled('stopped') });
    expect(actions(result.events)).toEqual(['start GROUP1 i-1']);
  });

  test('a window missed entirely is not replayed', () => {
    const result = tick('2026-11-23 23:00', { groups: one, instances: [instance('i-1', 'GROUP1', 'stopped')], states: settled('stopped') });
    expect(result.events).toEqual([]);
  });

  test('a schedule seen for the first time is brought to its desired state', () => {
    expect(actions(tick('2026-11-23 23:00', { groups: one, instances: [instance('i-1', 'GROUP1', 'running')] }).events)).toEqual(['stop GROUP1 i-1']);
  });

  test('ForceStart keeps instances running on a weekend and even when disabled; ForceStop keeps them stopped', () => {
    const forced = [scheduleItem({ ForceStart: true, Enabled: false })];
    const started = tick('2026-11-28 03:00', { schedules: forced, groups: one, instances: [instance('i-1', 'GROUP1', 'stopped')], states: settled('running') });
    expect(actions(started.events)).toEqual(['start GROUP1 i-1']);
    const stopped = tick('2026-11-23 12:00', {
      schedules: [scheduleItem({ ForceStop: true })],
      groups: one,
      instances: [instance('i-1', 'GROUP1', 'running')],
      states: settled('stopped'),
    });
    expect(actions(stopped.events)).toEqual(['stop GROUP1 i-1']);
  });

  test('a disabled schedule touches nothing', () => {
    const result = tick('2026-11-23 09:30', {
      schedules: [scheduleItem({ Enabled: false })],
      groups: one,
      instances: [instance('i-1', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    });
    expect(result.events).toEqual([]);
    expect(result.states.Development.lastDesired).toBeUndefined();
  });

  test('exceptions: a postponed stop and a skipped start', () => {
    const world = {
      groups: one,
      instances: [instance('i-1', 'GROUP1', 'running')],
      states: settled('running'),
      exceptions: [exception('2026-11-23', 'stop', '23:30')],
    };
    expect(tick('2026-11-23 22:00', world).events).toEqual([]);
    expect(actions(tick('2026-11-23 23:30', world).events)).toEqual(['stop GROUP1 i-1']);
    const skip = {
      groups: one,
      instances: [instance('i-1', 'GROUP1', 'stopped')],
      states: settled('stopped'),
      exceptions: [exception('2026-11-24', 'start', 'None')],
    };
    expect(tick('2026-11-24 09:30', skip).events).toEqual([]);
  });

  test('holidays are skipped with SkipHolidays', () => {
    const world = {
      schedules: [scheduleItem({ SkipHolidays: 'KR' })],
      groups: one,
      instances: [instance('i-1', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    };
    expect(tick('2026-09-24 09:30', world).events).toEqual([]);
    expect(actions(tick('2026-09-28 09:30', world).events)).toEqual(['start GROUP1 i-1']);
  });

  test('on a DST day the action happens at the local time', () => {
    const world = {
      schedules: [scheduleItem({ Timezone: 'America/New_York', StartTime: '09:00', StopTime: '17:00' })],
      groups: one,
      instances: [instance('i-1', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    };
    expect(tick(new Date('2026-03-09T12:55:00Z'), world).events).toEqual([]);
    expect(actions(tick(new Date('2026-03-09T13:00:00Z'), world).events)).toEqual(['start GROUP1 i-1']);
  });
});

describe('warnings before a stop', () => {
  const one = [group('GROUP1')];
  const running = [instance('i-1', 'GROUP1', 'running')];

  test('sent once, WarnMinutes before the stop, only when something runs', () => {
    expect(tick('2026-11-23 21:49', { groups: one, instances: running, states: settled('running') }).events).toEqual([]);
    const warned = tick('2026-11-23 21:50', { groups: one, instances: running, states: settled('running') });
    expect(warned.events).toEqual([
      { type: 'warn', schedule: 'Development', stopAt: kst('2026-11-23 22:00'), timezone: 'Asia/Seoul', running: 1, forceEnds: false },
    ]);
    expect(tick('2026-11-23 21:55', { groups: one, instances: running, states: warned.states }).events).toEqual([]);
    expect(tick('2026-11-23 21:50', { groups: one, instances: [instance('i-1', 'GROUP1', 'stopped')], states: settled('running') }).events).toEqual([]);
  });

  test('before a forced start ends (ForceUntil), outside the window: warned, then stopped when it ends', () => {
    const forced = [scheduleItem({ ForceStart: true, ForceUntil: '2026-11-23T23:00:00+09:00' })];
    const world = { schedules: forced, groups: one, instances: running };
    const quiet = tick('2026-11-23 22:45', { ...world, states: settled('running') });
    expect(quiet.events).toEqual([]);
    const warned = tick('2026-11-23 22:50', { ...world, states: quiet.states });
    expect(warned.events).toEqual([
      { type: 'warn', schedule: 'Development', stopAt: kst('2026-11-23 23:00'), timezone: 'Asia/Seoul', running: 1, forceEnds: true },
    ]);
    expect(tick('2026-11-23 22:55', { ...world, states: warned.states }).events).toEqual([]);
    expect(actions(tick('2026-11-23 23:00', { ...world, states: warned.states }).events)).toEqual(['stop GROUP1 i-1']);
  });

  test('a forced start that ends inside the window neither warns nor stops', () => {
    const forced = [scheduleItem({ ForceStart: true, ForceUntil: '2026-11-23T12:00:00+09:00' })];
    const world = { schedules: forced, groups: one, instances: running };
    expect(tick('2026-11-23 11:55', { ...world, states: settled('running') }).events).toEqual([]);
    expect(tick('2026-11-23 12:00', { ...world, states: settled('running') }).events).toEqual([]);
  });

  test('a postponed stop is warned again before the new time', () => {
    const warned = tick('2026-11-23 21:50', { groups: one, instances: running, states: settled('running') });
    const exceptions = [exception('2026-11-23', 'stop', '23:30')];
    expect(tick('2026-11-23 23:15', { groups: one, instances: running, exceptions, states: warned.states }).events).toEqual([]);
    expect(types(tick('2026-11-23 23:20', { groups: one, instances: running, exceptions, states: warned.states }).events)).toEqual(['warn']);
  });

  test('custom WarnMinutes, and none with 0 or ForceStart', () => {
    expect(
      types(tick('2026-11-23 21:30', { schedules: [scheduleItem({ WarnMinutes: 30 })], groups: one, instances: running, states: settled('running') }).events),
    ).toEqual(['warn']);
    expect(
      tick('2026-11-23 21:55', { schedules: [scheduleItem({ WarnMinutes: 0 })], groups: one, instances: running, states: settled('running') }).events,
    ).toEqual([]);
    expect(
      tick('2026-11-23 21:55', { schedules: [scheduleItem({ ForceStart: true })], groups: one, instances: running, states: settled('running') }).events,
    ).toEqual([]);
  });
});

describe('failures', () => {
  test('a group that does not settle in time is reported once, and so are the groups it blocks', () => {
    const groups = [group('GROUP1'), group('GROUP2', ['GROUP1'])];
    const stuck = [instance('i-1', 'GROUP1', 'starting'), instance('i-2', 'GROUP2', 'stopped')];
    const t0 = tick('2026-11-23 09:30', {
      groups,
      instances: [instance('i-1', 'GROUP1', 'stopped'), instance('i-2', 'GROUP2', 'stopped')],
      states: settled('stopped'),
    });
    const t1 = tick('2026-11-23 09:50', { groups, instances: stuck, states: t0.states });
    expect(t1.events).toEqual([]);
    const t2 = tick('2026-11-23 09:55', { groups, instances: stuck, states: t1.states });
    expect(t2.events).toEqual([
      { type: 'timeout', schedule: 'Development', group: 'GROUP1', target: 'running', instances: [stuck[0]], minutes: 20 },
      { type: 'blocked', schedule: 'Development', group: 'GROUP2', waitingFor: ['GROUP1'], target: 'running' },
    ]);
    // Everything left was reported: the transition is given up, so a manual change afterwards is left alone.
    expect(t2.states.Development.transition).toBeUndefined();
    expect(tick('2026-11-23 10:00', { groups, instances: stuck, states: t2.states }).events).toEqual([]);
    expect(
      tick('2026-11-23 14:00', { groups, instances: [instance('i-1', 'GROUP1', 'running'), instance('i-2', 'GROUP2', 'stopped')], states: t2.states }).events,
    ).toEqual([]);
  });

  test('a chain behind a failed group is reported link by link and then given up', () => {
    const groups = [group('A'), group('B', ['A']), group('C', ['B'])];
    const fleet = [instance('a', 'A', 'starting'), instance('b', 'B', 'stopped'), instance('c', 'C', 'stopped')];
    const t0 = tick('2026-11-23 09:30', { groups, instances: [instance('a', 'A', 'stopped'), fleet[1], fleet[2]], states: settled('stopped') });
    const t1 = tick('2026-11-23 09:55', { groups, instances: fleet, states: t0.states });
    expect(types(t1.events)).toEqual(['timeout', 'blocked', 'blocked']);
    expect(t1.states.Development.transition).toBeUndefined();
  });

  test('an instance stopped again by someone mid-transition is started again, without a second announcement', () => {
    const groups = [group('GROUP1')];
    const t0 = tick('2026-11-23 09:30', {
      groups,
      instances: [instance('i-1', 'GROUP1', 'stopped'), instance('i-2', 'GROUP1', 'stopped')],
      states: settled('stopped'),
    });
    const t1 = tick('2026-11-23 09:35', { groups, instances: [instance('i-1', 'GROUP1', 'running'), instance('i-2', 'GROUP1', 'stopped')], states: t0.states });
    expect(t1.events).toEqual([{ type: 'start', schedule: 'Development', group: 'GROUP1', instances: [instance('i-2', 'GROUP1', 'stopped')], repeat: true }]);
  });

  test('an RDS instance AWS restarted after seven days stopped is stopped again', () => {
    const groups = [group('DB', [], { InstanceType: 'RDS' })];
    const db = (state: ObservedInstance['state']) => instance('db-1', 'DB', state, { kind: 'RDS' });
    const t0 = tick('2026-11-20 22:00', { groups, instances: [db('running')], states: settled('running'), schedules: [scheduleItem({ DaysActive: 'mon' })] });
    expect(actions(t0.events)).toEqual(['stop DB db-1']);
    const t1 = tick('2026-11-20 22:05', { groups, instances: [db('stopped')], states: t0.states, schedules: [scheduleItem({ DaysActive: 'mon' })] });
    expect(t1.states.Development.stoppedByUs).toEqual({ 'db-1': kst('2026-11-20 22:00').toISOString() });
    // A manual start within the week is left alone; the automatic one after seven days is undone.
    expect(
      tick('2026-11-22 12:00', { groups, instances: [db('running')], states: t1.states, schedules: [scheduleItem({ DaysActive: 'mon' })] }).events,
    ).toEqual([]);
    const restarted = tick('2026-11-27 22:00', { groups, instances: [db('running')], states: t1.states, schedules: [scheduleItem({ DaysActive: 'sun' })] });
    expect(restarted.events).toEqual([
      { type: 'stop', schedule: 'Development', group: 'DB', instances: [db('running')], repeat: false, reason: 'auto-restart' },
    ]);
  });
});

/** decideTick with starts that fail for lack of capacity, fed back as the tick does; and Auto Scaling groups as a group kind. */
import { decideTick, type ObservedInstance, type ScheduleState, type SchedulerEvent } from '../../lambda/scheduler/core/decide';
import type { GroupItem } from '../../lambda/scheduler/core/model';
import { recordActionResults } from '../../lambda/scheduler/core/retries';
import { group, holidays, instance, kst, scheduleItem } from './fixtures';

function tick(at: string, world: { groups: GroupItem[]; instances: ObservedInstance[]; states: Record<string, ScheduleState> }) {
  return decideTick({
    now: kst(at),
    defaultTimezone: 'Asia/Seoul',
    tables: { schedules: [scheduleItem()], groups: world.groups, exceptions: [] },
    instances: world.instances,
    states: world.states,
    holidays,
    settleMinutes: 20,
  });
}

const actions = (events: SchedulerEvent[]) =>
  events.flatMap((e) => (e.type === 'start' || e.type === 'stop' ? [`${e.type} ${e.group} ${e.instances.map((i) => i.id).join(',')}`] : []));
const settled = (desired: 'running' | 'stopped'): Record<string, ScheduleState> => ({ Development: { lastDesired: desired } });

describe('starts without capacity (the tick feeds the results back with recordActionResults)', () => {
  const groups = [group('API'), group('WEB', ['API'])];
  const refused = (i: ObservedInstance) => ({ instance: i, error: 'InsufficientInstanceCapacity: none left', code: 'InsufficientInstanceCapacity' });
  /** One tick: decide, then record that every start of `noCapacity` was refused and the others went through. */
  function act(at: string, instances: ObservedInstance[], states: Record<string, ScheduleState>, noCapacity: string[] = ['i-2']) {
    const result = tick(at, { groups, instances, states });
    let next = result.states;
    const events = [...result.events];
    for (const e of result.events) {
      if (e.type !== 'start' && e.type !== 'stop') continue;
      const recorded = recordActionResults(next, e, e.instances.filter((i) => noCapacity.includes(i.id)).map(refused), kst(at));
      next = recorded.states;
      events.push(...recorded.events);
    }
    return { events, states: next };
  }
  const fleet = (one: string, two: string, web = 'stopped') => [
    instance('i-1', 'API', one as never),
    instance('i-2', 'API', two as never),
    instance('i-3', 'WEB', web as never),
  ];
  const summary = (events: SchedulerEvent[]) =>
    events.map((e) =>
      e.type === 'start' || e.type === 'stop'
        ? `${e.type} ${e.instances.map((i) => i.id).join(',')}`
        : e.type === 'no-capacity'
          ? `no-capacity ${e.instance.id} ${e.attempts}${e.alert ? ' alert' : ''}`
          : e.type === 'blocked'
            ? `blocked ${e.group}`
            : e.type === 'timeout'
              ? `timeout ${e.group} ${e.instances.map((i) => i.id).join(',')}`
              : e.type,
    );

  test('retried after 1, 2, 4 ticks, then every 30 minutes; the transition outlives the settle time; dependents wait, then start', () => {
    let states = settled('stopped');
    const log: string[] = [];
    const times = ['09:30', '09:35', '09:40', '09:45', '09:50', '09:55', '10:00', '10:05', '10:10', '10:35', '10:40', '10:45'];
    for (const time of times) {
      // Capacity is back for the try at 10:35.
      const noCapacity = time < '10:35' ? ['i-2'] : [];
      const second = time >= '10:40' ? 'running' : 'stopped';
      const r = act(
        `2026-11-23 ${time}`,
        fleet(time === '09:30' ? 'stopped' : 'running', second, time === '10:45' ? 'running' : 'stopped'),
        states,
        noCapacity,
      );
      states = r.states;
      log.push(...summary(r.events).map((e) => `${time} ${e}`));
    }
    expect(log).toEqual([
      '09:30 start i-1,i-2',
      '09:30 no-capacity i-2 1',
      '09:35 start i-2',
      '09:35 no-capacity i-2 2',
      '09:45 start i-2',
      '09:45 no-capacity i-2 3 alert',
      // WEB waits for API as for any group that has not come up; API is not timed out for i-2 alone.
      '09:55 blocked WEB',
      '10:05 start i-2',
      '10:05 no-capacity i-2 4',
      '10:35 start i-2',
      '10:40 capacity-restored',
      '10:40 start i-3',
      '10:45 settled',
    ]);
    expect(states.Development.transition).toBeUndefined();
  });

  test('a group that came up is left alone by people: only its instance without capacity is tried again, without waiting for dependencies', () => {
    const t0 = act('2026-11-23 09:30', fleet('stopped', 'stopped'), settled('stopped'));
    const t1 = act('2026-11-23 09:35', fleet('running', 'stopped'), t0.states);
    expect(t1.states.Development.transition!.groups.API.up).toBe(true);
    // At 14:00 someone has stopped i-1: it is not started again; i-2's try goes ahead though API is not all up.
    const t2 = act('2026-11-23 14:00', fleet('stopped', 'stopped'), t1.states);
    expect(summary(t2.events)).toEqual(['start i-2', 'blocked WEB', 'no-capacity i-2 3 alert']);
  });

  test('another late instance of the group is still timed out, alone; the transition is kept for the one waiting for capacity', () => {
    const three = [group('API')];
    const instances = (second: string) => [instance('i-1', 'API', 'starting'), instance('i-2', 'API', second as never)];
    const t0 = tick('2026-11-23 09:30', {
      groups: three,
      instances: [instance('i-1', 'API', 'stopped'), instance('i-2', 'API', 'stopped')],
      states: settled('stopped'),
    });
    const recorded = recordActionResults(
      t0.states,
      t0.events[0] as Extract<SchedulerEvent, { type: 'start' }>,
      [refused(instances('stopped')[1])],
      kst('2026-11-23 09:30'),
    );
    const late = tick('2026-11-23 09:55', { groups: three, instances: instances('stopped'), states: recorded.states });
    expect(late.events.filter((e) => e.type === 'timeout')).toEqual([
      { type: 'timeout', schedule: 'Development', group: 'API', target: 'running', instances: [instances('stopped')[0]], minutes: 20 },
    ]);
    expect(late.states.Development.transition).toBeDefined();
  });

  test('a new desired state drops the retries: the stop does not touch the instance, the next start tries it afresh', () => {
    const t0 = act('2026-11-23 09:30', fleet('stopped', 'stopped'), settled('stopped'));
    const t1 = act('2026-11-23 09:35', fleet('running', 'stopped', 'running'), t0.states);
    const stop = act('2026-11-23 22:00', fleet('running', 'stopped', 'running'), t1.states);
    expect(summary(stop.events)).toEqual(['stop i-3']);
    expect(stop.states.Development.transition!.capacity).toBeUndefined();
    const down = act('2026-11-23 22:05', fleet('running', 'stopped', 'stopped'), stop.states);
    const done = act('2026-11-23 22:10', fleet('stopped', 'stopped', 'stopped'), down.states);
    const next = act('2026-11-24 09:30', fleet('stopped', 'stopped'), done.states);
    expect(summary(next.events)).toEqual(['start i-1,i-2', 'no-capacity i-2 1']);
  });
});

describe('Auto Scaling groups as a group kind', () => {
  test('groups of kind ASG order and hold Auto Scaling groups like instances; an ASG is not a database AWS restarts', () => {
    const groups = [group('API'), group('WORKERS', ['API'], { InstanceType: 'ASG' })];
    const asg = (state: ObservedInstance['state']) => instance('dev-workers', 'WORKERS', state, { kind: 'ASG' });
    const stop = tick('2026-11-23 22:00', { groups, instances: [instance('i-1', 'API', 'running'), asg('running')], states: settled('running') });
    expect(actions(stop.events)).toEqual(['stop WORKERS dev-workers']);
    expect(stop.states.Development.stoppedByUs).toBeUndefined();
    const start = tick('2026-11-24 09:30', { groups, instances: [instance('i-1', 'API', 'stopped'), asg('stopped')], states: settled('stopped') });
    expect(actions(start.events)).toEqual(['start API i-1']);
    const wrongKind = tick('2026-11-24 09:30', { groups, instances: [instance('i-9', 'WORKERS', 'stopped')], states: settled('stopped') });
    expect(wrongKind.events).toContainEqual({
      type: 'config-error',
      schedule: 'Development',
      problems: ['EC2 i-9 is in group WORKERS, whose InstanceType is ASG; left alone'],
    });
  });
});

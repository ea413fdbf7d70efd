import type { ScheduleState, SchedulerEvent, Transition } from '../../lambda/scheduler/core/decide';
import {
  describeStateReason,
  isCapacityError,
  isRetriedFailure,
  recordActionResults,
  retryDelayMinutes,
  reviewStarts,
  waitingForCapacity,
} from '../../lambda/scheduler/core/retries';
import { instance, kst } from './fixtures';

const api = [instance('i-1', 'API', 'stopped'), instance('i-2', 'API', 'stopped')];
const start = { type: 'start' as const, schedule: 'Development', group: 'API', instances: api, repeat: false };
const starting = (extra: Partial<Transition> = {}): Record<string, ScheduleState> => ({
  Development: {
    lastDesired: 'running',
    transition: { target: 'running', startedAt: kst('2026-11-23 09:30').toISOString(), acted: true, groups: {}, blockedAlerted: [], ...extra },
  },
});
const noCapacity = (id: string) => ({
  instance: api.find((i) => i.id === id)!,
  error: 'InsufficientInstanceCapacity: no t3.large capacity in ap-northeast-2a',
  code: 'InsufficientInstanceCapacity',
});

test("EC2's state reason reads once: its message usually repeats its code", () => {
  expect(describeStateReason({ code: 'Client.InternalError', message: 'Client.InternalError: Client error on launch' })).toBe(
    'Client.InternalError: Client error on launch',
  );
  expect(describeStateReason({ code: 'Server.InternalError', message: 'Internal error on launch' })).toBe('Server.InternalError: Internal error on launch');
  expect(describeStateReason({ code: 'Client.UserInitiatedShutdown' })).toBe('Client.UserInitiatedShutdown');
});

test('what counts as a capacity failure: EC2 and RDS codes, SDK names with Fault, EC2 state reasons with Server.', () => {
  for (const code of [
    'InsufficientInstanceCapacity',
    'InsufficientHostCapacity',
    'InsufficientCapacity',
    'InsufficientDBInstanceCapacityFault',
    'InsufficientDBClusterCapacityFault',
    'Server.InsufficientInstanceCapacity',
  ]) {
    expect(isCapacityError(code)).toBe(true);
  }
  for (const code of [undefined, 'InvalidInstanceState', 'Client.InternalError', 'UnauthorizedOperation', 'InsufficientAvailableIPsInSubnetFault']) {
    expect(isCapacityError(code)).toBe(false);
  }
  expect(isRetriedFailure('start', noCapacity('i-1'))).toBe(true);
  expect(isRetriedFailure('stop', noCapacity('i-1'))).toBe(false);
});

test('backoff doubles from one tick and stops at 30 minutes (or one tick, if ticks are longer)', () => {
  expect([1, 2, 3, 4, 5, 9].map((n) => retryDelayMinutes(n, 5))).toEqual([5, 10, 20, 30, 30, 30]);
  expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMinutes(n, 1))).toEqual([1, 2, 4, 8, 16, 30]);
  expect([1, 2].map((n) => retryDelayMinutes(n, 45))).toEqual([45, 45]);
});

describe('recordActionResults', () => {
  const at = kst('2026-11-23 09:30');

  test('a capacity failure is counted, scheduled half a tick early, and announced; the instance that started is remembered', () => {
    const states = starting();
    const result = recordActionResults(states, start, [noCapacity('i-2')], at);
    expect(result.events).toEqual([
      {
        type: 'no-capacity',
        schedule: 'Development',
        group: 'API',
        instance: api[1],
        attempts: 1,
        error: noCapacity('i-2').error,
        retryMinutes: 5,
        alert: false,
      },
    ]);
    const transition = result.states.Development.transition!;
    expect(transition.capacity).toEqual({ 'i-2': { attempts: 1, retryAt: new Date(kst('2026-11-23 09:32').getTime() + 30_000).toISOString() } });
    expect(transition.started).toEqual(['i-1']);
    // Pure: what it was given is unchanged.
    expect(states.Development.transition!.capacity).toBeUndefined();
    expect(waitingForCapacity(transition, 'i-2', kst('2026-11-23 09:32'))).toBe(true);
    // A tick a few seconds early still tries again.
    expect(waitingForCapacity(transition, 'i-2', new Date(kst('2026-11-23 09:35').getTime() - 2_000))).toBe(false);
    expect(waitingForCapacity(transition, 'i-1', at)).toBe(false);
  });

  test('alerted once, at the alertAfter-th failure in a row, never again', () => {
    let states = starting();
    const events: SchedulerEvent[] = [];
    for (let n = 0; n < 5; n++) {
      const result = recordActionResults(states, { ...start, instances: [api[1]], repeat: true }, [noCapacity('i-2')], at, { alertAfter: 3 });
      states = result.states;
      events.push(...result.events);
    }
    expect(events.map((e) => (e.type === 'no-capacity' ? `${e.attempts} ${e.alert} ${e.retryMinutes}` : e.type))).toEqual([
      '1 false 5',
      '2 false 10',
      '3 true 20',
      '4 false 30',
      '5 false 30',
    ]);
    expect(states.Development.transition!.capacity!['i-2']).toMatchObject({ attempts: 5, alerted: true });
  });

  test('other failures, successes and stops leave the retries alone', () => {
    const states = starting();
    const refused = { instance: api[0], error: 'UnauthorizedOperation: not allowed', code: 'UnauthorizedOperation' };
    const result = recordActionResults(states, start, [refused], at);
    expect(result.events).toEqual([]);
    expect(result.states.Development.transition).toMatchObject({ started: ['i-2'] });
    expect(result.states.Development.transition!.capacity).toBeUndefined();
    const stop = { type: 'stop' as const, schedule: 'Development', group: 'API', instances: api, repeat: false, reason: 'schedule' as const };
    expect(recordActionResults(states, stop, [noCapacity('i-1')], at)).toEqual({ states, events: [] });
  });
});

describe('reviewStarts', () => {
  const at = kst('2026-11-23 09:40');
  const review = (transition: Transition, members: ReturnType<typeof instance>[]) =>
    reviewStarts(transition, members, 'Development', '(ungrouped)', at, { tickMinutes: 5, alertAfter: 3 });
  const base = (extra: Partial<Transition>): Transition => ({ ...starting(extra).Development.transition! });

  test('an instance started and seen stopped before it ran fell back: reported once per transition, with its reason', () => {
    const reason = { code: 'Client.InternalError', message: 'Client.InternalError: Client error on launch' };
    const transition = base({ started: ['i-1', 'i-2'] });
    const fellBack = instance('i-1', 'API', 'stopped', { stateReason: reason });
    expect(review(transition, [fellBack, instance('i-2', 'API', 'starting')])).toEqual([
      { type: 'fell-back', schedule: 'Development', group: 'API', instance: fellBack, reason },
    ]);
    expect(transition).toMatchObject({ started: ['i-2'], fellBack: ['i-1'] });
    // Started again (a repeat) and fallen back again: not reported twice.
    transition.started = ['i-1', 'i-2'];
    expect(review(transition, [fellBack, instance('i-2', 'API', 'starting')])).toEqual([]);
  });

  test('seen running, a start is complete: stopped later (by hand) is not a fall-back', () => {
    const transition = base({ started: ['i-1'] });
    expect(review(transition, [instance('i-1', 'API', 'running')])).toEqual([]);
    expect(transition.started).toBeUndefined();
    expect(review(transition, [instance('i-1', 'API', 'stopped')])).toEqual([]);
  });

  test('a fall-back for lack of capacity is retried like a refused start', () => {
    const transition = base({ started: ['i-1'] });
    const reason = { code: 'Server.InsufficientInstanceCapacity', message: 'Server.InsufficientInstanceCapacity: Insufficient capacity.' };
    const events = review(transition, [instance('i-1', 'API', 'stopped', { stateReason: reason })]);
    expect(events).toMatchObject([{ type: 'no-capacity', attempts: 1, error: 'Server.InsufficientInstanceCapacity: Insufficient capacity.' }]);
    expect(transition.capacity!['i-1'].attempts).toBe(1);
    expect(transition.fellBack).toBeUndefined();
  });

  test('an instance with capacity trouble that now runs is cleared, with a note only when it had been alerted', () => {
    const transition = base({
      capacity: {
        'i-1': { attempts: 4, retryAt: at.toISOString(), alerted: true },
        'i-2': { attempts: 1, retryAt: at.toISOString() },
        'i-9': { attempts: 1, retryAt: at.toISOString() },
      },
    });
    const running = [instance('i-1', undefined, 'running'), instance('i-2', 'API', 'running')];
    expect(review(transition, running)).toEqual([
      { type: 'capacity-restored', schedule: 'Development', group: '(ungrouped)', instance: running[0], attempts: 4 },
    ]);
    expect(transition.capacity).toEqual({ 'i-9': { attempts: 1, retryAt: at.toISOString() } });
    review(transition, [instance('i-9', 'API', 'running')]);
    expect(transition.capacity).toBeUndefined();
  });
});

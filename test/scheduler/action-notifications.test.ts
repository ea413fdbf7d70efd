import { actionNotifications } from '../../lambda/scheduler/core/messages';
import { instance } from './fixtures';

const api = [instance('i-1', 'API', 'stopped', { name: 'api-1' }), instance('i-2', 'API', 'stopped', { name: 'api-2' })];
const titles = (notifications: { title: string }[]) => notifications.map((n) => n.title);

test('a first action is announced; the instances that failed are reported with it', () => {
  const start = { type: 'start' as const, schedule: 'Development', group: 'API', instances: api, repeat: false };
  expect(titles(actionNotifications(start, []))).toEqual(['Starting API of Development: 2 instances']);
  const failed = [{ instance: api[1], error: 'InsufficientInstanceCapacity' }];
  expect(actionNotifications(start, failed).map((n) => `${n.severity} ${n.title}`)).toEqual([
    'failure Could not start 1 instance of API (Development)',
    'info Starting API of Development: 2 instances',
  ]);
});

test('a repeated action says nothing, even when it fails again', () => {
  const stop = { type: 'stop' as const, schedule: 'Development', group: 'API', instances: api, repeat: true, reason: 'schedule' as const };
  expect(actionNotifications(stop, [])).toEqual([]);
  expect(actionNotifications(stop, [{ instance: api[0], error: 'InvalidInstanceState' }])).toEqual([]);
});

test('a database AWS restarted is stopped with a warning of its own', () => {
  const restop = {
    type: 'stop' as const,
    schedule: 'Development',
    group: 'DB',
    instances: [instance('db-1', 'DB', 'running', { kind: 'RDS' })],
    repeat: false,
    reason: 'auto-restart' as const,
  };
  expect(actionNotifications(restop, []).map((n) => n.severity)).toEqual(['warning']);
  expect(titles(actionNotifications(restop, [{ instance: restop.instances[0], error: 'InvalidDBInstanceState' }]))).toEqual([
    'Could not stop 1 instance of DB (Development)',
    'AWS restarted 1 database of Development after seven days stopped; stopping again',
  ]);
});

test('a start refused for lack of capacity is left to the retry notices; other failures of the same start are reported', () => {
  const start = { type: 'start' as const, schedule: 'Development', group: 'API', instances: api, repeat: false };
  const noCapacity = { instance: api[0], error: 'InsufficientInstanceCapacity: none left', code: 'InsufficientInstanceCapacity' };
  expect(titles(actionNotifications(start, [noCapacity]))).toEqual(['Starting API of Development: 2 instances']);
  const denied = { instance: api[1], error: 'UnauthorizedOperation: not allowed', code: 'UnauthorizedOperation' };
  const both = actionNotifications(start, [noCapacity, denied]);
  expect(both[0]).toMatchObject({ title: 'Could not start 1 instance of API (Development)', fields: [{ title: 'api-2 (i-2)', value: denied.error }] });
});

import { schedulerMessages } from '../../lambda/core/messages/scheduler';
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

test('in Korean, the failure report and the announcement are both Korean; capacity refusals are still left to the retries', () => {
  const ko = { say: schedulerMessages.ko };
  const start = { type: 'start' as const, schedule: 'Development', group: 'API', instances: api, repeat: false };
  const noCapacity = { instance: api[0], error: 'InsufficientInstanceCapacity: none left', code: 'InsufficientInstanceCapacity' };
  const denied = { instance: api[1], error: 'UnauthorizedOperation: not allowed', code: 'UnauthorizedOperation' };
  expect(titles(actionNotifications(start, [noCapacity], ko))).toEqual(['Development 스케줄의 API 그룹을 시작합니다: 인스턴스 2대']);
  expect(actionNotifications(start, [noCapacity, denied], ko).map((n) => `${n.severity} ${n.title}`)).toEqual([
    'failure Development 스케줄 API 그룹의 인스턴스 1대를 시작하지 못했습니다',
    'info Development 스케줄의 API 그룹을 시작합니다: 인스턴스 2대',
  ]);
  const restop = { type: 'stop' as const, schedule: 'Development', group: 'DB', instances: [api[0]], repeat: false, reason: 'auto-restart' as const };
  expect(titles(actionNotifications(restop, [{ instance: api[0], error: 'InvalidDBInstanceState' }], ko))).toEqual([
    'Development 스케줄 DB 그룹의 인스턴스 1대를 중지하지 못했습니다',
    'AWS가 7일간 중지된 Development 스케줄의 데이터베이스 1개를 자동으로 시작했습니다. 다시 중지합니다',
  ]);
  expect(actionNotifications({ ...start, repeat: true }, [denied], ko)).toEqual([]);
});

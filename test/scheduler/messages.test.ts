import { eventNotification, failureNotification, instanceLabel } from '../../lambda/scheduler/core/messages';
import { validateSchedulerEvent } from '../../lambda/scheduler/handler';
import { instance, kst } from './fixtures';

const web = [instance('i-0abc', 'API', 'stopped', { name: 'web-1' }), instance('i-0def', 'API', 'stopped', { name: undefined })];

test('start and stop name the instances by Name tag and id; repeats say nothing', () => {
  expect(eventNotification({ type: 'start', schedule: 'Development', group: 'API', instances: web, repeat: false })).toEqual({
    source: 'scheduler',
    severity: 'info',
    title: 'Starting API of Development: 2 instances',
    fields: [{ title: 'Instances', value: 'web-1 (i-0abc), i-0def' }],
  });
  expect(eventNotification({ type: 'start', schedule: 'Development', group: 'API', instances: web, repeat: true })).toBeUndefined();
  expect(eventNotification({ type: 'stop', schedule: 'Development', group: 'API', instances: [web[0]], repeat: false, reason: 'schedule' })!.title).toBe(
    'Stopping API of Development: 1 instance',
  );
  expect(eventNotification({ type: 'stop', schedule: 'Development', group: 'DB', instances: [web[0]], repeat: false, reason: 'auto-restart' })!.severity).toBe(
    'warning',
  );
});

test('the warning gives the local stop time and the exact command to postpone it', () => {
  const n = eventNotification(
    { type: 'warn', schedule: 'Development', stopAt: kst('2026-11-23 22:00'), timezone: 'Asia/Seoul', running: 12, forceEnds: false },
    { chatCommand: '/dev' },
  )!;
  expect(n.severity).toBe('warning');
  expect(n.title).toBe('Development stops at 22:00: 12 instances still running');
  expect(n.text).toBe('To keep them running, send `/dev extend Development 1h` (or `/dev extend Development until 23:30`) in this topic.');
});

test('before a forced start ends, the warning says so and gives the command that forces it longer', () => {
  const n = eventNotification({ type: 'warn', schedule: 'Development', stopAt: kst('2026-11-23 23:00'), timezone: 'Asia/Seoul', running: 2, forceEnds: true })!;
  expect(n.title).toBe('Development stops at 23:00, when its forced start ends: 2 instances still running');
  expect(n.text).toBe('To keep them running, send `/scheduler start Development for 1h confirm` in this topic.');
});

test('failures, time-outs, blocked groups and configuration problems are failures', () => {
  expect(failureNotification('start', 'Development', 'API', [{ instance: web[0], error: 'InsufficientInstanceCapacity: no capacity' }])).toEqual({
    source: 'scheduler',
    severity: 'failure',
    title: 'Could not start 1 instance of API (Development)',
    fields: [{ title: 'web-1 (i-0abc)', value: 'InsufficientInstanceCapacity: no capacity' }],
  });
  expect(eventNotification({ type: 'timeout', schedule: 'D', group: 'G', target: 'running', instances: [web[0]], minutes: 20 })).toMatchObject({
    severity: 'failure',
    title: 'G of D did not reach running within 20 minutes',
    fields: [{ title: 'web-1 (i-0abc)', value: 'stopped' }],
  });
  expect(eventNotification({ type: 'blocked', schedule: 'D', group: 'G2', waitingFor: ['G1'], target: 'stopped' })!.title).toBe(
    'G2 of D cannot stop: waiting for G1',
  );
  expect(eventNotification({ type: 'config-error', schedule: 'D', problems: ['a', 'b'] })).toMatchObject({ severity: 'failure', text: '- a\n- b' });
  expect(eventNotification({ type: 'settled', schedule: 'D', target: 'running', instances: 1 })).toMatchObject({
    severity: 'success',
    title: 'D is up: 1 instance running',
  });
  expect(instanceLabel({ id: 'db-1', name: 'db-1' })).toBe('db-1');
});

test('no capacity: a warning at the first failure, a failure at the alert, nothing in between; a note when it starts', () => {
  const base = { type: 'no-capacity' as const, schedule: 'Development', group: 'API', instance: web[0], error: 'InsufficientInstanceCapacity: none left' };
  expect(eventNotification({ ...base, attempts: 1, retryMinutes: 5, alert: false })).toEqual({
    source: 'scheduler',
    severity: 'warning',
    title: 'No capacity to start web-1 (i-0abc) of API (Development); retrying',
    text: 'InsufficientInstanceCapacity: none left\nTried again in 5 minutes, and then less often, while Development wants it running; the rest of the group is not held back.',
  });
  expect(eventNotification({ ...base, attempts: 2, retryMinutes: 10, alert: false })).toBeUndefined();
  const alert = eventNotification({ ...base, attempts: 3, retryMinutes: 20, alert: true })!;
  expect(alert.severity).toBe('failure');
  expect(alert.title).toBe('web-1 (i-0abc) of API (Development) still cannot start after 3 attempts: no capacity');
  expect(eventNotification({ ...base, attempts: 4, retryMinutes: 30, alert: false })).toBeUndefined();
  expect(eventNotification({ type: 'capacity-restored', schedule: 'Development', group: 'API', instance: web[0], attempts: 5 })).toEqual({
    source: 'scheduler',
    severity: 'success',
    title: 'web-1 (i-0abc) of API (Development) started after 5 capacity failures',
  });
});

test("a start that fell back names EC2's reason, and for a client error on launch, the configuration that fixes a KMS key", () => {
  const kms = eventNotification({
    type: 'fell-back',
    schedule: 'Development',
    group: 'API',
    instance: web[0],
    reason: { code: 'Client.InternalError', message: 'Client.InternalError: Client error on launch' },
  })!;
  expect(kms.severity).toBe('failure');
  expect(kms.title).toBe('web-1 (i-0abc) of API (Development) stopped again after it was started');
  expect(kms.text).toBe(
    'Reason: Client.InternalError: Client error on launch\nEC2 says this when a volume is encrypted with a KMS key the scheduler may not use: add the key ARN to scheduler.kmsKeyArns in the configuration and deploy.',
  );
  const other = eventNotification({
    type: 'fell-back',
    schedule: 'D',
    group: 'G',
    instance: web[1],
    reason: { code: 'Server.InternalError', message: 'Internal error on launch' },
  })!;
  expect(other.text).toBe('Reason: Server.InternalError: Internal error on launch');
  expect(eventNotification({ type: 'fell-back', schedule: 'D', group: 'G', instance: web[1] })!.text).toBe('Reason: EC2 gave no reason');
});

test('the handler accepts EventBridge scheduled events and {} only', () => {
  expect(() => validateSchedulerEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events' })).not.toThrow();
  expect(() => validateSchedulerEvent({})).not.toThrow();
  expect(() => validateSchedulerEvent({ Records: [] })).toThrow('the scheduler expects an EventBridge Scheduled Event or {}, not ["Records"]');
  expect(() => validateSchedulerEvent('tick')).toThrow('the scheduler expects an EventBridge Scheduled Event or {}');
});

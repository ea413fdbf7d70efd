import { schedulerMessages } from '../../lambda/core/messages/scheduler';
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

describe('in Korean (jandi.language: ko)', () => {
  const ko = { say: schedulerMessages.ko };
  const hangul = /[\uAC00-\uD7A3]/;

  test('starts, stops and the restart of a database AWS started by itself', () => {
    expect(eventNotification({ type: 'start', schedule: 'Development', group: 'API', instances: web, repeat: false }, ko)).toEqual({
      source: 'scheduler',
      severity: 'info',
      title: 'Development 스케줄의 API 그룹을 시작합니다: 인스턴스 2대',
      fields: [{ title: '인스턴스', value: 'web-1 (i-0abc), i-0def' }],
    });
    expect(eventNotification({ type: 'start', schedule: 'Development', group: 'API', instances: web, repeat: true }, ko)).toBeUndefined();
    expect(eventNotification({ type: 'stop', schedule: 'Development', group: 'API', instances: [web[0]], repeat: false, reason: 'schedule' }, ko)!.title).toBe(
      'Development 스케줄의 API 그룹을 중지합니다: 인스턴스 1대',
    );
    const restop = eventNotification({ type: 'stop', schedule: 'Development', group: 'DB', instances: [web[0]], repeat: false, reason: 'auto-restart' }, ko)!;
    expect(restop).toMatchObject({ severity: 'warning', fields: [{ title: 'DB', value: 'web-1 (i-0abc)' }] });
    expect(restop.title).toBe('AWS가 7일간 중지된 Development 스케줄의 데이터베이스 1개를 자동으로 시작했습니다. 다시 중지합니다');
  });

  test('the warning gives the local stop time and the extend command as typed', () => {
    const n = eventNotification(
      { type: 'warn', schedule: 'Dev', stopAt: kst('2026-11-23 22:00'), timezone: 'Asia/Seoul', running: 12, forceEnds: false },
      { ...ko, chatCommand: '/scheduler' },
    )!;
    expect(n.severity).toBe('warning');
    expect(n.title).toBe('Dev 스케줄이 22:00에 중지됩니다: 인스턴스 12대 실행 중');
    expect(n.text).toBe('계속 실행하려면 이 토픽에 `/scheduler extend Dev 1h`(또는 `/scheduler extend Dev until 23:30`) 명령을 보내세요.');
    const forced = eventNotification(
      { type: 'warn', schedule: 'Dev', stopAt: kst('2026-11-23 23:30'), timezone: 'Asia/Seoul', running: 1, forceEnds: true },
      { ...ko, chatCommand: '/dev' },
    )!;
    expect(forced.title).toBe('Dev 스케줄의 강제 시작이 23:30에 끝나 중지됩니다: 인스턴스 1대 실행 중');
    expect(forced.text).toBe('계속 실행하려면 이 토픽에 `/dev start Dev for 1h confirm` 명령을 보내세요.');
  });

  test('settled, time-outs with the states in Korean, blocked groups, failures and configuration problems', () => {
    expect(eventNotification({ type: 'settled', schedule: 'D', target: 'running', instances: 7 }, ko)!.title).toBe('D 스케줄 시작 완료: 인스턴스 7대 실행 중');
    expect(eventNotification({ type: 'settled', schedule: 'D', target: 'stopped', instances: 1 }, ko)!.title).toBe('D 스케줄 중지 완료: 인스턴스 1대 중지됨');
    expect(eventNotification({ type: 'timeout', schedule: 'D', group: 'G', target: 'running', instances: [web[0]], minutes: 20 }, ko)).toMatchObject({
      severity: 'failure',
      title: 'D 스케줄의 G 그룹이 20분 안에 실행 상태가 되지 않았습니다',
      fields: [{ title: 'web-1 (i-0abc)', value: '중지됨' }],
    });
    expect(eventNotification({ type: 'blocked', schedule: 'D', group: 'G2', waitingFor: ['G1', 'G3'], target: 'stopped' }, ko)!.title).toBe(
      'D 스케줄의 G2 그룹을 중지할 수 없습니다: G1, G3 그룹 대기 중',
    );
    expect(
      failureNotification('start', 'Development', 'API', [{ instance: web[0], error: 'UnauthorizedOperation: not allowed' }], schedulerMessages.ko),
    ).toEqual({
      source: 'scheduler',
      severity: 'failure',
      title: 'Development 스케줄 API 그룹의 인스턴스 1대를 시작하지 못했습니다',
      fields: [{ title: 'web-1 (i-0abc)', value: 'UnauthorizedOperation: not allowed' }],
    });
    expect(eventNotification({ type: 'config-error', schedule: 'D', problems: ['a', 'b'] }, ko)).toMatchObject({
      severity: 'failure',
      title: 'D 스케줄 설정에 문제가 있습니다',
      text: '- a\n- b',
    });
    expect(eventNotification({ type: 'config-error', schedule: '*', problems: ['a'] }, ko)!.title).toBe('스케줄러 테이블에 문제가 있습니다');
  });

  test('capacity: the warning and the alert keep the AWS error as it came, with the retry sentence in Korean', () => {
    const base = { type: 'no-capacity' as const, schedule: 'Development', group: 'API', instance: web[0], error: 'InsufficientInstanceCapacity: none left' };
    expect(eventNotification({ ...base, attempts: 1, retryMinutes: 5, alert: false }, ko)).toEqual({
      source: 'scheduler',
      severity: 'warning',
      title: 'Development 스케줄 API 그룹의 web-1 (i-0abc): 용량이 부족해 시작하지 못했습니다. 다시 시도합니다',
      text: 'InsufficientInstanceCapacity: none left\n5분 후에 다시 시도하고, Development 스케줄이 실행 중이어야 하는 동안 간격을 늘려 가며 계속 시도합니다. 그룹의 다른 인스턴스는 기다리지 않습니다.',
    });
    expect(eventNotification({ ...base, attempts: 2, retryMinutes: 10, alert: false }, ko)).toBeUndefined();
    const alert = eventNotification({ ...base, attempts: 3, retryMinutes: 20, alert: true }, ko)!;
    expect(alert.severity).toBe('failure');
    expect(alert.title).toBe('Development 스케줄 API 그룹의 web-1 (i-0abc): 3회 시도했지만 용량이 부족해 아직 시작하지 못했습니다');
    expect(alert.text).toMatch(/^InsufficientInstanceCapacity: none left\n20분 후에 .* 다른 인스턴스 유형이나 가용 영역에는 지금 용량이 있을 수 있습니다\.$/);
    expect(eventNotification({ type: 'capacity-restored', schedule: 'Development', group: 'API', instance: web[0], attempts: 5 }, ko)!.title).toBe(
      'Development 스케줄 API 그룹의 web-1 (i-0abc): 용량 부족으로 5회 실패한 끝에 시작되었습니다',
    );
  });

  test("a start that fell back: EC2's reason as it came, the KMS hint naming the configuration field", () => {
    const kms = eventNotification(
      {
        type: 'fell-back',
        schedule: 'D',
        group: 'G',
        instance: web[0],
        reason: { code: 'Client.InternalError', message: 'Client.InternalError: Client error on launch' },
      },
      ko,
    )!;
    expect(kms.title).toBe('D 스케줄 G 그룹의 web-1 (i-0abc): 시작한 뒤 다시 중지되었습니다');
    const [reason, hint] = kms.text!.split('\n');
    expect(reason).toBe('원인: Client.InternalError: Client error on launch');
    expect(hint).toContain('scheduler.kmsKeyArns');
    expect(hint).toMatch(hangul);
    expect(eventNotification({ type: 'fell-back', schedule: 'D', group: 'G', instance: web[1] }, ko)!.text).toBe('원인: EC2가 원인을 알려 주지 않았습니다');
  });
});

test('the handler accepts EventBridge scheduled events and {} only', () => {
  expect(() => validateSchedulerEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events' })).not.toThrow();
  expect(() => validateSchedulerEvent({})).not.toThrow();
  expect(() => validateSchedulerEvent({ Records: [] })).toThrow('the scheduler expects an EventBridge Scheduled Event or {}, not ["Records"]');
  expect(() => validateSchedulerEvent('tick')).toThrow('the scheduler expects an EventBridge Scheduled Event or {}');
});

/**
 * The language a tick speaks comes from JANDI_LANGUAGE, read by the handler: whole ticks wired as the Lambda
 * function wires them (DynamoDB a real local server, EC2 and SNS aws-sdk-client-mock stubs), over one day.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { schedulerMessages } from '../../lambda/core/messages/scheduler';
import { SchedulerStore } from '../../lambda/scheduler/adapters/store';
import { dependenciesFromEnvironment } from '../../lambda/scheduler/handler';
import { runTick } from '../../lambda/scheduler/tick';
import { LocalDynamo } from '../helpers/dynalite';
import { FakeFleet } from './fake-fleet';
import { exception, group, kst, scheduleItem } from './fixtures';

const dynamo = new LocalDynamo();
const sns = mockClient(SNSClient);
let environment: NodeJS.ProcessEnv;
let store: SchedulerStore;

beforeAll(async () => {
  await dynamo.start();
  const tables = await dynamo.createSchedulerTables('language');
  store = new SchedulerStore(dynamo.client, tables);
  await store.putSchedule(scheduleItem());
  await store.putGroup(group('API'));
  await store.putException({ ...exception('2026-11-23', 'stop', '25:00'), ExceptionUuid: 'e-1' });
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  environment = {
    ...process.env,
    SCHEDULES_TABLE: tables.schedules,
    GROUPS_TABLE: tables.groups,
    EXCEPTIONS_TABLE: tables.exceptions,
    STATE_TABLE: tables.state,
    HOLIDAYS_TABLE: tables.holidays,
    NOTIFICATIONS_TOPIC_ARN: 'arn:aws:sns:ap-northeast-2:123456789012:language-notifications',
    SCHEDULE_TAG_KEY: 'ScheduleName',
    GROUP_TAG_KEY: 'ScheduleGroup',
    DEFAULT_TIMEZONE: 'Asia/Seoul',
  };
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.stop();
});

test('with JANDI_LANGUAGE=ko a day of ticks tells JANDI everything in Korean, commands and names as typed', async () => {
  let clock = 0;
  const fleet = new FakeFleet(
    [{ id: 'i-api1', kind: 'EC2', tags: { ScheduleName: 'Development', ScheduleGroup: 'API', Name: 'api-1' }, state: 'stopped' }],
    () => clock,
  );
  const heard: string[] = [];
  sns.on(PublishCommand).callsFake(({ Message }) => {
    const n = JSON.parse(Message!) as { severity: string; title: string; text?: string };
    heard.push([n.severity, n.title, n.text].filter(Boolean).join(' | '));
    return { MessageId: String(heard.length) };
  });
  const deps = dependenciesFromEnvironment({ ...environment, JANDI_LANGUAGE: 'ko' });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    for (const time of ['09:30', '09:35', '21:50', '22:00', '22:05']) {
      clock = kst(`2026-11-23 ${time}`).getTime();
      fleet.advance();
      await runTick({ ...deps, owner: `tick-${time}` }, new Date(clock));
    }
  } finally {
    jest.restoreAllMocks();
  }
  expect(heard).toEqual([
    'info | Development 스케줄의 API 그룹을 시작합니다: 인스턴스 1대',
    'failure | 스케줄러 테이블에 문제가 있습니다 | - 예외 "e-1": ExceptionValue 값("25:00")이 None도, H:M 형식의 시각도 아닙니다',
    'success | Development 스케줄 시작 완료: 인스턴스 1대 실행 중',
    'warning | Development 스케줄이 22:00에 중지됩니다: 인스턴스 1대 실행 중 | 계속 실행하려면 이 토픽에 `/scheduler extend Development 1h`(또는 `/scheduler extend Development until 23:30`) 명령을 보내세요.',
    'info | Development 스케줄의 API 그룹을 중지합니다: 인스턴스 1대',
    'success | Development 스케줄 중지 완료: 인스턴스 1대 중지됨',
  ]);
  expect(fleet.calls.map((c) => `${c.action} ${c.ids.join(',')}`)).toEqual(['start i-api1', 'stop i-api1']);
});

test('without JANDI_LANGUAGE the tick speaks English, and a language it does not know stops the function', () => {
  expect(dependenciesFromEnvironment(environment).messages.say).toBe(schedulerMessages.en);
  expect(dependenciesFromEnvironment({ ...environment, JANDI_LANGUAGE: 'ko' }).messages.say).toBe(schedulerMessages.ko);
  expect(() => dependenciesFromEnvironment({ ...environment, JANDI_LANGUAGE: 'jp' })).toThrow('JANDI_LANGUAGE must be one of ko, en, got "jp"');
});

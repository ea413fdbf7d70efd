/** CloudWatch alarms: how the notifier frames them, and the descriptions constructs give them at synth. */
import { enFormats, koFormats, type Formats } from './format';
import type { Language } from './language';

export type AlarmMessages = {
  /** The first line after `[cloudwatch]`; `state` is CloudWatch's NewStateValue. */
  readonly heading: (state: string, alarmName: string) => string;
  readonly openAlarm: string;
  readonly reason: string;
  readonly metric: string;
  readonly changed: string;
  /** `at` is CloudWatch's StateChangeTime, moved to the app time zone when the notifier knows it. */
  readonly changedValue: (oldState: string | undefined, newState: string, at: string) => string;
  /** Shown for a message published to the topic with nothing in it. */
  readonly emptyMessage: string;
  /** The title of the last block, standing for `count` blocks JANDI had no room for. */
  readonly moreBlocks: (count: number) => string;

  readonly schedulerErrors: string;
  /** `functionName` is the bot's function, whose log group tells who posted. */
  readonly botRejectedTokens: (functionName: string) => string;
  readonly notificationsDeadLetters: string;
  readonly notificationsUndelivered: (stuckAfterMinutes: number) => string;
  /** `table` as schema.table; `stream` is the delivery stream's name. */
  readonly firehoseCopyFailed: (table: string, stream: string) => string;
  readonly firehoseFreshness: (stream: string, thresholdSeconds: number, bufferingSeconds: number) => string;
  readonly firehoseThrottled: (stream: string) => string;
  readonly syncErrors: (source: string) => string;
  readonly syncNotCaughtUp: (source: string, maxRuns: number, stateMachine: string) => string;
  readonly syncTimedOut: (source: string, stateMachine: string) => string;
  readonly athenaStepErrors: string;
  readonly athenaRunsTimedOut: string;
};

const KO_STATES: Readonly<Record<string, string>> = { ALARM: '경보', OK: '정상', INSUFFICIENT_DATA: '데이터 부족' };
/** A state CloudWatch might add later is shown as it comes. */
const koState = (state: string) => KO_STATES[state] ?? state;

/**
 * The notifier passes the moment in the app time zone (`2026-11-24T18:05:00+09:00`); CloudWatch's own UTC form
 * (`2026-11-24T09:05:00.000+0000`) is marked UTC, and anything else is shown as it comes.
 */
function moment(at: string, formats: Formats): string {
  const match = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[0-9:.]*(Z|[+-]\d{2}:?\d{2})$/.exec(at);
  if (!match) return at;
  return /^(Z|[+-]00:?00)$/.test(match[1]) ? `${formats.dateTime(at)} UTC` : formats.dateTime(at);
}

/** As CDK's Duration.toHumanString wrote it before: `30 minutes`, `1 hour 30 minutes`. */
function enMinutesInWords(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const words = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return [hours > 0 ? words(hours, 'hour') : '', minutes > 0 || hours === 0 ? words(minutes, 'minute') : ''].filter(Boolean).join(' ');
}

export const alarmsMessages: Readonly<Record<Language, AlarmMessages>> = {
  ko: {
    heading: (state, alarmName) => `${koState(state)}: ${alarmName}`,
    openAlarm: 'CloudWatch에서 경보 보기',
    reason: '사유',
    metric: '지표',
    changed: '상태 변경',
    changedValue: (oldState, newState, at) => `${oldState === undefined ? '?' : koState(oldState)} → ${koState(newState)} (${moment(at, koFormats)})`,
    emptyMessage: '(빈 메시지)',
    moreBlocks: (count) => `외 ${koFormats.count(count)}개`,

    schedulerErrors: '인스턴스 스케줄러가 연속으로 실패해 스케줄이 적용되지 않고 있습니다. 함수의 로그 그룹을 확인하세요.',
    botRejectedTokens: (functionName) =>
      '스케줄러 봇이 토큰이 틀리거나 없는 요청을 거부했습니다. JANDI Outgoing Webhook의 토큰이 시크릿과 더 이상 맞지 않거나' +
      `(토픽에서 보낸 명령이 실패합니다) 누군가 봇의 공개 URL로 요청을 보내고 있습니다. ${functionName} 로그 그룹을 확인하세요.`,
    notificationsDeadLetters: 'JANDI가 받지 않은 알림이 데드레터 큐에 쌓여 있습니다. 메시지의 Reason 속성을 읽고 원인을 해결한 뒤 큐를 다시 보내세요(redrive).',
    notificationsUndelivered: (minutes) =>
      `알림이 JANDI로 전달되지 못한 채 ${koFormats.minutes(minutes)} 넘게 대기하고 있습니다. JANDI나 웹훅에 문제가 있습니다.`,
    firehoseCopyFailed: (table, stream) =>
      `${table} COPY가 실패했습니다(스트림 ${stream}). STL_LOAD_ERRORS와 전송 버킷의 errors/ 매니페스트를 확인하고, ` +
      'npm run --silent firehose -- replay-manifest로 다시 적재하세요.',
    firehoseFreshness: (stream, threshold, buffering) =>
      `${stream} 레코드가 S3에 도착하기까지 ${koFormats.count(threshold)}초 넘게 걸리고 있습니다(버퍼링 ${koFormats.count(buffering)}초).`,
    firehoseThrottled: (stream) => `Firehose가 ${stream}에 들어온 레코드를 제한했습니다. 할당량을 늘리거나 PutRecordBatch 한 번에 더 많이 묶어 보내세요.`,
    syncErrors: (source) =>
      `소스 ${source}의 동기화 실행이 보고 없이 시간 초과되거나 비정상 종료되었습니다. 함수의 로그 그룹을 확인하세요. 작업 잠금은 16분 뒤에 풀립니다.`,
    syncNotCaughtUp: (source, maxRuns, stateMachine) =>
      `소스 ${source}의 MySQL 동기화 실행이 따라잡지 못하고 끝났습니다. 실행 ${koFormats.count(maxRuns)}회로 부족했거나 함수가 계속 비정상 종료되었습니다. ` +
      `상태 머신을 확인하세요: ${stateMachine}`,
    syncTimedOut: (source, stateMachine) => `소스 ${source}의 MySQL 동기화 실행이 제한 시간을 넘겼습니다. 상태 머신을 확인하세요: ${stateMachine}`,
    athenaStepErrors: 'Athena 단계 함수가 Step Functions의 재시도 후에도 비정상 종료되거나 시간 초과되었습니다. 로그 그룹을 확인하세요.',
    athenaRunsTimedOut: 'Athena 작업 실행이 상태 머신의 제한 시간을 넘겼습니다. 해당 파티션을 백필하세요.',
  },
  en: {
    heading: (state, alarmName) => `${state}: ${alarmName}`,
    openAlarm: 'Open the alarm',
    reason: 'Reason',
    metric: 'Metric',
    changed: 'Changed',
    changedValue: (oldState, newState, at) => `${oldState ?? '?'} -> ${newState} at ${moment(at, enFormats)}`,
    emptyMessage: '(empty message)',
    moreBlocks: (count) => `${enFormats.count(count)} more`,

    schedulerErrors: 'The instance scheduler failed on consecutive ticks; schedules are not being applied. See its log group.',
    botRejectedTokens: (functionName) =>
      "The scheduler bot refused requests with a wrong or missing token. Either the JANDI Outgoing Webhook's token no longer matches " +
      `the secret (commands from the topic fail) or someone is posting to the bot's public URL. See the log group of ${functionName}.`,
    notificationsDeadLetters:
      'Notifications JANDI did not accept are waiting in the dead-letter queue. Read the Reason attribute, fix the cause, then redrive the queue.',
    notificationsUndelivered: (minutes) => `A notification has waited more than ${enMinutesInWords(minutes)} for JANDI: JANDI or the webhook is failing.`,
    firehoseCopyFailed: (table, stream) =>
      `A COPY into ${table} failed (stream ${stream}). Look at STL_LOAD_ERRORS and the errors/ manifests in the delivery bucket; ` +
      'replay with npm run --silent firehose -- replay-manifest.',
    firehoseFreshness: (stream, threshold, buffering) => `Records of ${stream} wait more than ${threshold} s (buffering ${buffering} s) to reach S3.`,
    firehoseThrottled: (stream) => `Firehose throttled records put into ${stream}: raise its quota or batch more per PutRecordBatch.`,
    syncErrors: (source) =>
      `A sync run of source ${source} timed out or crashed without reporting; see the function's log group. Its lease frees the job after 16 minutes.`,
    syncNotCaughtUp: (source, maxRuns, stateMachine) =>
      `A MySQL sync execution of source ${source} ended without catching up: ${maxRuns} runs were not enough, or the function kept crashing. ` +
      `See the state machine ${stateMachine}.`,
    syncTimedOut: (source, stateMachine) => `A MySQL sync execution of source ${source} ran past its time-out. See the state machine ${stateMachine}.`,
    athenaStepErrors: 'The Athena step function crashed or timed out (after Step Functions retried it); see its log group.',
    athenaRunsTimedOut: 'An Athena job run exceeded the state machine time-out; backfill its partition.',
  },
};

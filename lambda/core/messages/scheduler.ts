/**
 * Scheduler events: starts, stops, the pre-stop warning, failures, capacity; its configuration problems are in
 * scheduler-problems.ts. Chat commands, AWS error text and configuration names appear exactly as people type
 * or read them elsewhere, in both languages.
 */
import { enFormats, koFormats } from './format';
import type { Language } from './language';
import { schedulerProblemMessages, type SchedulerProblemMessages } from './scheduler-problems';

export type { FieldType, ProblemItem, SchedulerProblemMessages } from './scheduler-problems';

type Target = 'running' | 'stopped';
type InstanceState = Target | 'starting' | 'stopping' | 'unavailable';

interface GroupOf {
  readonly schedule: string;
  readonly group: string;
}
/** One instance of a group: `instance` is its label (`web-1 (i-0abc)`). */
interface InstanceOf extends GroupOf {
  readonly instance: string;
}

export interface SchedulerEventMessages {
  starting(p: GroupOf & { count: number }): string;
  stopping(p: GroupOf & { count: number }): string;
  /** Databases AWS started by itself after seven days stopped, which the scheduler stops again. */
  restartedByAws(p: { schedule: string; count: number }): string;
  instancesField: string;
  /** `at`: the local stop time, `22:00`. */
  warning(p: { schedule: string; at: string; running: number; forceEnds: boolean }): string;
  /** `command`: the chat keyword, `/scheduler`. */
  warningExtend(p: { command: string; schedule: string }): string;
  warningForceLonger(p: { command: string; schedule: string }): string;
  settled(p: { schedule: string; target: Target; count: number }): string;
  timeout(p: GroupOf & { target: Target; minutes: number }): string;
  instanceState(p: { state: InstanceState }): string;
  blocked(p: GroupOf & { target: Target; waitingFor: readonly string[] }): string;
  configProblemsInTables: string;
  configProblemsOfSchedule(p: { schedule: string }): string;
  noCapacity(p: InstanceOf): string;
  noCapacityAlert(p: InstanceOf & { attempts: number }): string;
  /** What the retries do, said with both capacity notices. */
  capacityRetry(p: { schedule: string; retryMinutes: number }): string;
  capacityElsewhere: string;
  capacityRestored(p: InstanceOf & { attempts: number }): string;
  fellBack(p: InstanceOf): string;
  fellBackReason(p: { reason: string }): string;
  noStateReason: string;
  /** EC2's Client.InternalError after a start is most often a KMS key the scheduler's role may not use. */
  kmsKeyHint: string;
  actionFailed(p: GroupOf & { action: 'start' | 'stop'; count: number }): string;
}

export type SchedulerMessages = SchedulerEventMessages & SchedulerProblemMessages;

const KO_STATES: Readonly<Record<InstanceState, string>> = {
  running: '실행 중',
  stopped: '중지됨',
  starting: '시작 중',
  stopping: '중지 중',
  unavailable: '사용 불가',
};
const koInstance = ({ schedule, group, instance }: InstanceOf) => `${schedule} 스케줄 ${group} 그룹의 ${instance}`;

const ko: SchedulerEventMessages = {
  starting: ({ schedule, group, count }) => `${schedule} 스케줄의 ${group} 그룹을 시작합니다: ${koFormats.quantity(count, 'instance')}`,
  stopping: ({ schedule, group, count }) => `${schedule} 스케줄의 ${group} 그룹을 중지합니다: ${koFormats.quantity(count, 'instance')}`,
  restartedByAws: ({ schedule, count }) =>
    `AWS가 7일간 중지된 ${schedule} 스케줄의 ${koFormats.quantity(count, 'database')}를 자동으로 시작했습니다. 다시 중지합니다`,
  instancesField: '인스턴스',
  warning: ({ schedule, at, running, forceEnds }) =>
    `${forceEnds ? `${schedule} 스케줄의 강제 시작이 ${at}에 끝나 중지됩니다` : `${schedule} 스케줄이 ${at}에 중지됩니다`}: ${koFormats.quantity(running, 'instance')} 실행 중`,
  warningExtend: ({ command, schedule }) =>
    `계속 실행하려면 이 토픽에 \`${command} extend ${schedule} 1h\`(또는 \`${command} extend ${schedule} until 23:30\`) 명령을 보내세요.`,
  warningForceLonger: ({ command, schedule }) => `계속 실행하려면 이 토픽에 \`${command} start ${schedule} for 1h confirm\` 명령을 보내세요.`,
  settled: ({ schedule, target, count }) =>
    target === 'running'
      ? `${schedule} 스케줄 시작 완료: ${koFormats.quantity(count, 'instance')} 실행 중`
      : `${schedule} 스케줄 중지 완료: ${koFormats.quantity(count, 'instance')} 중지됨`,
  timeout: ({ schedule, group, target, minutes }) =>
    `${schedule} 스케줄의 ${group} 그룹이 ${koFormats.minutes(minutes)} 안에 ${target === 'running' ? '실행' : '중지'} 상태가 되지 않았습니다`,
  instanceState: ({ state }) => KO_STATES[state],
  blocked: ({ schedule, group, target, waitingFor }) =>
    `${schedule} 스케줄의 ${group} 그룹을 ${target === 'running' ? '시작' : '중지'}할 수 없습니다: ${koFormats.list(waitingFor)} 그룹 대기 중`,
  configProblemsInTables: '스케줄러 테이블에 문제가 있습니다',
  configProblemsOfSchedule: ({ schedule }) => `${schedule} 스케줄 설정에 문제가 있습니다`,
  noCapacity: (p) => `${koInstance(p)}: 용량이 부족해 시작하지 못했습니다. 다시 시도합니다`,
  noCapacityAlert: (p) => `${koInstance(p)}: ${koFormats.count(p.attempts)}회 시도했지만 용량이 부족해 아직 시작하지 못했습니다`,
  capacityRetry: ({ schedule, retryMinutes }) =>
    `${koFormats.minutes(retryMinutes)} 후에 다시 시도하고, ${schedule} 스케줄이 실행 중이어야 하는 동안 간격을 늘려 가며 계속 시도합니다. 그룹의 다른 인스턴스는 기다리지 않습니다.`,
  capacityElsewhere: '다른 인스턴스 유형이나 가용 영역에는 지금 용량이 있을 수 있습니다.',
  capacityRestored: (p) => `${koInstance(p)}: 용량 부족으로 ${koFormats.count(p.attempts)}회 실패한 끝에 시작되었습니다`,
  fellBack: (p) => `${koInstance(p)}: 시작한 뒤 다시 중지되었습니다`,
  fellBackReason: ({ reason }) => `원인: ${reason}`,
  noStateReason: 'EC2가 원인을 알려 주지 않았습니다',
  kmsKeyHint: '볼륨이 스케줄러가 쓸 수 없는 KMS 키로 암호화되어 있으면 EC2가 이렇게 알립니다. 설정의 scheduler.kmsKeyArns에 키 ARN을 추가하고 배포하세요.',
  actionFailed: ({ schedule, group, action, count }) =>
    `${schedule} 스케줄 ${group} 그룹의 ${koFormats.quantity(count, 'instance')}를 ${action === 'start' ? '시작' : '중지'}하지 못했습니다`,
};

const enInstance = ({ schedule, group, instance }: InstanceOf) => `${instance} of ${group} (${schedule})`;

const en: SchedulerEventMessages = {
  starting: ({ schedule, group, count }) => `Starting ${group} of ${schedule}: ${enFormats.quantity(count, 'instance')}`,
  stopping: ({ schedule, group, count }) => `Stopping ${group} of ${schedule}: ${enFormats.quantity(count, 'instance')}`,
  restartedByAws: ({ schedule, count }) => `AWS restarted ${enFormats.quantity(count, 'database')} of ${schedule} after seven days stopped; stopping again`,
  instancesField: 'Instances',
  warning: ({ schedule, at, running, forceEnds }) =>
    `${schedule} stops at ${at}${forceEnds ? ', when its forced start ends' : ''}: ${enFormats.quantity(running, 'instance')} still running`,
  warningExtend: ({ command, schedule }) =>
    `To keep them running, send \`${command} extend ${schedule} 1h\` (or \`${command} extend ${schedule} until 23:30\`) in this topic.`,
  warningForceLonger: ({ command, schedule }) => `To keep them running, send \`${command} start ${schedule} for 1h confirm\` in this topic.`,
  settled: ({ schedule, target, count }) => `${schedule} is ${target === 'running' ? 'up' : 'down'}: ${enFormats.quantity(count, 'instance')} ${target}`,
  timeout: ({ schedule, group, target, minutes }) => `${group} of ${schedule} did not reach ${target} within ${minutes} minutes`,
  instanceState: ({ state }) => state,
  blocked: ({ schedule, group, target, waitingFor }) =>
    `${group} of ${schedule} cannot ${target === 'running' ? 'start' : 'stop'}: waiting for ${enFormats.list(waitingFor)}`,
  configProblemsInTables: 'Scheduler tables have problems',
  configProblemsOfSchedule: ({ schedule }) => `Schedule ${schedule} has configuration problems`,
  noCapacity: (p) => `No capacity to start ${enInstance(p)}; retrying`,
  noCapacityAlert: (p) => `${enInstance(p)} still cannot start after ${enFormats.quantity(p.attempts, 'attempt')}: no capacity`,
  capacityRetry: ({ schedule, retryMinutes }) =>
    `Tried again in ${retryMinutes} minutes, and then less often, while ${schedule} wants it running; the rest of the group is not held back.`,
  capacityElsewhere: 'Another instance type or Availability Zone may have capacity now.',
  capacityRestored: (p) => `${enInstance(p)} started after ${enFormats.count(p.attempts)} capacity ${p.attempts === 1 ? 'failure' : 'failures'}`,
  fellBack: (p) => `${enInstance(p)} stopped again after it was started`,
  fellBackReason: ({ reason }) => `Reason: ${reason}`,
  noStateReason: 'EC2 gave no reason',
  kmsKeyHint:
    'EC2 says this when a volume is encrypted with a KMS key the scheduler may not use: add the key ARN to scheduler.kmsKeyArns in the configuration and deploy.',
  actionFailed: ({ schedule, group, action, count }) => `Could not ${action} ${enFormats.quantity(count, 'instance')} of ${group} (${schedule})`,
};

export const schedulerMessages: Readonly<Record<Language, SchedulerMessages>> = {
  ko: { ...ko, ...schedulerProblemMessages.ko },
  en: { ...en, ...schedulerProblemMessages.en },
};

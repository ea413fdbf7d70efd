/** Run reports: the daily digest, Athena and MySQL sync runs, the doctor's test message. */
import { enFormats, koFormats, type Formats } from './format';
import type { Language } from './language';

/** One Firehose stream's day in the digest; `records` is undefined when CloudWatch had no data. */
export interface StreamDay {
  readonly name: string;
  readonly records?: number;
  readonly copyFailed: boolean;
}

/** One MySQL sync job's day; `rows` is undefined when nothing ran. */
export interface SyncDay {
  readonly job: string;
  readonly rows?: number;
  readonly lagSeconds?: number;
  readonly failedRuns: number;
}

/** One Athena job's day; `partitions` is undefined when none was loaded. */
export interface AthenaDay {
  readonly job: string;
  readonly partitions?: number;
  readonly rows: number;
  readonly bytesScanned?: number;
  readonly costUsd?: number;
  readonly failedRuns: number;
}

/** Stopped hours of one instance size, with its price. */
export interface SizeHours {
  readonly size: string;
  readonly hours: number;
  readonly hourlyUsd: number;
}

export type ReportMessages = {
  /** `day` is the local date reported on (YYYY-MM-DD). */
  readonly digestTitle: (envName: string, day: string) => string;
  readonly digestAllDelivered: string;
  readonly digestNeedsALook: (problems: readonly string[]) => string;
  readonly digestCopyFailed: (stream: string) => string;
  readonly digestNoRecords: (stream: string) => string;
  readonly digestJobFailed: (job: string, failedRuns: number) => string;
  readonly digestNoSyncRun: (job: string) => string;
  readonly digestNoPartitionLoaded: (job: string) => string;
  readonly digestNoSchedulerData: string;
  readonly digestStreamsTitle: string;
  readonly digestStreamLine: (stream: StreamDay) => string;
  readonly digestSyncTitle: string;
  readonly digestSyncLine: (job: SyncDay) => string;
  readonly digestAthenaTitle: (totalUsd: number) => string;
  readonly digestAthenaLine: (job: AthenaDay) => string;
  readonly digestSchedulerTitle: string;
  readonly digestSchedulerNoData: string;
  readonly digestStopped: (instanceHours: number, savedUsd: number) => string;
  readonly digestSizeLine: (size: SizeHours) => string;
  /** Hours of sizes missing from `digest.hourlyPrices`, the configuration field that prices them. */
  readonly digestUnpriced: (hours: number) => string;

  readonly athenaLoaded: (job: string, partition: string) => string;
  readonly athenaFailed: (job: string, partition: string) => string;
  /** `command` is the CLI line that backfills the partition. */
  readonly athenaBackfillHint: (command: string) => string;
  readonly athenaCatchUpFailed: (job: string) => string;
  readonly athenaJob: (job: string, granularity: 'daily' | 'hourly') => string;
  readonly athenaNoQuery: string;
  readonly athenaScanned: (bytes: number, costUsd: number) => string;
  readonly athenaDuration: (seconds: number, attempts: number) => string;
  readonly athenaRows: (rows: number, table: string) => string;

  readonly syncFailed: (job: string) => string;

  readonly doctorTestTitle: (envName: string) => string;
  readonly doctorTestText: string;
  /** The moment both as UTC ISO 8601 and as local time with its offset, in the zone named. */
  readonly doctorSentAt: (utcIso: string, zonedIso: string, timezone: string) => string;

  readonly fieldJob: string;
  readonly fieldPartition: string;
  readonly fieldQueryExecution: string;
  readonly fieldScanned: string;
  readonly fieldDuration: string;
  readonly fieldRows: string;
  readonly fieldTable: string;
  readonly fieldError: string;
  readonly fieldAttempts: string;
  readonly fieldEnvironment: string;
  readonly fieldSent: string;
  /** An error the run did not record. */
  readonly unknownError: string;
};

const usd = (n: number) => `$${n.toFixed(2)}`;
const gigabytes = (bytes: number, digits: number) => `${(bytes / 1024 ** 3).toFixed(digits)} GB`;

/** Under two minutes in seconds (the unit's own word), otherwise in the language's hours and minutes. */
function elapsed(f: Formats, secondsWord: string, seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)}${secondsWord}` : f.minutes(Math.round(seconds / 60));
}

const ko = koFormats;
const en = enFormats;
const KO_GRANULARITY = { daily: '일별', hourly: '시간별' } as const;

export const reportsMessages: Readonly<Record<Language, ReportMessages>> = {
  ko: {
    digestTitle: (envName, day) => `${ko.date(day)} 일일 리포트 (${envName})`,
    digestAllDelivered: '모든 경로가 정상적으로 적재되었습니다.',
    digestNeedsALook: (problems) => `확인이 필요합니다: ${ko.list(problems)}`,
    digestCopyFailed: (stream) => `${stream} COPY 실패`,
    digestNoRecords: (stream) => `${stream} 레코드 없음`,
    digestJobFailed: (job, failedRuns) => `${job} ${ko.quantity(failedRuns, 'failure')}`,
    digestNoSyncRun: (job) => `${job} 실행 없음`,
    digestNoPartitionLoaded: (job) => `${job} 적재된 파티션 없음`,
    digestNoSchedulerData: '스케줄러 데이터 없음',
    digestStreamsTitle: '이벤트 스트림 (Firehose)',
    digestStreamLine: (s) => `${s.name}: ${s.records === undefined ? '데이터 없음' : ko.quantity(s.records, 'record')}${s.copyFailed ? ', COPY 실패' : ''}`,
    digestSyncTitle: 'MySQL 동기화',
    digestSyncLine: (j) => {
      const parts = [j.rows === undefined ? '실행 없음' : ko.quantity(j.rows, 'row')];
      if (j.lagSeconds !== undefined) parts.push(`지연 ${elapsed(ko, '초', j.lagSeconds)}`);
      if (j.failedRuns > 0) parts.push(ko.quantity(j.failedRuns, 'failure'));
      return `${j.job}: ${parts.join(', ')}`;
    },
    digestAthenaTitle: (totalUsd) => `Athena 작업 (총 ${usd(totalUsd)})`,
    digestAthenaLine: (j) => {
      const parts = [j.partitions === undefined ? '적재된 파티션 없음' : `${ko.quantity(j.partitions, 'partition')}, ${ko.quantity(j.rows, 'row')}`];
      if (j.bytesScanned !== undefined) parts.push(`스캔 ${gigabytes(j.bytesScanned, 1)}`);
      if (j.costUsd !== undefined) parts.push(usd(j.costUsd));
      if (j.failedRuns > 0) parts.push(ko.quantity(j.failedRuns, 'failure'));
      return `${j.job}: ${parts.join(', ')}`;
    },
    digestSchedulerTitle: '인스턴스 스케줄러',
    digestSchedulerNoData: '데이터 없음 (스케줄러가 보고하지 않았습니다)',
    digestStopped: (hours, saved) => `인스턴스 중지 누적 ${ko.quantity(hours, 'hour')}, 약 ${usd(saved)} 절감`,
    digestSizeLine: (s) => `${s.size}: ${ko.quantity(s.hours, 'hour')} × ${usd(s.hourlyUsd)} = ${usd(s.hours * s.hourlyUsd)}`,
    digestUnpriced: (hours) => `digest.hourlyPrices에 가격이 없는 사양: ${ko.quantity(hours, 'hour')}`,

    athenaLoaded: (job, partition) => `Athena 작업 ${job}: ${partition} 파티션을 적재했습니다`,
    athenaFailed: (job, partition) => `Athena 작업 ${job}: ${partition} 파티션 적재에 실패했습니다`,
    athenaBackfillHint: (command) => `원인을 해결한 뒤 다시 적재하세요: ${command}`,
    athenaCatchUpFailed: (job) => `Athena 작업 ${job}: 밀린 파티션을 찾지 못했습니다`,
    athenaJob: (job, granularity) => `${job} (${KO_GRANULARITY[granularity]})`,
    athenaNoQuery: '시작된 쿼리 없음',
    athenaScanned: (bytes, cost) => `${gigabytes(bytes, 2)}, 약 $${cost.toFixed(4)}`,
    athenaDuration: (seconds, attempts) => `${elapsed(ko, '초', seconds)}, ${ko.quantity(attempts, 'attempt')}`,
    athenaRows: (rows, table) => `${table}에 ${ko.quantity(rows, 'row')} 적재`,

    syncFailed: (job) => `MySQL 동기화 작업 실패: ${job}`,

    doctorTestTitle: (envName) => `플랫폼 점검 도구의 테스트 메시지입니다 (${envName})`,
    doctorTestText: 'JANDI가 플랫폼의 메시지를 받는지 doctor --post로 확인하려고 보낸 메시지입니다. 따로 하실 일은 없습니다.',
    doctorSentAt: (_utc, zoned, timezone) => `${ko.dateTime(zoned)} (${timezone})`,

    fieldJob: '작업',
    fieldPartition: '파티션',
    fieldQueryExecution: '쿼리 실행 ID',
    fieldScanned: '스캔량',
    fieldDuration: '소요 시간',
    fieldRows: '적재 행 수',
    fieldTable: '테이블',
    fieldError: '오류',
    fieldAttempts: '시도 내역',
    fieldEnvironment: '환경',
    fieldSent: '보낸 시각',
    unknownError: '알 수 없음',
  },
  en: {
    digestTitle: (envName, day) => `Daily digest of ${envName} for ${en.date(day)}`,
    digestAllDelivered: 'Every route delivered.',
    digestNeedsALook: (problems) => `Needs a look: ${problems.join('; ')}.`,
    digestCopyFailed: (stream) => `a COPY of ${stream} failed`,
    digestNoRecords: (stream) => `no records from ${stream}`,
    digestJobFailed: (job, failedRuns) => `${job} failed ${en.count(failedRuns)} time(s)`,
    digestNoSyncRun: (job) => `no run of ${job}`,
    digestNoPartitionLoaded: (job) => `no partition of ${job} loaded`,
    digestNoSchedulerData: 'no scheduler data',
    digestStreamsTitle: 'Event streams (Firehose)',
    digestStreamLine: (s) => `${s.name}: ${s.records === undefined ? 'no data' : `${en.count(s.records)} records`}${s.copyFailed ? ', a COPY failed' : ''}`,
    digestSyncTitle: 'MySQL sync',
    digestSyncLine: (j) => {
      const parts = [j.rows === undefined ? 'no runs' : `${en.count(j.rows)} rows`];
      if (j.lagSeconds !== undefined) parts.push(`lag ${elapsed(en, ' s', j.lagSeconds)}`);
      if (j.failedRuns > 0) parts.push(`${en.count(j.failedRuns)} failed run(s)`);
      return `${j.job}: ${parts.join(', ')}`;
    },
    digestAthenaTitle: (totalUsd) => `Athena jobs (${usd(totalUsd)} in all)`,
    digestAthenaLine: (j) => {
      const parts = [j.partitions === undefined ? 'no partitions loaded' : `${en.count(j.partitions)} partition(s), ${en.count(j.rows)} rows`];
      if (j.bytesScanned !== undefined) parts.push(`${gigabytes(j.bytesScanned, 1)} scanned`);
      if (j.costUsd !== undefined) parts.push(usd(j.costUsd));
      if (j.failedRuns > 0) parts.push(`${en.count(j.failedRuns)} failed run(s)`);
      return `${j.job}: ${parts.join(', ')}`;
    },
    digestSchedulerTitle: 'Instance scheduler',
    digestSchedulerNoData: 'no data (the scheduler did not report)',
    digestStopped: (hours, saved) => `${en.count(hours)} instance-hours stopped, about ${usd(saved)} saved`,
    digestSizeLine: (s) => `${s.size}: ${en.count(s.hours)} h × ${usd(s.hourlyUsd)} = ${usd(s.hours * s.hourlyUsd)}`,
    digestUnpriced: (hours) => `${en.count(hours)} h of sizes without a price in digest.hourlyPrices`,

    athenaLoaded: (job, partition) => `Athena job ${job} loaded ${partition}`,
    athenaFailed: (job, partition) => `Athena job ${job} failed for ${partition}`,
    athenaBackfillHint: (command) => `Backfill it once fixed: ${command}`,
    athenaCatchUpFailed: (job) => `Athena job ${job} could not look for partitions to catch up`,
    athenaJob: (job, granularity) => `${job} (${granularity})`,
    athenaNoQuery: 'none started',
    athenaScanned: (bytes, cost) => `${gigabytes(bytes, 2)}, about $${cost.toFixed(4)}`,
    athenaDuration: (seconds, attempts) => `${elapsed(en, ' s', seconds)}, ${en.quantity(attempts, 'attempt')}`,
    athenaRows: (rows, table) => `${en.count(rows)} into ${table}`,

    syncFailed: (job) => `Sync job ${job} failed`,

    doctorTestTitle: (envName) => `Test message from the platform doctor (${envName})`,
    doctorTestText: "Sent by the doctor's --post to check that JANDI takes the platform's messages. Nothing to do.",
    doctorSentAt: (utc) => utc,

    fieldJob: 'Job',
    fieldPartition: 'Partition',
    fieldQueryExecution: 'Query execution',
    fieldScanned: 'Scanned',
    fieldDuration: 'Duration',
    fieldRows: 'Rows',
    fieldTable: 'Table',
    fieldError: 'Error',
    fieldAttempts: 'Attempts',
    fieldEnvironment: 'Environment',
    fieldSent: 'Sent',
    unknownError: 'unknown',
  },
};

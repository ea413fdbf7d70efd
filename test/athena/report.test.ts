/** The JANDI message of a finished Athena run, in Korean and in English, from the run's final state. */
import { catchUpFailure, runReport, type JobSpec } from '../../lambda/athena/step';
import type { RunState } from '../../lambda/athena/core/run';
import { messagesFor } from '../../lambda/core/messages/catalogue';

const ko = messagesFor('ko');
const en = messagesFor('en');

const job: JobSpec = {
  name: 'daily_clicks',
  granularity: 'daily',
  database: 'raw_logs',
  sql: "SELECT dt AS ds, count(*) AS clicks FROM clicks WHERE dt = '{{ds}}' GROUP BY 1",
  target: { schema: 'athena', table: 'daily_clicks', columns: [{ name: 'ds', type: 'DATE' }], dayColumn: 'ds' },
  deadlineMinutes: 120,
  maxAttempts: 5,
};

const base: RunState = {
  job: 'daily_clicks',
  partition: '2026-11-29',
  runId: 'run-1',
  phase: 'done',
  attempt: 1,
  startedAt: '2026-11-29T16:30:00.000Z',
  deadline: '2026-11-29T18:30:00.000Z',
  waitSeconds: 0,
  queryExecutionId: 'q-1',
  bytesScanned: 3 * 1024 ** 3,
  rowsLoaded: 48_211,
  attempts: [],
};

const failed: RunState = {
  ...base,
  phase: 'failed',
  attempt: 2,
  rowsLoaded: undefined,
  error: 'query q-2 FAILED: SYNTAX_ERROR: line 1:8: Column "dt" cannot be resolved',
  attempts: ['attempt 1: query q-1 FAILED: Query exhausted resources at this scale factor', 'attempt 2: query q-2 FAILED: SYNTAX_ERROR'],
  queryExecutionId: 'q-2',
};

const backfill = 'npm run --silent athena -- backfill --job daily_clicks --from 2026-11-29 --to 2026-11-29';

test('a loaded partition in Korean: the title, every field and the figures, with IDs and table names as they are', () => {
  expect(runReport(job, base, 95, ko)).toEqual({
    source: 'athena',
    severity: 'success',
    title: 'Athena 작업 daily_clicks: 2026-11-29 파티션을 적재했습니다',
    fields: [
      { title: '작업', value: 'daily_clicks (일별)' },
      { title: '파티션', value: '2026-11-29' },
      { title: '쿼리 실행 ID', value: 'q-1' },
      { title: '스캔량', value: '3.00 GB, 약 $0.0146' },
      { title: '소요 시간', value: '95초, 시도 1회' },
      { title: '적재 행 수', value: 'athena.daily_clicks에 행 48,211개 적재' },
    ],
  });
});

test('a failed partition in Korean: the backfill command, the error and the attempts as they came', () => {
  const report = runReport({ ...job, granularity: 'hourly' }, { ...failed, partition: '2026-11-29T13', queryExecutionId: undefined }, 1834, ko);
  expect(report).toMatchObject({
    source: 'athena',
    severity: 'failure',
    title: 'Athena 작업 daily_clicks: 2026-11-29T13 파티션 적재에 실패했습니다',
    text: `원인을 해결한 뒤 다시 적재하세요: ${backfill.replaceAll('2026-11-29', '2026-11-29T13')}`,
  });
  expect(report.fields).toEqual([
    { title: '작업', value: 'daily_clicks (시간별)' },
    { title: '파티션', value: '2026-11-29T13' },
    { title: '쿼리 실행 ID', value: '시작된 쿼리 없음' },
    { title: '스캔량', value: '3.00 GB, 약 $0.0146' },
    { title: '소요 시간', value: '31분, 시도 2회' },
    { title: '오류', value: failed.error },
    { title: '시도 내역', value: failed.attempts.join('\n') },
  ]);
});

test('in English, as before', () => {
  expect(runReport(job, failed, 95, en)).toEqual({
    source: 'athena',
    severity: 'failure',
    title: 'Athena job daily_clicks failed for 2026-11-29',
    text: `Backfill it once fixed: ${backfill}`,
    fields: [
      { title: 'Job', value: 'daily_clicks (daily)' },
      { title: 'Partition', value: '2026-11-29' },
      { title: 'Query execution', value: 'q-2' },
      { title: 'Scanned', value: '3.00 GB, about $0.0146' },
      { title: 'Duration', value: '95 s, 2 attempts' },
      { title: 'Error', value: failed.error },
      { title: 'Attempts', value: failed.attempts.join('\n') },
    ],
  });
  expect(runReport(job, { ...failed, error: undefined, attempts: [] }, 5, en).fields!.at(-1)).toEqual({ title: 'Error', value: 'unknown' });
  expect(runReport(job, { ...failed, error: undefined, attempts: [] }, 5, ko).fields!.at(-1)).toEqual({ title: '오류', value: '알 수 없음' });
});

test('the catch-up warning in both languages keeps the error as it came', () => {
  expect(catchUpFailure('daily_clicks', 'AccessDeniedException: not authorized', ko)).toEqual({
    source: 'athena',
    severity: 'warning',
    title: 'Athena 작업 daily_clicks: 밀린 파티션을 찾지 못했습니다',
    fields: [{ title: '오류', value: 'AccessDeniedException: not authorized' }],
  });
  expect(catchUpFailure('daily_clicks', 'x', en).title).toBe('Athena job daily_clicks could not look for partitions to catch up');
});

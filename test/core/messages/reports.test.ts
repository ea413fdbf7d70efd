/** The run reports' area of the catalogue: every entry in both languages, and the Korean wording of the figures. */
import { reportsMessages, type ReportMessages } from '../../../lambda/core/messages/reports';
import { describeCatalogueArea, type Samples } from '../../helpers/catalogue';

const samples: Samples<ReportMessages> = {
  digestTitle: [['prod', '2026-11-29']],
  digestAllDelivered: null,
  digestNeedsALook: [[['a COPY of click failed']], [['a COPY of click failed', 'no run of ads']]],
  digestCopyFailed: [['click']],
  digestNoRecords: [['impression']],
  digestJobFailed: [
    ['ads', 1],
    ['ads', 2],
  ],
  digestNoSyncRun: [['ads']],
  digestNoPartitionLoaded: [['lockscreen-daily']],
  digestNoSchedulerData: null,
  digestStreamsTitle: null,
  digestStreamLine: [[{ name: 'click', records: 5000, copyFailed: true }], [{ name: 'click', copyFailed: false }]],
  digestSyncTitle: null,
  digestSyncLine: [
    [{ job: 'ads', rows: 1500, lagSeconds: 310, failedRuns: 2 }],
    [{ job: 'ads', rows: 1, lagSeconds: 42, failedRuns: 0 }],
    [{ job: 'ads', failedRuns: 0 }],
  ],
  digestAthenaTitle: [[0.0146]],
  digestAthenaLine: [
    [{ job: 'daily_clicks', partitions: 1, rows: 48_211, bytesScanned: 3 * 1024 ** 3, costUsd: 0.0146, failedRuns: 1 }],
    [{ job: 'daily_clicks', rows: 0, failedRuns: 0 }],
  ],
  digestSchedulerTitle: null,
  digestSchedulerNoData: null,
  digestStopped: [[25, 2.39]],
  digestSizeLine: [[{ size: 't3.large', hours: 18, hourlyUsd: 0.104 }]],
  digestUnpriced: [[5]],
  athenaLoaded: [['daily_clicks', '2026-11-29']],
  athenaFailed: [['daily_clicks', '2026-11-29-13']],
  athenaBackfillHint: [['npm run --silent athena -- backfill --job daily_clicks --from 2026-11-29 --to 2026-11-29']],
  athenaCatchUpFailed: [['daily_clicks']],
  athenaJob: [
    ['daily_clicks', 'daily'],
    ['hourly_views', 'hourly'],
  ],
  athenaNoQuery: null,
  athenaScanned: [[3 * 1024 ** 3, 0.0146484375]],
  athenaDuration: [
    [42, 1],
    [754, 3],
  ],
  athenaRows: [[48_211, 'athena.daily_clicks']],
  syncFailed: [['ads']],
  doctorTestTitle: [['example']],
  doctorTestText: null,
  doctorSentAt: [['2026-11-30T13:00:00.000Z', '2026-11-30T22:00:00+09:00', 'Asia/Seoul']],
  fieldJob: null,
  fieldPartition: null,
  fieldQueryExecution: null,
  fieldScanned: null,
  fieldDuration: null,
  fieldRows: null,
  fieldTable: null,
  fieldError: null,
  fieldAttempts: null,
  fieldEnvironment: null,
  fieldSent: null,
  unknownError: null,
};

describe('reports', () => {
  describeCatalogueArea(reportsMessages, samples);

  const { ko, en } = reportsMessages;

  it('writes the digest day as each language writes a date', () => {
    expect(ko.digestTitle('prod', '2026-11-29')).toBe('11월 29일(일) 일일 리포트 (prod)');
    expect(en.digestTitle('prod', '2026-11-29')).toBe('Daily digest of prod for Sun 29 Nov');
  });

  it('counts with Korean counters and writes durations in hours and minutes', () => {
    expect(ko.digestSyncLine({ job: 'ads', rows: 1500, lagSeconds: 310, failedRuns: 2 })).toBe('ads: 행 1,500개, 지연 5분, 실패 2회');
    expect(ko.digestSyncLine({ job: 'ads', rows: 3, lagSeconds: 9000, failedRuns: 0 })).toBe('ads: 행 3개, 지연 2시간 30분');
    expect(en.digestSyncLine({ job: 'ads', rows: 1500, lagSeconds: 95, failedRuns: 0 })).toBe('ads: 1,500 rows, lag 95 s');
    expect(ko.athenaDuration(42, 1)).toBe('42초, 시도 1회');
    expect(ko.athenaDuration(754, 3)).toBe('13분, 시도 3회');
    expect(en.athenaDuration(42, 1)).toBe('42 s, 1 attempt');
    expect(en.athenaDuration(3720, 2)).toBe('1h 2m, 2 attempts');
  });

  it('leaves technical details as they come', () => {
    const command = 'npm run --silent athena -- backfill --job daily_clicks --from 2026-11-29 --to 2026-11-29';
    expect(ko.athenaBackfillHint(command)).toBe(`원인을 해결한 뒤 다시 적재하세요: ${command}`);
    expect(ko.athenaRows(48_211, 'athena.daily_clicks')).toBe('athena.daily_clicks에 행 48,211개 적재');
  });

  it("gives the doctor's send time in the local zone in Korean, and as UTC ISO 8601 in English as before", () => {
    const args = ['2026-11-30T13:00:00.000Z', '2026-11-30T22:00:00+09:00', 'Asia/Seoul'] as const;
    expect(ko.doctorSentAt(...args)).toBe('11월 30일(월) 22:00 (Asia/Seoul)');
    expect(en.doctorSentAt(...args)).toBe('2026-11-30T13:00:00.000Z');
  });
});

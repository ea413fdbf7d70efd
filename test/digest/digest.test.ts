/** The daily digest against a mocked CloudWatch: the queries it asks, missing data, and the JANDI message. */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { JANDI_LIMITS } from '../../lambda/core/jandi-message';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { renderNotification, type Notification } from '../../lambda/core/notification';
import { buildDigest, digestQueries, type DigestSpec } from '../../lambda/digest/core/digest';
import { sendDigest, yesterday } from '../../lambda/digest/handler';

const cloudwatch = mockClient(CloudWatchClient);

const spec: DigestSpec = {
  envName: 'prod',
  streams: [
    { name: 'impression', deliveryStream: 'prod-impression' },
    { name: 'click', deliveryStream: 'prod-click' },
  ],
  mysqlJobs: ['ads', 'contents'],
  athenaJobs: ['lockscreen-daily'],
  tickMinutes: 5,
  hourlyPrices: { 't3.large': 0.104, 'db.r6g.large': 0.26 },
};

beforeEach(() => cloudwatch.reset());

test('yesterday is a whole day in the app time zone', () => {
  expect(yesterday(new Date('2026-11-25T00:00:00Z'), 'Asia/Seoul')).toEqual({
    day: '2026-11-24',
    start: new Date('2026-11-23T15:00:00Z'),
    end: new Date('2026-11-24T15:00:00Z'),
  });
});

test("it reads yesterday's metrics, combines hourly datapoints by statistic, and posts one message", async () => {
  const hourly: Record<string, number[]> = {
    fh0_records: [1_000_000, 234_567],
    fh0_success: [1, 1],
    fh1_records: [5000],
    fh1_success: [1, 0.5, 1],
    my0_rows: [1200, 300],
    my0_lag: [95, 310, 42],
    my0_failed: [],
    my1_failed: [2],
    at0_parts: [1],
    at0_rows: [48_211],
    at0_bytes: [3 * 1024 ** 3],
    at0_cost: [0.0146],
    sc_total: [120, 120, 60], // stopped-instance counts summed over the day's ticks
    sc0_size: [216],
    sc1_size: [24],
  };
  cloudwatch
    .on(GetMetricDataCommand)
    .resolvesOnce({
      MetricDataResults: Object.entries(hourly)
        .slice(0, 6)
        .map(([Id, Values]) => ({ Id, Values })),
      NextToken: 'page-2',
    })
    .resolves({
      MetricDataResults: Object.entries(hourly)
        .slice(6)
        .map(([Id, Values]) => ({ Id, Values })),
    });
  const sent: Notification[] = [];
  const digest = await sendDigest(spec, 'Asia/Seoul', {
    cloudwatch: new CloudWatchClient({}),
    publish: async (n) => void sent.push(n),
    now: () => new Date('2026-11-25T00:00:00Z'),
  });

  const input = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
  expect(input.StartTime).toEqual(new Date('2026-11-23T15:00:00Z'));
  expect(input.EndTime).toEqual(new Date('2026-11-24T15:00:00Z'));
  const byId = Object.fromEntries(input.MetricDataQueries!.map((q) => [q.Id, q.MetricStat]));
  expect(byId.fh0_records).toMatchObject({
    Metric: { Namespace: 'AWS/Firehose', MetricName: 'DeliveryToRedshift.Records', Dimensions: [{ Name: 'DeliveryStreamName', Value: 'prod-impression' }] },
    Stat: 'Sum',
  });
  expect(byId.my1_lag).toMatchObject({
    Metric: {
      Namespace: 'AdPlatform',
      MetricName: 'LagSeconds',
      Dimensions: [
        { Name: 'service', Value: 'mysql-sync' },
        { Name: 'Job', Value: 'contents' },
      ],
    },
    Stat: 'Maximum',
  });
  expect(byId.sc0_size).toMatchObject({
    Metric: {
      MetricName: 'StoppedInstances',
      Dimensions: [
        { Name: 'service', Value: 'instance-scheduler' },
        { Name: 'InstanceType', Value: 't3.large' },
      ],
    },
  });
  expect(cloudwatch.commandCalls(GetMetricDataCommand)[1].args[0].input.NextToken).toBe('page-2');

  expect(sent).toEqual([digest]);
  expect(digest).toMatchObject({ source: 'digest', severity: 'warning', title: 'Daily digest of prod for Tue 24 Nov' });
  expect(digest.text).toBe('Needs a look: a COPY of click failed; contents failed 2 time(s).');
  const field = (title: string) => digest.fields!.find((f) => f.title.startsWith(title))!.value;
  expect(field('Event streams')).toBe('impression: 1,234,567 records\nclick: 5,000 records, a COPY failed');
  expect(field('MySQL sync')).toBe('ads: 1,500 rows, lag 5m\ncontents: no runs, 2 failed run(s)');
  expect(field('Athena jobs ($0.01 in all)')).toBe('lockscreen-daily: 1 partition(s), 48,211 rows, 3.0 GB scanned, $0.01');
  // 300 stopped-instance samples of 5 minutes = 25 instance-hours; 216 of them t3.large (18 h), 24 db.r6g.large (2 h).
  expect(field('Instance scheduler')).toBe(
    '25 instance-hours stopped, about $2.39 saved\nt3.large: 18 h × $0.10 = $1.87\ndb.r6g.large: 2 h × $0.26 = $0.52\n5 h of sizes without a price in digest.hourlyPrices',
  );
});

test('missing data is said, never shown as zero', () => {
  const digest = buildDigest(spec, new Map(), '2026-11-24');
  expect(digest.severity).toBe('warning');
  const field = (title: string) => digest.fields!.find((f) => f.title.startsWith(title))!.value;
  expect(field('Event streams')).toBe('impression: no data\nclick: no data');
  expect(field('MySQL sync')).toBe('ads: no runs\ncontents: no runs');
  expect(field('Athena jobs')).toBe('lockscreen-daily: no partitions loaded');
  expect(field('Instance scheduler')).toBe('no data (the scheduler did not report)');
  expect(digest.text).toContain('no records from impression');
  expect(digest.text).toContain('no scheduler data');
});

test("a quiet, healthy day is a success; the message fits JANDI's format and limits", () => {
  const values = new Map<string, number | undefined>([
    ['fh0_records', 10],
    ['fh0_success', 1],
    ['fh1_records', 10],
    ['fh1_success', 1],
    ['my0_rows', 0],
    ['my1_rows', 5],
    ['at0_parts', 1],
    ['at0_rows', 1],
    ['sc_total', 0],
  ]);
  const digest = buildDigest(spec, values, '2026-11-24');
  expect(digest).toMatchObject({ severity: 'success', text: 'Every route delivered.' });
  const message = renderNotification(digest);
  expect(message.body).toBe('[digest] Daily digest of prod for Tue 24 Nov\nEvery route delivered.');
  expect(message.connectColor).toMatch(/^#[0-9A-F]{6}$/i);
  expect(message.connectInfo.map((b) => b.title)).toEqual(['Event streams (Firehose)', 'MySQL sync', 'Athena jobs ($0.00 in all)', 'Instance scheduler']);
  for (const block of message.connectInfo) expect(block.description.length).toBeLessThanOrEqual(JANDI_LIMITS.blockDescription);
});

describe('in Korean', () => {
  const ko = messagesFor('ko');
  const day = new Map<string, number | undefined>([
    ['fh0_records', 1_234_567],
    ['fh0_success', 1],
    ['fh1_records', 5000],
    ['fh1_success', 0.5],
    ['my0_rows', 1500],
    ['my0_lag', 310],
    ['my1_failed', 2],
    ['at0_parts', 1],
    ['at0_rows', 48_211],
    ['at0_bytes', 3 * 1024 ** 3],
    ['at0_cost', 0.0146],
    ['sc_total', 300],
    ['sc0_size', 216],
    ['sc1_size', 24],
  ]);

  test('a day with problems: the Korean date, counters, durations and every figure of the English one', () => {
    const digest = buildDigest(spec, day, '2026-11-24', ko);
    expect(digest).toMatchObject({ source: 'digest', severity: 'warning', title: '11월 24일(화) 일일 리포트 (prod)' });
    expect(digest.text).toBe('확인이 필요합니다: click COPY 실패, contents 실패 2회');
    expect(digest.fields).toEqual([
      { title: '이벤트 스트림 (Firehose)', value: 'impression: 레코드 1,234,567건\nclick: 레코드 5,000건, COPY 실패' },
      { title: 'MySQL 동기화', value: 'ads: 행 1,500개, 지연 5분\ncontents: 실행 없음, 실패 2회' },
      { title: 'Athena 작업 (총 $0.01)', value: 'lockscreen-daily: 파티션 1개, 행 48,211개, 스캔 3.0 GB, $0.01' },
      {
        title: '인스턴스 스케줄러',
        value:
          '인스턴스 중지 누적 25시간, 약 $2.39 절감\nt3.large: 18시간 × $0.10 = $1.87\ndb.r6g.large: 2시간 × $0.26 = $0.52\ndigest.hourlyPrices에 가격이 없는 사양: 5시간',
      },
    ]);
    expect(renderNotification(digest, ko).body).toBe('[digest] 11월 24일(화) 일일 리포트 (prod)\n확인이 필요합니다: click COPY 실패, contents 실패 2회');
  });

  test('missing data is said in Korean too, never shown as zero', () => {
    const digest = buildDigest(spec, new Map(), '2026-11-24', ko);
    expect(digest.fields!.map((f) => f.value)).toEqual([
      'impression: 데이터 없음\nclick: 데이터 없음',
      'ads: 실행 없음\ncontents: 실행 없음',
      'lockscreen-daily: 적재된 파티션 없음',
      '데이터 없음 (스케줄러가 보고하지 않았습니다)',
    ]);
    expect(digest.text).toBe(
      '확인이 필요합니다: impression 레코드 없음, click 레코드 없음, ads 실행 없음, contents 실행 없음, lockscreen-daily 적재된 파티션 없음, 스케줄러 데이터 없음',
    );
  });

  test('a healthy day, sent by the handler in the language it was given', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [...day].map(([Id, value]) => ({ Id, Values: [Id === 'fh1_success' ? 1 : value!] })) });
    const digest = await sendDigest({ ...spec, mysqlJobs: ['ads'] }, 'Asia/Seoul', {
      cloudwatch: new CloudWatchClient({}),
      publish: async () => undefined,
      now: () => new Date('2026-11-30T00:00:00Z'),
      messages: ko,
    });
    expect(digest).toMatchObject({ severity: 'success', title: '11월 29일(일) 일일 리포트 (prod)', text: '모든 경로가 정상적으로 적재되었습니다.' });
  });
});

test('queries: two per stream, three per MySQL job, five per Athena job, the total and one per priced size', () => {
  expect(digestQueries(spec)).toHaveLength(2 * 2 + 2 * 3 + 5 + 1 + 2);
  expect(new Set(digestQueries(spec).map((q) => q.id)).size).toBe(digestQueries(spec).length);
  for (const q of digestQueries(spec)) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
});

/** The alarms' area of the catalogue: the notifier's framing and the descriptions written at synth, in both languages. */
import { alarmsMessages, type AlarmMessages } from '../../../lambda/core/messages/alarms';
import { describeCatalogueArea, type Samples } from '../../helpers/catalogue';

const samples: Samples<AlarmMessages> = {
  heading: [
    ['ALARM', 'prod-firehose-click-copy-failures'],
    ['OK', 'prod-firehose-click-copy-failures'],
    ['INSUFFICIENT_DATA', 'prod-firehose-click-copy-failures'],
  ],
  openAlarm: null,
  reason: null,
  metric: null,
  changed: null,
  changedValue: [
    ['OK', 'ALARM', '2026-11-24T09:05:00.000+0000'],
    [undefined, 'INSUFFICIENT_DATA', '2026-11-24T09:05:00.000+0000'],
  ],
  emptyMessage: null,
  moreBlocks: [[1], [1234]],
  schedulerErrors: null,
  botRejectedTokens: [['prod-scheduler-bot']],
  notificationsDeadLetters: null,
  notificationsUndelivered: [[30], [90]],
  firehoseCopyFailed: [['events.click', 'prod-click']],
  firehoseFreshness: [['prod-click', 900, 300]],
  firehoseThrottled: [['prod-click']],
  syncErrors: [['ads-db']],
  syncNotCaughtUp: [['ads-db', 5, 'prod-mysql-sync-ads-db']],
  syncTimedOut: [['ads-db', 'prod-mysql-sync-ads-db']],
  athenaStepErrors: null,
  athenaRunsTimedOut: null,
};

describe('alarms', () => {
  describeCatalogueArea(alarmsMessages, samples);

  const { ko, en } = alarmsMessages;

  it("names CloudWatch's states in Korean and keeps CloudWatch's own words in English", () => {
    expect(['ALARM', 'OK', 'INSUFFICIENT_DATA'].map((state) => ko.heading(state, 'a'))).toEqual(['경보: a', '정상: a', '데이터 부족: a']);
    expect(en.heading('ALARM', 'a')).toBe('ALARM: a');
    expect(ko.heading('SOMETHING_NEW', 'a')).toBe('SOMETHING_NEW: a');
  });

  it('writes the time of a change as each language writes it, marked UTC when it is', () => {
    expect(ko.changedValue('OK', 'ALARM', '2026-11-24T18:05:00+09:00')).toBe('정상 → 경보 (11월 24일(화) 18:05)');
    expect(ko.changedValue('OK', 'ALARM', '2026-11-24T09:05:00.000+0000')).toBe('정상 → 경보 (11월 24일(화) 09:05 UTC)');
    expect(ko.changedValue(undefined, 'OK', 'yesterday')).toBe('? → 정상 (yesterday)');
    expect(en.changedValue('OK', 'ALARM', '2026-11-24T09:05:00.000+0000')).toBe('OK -> ALARM at Tue 24 Nov 09:05 UTC');
    expect(en.changedValue('OK', 'ALARM', '2026-11-24T18:05:00+09:00')).toBe('OK -> ALARM at Tue 24 Nov 18:05');
  });

  it('writes how long a notification waited in each language', () => {
    expect(ko.notificationsUndelivered(90)).toContain('1시간 30분 넘게');
    expect(en.notificationsUndelivered(30)).toBe('A notification has waited more than 30 minutes for JANDI: JANDI or the webhook is failing.');
    expect(en.notificationsUndelivered(60)).toContain('more than 1 hour for JANDI');
  });

  it('keeps every description within the 1,024 characters CloudWatch takes', () => {
    for (const messages of [ko, en]) {
      expect(messages.botRejectedTokens('a'.repeat(64)).length).toBeLessThanOrEqual(1024);
      expect(messages.firehoseCopyFailed(`${'s'.repeat(127)}.${'t'.repeat(127)}`, 'd'.repeat(64)).length).toBeLessThanOrEqual(1024);
    }
  });
});

import { SEVERITY_COLOURS } from '../../lambda/core/jandi-message';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { renderAlarm, renderInbound, renderNotification } from '../../lambda/core/notification';

const ko = messagesFor('ko');

describe('renderNotification', () => {
  test('body names the source and title, then the text and the link', () => {
    const message = renderNotification({
      source: 'scheduler',
      severity: 'warning',
      title: 'Development stops in 10 minutes',
      text: 'To keep it running: /scheduler extend Development 2h',
      link: { text: 'Runbook [scheduler]', url: 'https://wiki.example.com/scheduler' },
      fields: [{ title: 'Instances', value: '12' }],
    });
    expect(message).toEqual({
      body:
        '[scheduler] Development stops in 10 minutes\nTo keep it running: /scheduler extend Development 2h\n' +
        '[Runbook (scheduler)](https://wiki.example.com/scheduler)',
      connectColor: SEVERITY_COLOURS.warning,
      connectInfo: [{ title: 'Instances', description: '12' }],
    });
  });
});

describe('renderInbound', () => {
  test('recognises the platform contract', () => {
    const result = renderInbound(JSON.stringify({ source: 'athena', severity: 'success', title: 'Loaded 2026-11-23' }));
    expect(result.kind).toBe('notification');
    expect(result.message.connectColor).toBe(SEVERITY_COLOURS.success);
  });

  test.each([
    ['OK', SEVERITY_COLOURS.success],
    ['ALARM', SEVERITY_COLOURS.failure],
    ['INSUFFICIENT_DATA', SEVERITY_COLOURS.warning],
  ])('a CloudWatch alarm in state %s gets its colour', (state, colour) => {
    const result = renderInbound(JSON.stringify({ AlarmName: 'a', NewStateValue: state, AlarmDescription: null }));
    expect(result.kind).toBe('alarm');
    expect(result.message.connectColor).toBe(colour);
    expect(result.message.body).toBe(`[cloudwatch] ${state}: a`);
  });

  test('an unknown severity or a non-https link is not the contract: the text is shown as it came', () => {
    const bad = JSON.stringify({ source: 's', severity: 'critical', title: 't' });
    expect(renderInbound(bad)).toEqual({ kind: 'text', message: { body: bad, connectColor: SEVERITY_COLOURS.info, connectInfo: [] } });
    const http = JSON.stringify({ source: 's', severity: 'info', title: 't', link: { text: 'x', url: 'http://x' } });
    expect(renderInbound(http).kind).toBe('text');
  });

  test('plain text keeps its subject; an empty message still says something', () => {
    expect(renderInbound('deploy finished', 'CI').message.body).toBe('CI\ndeploy finished');
    expect(renderInbound('   ').message.body).toBe('(empty message)');
    expect(renderInbound('   ', undefined, ko).message.body).toBe('(빈 메시지)');
    expect(renderInbound('배포 완료', 'CI', ko).message.body).toBe('CI\n배포 완료');
  });

  test('in Korean, a notification is shown as published and an alarm is framed in Korean', () => {
    const notification = JSON.stringify({ source: 'athena', severity: 'success', title: 'Athena 작업 daily_clicks: 2026-11-29 파티션을 적재했습니다' });
    expect(renderInbound(notification, undefined, ko).message.body).toBe('[athena] Athena 작업 daily_clicks: 2026-11-29 파티션을 적재했습니다');
    const alarm = JSON.stringify({ AlarmName: 'prod-athena-runs-timed-out', NewStateValue: 'INSUFFICIENT_DATA', AlarmDescription: null });
    expect(renderInbound(alarm, undefined, ko)).toMatchObject({
      kind: 'alarm',
      message: { body: '[cloudwatch] 데이터 부족: prod-athena-runs-timed-out', connectColor: SEVERITY_COLOURS.warning },
    });
  });
});

describe('renderAlarm in Korean', () => {
  const alarm = {
    AlarmName: 'prod-mysql-sync-ads-db-errors',
    AlarmDescription: '소스 ads-db의 동기화 실행이 보고 없이 시간 초과되거나 비정상 종료되었습니다.',
    AlarmArn: 'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:prod-mysql-sync-ads-db-errors',
    NewStateValue: 'ALARM' as const,
    OldStateValue: 'INSUFFICIENT_DATA',
    NewStateReason: 'Threshold Crossed: 1 datapoint [1.0 (30/11/26 13:00:00)] was greater than or equal to the threshold (1.0).',
    StateChangeTime: '2026-11-30T13:00:00.123+0000',
    Trigger: { MetricName: 'Errors', Namespace: 'AWS/Lambda' },
  };

  test('states, link, block titles and the time in Korean; what CloudWatch and the construct wrote as it came', () => {
    expect(renderAlarm(alarm, ko)).toEqual({
      body:
        '[cloudwatch] 경보: prod-mysql-sync-ads-db-errors\n소스 ads-db의 동기화 실행이 보고 없이 시간 초과되거나 비정상 종료되었습니다.\n' +
        '[CloudWatch에서 경보 보기](https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/prod-mysql-sync-ads-db-errors)',
      connectColor: SEVERITY_COLOURS.failure,
      connectInfo: [
        { title: '사유', description: alarm.NewStateReason },
        { title: '지표', description: 'AWS/Lambda / Errors' },
        { title: '상태 변경', description: '데이터 부족 → 경보 (11월 30일(월) 13:00 UTC)' },
      ],
    });
  });

  test('the English framing is unchanged', () => {
    const message = renderAlarm(alarm);
    expect(message.body.split('\n')[0]).toBe('[cloudwatch] ALARM: prod-mysql-sync-ads-db-errors');
    expect(message.body).toContain('[Open the alarm](https://');
    expect(message.connectInfo.map((b) => b.title)).toEqual(['Reason', 'Metric', 'Changed']);
    expect(message.connectInfo[2].description).toBe('INSUFFICIENT_DATA -> ALARM at Mon 30 Nov 13:00 UTC');
    expect(renderAlarm(alarm, undefined, 'Asia/Seoul').connectInfo[2].description).toBe('INSUFFICIENT_DATA -> ALARM at Mon 30 Nov 22:00');
    // A zone the runtime does not know leaves CloudWatch's time as it came.
    expect(renderAlarm(alarm, undefined, 'Mars/Olympus').connectInfo[2].description).toBe('INSUFFICIENT_DATA -> ALARM at Mon 30 Nov 13:00 UTC');
  });
});

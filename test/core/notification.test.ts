import { SEVERITY_COLOURS } from '../../lambda/core/jandi-message';
import { renderInbound, renderNotification } from '../../lambda/core/notification';

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
  });
});

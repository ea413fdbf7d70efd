import { JANDI_LIMITS, jandiMessage, SEVERITIES, SEVERITY_COLOURS } from '../../lambda/core/jandi-message';
import { messagesFor } from '../../lambda/core/messages/catalogue';
import { codePointLength } from '../../lambda/core/text';

test('every severity has a distinct #RRGGBB colour', () => {
  const colours = SEVERITIES.map((severity) => SEVERITY_COLOURS[severity]);
  for (const colour of colours) expect(colour).toMatch(/^#[0-9A-F]{6}$/);
  expect(new Set(colours).size).toBe(SEVERITIES.length);
});

test('builds the Incoming Webhook body with the severity colour', () => {
  expect(jandiMessage('warning', 'Development stops at 22:00', [{ title: 'Schedule', description: 'Development' }])).toEqual({
    body: 'Development stops at 22:00',
    connectColor: SEVERITY_COLOURS.warning,
    connectInfo: [{ title: 'Schedule', description: 'Development' }],
  });
});

test('long body, titles and descriptions are cut to the limits', () => {
  const message = jandiMessage('failure', '가'.repeat(10_000), [{ title: 'T'.repeat(500), description: '😀'.repeat(5000) }]);
  expect(codePointLength(message.body)).toBe(JANDI_LIMITS.body);
  expect(message.body.endsWith('…')).toBe(true);
  expect(codePointLength(message.connectInfo[0].title)).toBe(JANDI_LIMITS.blockTitle);
  expect(codePointLength(message.connectInfo[0].description)).toBe(JANDI_LIMITS.blockDescription);
  expect(() => JSON.parse(JSON.stringify(message))).not.toThrow();
});

test('more blocks than the limit are summarised in a last block', () => {
  const blocks = Array.from({ length: 14 }, (_, i) => ({ title: `table_${i}`, description: 'failed' }));
  const message = jandiMessage('failure', 'Sync failed', blocks);
  expect(message.connectInfo).toHaveLength(JANDI_LIMITS.blocks);
  expect(message.connectInfo[JANDI_LIMITS.blocks - 1]).toEqual({
    title: '5 more',
    description: 'table_9, table_10, table_11, table_12, table_13',
  });
  expect(jandiMessage('failure', '동기화 실패', blocks, messagesFor('ko')).connectInfo[JANDI_LIMITS.blocks - 1]).toEqual({
    title: '외 5개',
    description: 'table_9, table_10, table_11, table_12, table_13',
  });
});

test('empty blocks are left out', () => {
  expect(
    jandiMessage('info', 'x', [
      { title: ' ', description: '' },
      { title: 'a', description: '' },
    ]).connectInfo,
  ).toEqual([{ title: 'a', description: '' }]);
});

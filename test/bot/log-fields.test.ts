import { LOG_FIELD_CAP, capLogValue, cappedLogFields } from '../../lambda/scheduler/bot/core/log-fields';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test('the cap is a fixed, small number of characters', () => {
  expect(LOG_FIELD_CAP).toBe(200);
});

test('strings up to the cap are logged as they are; longer ones are cut to the cap, ending in …', () => {
  expect(capLogValue('dev-servers')).toBe('dev-servers');
  const atCap = 'a'.repeat(LOG_FIELD_CAP);
  expect(capLogValue(atCap)).toBe(atCap);
  const cut = capLogValue(`b${'a'.repeat(LOG_FIELD_CAP)}`) as string;
  expect(cut).toHaveLength(LOG_FIELD_CAP);
  expect(cut).toBe(`b${'a'.repeat(LOG_FIELD_CAP - 2)}…`);
  expect(capLogValue('x'.repeat(1_000_000))).toHaveLength(LOG_FIELD_CAP);
});

test('a cut never splits a character made of two UTF-16 units', () => {
  for (const prefix of ['', 'a']) {
    const cut = capLogValue(prefix + '😀'.repeat(LOG_FIELD_CAP)) as string;
    expect(cut.length).toBeLessThanOrEqual(LOG_FIELD_CAP);
    expect(cut).not.toMatch(LONE_SURROGATE);
    expect(cut.endsWith('😀…')).toBe(true);
  }
  expect(capLogValue('김개발'.repeat(100))).toBe(`${'김개발'.repeat(66)}김…`);
});

test('numbers, booleans and null are kept; objects, arrays and errors become capped text', () => {
  expect(capLogValue(42)).toBe(42);
  expect(capLogValue(false)).toBe(false);
  expect(capLogValue(null)).toBeNull();
  expect(capLogValue({ name: 'w' })).toBe('{"name":"w"}');
  expect(capLogValue(['x'.repeat(500)])).toHaveLength(LOG_FIELD_CAP);
  expect(capLogValue(new Error('y'.repeat(500)))).toBe(`${'y'.repeat(LOG_FIELD_CAP - 1)}…`);
  expect(capLogValue(12n)).toBe('12');
});

test('a smaller cap can be given', () => {
  expect(capLogValue('abcdef', 4)).toBe('abc…');
});

test('every field of a record is capped, undefined ones are left out, and the input is not changed', () => {
  const fields = { writer: 'w'.repeat(300), email: undefined, topic: 'dev-servers', count: 3, nested: { text: 't'.repeat(300) } };
  const copy = structuredClone(fields);
  const capped = cappedLogFields(fields);
  expect(Object.keys(capped)).toEqual(['writer', 'topic', 'count', 'nested']);
  expect(capped.writer).toHaveLength(LOG_FIELD_CAP);
  expect(capped.topic).toBe('dev-servers');
  expect(capped.count).toBe(3);
  expect(capped.nested).toHaveLength(LOG_FIELD_CAP);
  expect(String(capped.nested).startsWith('{"text":"ttt')).toBe(true);
  expect(fields).toEqual(copy);
});

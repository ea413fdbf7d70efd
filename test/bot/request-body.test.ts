import { botMessages } from '../../lambda/core/messages/bot';
import { MAX_BODY_BYTES, decodeRequestBody } from '../../lambda/scheduler/bot/core/request-body';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

test('the limit is 16 KB', () => {
  expect(MAX_BODY_BYTES).toBe(16384);
});

test('plain bodies: taken up to the limit in UTF-8 bytes', () => {
  expect(decodeRequestBody('{"a":1}', false)).toEqual({ ok: true, text: '{"a":1}' });
  expect(decodeRequestBody('x'.repeat(MAX_BODY_BYTES), false)).toEqual({ ok: true, text: 'x'.repeat(MAX_BODY_BYTES) });
  expect(decodeRequestBody('x'.repeat(MAX_BODY_BYTES + 1), false)).toEqual({
    ok: false,
    statusCode: 413,
    problem: 'The request body is larger than 16384 bytes.',
  });
  // 5462 characters, 16386 bytes.
  expect(decodeRequestBody('가'.repeat(5462), false)).toMatchObject({ ok: false, statusCode: 413 });
  expect(decodeRequestBody('가'.repeat(5461), false)).toMatchObject({ ok: true });
});

test('no body is an empty one', () => {
  expect(decodeRequestBody(undefined, false)).toEqual({ ok: true, text: '' });
  expect(decodeRequestBody(undefined, true)).toEqual({ ok: true, text: '' });
});

test('base64 bodies: decoded, and the decoded size is what the limit applies to', () => {
  expect(decodeRequestBody(b64('{"data":"상태"}'), true)).toEqual({ ok: true, text: '{"data":"상태"}' });
  for (const size of [MAX_BODY_BYTES - 2, MAX_BODY_BYTES - 1, MAX_BODY_BYTES])
    expect(decodeRequestBody(b64('x'.repeat(size)), true)).toMatchObject({ ok: true });
  for (const size of [MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 2, MAX_BODY_BYTES + 3])
    expect(decodeRequestBody(b64('x'.repeat(size)), true)).toMatchObject({ ok: false, statusCode: 413 });
});

test('base64 bodies: longer than any body within the limit encodes to, refused before decoding', () => {
  const longest = b64('x'.repeat(MAX_BODY_BYTES));
  expect(decodeRequestBody(`${longest}    `, true)).toMatchObject({ ok: false, statusCode: 413 });
  expect(decodeRequestBody(' '.repeat(1_000_000), true)).toMatchObject({ ok: false, statusCode: 413 });
});

test('base64 bodies: anything but canonical base64 is refused', () => {
  for (const body of ['{"token":"x"}', 'eyJh fQ==', 'eyJhIjoxfQ', 'eyJhIjoxfQ===', 'eyJh\nIjoxfQ==', 'eyJhIjoxfQ==eyJh', '-_8=']) {
    expect(decodeRequestBody(body, true)).toEqual({ ok: false, statusCode: 400, problem: 'The request body is not valid base64.' });
  }
});

test('an event body that is not a string is refused', () => {
  expect(decodeRequestBody({ token: 'x' }, false)).toEqual({ ok: false, statusCode: 400, problem: 'The request body is not text.' });
  expect(decodeRequestBody(42, true)).toMatchObject({ ok: false, statusCode: 400 });
});

test('the problems in the language given', () => {
  const ko = botMessages.ko;
  expect(decodeRequestBody('x'.repeat(MAX_BODY_BYTES + 1), false, ko)).toEqual({ ok: false, statusCode: 413, problem: '요청 본문이 16384바이트보다 큽니다.' });
  expect(decodeRequestBody(42, false, ko)).toEqual({ ok: false, statusCode: 400, problem: '요청 본문이 텍스트가 아닙니다.' });
  expect(decodeRequestBody('a', true, ko)).toEqual({ ok: false, statusCode: 400, problem: '요청 본문이 올바른 base64가 아닙니다.' });
});

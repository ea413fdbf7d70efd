import { backoffDelayMs, classifyAttempt, deliverWithRetries, redeliveryDelaySeconds, type AttemptResult } from '../../lambda/core/delivery-policy';

const status = (code: number, retryAfterSeconds?: number): AttemptResult => ({ kind: 'status', status: code, retryAfterSeconds });

test.each([
  [200, 'delivered'],
  [204, 'delivered'],
  [408, 'retry'],
  [429, 'retry'],
  [500, 'retry'],
  [503, 'retry'],
  [400, 'permanent'],
  [401, 'permanent'],
  [404, 'permanent'],
  [413, 'permanent'],
  [302, 'permanent'],
])('HTTP %i is %s', (code, verdict) => {
  expect(classifyAttempt(status(code))).toBe(verdict);
});

test('time-outs and network errors are retried', () => {
  expect(classifyAttempt({ kind: 'timeout' })).toBe('retry');
  expect(classifyAttempt({ kind: 'network', code: 'ECONNRESET' })).toBe('retry');
});

test('backoff grows exponentially under a cap, with full jitter, and honours Retry-After', () => {
  const options = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 5000 };
  expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, options, 1))).toEqual([500, 1000, 2000, 4000, 5000]);
  expect(backoffDelayMs(3, options, 0.5)).toBe(2000);
  expect(backoffDelayMs(0, options, 0)).toBe(0);
  expect(backoffDelayMs(0, options, 1, 3)).toBe(3000);
  expect(backoffDelayMs(4, options, 1, 1)).toBe(5000);
});

test('redelivery delay doubles per receive from one minute up to an hour', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(redeliveryDelaySeconds)).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  expect(redeliveryDelaySeconds(0)).toBe(60);
});

describe('deliverWithRetries', () => {
  function run(results: AttemptResult[], remainingMs = 60_000, maxAttempts = 3) {
    const sleeps: number[] = [];
    let calls = 0;
    const outcome = deliverWithRetries(
      { maxAttempts, baseDelayMs: 100, maxDelayMs: 1000, attemptTimeoutMs: 1000 },
      {
        send: async () => results[calls++],
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 1,
        remainingMs: () => remainingMs,
      },
    );
    return outcome.then((o) => ({ ...o, sleeps, calls }));
  }

  test('stops at the first success', async () => {
    expect(await run([status(500), status(200)])).toMatchObject({ verdict: 'delivered', attempts: 2, sleeps: [100], calls: 2 });
  });

  test('gives up after maxAttempts with the last result', async () => {
    expect(await run([status(500), { kind: 'timeout' }, status(502), status(200)])).toMatchObject({
      verdict: 'retry',
      attempts: 3,
      last: status(502),
      sleeps: [100, 200],
    });
  });

  test('a permanent failure is not retried', async () => {
    expect(await run([status(403), status(200)])).toMatchObject({ verdict: 'permanent', attempts: 1, sleeps: [] });
  });

  test('does not start a wait and attempt that would outlast the invocation', async () => {
    expect(await run([status(500), status(200)], 1050)).toMatchObject({ verdict: 'retry', attempts: 1, sleeps: [] });
  });
});

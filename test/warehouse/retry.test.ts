/** The retry decision for Redshift statements and the Data API's ClientToken (lambda/warehouse/retry.ts). */
import { clientToken, isSerializationConflict, retryAfterFailure, SERIALIZATION_RETRY } from '../../lambda/warehouse/retry';

const CONFLICT =
  'Redshift statement failed: statement 3 (DELETE FROM "athena"."x") failed: ERROR: 1023 DETAIL: Serializable isolation violation on table - 156, transactions forming the cycle are: 8013, 8020 (pid:1073)';

test('error 1023 is a serialization conflict, in either of the forms Redshift writes it; other errors are not', () => {
  expect(isSerializationConflict(CONFLICT)).toBe(true);
  expect(isSerializationConflict('ERROR: 1023 DETAIL: something else')).toBe(true);
  expect(isSerializationConflict('Serializable isolation violation on table - 100')).toBe(true);
  expect(isSerializationConflict("Load into table 'ads' failed. Check 'stl_load_errors' system table for details.")).toBe(false);
  expect(isSerializationConflict('relation "athena.x" does not exist')).toBe(false);
  expect(isSerializationConflict('ERROR: 10230 rows')).toBe(false);
});

test('a conflict is retried with full jitter under a doubling ceiling, capped, and given up after the last try', () => {
  const policy = { maxAttempts: 5, baseMs: 2000, capMs: 10_000 };
  expect(retryAfterFailure(CONFLICT, 1, policy, 0.5)).toEqual({ retry: true, waitMs: 1000 });
  expect(retryAfterFailure(CONFLICT, 2, policy, 0.5)).toEqual({ retry: true, waitMs: 2000 });
  expect(retryAfterFailure(CONFLICT, 3, policy, 0.999)).toEqual({ retry: true, waitMs: 7992 });
  expect(retryAfterFailure(CONFLICT, 4, policy, 1)).toEqual({ retry: true, waitMs: 10_000 }); // 16,000 capped
  expect(retryAfterFailure(CONFLICT, 1, policy, 0)).toEqual({ retry: true, waitMs: 0 });
  expect(retryAfterFailure(CONFLICT, 5, policy, 0.5)).toEqual({ retry: false, reason: 'serialization conflict on each of 5 tries' });
  expect(retryAfterFailure('syntax error at or near "ON"', 1, policy, 0.5)).toEqual({ retry: false, reason: 'not a serialization conflict' });
});

test('the default policy is bounded: every wait together stays under two minutes', () => {
  let total = 0;
  for (let attempt = 1; ; attempt++) {
    const decision = retryAfterFailure(CONFLICT, attempt, SERIALIZATION_RETRY, 1);
    if (!decision.retry) break;
    total += decision.waitMs;
  }
  expect(total).toBeLessThan(120_000);
});

test('a ClientToken is a UUID-shaped digest of its parts: the same parts give the same token, any other part another', () => {
  const token = clientToken('athena', 'lockscreen-daily', 'run-1', 1);
  expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(clientToken('athena', 'lockscreen-daily', 'run-1', 1)).toBe(token);
  expect(clientToken('athena', 'lockscreen-daily', 'run-1', 2)).not.toBe(token);
  expect(clientToken('athena', 'lockscreen-daily', 'run-2', 1)).not.toBe(token);
  // Parts are kept apart: ('a-b', 'c') is not ('a', 'b-c').
  expect(clientToken('a-b', 'c')).not.toBe(clientToken('a', 'b-c'));
});

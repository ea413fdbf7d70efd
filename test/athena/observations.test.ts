import { loadEnded, loadObservation, queryObservation, startQueryFailure } from '../../lambda/athena/core/observations';

describe('starting a query', () => {
  test.each([
    [
      { name: 'TooManyRequestsException', message: 'Rate exceeded' },
      { kind: 'throttled', message: 'Rate exceeded' },
    ],
    [
      { name: 'InvalidRequestException', message: 'line 1:8: mismatched input' },
      { kind: 'query-rejected', message: 'line 1:8: mismatched input' },
    ],
  ])('%j is %j', (error, seen) => expect(startQueryFailure(error)).toEqual(seen));
  test("anything else is the step's failure, rethrown", () => {
    expect(startQueryFailure({ name: 'AccessDeniedException', message: 'no' })).toBeUndefined();
    expect(startQueryFailure(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('watching a query (AthenaError categories: https://docs.aws.amazon.com/athena/latest/APIReference/API_AthenaError.html)', () => {
  test('succeeded: bytes scanned and engine time', () => {
    expect(queryObservation({ Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 1_000, EngineExecutionTimeInMillis: 42 } })).toEqual({
      kind: 'query-succeeded',
      bytesScanned: 1_000,
      millis: 42,
    });
    expect(queryObservation({ Status: { State: 'SUCCEEDED' } })).toEqual({ kind: 'query-succeeded', bytesScanned: 0, millis: 0 });
  });
  test.each([
    [{ ErrorCategory: 1 }, true],
    [{ ErrorCategory: 2 }, false],
    [{ ErrorCategory: 3 }, true],
    [{ ErrorCategory: 2, Retryable: true }, true],
    [undefined, false],
  ])('failed with %j: retryable %s', (athenaError, retryable) => {
    expect(queryObservation({ Status: { State: 'FAILED', StateChangeReason: 'boom', AthenaError: athenaError } })).toEqual({
      kind: 'query-failed',
      state: 'FAILED',
      reason: 'boom',
      retryable,
    });
  });
  test('the reason falls back to the error message, then to a fixed text', () => {
    expect(queryObservation({ Status: { State: 'CANCELLED', AthenaError: { ErrorMessage: 'cut off' } } })).toMatchObject({
      state: 'CANCELLED',
      reason: 'cut off',
    });
    expect(queryObservation({ Status: { State: 'FAILED' } })).toMatchObject({ reason: 'no reason given' });
  });
  test.each(['QUEUED', 'RUNNING', undefined])('%s is still running', (state) =>
    expect(queryObservation({ Status: { State: state } })).toEqual({ kind: 'query-running' }),
  );
  test('no execution at all is still running (the next look tells)', () => expect(queryObservation(undefined)).toEqual({ kind: 'query-running' }));
});

describe('watching the load transaction', () => {
  const subs = (...rows: number[]) => rows.map((n) => ({ Status: 'FINISHED', ResultRows: n }));
  test("the rows loaded are the INSERT's, the second-last statement (the run record is the last)", () => {
    expect(loadObservation({ Status: 'FINISHED', SubStatements: subs(0, 0, 120, 3, 120, 1) })).toEqual({ kind: 'loaded', rows: 120 });
    expect(loadObservation({ Status: 'FINISHED', SubStatements: [] })).toEqual({ kind: 'loaded', rows: 0 });
  });
  test("a failure names the failed statement's error, else the batch's, else its status", () => {
    expect(loadObservation({ Status: 'FAILED', SubStatements: [{ Status: 'FINISHED' }, { Status: 'FAILED', Error: 'Load into table failed' }] })).toEqual({
      kind: 'load-failed',
      error: 'Load into table failed',
    });
    expect(loadObservation({ Status: 'FAILED', Error: 'batch error' })).toEqual({ kind: 'load-failed', error: 'batch error' });
    expect(loadObservation({ Status: 'ABORTED' })).toEqual({ kind: 'load-failed', error: 'ABORTED' });
  });
  test.each(['SUBMITTED', 'PICKED', 'STARTED'])('%s is running', (status) => {
    expect(loadObservation({ Status: status })).toEqual({ kind: 'load-running' });
    expect(loadEnded({ Status: status })).toBe(false);
  });
  test.each(['FINISHED', 'FAILED', 'ABORTED'])('%s has ended', (status) => expect(loadEnded({ Status: status })).toBe(true));
});

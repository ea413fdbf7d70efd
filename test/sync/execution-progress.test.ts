import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { executionProgress } from '../../lib/sync/execution-progress';

const succeeded = (output: unknown, id: number): HistoryEvent =>
  ({ id, type: 'LambdaFunctionSucceeded', timestamp: new Date(0), lambdaFunctionSucceededEventDetails: { output: JSON.stringify(output) } }) as HistoryEvent;
const other = (id: number): HistoryEvent => ({ id, type: 'TaskStateEntered', timestamp: new Date(0) }) as HistoryEvent;

test('a run loop: the runs so far and the rows they wrote', () => {
  const events = [
    other(1),
    succeeded({ job: 'ads', status: 'ok', done: false, rowsWritten: 4_500_000 }, 2),
    other(3),
    succeeded({ job: 'ads', status: 'ok', done: false, rowsWritten: 4_500_000 }, 4),
  ];
  expect(executionProgress(events)).toEqual({ rows: 9_000_000, runs: 2 });
  expect(executionProgress([])).toEqual({ rows: 0, runs: 0 });
  // A FULL_COPY's runs carry MySQL's estimate of the table: the latest is the total.
  const staged = [succeeded({ rowsWritten: 4_000_000, estimatedRows: 9_800_000 }, 1), succeeded({ rowsWritten: 4_000_000, estimatedRows: 10_100_000 }, 2)];
  expect(executionProgress(staged)).toEqual({ rows: 8_000_000, runs: 2, totalRows: 10_100_000 });
});

test('a fan-out: ranges extracted of those planned, their rows, and the table estimated from them; the load adds no rows', () => {
  const plan = succeeded({ workers: 2, ranges: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }] }, 1);
  const extract = (rows: number, id: number) => succeeded({ rows, parts: ['a', 'b'] }, id);
  expect(executionProgress([plan])).toEqual({ rows: 0, runs: 0, ranges: { done: 0, planned: 4 }, totalRows: undefined });
  expect(executionProgress([plan, extract(1_000, 2), extract(3_000, 3)])).toEqual({ rows: 4_000, runs: 0, ranges: { done: 2, planned: 4 }, totalRows: 8_000 });
  const loaded = [
    plan,
    extract(1_000, 2),
    extract(3_000, 3),
    extract(2_000, 4),
    extract(2_000, 5),
    succeeded({ status: 'ok', done: true, rowsWritten: 8_000 }, 6),
  ];
  expect(executionProgress(loaded)).toEqual({ rows: 8_000, runs: 1, ranges: { done: 4, planned: 4 }, totalRows: 8_000 });
});

test("outputs that are not the function's answers are ignored", () => {
  const events = [
    { id: 1, type: 'TaskSucceeded', timestamp: new Date(0), taskSucceededEventDetails: { resource: 'x', resourceType: 'lambda', output: 'not json' } },
    { id: 2, type: 'TaskSucceeded', timestamp: new Date(0), taskSucceededEventDetails: { resource: 'x', resourceType: 'lambda', output: '42' } },
    succeeded({ reported: true }, 3),
  ] as HistoryEvent[];
  expect(executionProgress(events)).toEqual({ rows: 0, runs: 0 });
});

import { anotherChunkFits, caughtUp, incrementalChunk } from '../../lambda/sync/core/chunks';

describe('INCREMENTAL_COPY chunks', () => {
  test('the next keys above the watermark, in key order, at most the chunk', () => {
    expect(incrementalChunk('id', '41', 1000)).toEqual({ sql: '`id` > ?', values: ['41'], orderBy: '`id`', limit: 1000 });
    expect(incrementalChunk('Order Id'.replace(' ', '_'), undefined, 5)).toEqual({ sql: '', values: [], orderBy: '`Order_Id`', limit: 5 });
    expect(() => incrementalChunk('id`; DROP', '1', 5)).toThrow('unsafe SQL identifier');
  });

  test.each([
    [999, 1000, true],
    [0, 1000, true],
    [1000, 1000, false],
  ])('%i rows of a %i-row chunk: caught up %s', (rows, chunk, expected) => expect(caughtUp(rows, chunk)).toBe(expected));
});

describe('the deadline', () => {
  test('no deadline, or no chunk timed yet: another chunk runs', () => {
    expect(anotherChunkFits(1_000, undefined, 60_000)).toBe(true);
    expect(anotherChunkFits(1_000, 500, undefined)).toBe(true);
  });
  test('the slowest chunk and half again must end before the deadline', () => {
    expect(anotherChunkFits(10_000, 25_000, 10_000)).toBe(true); // ends at 25,000
    expect(anotherChunkFits(10_001, 25_000, 10_000)).toBe(false);
    expect(anotherChunkFits(30_000, 25_000, 1)).toBe(false);
  });
});

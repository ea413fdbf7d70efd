import { anotherChunkFits, caughtUp, incrementalChunk, updateLatestBoundary, updateLatestChunk } from '../../lambda/sync/core/chunks';

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

describe('UPDATE_LATEST_COPY chunks', () => {
  const overlap = { kind: 'overlap', watermark: '2026-11-30 10:00:00', minutes: 5 } as const;
  test("a run's first chunk re-reads the overlap; later ones start after the last chunk's update time", () => {
    expect(updateLatestBoundary('updated_at', overlap, 1_000)).toEqual({
      where: { sql: '`updated_at` >= ? - INTERVAL ? MINUTE', values: ['2026-11-30 10:00:00', 5] },
      offset: 999,
    });
    expect(updateLatestBoundary('updated_at', { kind: 'after', time: '2026-11-30 11:00:00' }, 10)).toEqual({
      where: { sql: '`updated_at` > ?', values: ['2026-11-30 11:00:00'] },
      offset: 9,
    });
    expect(updateLatestBoundary('updated_at', { kind: 'overlap', watermark: null, minutes: 5 }, 10).where).toEqual({ sql: '', values: [] });
  });
  test('a chunk takes every row up to and including its end time; the last chunk has no end', () => {
    expect(updateLatestChunk('updated_at', overlap, '2026-11-30 10:30:00')).toEqual({
      sql: '`updated_at` >= ? - INTERVAL ? MINUTE AND `updated_at` <= ?',
      values: ['2026-11-30 10:00:00', 5, '2026-11-30 10:30:00'],
    });
    expect(updateLatestChunk('updated_at', { kind: 'after', time: 'T' }, undefined)).toEqual({ sql: '`updated_at` > ?', values: ['T'] });
    expect(updateLatestChunk('updated_at', { kind: 'overlap', watermark: undefined, minutes: 5 }, undefined)).toEqual({ sql: '', values: [] });
  });
});

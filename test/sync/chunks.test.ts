import {
  anotherChunkFits,
  caughtUp,
  incrementalChunk,
  keyRangeWhere,
  splitKeyRange,
  updateLatestBoundary,
  updateLatestChunk,
  type KeyRange,
} from '../../lambda/sync/core/chunks';

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

describe('key ranges for parallel workers', () => {
  const keysOf = (ranges: KeyRange[], keys: bigint[]) =>
    ranges.map((r) => keys.filter((k) => (r.after === undefined || k > BigInt(r.after)) && (r.upTo === undefined || k <= BigInt(r.upTo))));

  test('every key of the range falls in exactly one part, the parts about equal', () => {
    const ranges = splitKeyRange({ first: '1', upTo: '10' }, 3);
    expect(ranges).toEqual([{ upTo: '3' }, { after: '3', upTo: '6' }, { after: '6', upTo: '10' }]);
    const keys = Array.from({ length: 12 }, (_, i) => BigInt(i));
    expect(keysOf(ranges, keys)).toEqual([
      [0n, 1n, 2n, 3n],
      [4n, 5n, 6n],
      [7n, 8n, 9n, 10n],
    ]);
  });

  test("the first part keeps the range's lower bound (a chunk above a watermark)", () => {
    expect(splitKeyRange({ after: '100', first: '105', upTo: '110' }, 2)).toEqual([
      { after: '100', upTo: '107' },
      { after: '107', upTo: '110' },
    ]);
  });

  test('fewer keys than parts: one part per key; an empty range: no part', () => {
    expect(splitKeyRange({ first: '5', upTo: '6' }, 4)).toEqual([{ upTo: '5' }, { after: '5', upTo: '6' }]);
    expect(splitKeyRange({ first: '5', upTo: '5' }, 4)).toEqual([{ upTo: '5' }]);
    expect(splitKeyRange({ first: '7', upTo: '6' }, 4)).toEqual([]);
  });

  test('BIGINT UNSIGNED and negative keys split exactly, without floating point', () => {
    const ranges = splitKeyRange({ first: '18446744073709551613', upTo: '18446744073709551615' }, 2);
    expect(ranges).toEqual([{ upTo: '18446744073709551613' }, { after: '18446744073709551613', upTo: '18446744073709551615' }]);
    expect(splitKeyRange({ first: '-5', upTo: '4' }, 2)).toEqual([{ upTo: '-1' }, { after: '-1', upTo: '4' }]);
  });

  test('a whole number of parts, at least one', () => {
    expect(() => splitKeyRange({ first: '1', upTo: '9' }, 0)).toThrow('parts must be a whole number of at least 1, not 0');
    expect(() => splitKeyRange({ first: '1', upTo: '9' }, 1.5)).toThrow('not 1.5');
  });

  test('the where clause of a part: quoted key, bounds as placeholders', () => {
    expect(keyRangeWhere('id', { upTo: '4' })).toEqual({ sql: '`id` <= ?', values: ['4'] });
    expect(keyRangeWhere('id', { after: '4', upTo: '7' })).toEqual({ sql: '`id` > ? AND `id` <= ?', values: ['4', '7'] });
    expect(keyRangeWhere('id', { after: '7' })).toEqual({ sql: '`id` > ?', values: ['7'] });
    expect(keyRangeWhere('id', {})).toEqual({ sql: '', values: [] });
    expect(() => keyRangeWhere('id`', { upTo: '1' })).toThrow('unsafe SQL identifier');
  });
});

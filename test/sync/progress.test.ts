import { formatProgress } from '../../lambda/sync/core/progress';

test.each([
  [{ rows: 0, seconds: 0 }, '0 rows'],
  [{ rows: 250_000, seconds: 2 }, '250,000 rows, 125,000 rows/s'],
  [{ rows: 250_000, seconds: 2, totalRows: 1_000_000 }, '250,000 rows of about 1,000,000, 125,000 rows/s, about 6 s left'],
  [{ rows: 1_000_000, seconds: 10, totalRows: 100_000_000 }, '1,000,000 rows of about 100,000,000, 100,000 rows/s, about 16 min 30 s left'],
  [{ rows: 1_000_000, seconds: 100, totalRows: 1_000_000_000 }, '1,000,000 rows of about 1,000,000,000, 10,000 rows/s, about 27 h 45 min left'],
  // MySQL's row count is an estimate: past it, no time left is claimed.
  [{ rows: 1_200_000, seconds: 10, totalRows: 1_000_000 }, '1,200,000 rows of about 1,000,000, 120,000 rows/s'],
])('%j → %s', (progress, line) => expect(formatProgress(progress)).toBe(line));

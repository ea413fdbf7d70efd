import { fanOutKeys, MAX_RANGES, syncRequest } from '../../lambda/sync/core/requests';
import type { SyncJob } from '../../lambda/sync/core/job';

const jobs: SyncJob[] = [{ name: 'ads', table: 'ads', mode: 'FULL_COPY', target: { schema: 'mysql', table: 'ads' }, workers: 4 }];

describe('what the sync function is asked', () => {
  test('a run by default; each fan-out step with what it needs', () => {
    expect(syncRequest({ job: 'ads', round: 3 }, jobs)).toEqual({ action: 'run', job: jobs[0] });
    expect(syncRequest({ job: 'ads', action: 'plan' }, jobs)).toEqual({ action: 'plan', job: jobs[0] });
    expect(syncRequest({ job: 'ads', action: 'check' }, jobs)).toEqual({ action: 'check', job: jobs[0] });
    expect(
      syncRequest({ job: 'ads', action: 'extract', runId: 'exec_1-a', index: 3, range: { after: '10', upTo: '18446744073709551615' }, last: false }, jobs),
    ).toEqual({
      action: 'extract',
      job: jobs[0],
      runId: 'exec_1-a',
      index: 3,
      range: { after: '10', upTo: '18446744073709551615' },
      last: false,
    });
    expect(syncRequest({ job: 'ads', action: 'load', runId: 'e', ranges: 0 }, jobs)).toEqual({ action: 'load', job: jobs[0], runId: 'e', ranges: 0 });
    expect(syncRequest({ job: 'ads', action: 'failed', error: 'x'.repeat(5000) }, jobs)).toMatchObject({ action: 'failed', error: 'x'.repeat(2000) });
  });

  test("an execution's mode, when not null, replaces the job's own for every step", () => {
    expect(syncRequest({ job: 'ads', mode: null }, jobs)).toEqual({ action: 'run', job: jobs[0] });
    expect(syncRequest({ job: 'ads', mode: 'INCREMENTAL_COPY' }, jobs)).toEqual({ action: 'run', job: { ...jobs[0], mode: 'INCREMENTAL_COPY' } });
    expect(syncRequest({ job: 'ads', action: 'load', runId: 'e', ranges: 1, mode: 'FULL_COPY' }, jobs)).toMatchObject({ job: { mode: 'FULL_COPY' } });
  });

  test.each([
    [{ job: 'ads', mode: 'FULL' }, 'mode must be null or one of FULL_COPY, INCREMENTAL_COPY, UPDATE_LATEST_COPY'],
    [{ job: 'other' }, 'naming one of ads'],
    [null, 'naming one of ads'],
    [{ job: 'ads', action: 'drop' }, 'action must be one of run, plan, extract, load, failed, check; got {"job":"ads","action":"drop"}'],
    [{ action: 'check' }, 'naming one of ads'],
    [{ job: 'ads', action: 'extract', runId: '../x', index: 0, range: {}, last: true }, 'needs a runId of letters, digits, _ and -'],
    [{ job: 'ads', action: 'extract', runId: 'e', index: -1, range: {}, last: true }, `needs index, a whole number from 0 to ${MAX_RANGES - 1}`],
    [{ job: 'ads', action: 'extract', runId: 'e', index: 0, range: { upTo: "1'; DROP" }, last: true }, 'needs range bounds as integer text'],
    [{ job: 'ads', action: 'extract', runId: 'e', index: 0, range: {}, last: 'yes' }, 'needs last, true for the last range'],
    [{ job: 'ads', action: 'extract', runId: 'e', index: 0, last: true }, 'needs a range {after?, upTo}'],
    [{ job: 'ads', action: 'load', runId: 'e', ranges: 2.5 }, 'needs ranges, a whole number from 0 to 2000'],
    [{ job: 'ads', action: 'failed' }, 'needs the error, as text'],
  ])('%j is refused: %s', (event, message) => {
    expect(() => syncRequest(event, jobs)).toThrow(message);
  });

  test("a range's parts and its list sit under the job's prefix, by execution", () => {
    expect(fanOutKeys('src/ads/', 'exec-1', 12)).toEqual({ parts: 'src/ads/fan-out/exec-1/r00012-', list: 'src/ads/fan-out/exec-1/r00012.json' });
  });
});

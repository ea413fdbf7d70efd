/**
 * What the sync function is asked to do, read from its event and checked before anything runs: a run of a job, one
 * step of a FULL_COPY fanned out across invocations (see ../fan-out.ts), or a check that reads the job's table
 * definition and writes nothing (the operators' doctor, lib/doctor).
 */
import type { KeyRange } from './chunks';
import type { SyncJob } from './job';
import { SYNC_MODES, type SyncMode } from './sql';

export type SyncRequest =
  | { readonly action: 'run'; readonly job: SyncJob }
  | { readonly action: 'plan'; readonly job: SyncJob }
  | { readonly action: 'extract'; readonly job: SyncJob; readonly runId: string; readonly index: number; readonly range: KeyRange; readonly last: boolean }
  | { readonly action: 'load'; readonly job: SyncJob; readonly runId: string; readonly ranges: number }
  | { readonly action: 'failed'; readonly job: SyncJob; readonly error: string }
  | { readonly action: 'check'; readonly job: SyncJob };

const ACTIONS = ['run', 'plan', 'extract', 'load', 'failed', 'check'] as const;
/** Step Functions execution names: what the fan-out's S3 keys are made from. */
const RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;
const KEY_VALUE = /^-?\d{1,20}$/;
/** Ranges a fan-out may have: the Map state's items, well under Step Functions' payload and history limits. */
export const MAX_RANGES = 2_000;

export class SyncRequestError extends Error {}

/** The request the event makes of this function's jobs; throws a SyncRequestError saying what is wrong. */
export function syncRequest(event: unknown, jobs: readonly SyncJob[]): SyncRequest {
  const e = (event ?? {}) as Record<string, unknown>;
  const shown = () => JSON.stringify(event)?.slice(0, 200);
  const configured = typeof e.job === 'string' ? jobs.find((j) => j.name === e.job) : undefined;
  if (!configured) throw new SyncRequestError(`expected an event {"job": NAME} naming one of ${jobs.map((j) => j.name).join(', ')}; got ${shown()}`);
  // An execution an operator started in another mode than the job's own.
  if (e.mode !== undefined && e.mode !== null && !(SYNC_MODES as readonly unknown[]).includes(e.mode))
    throw new SyncRequestError(`mode must be null or one of ${SYNC_MODES.join(', ')}; got ${shown()}`);
  const job = typeof e.mode === 'string' ? { ...configured, mode: e.mode as SyncMode } : configured;
  const action = e.action ?? 'run';
  if (!(ACTIONS as readonly unknown[]).includes(action)) throw new SyncRequestError(`action must be one of ${ACTIONS.join(', ')}; got ${shown()}`);
  const fail = (what: string): never => {
    throw new SyncRequestError(`a ${String(action)} request needs ${what}; got ${shown()}`);
  };
  const runId = () => (typeof e.runId === 'string' && RUN_ID.test(e.runId) ? e.runId : fail('a runId of letters, digits, _ and - (the execution name)'));
  const count = (name: string, max: number) =>
    Number.isInteger(e[name]) && (e[name] as number) >= 0 && (e[name] as number) <= max
      ? (e[name] as number)
      : fail(`${name}, a whole number from 0 to ${max}`);
  const bound = (value: unknown) =>
    value === undefined || (typeof value === 'string' && KEY_VALUE.test(value)) ? (value as string | undefined) : fail('range bounds as integer text');
  switch (action as SyncRequest['action']) {
    case 'run':
    case 'plan':
    case 'check':
      return { action: action as 'run' | 'plan' | 'check', job };
    case 'extract': {
      const range = (e.range ?? fail('a range {after?, upTo}')) as Record<string, unknown>;
      if (typeof e.last !== 'boolean') fail('last, true for the last range');
      return {
        action: 'extract',
        job,
        runId: runId(),
        index: count('index', MAX_RANGES - 1),
        range: { after: bound(range.after), upTo: bound(range.upTo) },
        last: e.last as boolean,
      };
    }
    case 'load':
      return { action: 'load', job, runId: runId(), ranges: count('ranges', MAX_RANGES) };
    case 'failed':
      return { action: 'failed', job, error: typeof e.error === 'string' ? e.error.slice(0, 2000) : fail('the error, as text') };
  }
}

/** Where a fanned-out copy's files go, under the job's prefix: each range's parts, then its list of them. */
export function fanOutKeys(jobPrefix: string, runId: string, index: number): { readonly parts: string; readonly list: string } {
  const range = `${jobPrefix}fan-out/${runId}/r${String(index).padStart(5, '0')}`;
  return { parts: `${range}-`, list: `${range}.json` };
}

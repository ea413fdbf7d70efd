/**
 * Runs the probes a few at a time, each within its time limit, and keeps their results in the probes' order. An
 * error a probe does not turn into a result becomes its FAIL; missing credentials stop the whole run instead, since
 * every other call would fail the same way.
 */
import { describeError, fail, isAccessDenied, isMissingCredentials, type CheckResult, type Probe } from './result';

/** Probes running at once: enough to overlap the slow ones (a canary, a Lambda cold start), few enough for the APIs. */
export const DEFAULT_CONCURRENCY = 4;

export class NoCredentialsError extends Error {
  constructor(readonly cause: unknown) {
    super(describeError(cause));
    this.name = 'NoCredentialsError';
  }
}

class ProbeTimeout extends Error {}

function withinLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** The FAIL of a probe that threw. */
export function probeFailure(probe: Pick<Probe, 'name' | 'timeoutMs'>, error: unknown): CheckResult {
  if (error instanceof ProbeTimeout) {
    return fail(
      probe.name,
      `did not finish within ${probe.timeoutMs < 1000 ? `${probe.timeoutMs} ms` : `${Math.round(probe.timeoutMs / 1000)} s`}`,
      'run the doctor again; if it keeps timing out, the service this check calls is slow or unreachable from here',
    );
  }
  if (isAccessDenied(error)) {
    return fail(
      probe.name,
      describeError(error),
      'your credentials may not make this call: use a role with read access to the platform (the error names the action)',
    );
  }
  return fail(probe.name, describeError(error), 'see the error; run the doctor again once it is fixed');
}

export async function runProbes(probes: readonly Probe[], options: { readonly concurrency?: number } = {}): Promise<CheckResult[]> {
  const results: CheckResult[][] = probes.map(() => []);
  let next = 0;
  let stopped: NoCredentialsError | undefined;
  const worker = async () => {
    while (next < probes.length && !stopped) {
      const index = next++;
      const probe = probes[index];
      try {
        results[index] = await withinLimit(probe.run(), probe.timeoutMs);
      } catch (error) {
        if (isMissingCredentials(error)) {
          stopped ??= new NoCredentialsError(error);
          return;
        }
        results[index] = [probeFailure(probe, error)];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, probes.length)) }, worker));
  if (stopped) throw stopped;
  return results.flat();
}

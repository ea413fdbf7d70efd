/**
 * When to retry a webhook call, how long to wait, and when to give up: JANDI documents no status codes,
 * so anything but 2xx is a failure; 408, 429, 5xx, time-outs and network errors are worth retrying.
 */

export type AttemptResult =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly code: string };

export type Verdict = 'delivered' | 'retry' | 'permanent';

export function classifyAttempt(result: AttemptResult): Verdict {
  if (result.kind !== 'status') return 'retry';
  if (result.status >= 200 && result.status < 300) return 'delivered';
  if (result.status === 408 || result.status === 429 || result.status >= 500) return 'retry';
  return 'permanent';
}

export function describeAttempt(result: AttemptResult): string {
  switch (result.kind) {
    case 'status':
      return `HTTP ${result.status}`;
    case 'timeout':
      return 'timed out';
    case 'network':
      return `network error ${result.code}`;
  }
}

export interface RetryOptions {
  /** Calls made in one invocation before the message goes back to the queue. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** "Full jitter" exponential backoff; a server's Retry-After wins when it asks for longer. */
export function backoffDelayMs(retry: number, options: RetryOptions, random: number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  const jittered = Math.round(ceiling * random);
  return retryAfterSeconds === undefined ? jittered : Math.max(jittered, retryAfterSeconds * 1000);
}

/**
 * How long a message that failed on its Nth receive stays invisible before SQS hands it out again:
 * 1, 2, 4, ... minutes up to an hour, so a JANDI outage is retried for hours without hammering it.
 */
export function redeliveryDelaySeconds(receiveCount: number): number {
  return Math.min(3600, 60 * 2 ** Math.max(0, receiveCount - 1));
}

export interface DeliveryOutcome {
  readonly verdict: Verdict;
  readonly attempts: number;
  readonly last: AttemptResult;
}

export interface DeliveryEffects {
  readonly send: () => Promise<AttemptResult>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Milliseconds this invocation may still spend; a wait that would not fit ends the attempts. */
  readonly remainingMs: () => number;
}

export async function deliverWithRetries(options: RetryOptions & { readonly attemptTimeoutMs: number }, effects: DeliveryEffects): Promise<DeliveryOutcome> {
  let attempts = 0;
  for (;;) {
    const last = await effects.send();
    attempts++;
    const verdict = classifyAttempt(last);
    if (verdict !== 'retry' || attempts >= options.maxAttempts) return { verdict, attempts, last };
    const retryAfter = last.kind === 'status' ? last.retryAfterSeconds : undefined;
    const delay = backoffDelayMs(attempts - 1, options, effects.random(), retryAfter);
    if (delay + options.attemptTimeoutMs > effects.remainingMs()) return { verdict, attempts, last };
    await effects.sleep(delay);
  }
}

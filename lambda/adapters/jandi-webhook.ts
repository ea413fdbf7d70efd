/**
 * One POST to a JANDI Incoming Webhook. The URL is a credential (its path carries the token), so nothing
 * returned or thrown here contains it: failures are reported by status, time-out or error code only.
 */
import type { AttemptResult } from '../core/delivery-policy';
import type { JandiMessage } from '../core/jandi-message';

export const JANDI_HEADERS = {
  Accept: 'application/vnd.tosslab.jandi-v2+json',
  'Content-Type': 'application/json; charset=utf-8',
} as const;

export async function postToJandi(webhookUrl: string, message: JandiMessage, timeoutMs: number): Promise<AttemptResult> {
  try {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: JANDI_HEADERS,
      body: JSON.stringify(message),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    const retryAfter = Number(response.headers.get('retry-after'));
    return Number.isFinite(retryAfter) && retryAfter > 0
      ? { kind: 'status', status: response.status, retryAfterSeconds: Math.min(retryAfter, 300) }
      : { kind: 'status', status: response.status };
  } catch (error) {
    // Duck-typed: fetch's DOMException is not always an instance of this realm's Error.
    const name = (error as { name?: unknown } | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'network', code: errorCode(error) };
  }
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (String((error as { message?: unknown } | undefined)?.message).includes('redirect')) return 'REDIRECT';
  return 'UNKNOWN';
}

/** Accepts the secret as the bare URL or as JSON `{"webhookUrl": "..."}`; throws without echoing the value. */
export function parseWebhookSecret(secret: string): string {
  let candidate = secret.trim();
  if (candidate.startsWith('{')) {
    try {
      const parsed = JSON.parse(candidate) as { webhookUrl?: unknown };
      candidate = typeof parsed.webhookUrl === 'string' ? parsed.webhookUrl : '';
    } catch {
      candidate = '';
    }
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new Error('the JANDI webhook secret is neither a URL nor JSON with a "webhookUrl" field');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('the JANDI webhook secret must be an https:// URL');
  }
  return url.toString();
}

/**
 * The one place handlers read Secrets Manager: Powertools Parameters' `getSecret` (a GetSecretValue call, cached per
 * Lambda container). A secret's value is never logged or put into an error.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * How long a secret stays cached in a container: five minutes. A busy function (the notifier takes a batch every few
 * seconds at peak, a sync function runs several jobs in a row) then calls Secrets Manager a few times an hour instead
 * of once per invocation, and a rotated or corrected secret is still picked up within minutes, without a deployment.
 */
export const SECRET_MAX_AGE_SECONDS = 5 * 60;

/** A secret's string value. `forceFetch` skips the cache (after the cached value turned out to be unusable). */
export async function readSecret(secretId: string, options: { forceFetch?: boolean } = {}): Promise<string> {
  const value = await getSecret(secretId, { maxAge: SECRET_MAX_AGE_SECONDS, forceFetch: options.forceFetch });
  if (typeof value !== 'string') throw new Error(`secret ${secretId} has no string value`);
  return value;
}

/** A JSON secret's value, parsed by Parameters' `json` transform and cached the same way. */
export async function readJsonSecret(secretId: string): Promise<unknown> {
  try {
    return await getSecret(secretId, { maxAge: SECRET_MAX_AGE_SECONDS, transform: 'json' });
  } catch (error) {
    // The transform's message is JSON.parse's, which quotes part of the value: name the secret only.
    if ((error as { name?: unknown }).name === 'TransformParameterError') throw new Error(`secret ${secretId} is not valid JSON`);
    throw error;
  }
}

/** A secret read through the cache until `invalidate()`: the next read then goes to Secrets Manager. */
export function cachedSecret(secretId: string) {
  let stale = false;
  return {
    async get(): Promise<string> {
      const value = await readSecret(secretId, { forceFetch: stale });
      stale = false;
      return value;
    },
    invalidate(): void {
      stale = true;
    },
  };
}

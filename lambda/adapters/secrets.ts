import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Reads a secret once per `ttlMs` per Lambda container, so a rotated value is picked up within minutes
 * without a Secrets Manager call per message. The value is never logged or put into an error.
 */
export function cachedSecret(client: SecretsManagerClient, secretId: string, ttlMs = 5 * 60_000, now = Date.now) {
  let cached: { value: string; expires: number } | undefined;
  return {
    async get(): Promise<string> {
      if (cached && cached.expires > now()) return cached.value;
      const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (typeof result.SecretString !== 'string') throw new Error(`secret ${secretId} has no string value`);
      cached = { value: result.SecretString, expires: now() + ttlMs };
      return cached.value;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}

/** The secrets adapter over Powertools Parameters, against a mocked Secrets Manager. */
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { cachedSecret, readJsonSecret, readSecret, SECRET_MAX_AGE_SECONDS } from '../../lambda/adapters/secrets';

const ARN = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:mysql/ads-Ef56Gh';
const secrets = mockClient(SecretsManagerClient);

beforeEach(() => {
  secrets.reset();
  clearCaches();
});
afterEach(() => jest.restoreAllMocks());

test('a value is read once within the cache lifetime and again after it', async () => {
  secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'first' });
  expect(await readSecret(ARN)).toBe('first');
  secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'rotated' });
  expect(await readSecret(ARN)).toBe('first');
  jest.spyOn(Date, 'now').mockReturnValue(Date.now() + (SECRET_MAX_AGE_SECONDS + 1) * 1000);
  expect(await readSecret(ARN)).toBe('rotated');
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
});

test('an invalidated secret is read again on the next get, then cached again', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'value' });
  const secret = cachedSecret(ARN);
  await secret.get();
  secret.invalidate();
  await secret.get();
  await secret.get();
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
});

test('a JSON secret is parsed; a malformed one is reported by name without its value', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'sync', password: 'pw' }) });
  expect(await readJsonSecret(ARN)).toEqual({ username: 'sync', password: 'pw' });

  clearCaches();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'username=sync password=hunter2-secret' });
  const error = await readJsonSecret(ARN).catch((e: unknown) => e as Error);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe(`secret ${ARN} is not valid JSON`);
  expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('hunter2');
});

test('a binary secret is refused where text is expected', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
  await expect(readSecret(ARN)).rejects.toThrow(`secret ${ARN} has no string value`);
});

/** MySQL connections use TLS with the RDS certificate authorities unless a source turns it off. */
import { X509Certificate } from 'node:crypto';
import { connectionConfig, MysqlSource, parseMysqlUrl } from '../../lambda/sync/adapters/mysql-source';
import { MYSQL_URL } from './databases';

const endpoint = { host: 'ads-db.c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com', port: 3306, user: 'reader', password: 'p', database: 'ads' };

test('by default mysql2 gets TLS 1.2+, the RDS root certificates (the current rds-ca-rsa2048-g1 included), and checks the certificate and the host name', () => {
  const ssl = connectionConfig(endpoint).ssl;
  expect(ssl).toMatchObject({ rejectUnauthorized: true, verifyIdentity: true, minVersion: 'TLSv1.2' });
  const roots = (ssl as { ca: string[] }).ca.map((pem) => new X509Certificate(pem));
  const now = Date.now();
  for (const name of [
    'Amazon RDS ap-northeast-2 Root CA RSA2048 G1',
    'Amazon RDS ap-northeast-2 Root CA ECC384 G1',
    'Amazon RDS us-east-1 Root CA RSA4096 G1',
  ]) {
    const root = roots.find((c) => c.subject.split('\n').includes(`CN=${name}`));
    expect(root).toBeDefined();
    expect(root!.ca).toBe(true);
    expect(Date.parse(root!.validTo)).toBeGreaterThan(now);
  }
  expect(connectionConfig({ ...endpoint, tls: true }).ssl).toEqual(ssl);
  expect(connectionConfig({ ...endpoint, tls: false }).ssl).toBeUndefined();
});

test('the default refuses a server without TLS, saying how to turn TLS off; tls: false connects', async () => {
  const local = parseMysqlUrl(MYSQL_URL());
  await expect(MysqlSource.connect(local)).rejects.toThrow(
    `cannot connect to MySQL at ${local.host}:${local.port}/${local.database}: Server does not support secure connection (TLS is on by default; turn it off only for a server without TLS, such as a local test server: tls: false on the source, --source-tls off in the CLI)`,
  );
  const source = await MysqlSource.connect({ ...local, tls: false });
  try {
    expect(await source.uniqueIndexes('no_such_table')).toEqual([]);
  } finally {
    await source.close();
  }
});

/**
 * Firehose reaches Redshift from AWS's published Firehose address range for the region, at the warehouse's public
 * endpoint (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs-vpc). Synth makes
 * no lookups, so the configuration check judges what `warehouse.host` itself says.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, CONFIG_DIR, parseConfig } from '../../lib/config/load';

type Raw = Record<string, any>;
const example = (): Raw => parse(readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8')) as Raw;

function problemsWithHost(host: string, change: (raw: Raw) => void = () => undefined): string[] {
  const raw = example();
  raw.warehouse.host = host;
  change(raw);
  try {
    parseConfig(raw, 'test.yaml');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.filter((p) => p.startsWith('warehouse.host'));
    throw error;
  }
}

test('the example host (the public endpoint of the configured cluster) is accepted', () => {
  expect(problemsWithHost(example().warehouse.host)).toEqual([]);
});

test.each([['10.0.3.17'], ['172.20.0.5'], ['192.168.1.10'], ['100.64.0.1']])('a private address (%s) is refused, naming the field and the cure', (host) => {
  expect(problemsWithHost(host)).toEqual([
    expect.stringMatching(
      new RegExp(
        `^warehouse\\.host = "${host.replace(/\./g, '\\.')}": is a private IPv4 address: Firehose connects from its public address range for the region`,
      ),
    ),
  ]);
});

test('a public address is accepted', () => {
  expect(problemsWithHost('13.125.10.20')).toEqual([]);
});

test('a VPC endpoint is refused', () => {
  expect(problemsWithHost('vpce-0123456789abcdef0-abcdefgh.redshift.ap-northeast-2.vpce.amazonaws.com')).toEqual([
    expect.stringContaining('is a VPC or private endpoint'),
  ]);
});

test('the endpoint of another cluster or workgroup is refused', () => {
  expect(problemsWithHost('reporting.c1a2b3c4d5e6.ap-northeast-2.redshift.amazonaws.com')).toEqual([
    'warehouse.host = "reporting.c1a2b3c4d5e6.ap-northeast-2.redshift.amazonaws.com": is the endpoint of cluster reporting, but warehouse.clusterIdentifier is analytics',
  ]);
  const serverless = (raw: Raw) => {
    raw.warehouse = {
      type: 'serverless',
      workgroupName: 'analytics',
      database: 'analytics',
      secretArn: raw.warehouse.secretArn,
      copyRoleArn: raw.warehouse.copyRoleArn,
      host: raw.warehouse.host,
    };
  };
  expect(problemsWithHost('analytics.123456789012.ap-northeast-2.redshift-serverless.amazonaws.com', serverless)).toEqual([]);
  expect(problemsWithHost('etl.123456789012.ap-northeast-2.redshift-serverless.amazonaws.com', serverless)).toEqual([
    expect.stringContaining('is the endpoint of workgroup etl, but warehouse.workgroupName is analytics'),
  ]);
});

test('without Firehose streams the host is not judged', () => {
  expect(problemsWithHost('10.0.3.17', (raw) => (raw.firehose.streams = []))).toEqual([]);
});

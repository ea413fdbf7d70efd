/**
 * `cdk synth` as an operator runs it: the example environment synthesizes with no AWS account, its templates
 * and assets hold no secret, and a bad configuration stops the synth before any template is written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify, parse } from 'yaml';
import { CONFIG_DIR } from '../../lib/config/load';
import { ROOT } from '../helpers/platform';

/** Values the example environment's secrets would hold on a real account, planted where a careless app might read them. */
const SECRET_VALUES = {
  JANDI_WEBHOOK_URL: 'https://wh.jandi.com/connect-api/webhook/15293847/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  REDSHIFT_PASSWORD: 'Rs-l0ader-Pa55word-Example!',
  MYSQL_PASSWORD: 'My-reader-Pa55word-Example!',
};
const WEBHOOK_URL_PATTERN = /(wh\.jandi\.com|connect-api\/webhook\/\d+\/[0-9a-f]{16,})/i;

function cdk(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      // No credentials and no endpoints: synth must need neither.
      AWS_EC2_METADATA_DISABLED: 'true',
      ...extraEnv,
    },
    timeout: 120_000,
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('the example environment', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
  let result: ReturnType<typeof cdk>;

  beforeAll(() => {
    result = cdk(['synth', '--no-notices', '-o', out], { ...SECRET_VALUES, JANDI_WEBHOOK_SECRET: SECRET_VALUES.JANDI_WEBHOOK_URL });
  });

  test('synthesizes without an AWS account and writes a template per stack', () => {
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'Supply a stack id (example-notifications, example-scheduler, example-sync, example-event-streams, example-athena, example-observability)',
    );
    const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
    expect(templates.sort()).toEqual([
      'example-athena.template.json',
      'example-event-streams.template.json',
      'example-notifications.template.json',
      'example-observability.template.json',
      'example-scheduler.template.json',
      'example-sync.template.json',
    ]);
  });

  test('no secret value or webhook URL appears in any template, manifest or asset', () => {
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [name, value] of Object.entries(SECRET_VALUES)) {
        if (text.includes(value)) throw new Error(`${name} found in ${path.relative(out, file)}`);
      }
      expect({ file: path.relative(out, file), match: WEBHOOK_URL_PATTERN.exec(text)?.[0] }).toEqual({ file: path.relative(out, file), match: undefined });
    }
  });

  test('secrets are referenced by ARN only', () => {
    const template = readFileSync(path.join(out, 'example-notifications.template.json'), 'utf8');
    expect(template).toContain('arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:jandi/platform-alerts-Xy34Zw');
    expect(template).not.toMatch(/resolve:secretsmanager/);
    expect(template).not.toMatch(/"(Password|MasterUserPassword|SecretString)"/);
  });
});

describe('a bad configuration', () => {
  test('fails the synth with the field, the value and what is allowed, and writes no template', () => {
    const raw = parse(readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8'));
    raw.mysql.jobs[0].mode = 'FULL';
    raw.scheduler.schedules[0].timezone = 'Asia/Busan';
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-config-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, stringify(raw));
    const out = path.join(dir, 'cdk.out');

    const result = cdk(['synth', '--no-notices', '-c', `configFile=${file}`, '-o', out]);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`Invalid configuration ${file}:`);
    expect(result.stderr).toContain('mysql.jobs[0].mode = "FULL": expected one of FULL_COPY, INCREMENTAL_COPY, UPDATE_LATEST_COPY');
    expect(result.stderr).toContain('scheduler.schedules[0].timezone = "Asia/Busan": expected an IANA time zone name');
    const written = (() => {
      try {
        return readdirSync(out);
      } catch {
        return [];
      }
    })();
    expect(written.filter((f) => f.endsWith('.template.json'))).toEqual([]);
  });

  test('an unknown environment name says which file it looked for', () => {
    const result = cdk(['synth', '--no-notices', '-c', 'env=staging', '-o', mkdtempSync(path.join(tmpdir(), 'cdk-out-'))]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/no configuration file for environment "staging"; expected .*config\/staging\.yaml/);
  });
});

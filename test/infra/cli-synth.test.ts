/**
 * `cdk synth` as an operator runs it: the example environment synthesizes with no AWS account, CDK's built-in
 * CloudFormation validation finds nothing, every handler is bundled into a file that loads in Node.js (the other
 * infra tests synthesize without bundling), the templates and assets hold no secret, and a bad configuration stops
 * the synth before any template is written.
 *
 * The three synths are processes of their own, so they all start when this file is loaded and run side by side;
 * each test waits for the one it reads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify, parse } from 'yaml';
import { CONFIG_DIR } from '../../lib/config/load';
import { HANDLERS } from '../../lib/lambda-functions/bundling';
import { ROOT } from '../helpers/platform';

/** bench/handlers.ts's budget for a zipped-up bundle's main file. */
const BUNDLE_BUDGET_BYTES = 2 * 1024 * 1024;

/** Values the example environment's secrets would hold on a real account, planted where a careless app might read them. */
const SECRET_VALUES = {
  JANDI_WEBHOOK_URL: 'https://wh.jandi.com/connect-api/webhook/15293847/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  REDSHIFT_PASSWORD: 'Rs-l0ader-Pa55word-Example!',
  MYSQL_PASSWORD: 'My-reader-Pa55word-Example!',
};
const WEBHOOK_URL_PATTERN = /(wh\.jandi\.com|connect-api\/webhook\/\d+\/[0-9a-f]{16,})/i;

/** How long one `cdk synth` may take (the example environment's bundles every handler). */
const CDK_TIMEOUT_MS = 120_000;

interface CdkResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CDK CLI from the repository; resolves (never rejects) when it exits, with what it printed. */
function cdk(args: string[], extraEnv: Record<string, string> = {}): Promise<CdkResult> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'cdk'), args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        // No credentials and no endpoints: synth must need neither.
        AWS_EC2_METADATA_DISABLED: 'true',
        ...extraEnv,
      },
      timeout: CDK_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ status: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The example configuration with an unknown sync mode and time zone, in a file of its own. */
function badConfigFile(): { file: string; out: string } {
  const raw = parse(readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8'));
  raw.mysql.jobs[0].mode = 'FULL';
  raw.scheduler.schedules[0].timezone = 'Asia/Busan';
  const dir = mkdtempSync(path.join(tmpdir(), 'bad-config-'));
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, stringify(raw));
  return { file, out: path.join(dir, 'cdk.out') };
}

const exampleOut = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
const exampleSynth = cdk(['synth', '--no-notices', '-o', exampleOut], { ...SECRET_VALUES, JANDI_WEBHOOK_SECRET: SECRET_VALUES.JANDI_WEBHOOK_URL });
const badConfig = badConfigFile();
const badConfigSynth = cdk(['synth', '--no-notices', '-c', `configFile=${badConfig.file}`, '-o', badConfig.out]);
const unknownEnvSynth = cdk(['synth', '--no-notices', '-c', 'env=staging', '-o', mkdtempSync(path.join(tmpdir(), 'cdk-out-'))]);

describe('the example environment', () => {
  const out = exampleOut;
  let result: CdkResult;

  beforeAll(async () => {
    result = await exampleSynth;
  }, CDK_TIMEOUT_MS);

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

  test("CDK's built-in CloudFormation validation (which the in-process test synths skip) and cdk-nag report nothing", () => {
    const report = JSON.parse(readFileSync(path.join(out, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; description: string; violatingConstructs?: { constructPath?: string }[] }[] }[];
    };
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map(
        (v) => `${plugin.pluginName} ${v.ruleName}: ${v.description} at ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ')}`,
      ),
    );
    expect(findings).toEqual([]);
  });

  test(
    'every handler is bundled, and each bundle loads in Node.js, exports handler and fits the budget',
    () => {
      const bundles = new Map<string, string>();
      for (const file of readdirSync(out).filter((f) => f.endsWith('.template.json'))) {
        const template = JSON.parse(readFileSync(path.join(out, file), 'utf8')) as {
          Resources?: Record<string, { Type: string; Properties: { Code?: { S3Key?: unknown } } }>;
        };
        for (const resource of Object.values(template.Resources ?? {})) {
          const key = resource.Properties?.Code?.S3Key;
          if (resource.Type !== 'AWS::Lambda::Function' || typeof key !== 'string') continue;
          // A staged asset is the directory asset.<hash> of the cloud assembly; its S3 key is <hash>.zip.
          const dir = path.join(out, `asset.${key.replace(/\.zip$/, '')}`);
          if (existsSync(path.join(dir, 'index.js'))) bundles.set(key, dir);
        }
      }
      const dirs = [...new Set(bundles.values())];
      // One asset per handler kind at least (several functions may share one, such as the per-source syncs).
      expect(dirs.length).toBeGreaterThanOrEqual(Object.keys(HANDLERS).length);
      for (const dir of dirs) {
        const main = path.join(dir, 'index.js');
        expect(statSync(main).size).toBeLessThan(BUNDLE_BUDGET_BYTES);
        // Loaded from inside the repository, so a bundle that leaves the AWS SDK to the runtime finds it in node_modules.
        const load = spawnSync(
          process.execPath,
          ['-e', `const m = require(${JSON.stringify(main)}); if (typeof m.handler !== 'function') { console.error('no handler'); process.exit(1); }`],
          {
            cwd: ROOT,
            env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), AWS_REGION: 'ap-northeast-2' },
            encoding: 'utf8',
          },
        );
        expect({
          main,
          status: load.status,
          stderr: load.stderr
            .split('\n')
            .filter(
              (l) =>
                l &&
                !/NodeVersionSupportWarning|node >=22|upgrade to node|a\.co|versions published|will require|continue receiving|security updates|trace-warnings/.test(
                  l,
                ),
            )
            .slice(0, 3),
        }).toEqual({ main, status: 0, stderr: [] });
      }
    },
    CDK_TIMEOUT_MS,
  );

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
  test(
    'fails the synth with the field, the value and what is allowed, and writes no template',
    async () => {
      const { file, out } = badConfig;
      const result = await badConfigSynth;

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
    },
    CDK_TIMEOUT_MS,
  );

  test(
    'an unknown environment name says which file it looked for',
    async () => {
      const result = await unknownEnvSynth;
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/no configuration file for environment "staging"; expected .*config\/staging\.yaml/);
    },
    CDK_TIMEOUT_MS,
  );
});

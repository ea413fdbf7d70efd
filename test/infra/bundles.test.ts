/**
 * Every handler bundled once, as `cdk synth` bundles it (the other infra tests synthesize without bundling): each
 * function's asset holds an index.js that loads in Node.js and exports `handler`, within the deployment budget.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildPlatform } from '../../lib/platform';
import { HANDLERS } from '../../lib/lambda-functions/bundling';
import { appWithProjectContext, exampleConfig, ROOT } from '../helpers/platform';

/** bench/handlers.ts's budget for a zipped-up bundle's main file. */
const BUNDLE_BUDGET_BYTES = 2 * 1024 * 1024;

test('every handler of the example platform bundles, loads and exports handler', () => {
  const app = appWithProjectContext({ bundle: true });
  buildPlatform(app, exampleConfig());
  const assembly = app.synth();
  const bundles = new Map<string, string>();
  for (const stack of assembly.stacks) {
    for (const resource of Object.values(stack.template.Resources ?? {}) as { Type: string; Properties: { Code?: { S3Key?: unknown } } }[]) {
      const key = resource.Properties?.Code?.S3Key;
      if (resource.Type !== 'AWS::Lambda::Function' || typeof key !== 'string') continue;
      // A staged asset is the directory asset.<hash> of the cloud assembly; its S3 key is <hash>.zip.
      const dir = path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
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
}, 120_000);

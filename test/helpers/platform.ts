import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CONFIG_DIR, loadConfigFile } from '../../lib/config/load';
import type { PlatformConfig } from '../../lib/config/schema';
import { buildPlatform, type Platform } from '../../lib/platform';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * An App with the same context (feature flags) as `cdk synth` gets from cdk.json. Its functions are not bundled
 * (no stack is in `aws:cdk:bundling-stacks`, as `cdk deploy` does for stacks it does not deploy): templates are
 * the same but for asset hashes. test/infra/bundles.test.ts bundles every handler once, as deployed.
 */
export function appWithProjectContext(options: { bundle?: boolean } = {}): App {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: { ...cdkJson.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
}

export function exampleConfig(): PlatformConfig {
  return loadConfigFile(path.join(CONFIG_DIR, 'example.yaml'));
}

let cached: { app: App; platform: Platform; config: PlatformConfig } | undefined;

/** The example environment's stacks, built once per test file. */
export function examplePlatform(): { app: App; platform: Platform; config: PlatformConfig } {
  if (!cached) {
    const app = appWithProjectContext();
    const config = exampleConfig();
    cached = { app, platform: buildPlatform(app, config), config };
  }
  return cached;
}

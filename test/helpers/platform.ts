import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CONFIG_DIR, loadConfigFile } from '../../lib/config/load';
import type { PlatformConfig } from '../../lib/config/schema';
import { buildPlatform, type Platform } from '../../lib/platform';

export const ROOT = path.resolve(__dirname, '..', '..');

/** An App with the same context (feature flags) as `cdk synth` gets from cdk.json. */
export function appWithProjectContext(): App {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: cdkJson.context });
}

export function exampleConfig(): PlatformConfig {
  return loadConfigFile(path.join(CONFIG_DIR, 'example.yaml'));
}

let cached: { app: App; platform: Platform; config: PlatformConfig } | undefined;

/** The example environment's stacks, built once per test file (bundling every handler takes a moment). */
export function examplePlatform(): { app: App; platform: Platform; config: PlatformConfig } {
  if (!cached) {
    const app = appWithProjectContext();
    const config = exampleConfig();
    cached = { app, platform: buildPlatform(app, config), config };
  }
  return cached;
}

/**
 * Every Lambda handler and how it is bundled. Constructs name a handler from this list; the bench script builds
 * each one with the same settings, so what it measures is what is deployed.
 */
import * as path from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

export const NODE_TARGET = 'node24';

export interface HandlerSpec {
  /** Path of the entry module from the repository root. */
  readonly entry: string;
  /**
   * Bundle the AWS SDK clients we tested against (true), or use the SDK v3 the Node.js runtime ships (false)
   * where a client is too large to bundle within the 2 MB asset budget (EC2's is 550 KB minified).
   */
  readonly bundleAwsSdk: boolean;
}

export const HANDLERS = {
  notifier: { entry: 'lambda/notifier/handler.ts', bundleAwsSdk: true },
  scheduler: { entry: 'lambda/scheduler/handler.ts', bundleAwsSdk: false },
  sync: { entry: 'lambda/sync/handler.ts', bundleAwsSdk: false },
  'firehose-schema': { entry: 'lambda/firehose/schema-handler.ts', bundleAwsSdk: false },
  'athena-step': { entry: 'lambda/athena/handler.ts', bundleAwsSdk: false },
  bot: { entry: 'lambda/scheduler/bot/handler.ts', bundleAwsSdk: false },
  digest: { entry: 'lambda/digest/handler.ts', bundleAwsSdk: false },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

export function entryPath(handler: HandlerName): string {
  return path.join(REPOSITORY_ROOT, HANDLERS[handler].entry);
}

export function bundlingFor(handler: HandlerName): BundlingOptions {
  return {
    minify: true,
    sourceMap: true,
    // Stack traces map to file and line; the sources themselves need not ship (they would double the asset).
    sourcesContent: false,
    target: NODE_TARGET,
    format: OutputFormat.CJS,
    bundleAwsSDK: HANDLERS[handler].bundleAwsSdk,
    mainFields: ['module', 'main'],
  };
}

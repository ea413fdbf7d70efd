/**
 * How every handler is bundled. The bench script builds with the same settings, so what it measures is
 * what is deployed.
 */
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

export const NODE_TARGET = 'node24';

export const HANDLER_BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  // Stack traces map to file and line; the sources themselves need not ship (they would double the asset).
  sourcesContent: false,
  target: NODE_TARGET,
  format: OutputFormat.CJS,
  // Bundle the SDK clients we tested against instead of whatever version the runtime ships.
  bundleAwsSDK: true,
  mainFields: ['module', 'main'],
};

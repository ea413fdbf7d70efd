#!/usr/bin/env node
/**
 * The CDK app. `-c env=NAME` selects config/NAME.yaml (default: example); `-c configFile=PATH` takes any file.
 * An invalid configuration stops here, before any stack exists, so no template is written.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError, configFileForEnv, loadConfigFile } from '../lib/config/load';
import { applyNagChecks, buildPlatform } from '../lib/platform';

const app = new App();
try {
  const explicitFile = app.node.tryGetContext('configFile') as string | undefined;
  const envName = (app.node.tryGetContext('env') as string | undefined) ?? 'example';
  const config = loadConfigFile(explicitFile ?? configFileForEnv(envName));
  buildPlatform(app, config);
  applyNagChecks(app);
  app.synth();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

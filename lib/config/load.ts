/** Reads an environment's YAML file and validates it; every problem is reported with its field path and value. */
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath } from './checks';
import { CONFIG_DIR } from './paths';
import { platformConfigSchema, type PlatformConfig } from './schema';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export { CONFIG_DIR } from './paths';
const ENV_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** `-c env=NAME` selects config/NAME.yaml. */
export function configFileForEnv(envName: string, configDir = CONFIG_DIR): string {
  if (!ENV_NAME.test(envName)) {
    throw new ConfigError(`-c env=${envName}`, [
      `env = ${JSON.stringify(envName)}: expected an environment name (lower-case letters, digits and -, at most 20) naming config/NAME.yaml`,
    ]);
  }
  const file = path.join(configDir, `${envName}.yaml`);
  if (!existsSync(file)) {
    throw new ConfigError(file, [`no configuration file for environment ${JSON.stringify(envName)}; expected ${file}`]);
  }
  return file;
}

export function loadConfigFile(file: string): PlatformConfig {
  const document = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => `YAML: ${error.message}`),
    );
  }
  return parseConfig(document.toJS(), file);
}

export function parseConfig(raw: unknown, source: string): PlatformConfig {
  const result = platformConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.flatMap((issue) => describeIssue(issue, raw)),
  );
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field (misspelled, or in the wrong section?)`);
  }
  const value = valueAt(raw, issue.path);
  const shown = value === undefined ? ' (missing)' : ` = ${preview(value)}`;
  return [`${formatPath(issue.path) || '(root)'}${shown}: ${issue.message}`];
}

function valueAt(raw: unknown, at: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The configuration a command-line tool was pointed at: `--config FILE`, or `--env NAME` (default example). */
export function loadConfigForCli(options: { readonly env?: string; readonly config?: string }): { config: PlatformConfig; file: string } {
  const file = options.config ? path.resolve(options.config) : configFileForEnv(options.env ?? 'example');
  return { config: loadConfigFile(file), file };
}

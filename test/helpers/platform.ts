import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CONFIG_DIR, loadConfigFile } from '../../lib/config/load';
import type { PlatformConfig } from '../../lib/config/schema';
import type { Platform } from '../../lib/platform';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * An App with the same context (feature flags) as `cdk synth` gets from cdk.json. Its functions are not bundled
 * (no stack is in `aws:cdk:bundling-stacks`, as `cdk deploy` does for stacks it does not deploy): templates are
 * the same but for asset hashes. test/infra/cli-synth.test.ts loads every handler's bundle as `cdk synth` writes it.
 *
 * Nor does its synth run CDK's built-in CloudFormation validation (`builtinCloudFormationValidation`). It changes
 * no template, and its findings are warnings that fail nothing unless a project opts in with
 * `@aws-cdk/core:validateAgainstDefaultRules` (cdk.json does not), yet starting its engine takes some 4 s of every
 * test file that synthesizes. `cdk synth` as an operator runs it does validate, and test/infra/cli-synth.test.ts
 * checks that its report is empty.
 */
export function appWithProjectContext(): App {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ builtinCloudFormationValidation: false, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
}

export function exampleConfig(): PlatformConfig {
  return loadConfigFile(path.join(CONFIG_DIR, 'example.yaml'));
}

/**
 * lib/platform, required when a test first builds a platform: most files that use this helper want only the
 * configuration or templates from the cache below, and loading every stack's module (and cdk-nag) costs each of
 * them about half a second.
 */
function buildPlatform(app: App, config: PlatformConfig): Platform {
  return (require('../../lib/platform') as typeof import('../../lib/platform')).buildPlatform(app, config);
}

let cached: { app: App; platform: Platform; config: PlatformConfig } | undefined;

/**
 * The example environment's stacks, built once per test file, for tests that need the constructs themselves
 * (cdk-nag, the functions behind each role). Tests that read only templates use exampleTemplate / exampleStacks.
 */
export function examplePlatform(): { app: App; platform: Platform; config: PlatformConfig } {
  if (!cached) {
    const app = appWithProjectContext();
    const config = exampleConfig();
    cached = { app, platform: buildPlatform(app, config), config };
  }
  return cached;
}

/** A stack as the cloud assembly holds it: its template, and the tags and environment `cdk deploy` gives CloudFormation. */
export interface SynthesizedStack {
  readonly template: { Resources: Record<string, any>; Outputs?: Record<string, any>; [section: string]: unknown };
  readonly tags: Record<string, string>;
  readonly account: string;
  readonly region: string;
}

/**
 * What the synthesized templates are made from: every file of the repository but the tests (constructs, handlers
 * the stacks import, configurations, the Athena jobs' SQL, cdk.json, the CDK version in package-lock.json), this
 * helper's App, and the CDK_* variables. A change to any of them changes the cache key.
 */
const NOT_SYNTH_INPUTS = new Set(['.git', 'node_modules', 'cdk.out', 'coverage', '.test-results', 'test']);
const SYNTH_CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'synthesized-platform');

let inputsHash: string | undefined;

function hashOfSynthInputs(): string {
  if (inputsHash === undefined) {
    const hash = createHash('sha256');
    const add = (relative: string): void => {
      const full = path.join(ROOT, relative);
      if (statSync(full).isDirectory()) {
        for (const name of readdirSync(full).sort()) add(path.join(relative, name));
      } else {
        hash.update(`${relative}\0`).update(readFileSync(full)).update('\0');
      }
    };
    for (const name of readdirSync(ROOT).sort()) if (!NOT_SYNTH_INPUTS.has(name)) add(name);
    add('test/helpers/platform.ts');
    const cdkVariables = Object.entries(process.env).filter(([name]) => name.startsWith('CDK_'));
    hash.update(JSON.stringify(cdkVariables.sort(([a], [b]) => a.localeCompare(b))));
    inputsHash = hash.digest('hex').slice(0, 32);
  }
  return inputsHash;
}

/** The cache entries this file has read or written, as JSON text: each caller gets a copy of its own to parse. */
const synthesizedText = new Map<string, string>();

/**
 * The stacks `buildPlatform` makes of a configuration, by stack name, synthesized once per jest run: the first test
 * file that asks synthesizes them and writes them to a disk cache keyed by the configuration and a hash of every
 * source they are made from (see NOT_SYNTH_INPUTS), and later files, in any worker, read that. Two workers that miss at
 * once both synthesize and each renames a finished file into place, so a reader never sees half of one.
 */
export function synthesizedStacks(config: PlatformConfig): Record<string, SynthesizedStack> {
  const key = `${hashOfSynthInputs()}-${createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 32)}`;
  let text = synthesizedText.get(key) ?? readSynthCache(key);
  if (text === undefined) {
    text = JSON.stringify(synthesize(config));
    writeSynthCache(key, text);
  }
  synthesizedText.set(key, text);
  return JSON.parse(text) as Record<string, SynthesizedStack>;
}

/** The example environment's stacks by name (`example-scheduler`), from synthesizedStacks. */
export function exampleStacks(): Record<string, SynthesizedStack> {
  return synthesizedStacks(exampleConfig());
}

/** The template of one of the example environment's stacks (`example-scheduler`), from synthesizedStacks. */
export function exampleTemplate(stackName: string): Template {
  const stacks = exampleStacks();
  const stack = stacks[stackName];
  if (!stack) throw new Error(`the example environment has no stack ${stackName}; it has ${Object.keys(stacks).join(', ')}`);
  return Template.fromJSON(stack.template);
}

function synthesize(config: PlatformConfig): Record<string, SynthesizedStack> {
  const app = appWithProjectContext();
  buildPlatform(app, config);
  return Object.fromEntries(
    app
      .synth()
      .stacks.map((stack) => [
        stack.stackName,
        { template: stack.template, tags: stack.tags, account: stack.environment.account, region: stack.environment.region },
      ]),
  );
}

function readSynthCache(key: string): string | undefined {
  try {
    const text = readFileSync(path.join(SYNTH_CACHE_DIR, `${key}.json`), 'utf8');
    JSON.parse(text);
    return text;
  } catch {
    // No entry yet, or one that does not parse: synthesize again.
    return undefined;
  }
}

/** Writes an entry, and removes those of other sources (their key starts with another hash). */
function writeSynthCache(key: string, text: string): void {
  mkdirSync(SYNTH_CACHE_DIR, { recursive: true });
  for (const name of readdirSync(SYNTH_CACHE_DIR)) {
    if (name.startsWith(`${hashOfSynthInputs()}-`)) continue;
    try {
      unlinkSync(path.join(SYNTH_CACHE_DIR, name));
    } catch {
      // Removed by another worker meanwhile.
    }
  }
  const temporary = path.join(SYNTH_CACHE_DIR, `${key}.${process.pid}.${randomUUID()}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path.join(SYNTH_CACHE_DIR, `${key}.json`));
}

import { existsSync } from 'node:fs';
import * as path from 'node:path';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'cdk.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

/** The repository root (where cdk.json is), found from this module whether it runs from source or from a CLI bundle. */
export const PROJECT_ROOT = projectRoot(__dirname);

/** The repository's config/ folder. */
export const CONFIG_DIR = path.join(PROJECT_ROOT, 'config');

/**
 * Builds every Lambda handler exactly as the stacks do (same esbuild settings) and prints, per handler,
 * the asset size (code and source map), its gzip size, the largest inputs, and how long a cold Node.js
 * process takes to load it. Budgets: asset under 2 MB, load under 400 ms (median of the runs).
 *
 *   npm run bench              print the figures
 *   npm run bench -- --check   also exit 1 when a handler is over budget
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundlingFor, entryPath, HANDLERS, type HandlerName } from '../lib/lambda-functions/bundling';

const SIZE_BUDGET_BYTES = 2 * 1024 * 1024;
const LOAD_BUDGET_MS = 400;
const RUNS = 7;
const root = path.resolve(__dirname, '..');

interface Figures {
  name: string;
  jsBytes: number;
  mapBytes: number;
  gzipBytes: number;
  loadMedianMs: number;
  loadMaxMs: number;
  processMedianMs: number;
  largest: string[];
}

async function measure(name: HandlerName, outDir: string): Promise<Figures> {
  const outfile = path.join(outDir, name, 'index.js');
  const bundling = bundlingFor(name);
  const result = await build({
    entryPoints: [entryPath(name)],
    outfile,
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: 'cjs',
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: bundling.mainFields,
    // Where the runtime's SDK is used, it is loaded from node_modules here, as from the runtime there.
    external: bundling.bundleAwsSDK ? [] : ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  const js = readFileSync(outfile);
  const mapBytes = existsSync(`${outfile}.map`) ? statSync(`${outfile}.map`).size : 0;
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = match ? match[1] : 'project code';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const largest = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`);

  const loads: number[] = [];
  const processes: number[] = [];
  const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['-e', probe], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'ap-northeast-2', POWERTOOLS_SERVICE_NAME: 'bench', POWERTOOLS_METRICS_NAMESPACE: 'Bench' },
    });
    processes.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (run.status !== 0) throw new Error(`${name}: loading the bundle failed:\n${run.stderr}`);
    loads.push(Number(run.stdout));
  }
  return {
    name,
    jsBytes: js.length,
    mapBytes,
    gzipBytes: gzipSync(js).length,
    loadMedianMs: median(loads),
    loadMaxMs: Math.max(...loads),
    processMedianMs: median(processes),
    largest,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const handlers = Object.keys(HANDLERS) as HandlerName[];
  // Inside node_modules, so bundles that use the runtime's SDK resolve it the way the runtime would.
  const outDir = mkdtempSync(path.join(root, 'node_modules', '.bench-handlers-'));
  let over = 0;
  try {
    console.log(`node ${process.version}, ${RUNS} cold loads per handler (require() time inside a fresh process)\n`);
    for (const name of handlers) {
      const f = await measure(name, outDir);
      const asset = f.jsBytes + f.mapBytes;
      const ok = asset < SIZE_BUDGET_BYTES && f.loadMedianMs < LOAD_BUDGET_MS;
      if (!ok) over++;
      console.log(`${ok ? 'ok  ' : 'OVER'} ${name}${HANDLERS[name].bundleAwsSdk ? '' : ' (AWS SDK from the runtime)'}`);
      console.log(`     asset ${kb(asset)} (code ${kb(f.jsBytes)}, gzip ${kb(f.gzipBytes)}; source map ${kb(f.mapBytes)}), budget ${kb(SIZE_BUDGET_BYTES)}`);
      console.log(
        `     load median ${f.loadMedianMs.toFixed(1)} ms, max ${f.loadMaxMs.toFixed(1)} ms (whole process median ${f.processMedianMs.toFixed(0)} ms), budget ${LOAD_BUDGET_MS} ms`,
      );
      console.log(`     largest inputs: ${f.largest.join(', ')}`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  if (check && over > 0) {
    console.error(`\n${over} handler(s) over budget`);
    process.exit(1);
  }
}

void main();

#!/usr/bin/env node
/**
 * Runs a command-line tool from bin/ (`node scripts/cli.js sync ...`), bundled with esbuild on first use and
 * whenever a file it was built from changed. Start-up matters for short incremental syncs run every few minutes:
 * compiling TypeScript on the fly takes ~0.3 s, the bundle ~0.13 s, and the bundle with V8's code cache (kept
 * beside it, written after the first run that succeeds) ~0.05 s. Source maps cost another 20 ms; for stack
 * traces that point into the TypeScript, run `node --enable-source-maps scripts/cli.js ...`.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const vm = require('node:vm');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [name, ...args] = process.argv.slice(2);
const entry = path.join(root, 'bin', `${name}.ts`);
if (!name || !/^[a-z-]+$/.test(name) || !fs.existsSync(entry)) {
  process.stderr.write(`usage: node scripts/cli.js <${fs.readdirSync(path.join(root, 'bin')).filter((f) => f.endsWith('.ts') && f !== 'app.ts').map((f) => f.slice(0, -3)).join('|')}> [arguments]\n`);
  process.exit(2);
}
const bundle = path.join(root, 'node_modules', '.cache', 'platform-cli', `${name}.js`);
const codeCache = `${bundle}.v8-${process.version}`;

const inputsFile = `${bundle}.inputs.json`;

/**
 * The bundle is rebuilt when any file it was built from, this script, the lock file or tsconfig.json is newer than
 * it (or gone): the build records its project inputs (about 30 files for sync), so the check stats those instead of
 * walking every source directory (3 ms of every start).
 */
function isStale() {
  let built;
  let inputs;
  try {
    built = fs.statSync(bundle).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return true;
  }
  for (const file of [__filename, `${root}/package-lock.json`, `${root}/tsconfig.json`, ...inputs.map((input) => `${root}/${input}`)]) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > built) return true;
  }
  return false;
}

const stale = isStale();

/**
 * The text of a module whose exports are made by `make` (JavaScript source of an expression) on first use: a proxy
 * that builds them when any property is first read, listed or tested.
 */
function lazyModule(make) {
  return (
    `let made;\nconst get = () => (made ??= ${make});\n` +
    'module.exports = new Proxy({}, { get: (_, key) => get()[key], has: (_, key) => key in get(), ownKeys: () => Reflect.ownKeys(get()), ' +
    'getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(get(), key) });\n'
  );
}

/**
 * mysql2's table of 2,000 server error names is built when mysql2 loads (5 ms of every start) and read only when
 * the server reports an error: in the bundle it is built on first use. The file assigns `exports.NAME = code` and
 * `exports[code] = 'NAME'` and nothing else, so its text runs unchanged inside a function.
 */
const lazyMysqlErrorTable = {
  name: 'lazy-mysql2-error-table',
  setup(build) {
    build.onLoad({ filter: /[\\/]mysql2[\\/]lib[\\/]constants[\\/]errors\.js$/ }, (args) => ({
      loader: 'js',
      contents: lazyModule(`(function (exports) {\n${fs.readFileSync(args.path, 'utf8')}\nreturn exports;\n})({})`),
    }));
  },
};

/**
 * `tls` and `dns` are required at load by mysql2 and pg but used only for TLS connections and pgpass lookups:
 * in the bundle each is a stand-in that loads the real module on first use (1.5 ms of every start).
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(tls|dns)$/ }, (args) =>
      // The stand-in's own require is of the real module.
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      loader: 'js',
      contents: lazyModule(`require(${JSON.stringify(`node:${args.path}`)})`),
    }));
  },
};

async function buildBundle() {
  const { metafile } = await require('esbuild').build({
    absWorkingDir: root,
    metafile: true,
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    charset: 'ascii',
    sourcemap: true,
    // CDK stays outside: the tools use only its pure helpers' neighbours, never the construct library.
    external: ['aws-cdk-lib', 'constructs', 'cdk-nag', 'esbuild'],
    // pg probes for Cloudflare Workers at load: without a global `navigator` (Node < 21) it builds a fetch
    // Response, which loads undici, 30 ms of every start. Node 21+ defines navigator.userAgent; so does this.
    define: { navigator: JSON.stringify({ userAgent: `Node.js/${process.versions.node.split('.')[0]}` }) },
    plugins: [lazyMysqlErrorTable, lazyBuiltins],
    logLevel: 'warning',
  });
  // Project files only: dependencies change through the lock file; esbuild also lists virtual inputs (<define:...>).
  const projectFiles = Object.keys(metafile.inputs).filter((input) => !input.startsWith('node_modules/') && fs.existsSync(path.join(root, input)));
  fs.writeFileSync(inputsFile, JSON.stringify(projectFiles));
  fs.rmSync(codeCache, { force: true });
}

/** Loads the bundle as CommonJS through vm.Script, so V8 can reuse the code it compiled on an earlier run. */
function loadBundle() {
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  // The bundle is ASCII (charset: 'ascii' above), so reading it as latin1 gives the same text without the
  // UTF-8 decoder: 4 ms less on every start.
  const source = fs.readFileSync(bundle, 'latin1').replace(/^#!.*/, '');
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  // Written after a successful run, so the cache holds the functions a real run compiles, not only the top level
  // (a first run that stops at a usage error would leave most of the tool to be compiled on every later start).
  const saveCache = cachedData === undefined || script.cachedDataRejected ? () => fs.writeFileSync(codeCache, script.createCachedData()) : () => undefined;
  return { main: module.exports.main, saveCache };
}

(stale ? buildBundle() : Promise.resolve())
  .then(async () => {
    const tool = loadBundle();
    const code = await tool.main(args);
    try {
      if (code === 0) tool.saveCache();
    } catch {
      // A read-only checkout only runs a little slower.
    }
    return code;
  })
  .then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );

#!/usr/bin/env node
// Bundles the engine for Node: the CLI (which also hosts the headless server) and the worker
// entries it starts. The CLI is one CommonJS file that bin/quantdesk.cjs compiles through V8's
// code cache: a command's modules are evaluated only when it runs, and a cached start skips both
// the parse of the whole file and the ESM loader (resolving and compiling ~20 chunks). The
// workers are ES modules with code splitting. Dependencies stay in node_modules (native addons
// cannot be bundled anyway), but for zod, and for better-sqlite3's JavaScript in the CLI.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Dependencies stay in node_modules, but those named here (and their own files) are bundled. */
function externalDependenciesBut(...bundled) {
  const inside = (p) => bundled.some((b) => p === b || p.startsWith(`${b}/`));
  return {
    name: 'external-dependencies-but',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (inside(args.path) ? undefined : { path: args.path, external: true }));
    },
  };
}

/** What both bundles share. */
const common = {
  absWorkingDir: root,
  metafile: true,
  outdir: 'out/engine',
  bundle: true,
  platform: 'node',
  target: 'node20',
  // zod as ~60 ESM files cost a short CLI run ~70 ms of module resolution and compilation;
  // bundled, it is parsed lazily with the rest.
  plugins: [externalDependenciesBut('zod')],
  sourcemap: 'linked',
  logLevel: 'warning',
};

export async function buildEngine({ quiet = false } = {}) {
  const t0 = performance.now();
  const cli = build({
    ...common,
    entryPoints: { cli: 'engine/cli/run.ts' },
    // better-sqlite3's JavaScript too (its addon is loaded by path, engine/store/sqlite.ts): as 13
    // files for Node's loader it was ~8 ms of every command; bundled, it is in the code cache.
    plugins: [externalDependenciesBut('zod', 'better-sqlite3')],
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // import() of a dependency (ccxt, esbuild) becomes require(): Node 20 loses a vm.Script's
    // dynamic-import callback when the script comes from a code cache.
    supported: { 'dynamic-import': false },
    // The engine finds its workers, the renderer and the sample data from its module URL.
    define: { 'import.meta.url': '__qdModuleUrl' },
    banner: { js: "const __qdModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const workers = build({
    ...common,
    entryPoints: {
      'engine-worker': 'engine/host/engine-worker.ts',
      'pool-worker': 'engine/host/pool-worker.ts',
      'sandbox-worker': 'engine/backtest-runner/sandbox-worker.ts',
      'live-sandbox-worker': 'engine/backtest-runner/live-sandbox-worker.ts',
      'csv-rows-worker': 'engine/data/csv/rows-worker.ts',
    },
    splitting: true,
    format: 'esm',
    chunkNames: '[name]-[hash]',
    // esm output has no require(); some CJS-only paths in dependencies still need one.
    banner: { js: "import { createRequire as __qdCreateRequire } from 'node:module'; const require = __qdCreateRequire(import.meta.url);" },
  });
  const results = await Promise.all([cli, workers]);
  asciiOnly(join(root, 'out', 'engine', 'cli.cjs'));
  // The sources this build read, for bin/quantdesk.cjs to tell a stale build from a fresh one by
  // stat-ing them (a walk of the source folders cost every CLI start ~10 ms).
  const inputs = new Set(results.flatMap((r) => Object.keys(r.metafile.inputs)));
  const sources = [...inputs].filter((f) => !f.startsWith('node_modules/')).sort();
  writeFileSync(join(root, 'out', 'engine', 'sources.json'), JSON.stringify(sources) + '\n');
  pruneStale(new Set(results.flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => f.slice('out/engine/'.length))));
  // Code caches of the last CLI bundle (bin/quantdesk.cjs names them by its size and time, so none would be used again).
  rmSync(join(root, 'out', 'engine', 'code-cache'), { recursive: true, force: true });
  if (!quiet) console.log(`engine built in ${Math.round(performance.now() - t0)} ms → out/engine`);
}

/**
 * Escapes the non-ASCII characters esbuild leaves in comments (a few dozen dashes and ellipses):
 * one of them makes Node decode the whole 2 MB bundle as UTF-8 into a two-byte string, ~12 ms of
 * every CLI start instead of ~4. `\uXXXX` means the same character anywhere esbuild could have
 * left one (a comment, a string, a regular expression).
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

/** A day: a server started from an older build may still import one of its chunks lazily until then. */
const STALE_AFTER_MS = 24 * 3600 * 1000;

/**
 * Removes chunks (and their maps) of earlier builds: each build names its chunks by content hash,
 * so without this `out/engine` only grows (6,797 files after a day and a half of work here).
 */
function pruneStale(current) {
  const dir = join(root, 'out', 'engine');
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const f of readdirSync(dir)) {
    if (current.has(f) || f === 'sources.json' || !/\.js(\.map)?$/.test(f)) continue;
    const p = join(dir, f);
    if (statSync(p).mtimeMs < cutoff) rmSync(p, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildEngine();
}

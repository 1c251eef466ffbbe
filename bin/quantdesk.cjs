#!/usr/bin/env node
'use strict';
// The package's bin. Runs the bundled CLI (out/engine/cli.cjs), (re)building it first when the
// checkout has no build yet or its sources are newer than the build.
//
// CommonJS, and the bundle compiled through V8's code cache: an ES module entry sets up Node's
// ESM loader, and compiling ~2 MB of bundle (or resolving and compiling ~20 ESM chunks) cost a
// short CLI run 20–30 ms, more than the command's own start-up. Node 22 has
// `module.enableCompileCache`; Node 20 has only `vm.Script`'s `cachedData`.
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

const root = dirname(__dirname);
const outDir = `${root}/out/engine`;
const cli = `${outDir}/cli.cjs`;

/**
 * Whether a source the last build read changed after `builtAt` (or is gone, or the list is
 * missing). A file the build did not read matters only once an edited one imports it. Paths are
 * joined by hand: `path.join` on 300 paths was half of this check's time.
 */
function sourcesChangedSince(builtAt) {
  let sources;
  try {
    sources = JSON.parse(readFileSync(`${outDir}/sources.json`, 'utf8'));
  } catch {
    return true;
  }
  for (const f of sources) {
    const m = statSync(`${root}/${f}`, { throwIfNoEntry: false })?.mtimeMs;
    if (m === undefined || m > builtAt) return true;
  }
  return false;
}

/**
 * The code cache file for this bundle and command. V8 checks a cache against the source's length
 * only, so the name carries the bundle's size and time; and one file per command, because a cache
 * holds the functions compiled by the run that wrote it (the first `--version` would otherwise
 * leave every later backtest a cache without the engine in it).
 */
function codeCacheFile(bundle, argv) {
  const words = argv.slice(0, 2).filter((w) => /^[a-z]+$/.test(w));
  const command = words.length ? words.join('-') : 'none';
  return `${outDir}/code-cache/${command}-${bundle.size}-${Math.floor(bundle.mtimeMs)}-${process.version}-${process.arch}.bin`;
}

/** Runs the bundle as Node's CommonJS loader would, with its compiled code from `cacheFile` when that holds any; saves it at exit when not. */
function runBundle(file, cacheFile) {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', (code) => {
      // Only a command that ran (not a typo or a usage error) is worth a cache file. Best effort:
      // an install the user cannot write to runs without one.
      if (code !== 0) return;
      try {
        mkdirSync(`${outDir}/code-cache`, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // not writable: run without a cache
      }
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dirname(file));
}

// An installed package ships only the build; a checkout has sources to compare against.
const hasSources = existsSync(`${root}/engine/cli/main.ts`);
if (!existsSync(cli) || (hasSources && sourcesChangedSince(statSync(cli).mtimeMs))) {
  const r = spawnSync(process.execPath, [`${root}/scripts/build-engine.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('quantdesk: building the engine failed (see above); run `npm run build` for details');
    process.exit(1);
  }
}
runBundle(cli, codeCacheFile(statSync(cli), process.argv.slice(2)));

#!/usr/bin/env node
// The package's bin. Runs the bundled CLI (out/engine/cli.js), (re)building it first when the
// checkout has no build yet or its sources are newer than the build.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'engine', 'cli.js');

/**
 * Whether a source the last build read changed after `builtAt` (or is gone, or the list is
 * missing). A file the build did not read matters only once an edited one imports it.
 */
function sourcesChangedSince(builtAt) {
  let sources;
  try {
    sources = JSON.parse(readFileSync(join(root, 'out', 'engine', 'sources.json'), 'utf8'));
  } catch {
    return true;
  }
  for (const f of sources) {
    const m = statSync(join(root, f), { throwIfNoEntry: false })?.mtimeMs;
    if (m === undefined || m > builtAt) return true;
  }
  return false;
}

// An installed package ships only the build; a checkout has sources to compare against.
const hasSources = existsSync(join(root, 'engine', 'cli', 'main.ts'));
const stale = !existsSync(cli) || (hasSources && sourcesChangedSince(statSync(cli).mtimeMs));
if (stale) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('quantdesk: building the engine failed (see above); run `npm run build` for details');
    process.exit(1);
  }
}
await import(pathToFileURL(cli).href);

#!/usr/bin/env node
// The package's bin. Runs the bundled CLI (out/engine/cli.js), (re)building it first when the
// checkout has no build yet or its sources are newer than the build.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime } from '../scripts/newest-mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'engine', 'cli.js');

const newestSource = (dir) => newestMtime(dir, (name) => name.endsWith('.ts'));

// An installed package ships only the build; a checkout has sources to compare against.
const hasSources = existsSync(join(root, 'engine', 'cli', 'main.ts'));
const stale = !existsSync(cli) || (hasSources && Math.max(newestSource(join(root, 'engine')), newestSource(join(root, 'shared'))) > statSync(cli).mtimeMs);
if (stale) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('quantdesk: building the engine failed (see above); run `npm run build` for details');
    process.exit(1);
  }
}
await import(pathToFileURL(cli).href);

#!/usr/bin/env node
// The package's bin. Runs the bundled CLI (out/engine/cli.js), building it first when a fresh
// checkout has not been built yet.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'engine', 'cli.js');
if (!existsSync(cli)) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('quantdesk: building the engine failed (see above); run `npm run build` for details');
    process.exit(1);
  }
}
await import(pathToFileURL(cli).href);

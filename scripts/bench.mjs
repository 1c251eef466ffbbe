#!/usr/bin/env node
// Bundles each bench/*.bench.ts with esbuild and runs it in its own Node process, so one
// benchmark's JIT state and heap do not colour another's figures.
import { build } from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostControl } from './host-control.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const outDir = join(root, '.tmp', 'bench');
mkdirSync(outDir, { recursive: true });
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}
let failed = 0;
hostControl('before');
for (const file of files) {
  const outfile = join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(root, 'bench', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Linked, as the engine's own build ships (build-engine.mjs). An inline map made the bundle a
    // 1.1 MB data URL longer, and the event loop's figures worse: more major-GC marking on the
    // second core, and runs 2–4 of 8 slower by 10–30 ms (a 1.1 MB comment that is not a source map
    // did not do that). Node reads neither kind without --enable-source-maps.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`${file} exited with ${r.status}`);
    failed++;
  }
}
hostControl('after');
process.exit(failed ? 1 : 0);

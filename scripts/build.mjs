#!/usr/bin/env node
// `npm run build`: the engine bundles (out/engine: CLI, server, workers) and the desktop app
// (electron-vite: out/main with its own worker entries, out/preload, out/renderer — the renderer
// `quantdesk serve` also serves).
//
//   node scripts/build.mjs                   engine + electron-vite build
//   node scripts/build.mjs --if-stale        the same, only when out/ is missing or older than the sources
//   node scripts/build.mjs --electron-native better-sqlite3 for Electron's ABI in out/native (needs network once)
//   node scripts/build.mjs --package         installers with electron-builder, then restores the Node build
//
// Native modules: node_modules/better-sqlite3 stays built for Node (the CLI, the server and the
// tests use it). The desktop app gets its own copy: in development a separate build in
// out/native/electron-<version>/ (electron/main points better-sqlite3 at it), in installers the
// copy electron-builder rebuilds — after which --package rebuilds the Node one. See docs/desktop.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngine } from './build-engine.mjs';
import { newestMtime } from './newest-mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal})`);
}

/** Is the desktop/renderer build missing or older than its sources? */
export function appBuildIsStale() {
  const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((f) => join(root, f));
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(...['electron', 'renderer', 'engine', 'shared'].map((d) => newestMtime(join(root, d))), statSync(join(root, 'electron.vite.config.ts')).mtimeMs);
  return sources > built;
}

export async function buildApp() {
  await buildEngine();
  run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** Where the Electron-ABI better-sqlite3 of this Electron version lives (electron/main/native-modules.ts reads the same path). */
export function electronNativeDir(version = electronVersion()) {
  return join(root, 'out', 'native', `electron-${version}`);
}

/**
 * Builds better-sqlite3 for Electron in a staging copy (.tmp/electron-native) with @electron/rebuild
 * (a prebuilt binary when one exists, else node-gyp against Electron's headers) and keeps only the
 * .node file. node_modules/better-sqlite3 is never touched.
 */
export async function buildElectronNative() {
  const version = electronVersion();
  const target = join(electronNativeDir(version), 'better_sqlite3.node');
  if (existsSync(target)) return target;
  const stage = join(root, '.tmp', 'electron-native');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'node_modules'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'quantdesk-electron-native', private: true, dependencies: { 'better-sqlite3': pkg.version } }));
  for (const dep of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
    cpSync(join(root, 'node_modules', dep), join(stage, 'node_modules', dep), { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  }
  const { rebuild } = await import('@electron/rebuild');
  console.log(`building better-sqlite3 ${pkg.version} for Electron ${version}…`);
  await rebuild({ buildPath: stage, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(stage, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target);
  rmSync(stage, { recursive: true, force: true });
  console.log(`→ ${target}`);
  return target;
}

/**
 * Installers for this platform. electron-builder rebuilds native modules for Electron inside
 * node_modules, so the Node build is restored afterwards, whatever happened.
 */
export async function packageApp(extraArgs = []) {
  await buildApp();
  try {
    run(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.yml', ...extraArgs]);
  } finally {
    run('npm', ['rebuild', 'better-sqlite3'], { shell: process.platform === 'win32' });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  try {
    if (args[0] === '--electron-native') await buildElectronNative();
    else if (args[0] === '--if-stale') {
      if (appBuildIsStale()) await buildApp();
    }
    else if (args[0] === '--package') await packageApp(args.slice(1));
    else await buildApp();
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}

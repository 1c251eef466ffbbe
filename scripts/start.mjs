#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed; otherwise (an offline
// install with ELECTRON_SKIP_BINARY_DOWNLOAD=1, a server, CI) the same app in the browser via
// `quantdesk serve`. Builds first when the build is missing or older than the sources.
// Arguments after `--` go to `quantdesk serve` (e.g. `npm start -- --port 8080`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appBuildIsStale, buildApp, buildElectronNative } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable, or null when the npm package is there without its binary. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function ensureBuilt() {
  if (appBuildIsStale()) await buildApp();
}

function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

async function startDesktop(electron) {
  await ensureBuilt();
  try {
    await buildElectronNative();
  } catch (e) {
    console.error(`quantdesk: cannot build better-sqlite3 for Electron (${e.message}); see docs/desktop.md, or run \`npm run serve\` for the browser app.`);
    process.exit(1);
  }
  forwardSignals(spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' }));
}

/** Opens a URL in the user's browser when this machine has a way to; silently does nothing otherwise. */
function openInBrowser(url) {
  const opener = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  if (process.platform === 'linux' && spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status !== 0) return;
  const child = spawn(opener[0], opener[1], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

async function startBrowser() {
  console.log('quantdesk: the Electron binary is not installed (offline install), so Quantdesk starts in your browser instead.');
  await ensureBuilt();
  const child = spawn(process.execPath, [join(root, 'bin', 'quantdesk.cjs'), 'serve', ...args], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const m = !opened && /Open (http:\/\/\S+)/.exec(chunk.toString());
    if (m) {
      opened = true;
      openInBrowser(m[1]);
    }
  });
  forwardSignals(child);
}

const electron = electronBinary();
await (electron ? startDesktop(electron) : startBrowser());

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * `quantdesk serve` serves out/renderer: build it when it is missing or older than the renderer
 * or shared sources, so `npm test` works from a clean clone.
 */
export function ensureRendererBuilt(): void {
  const index = join('out', 'renderer', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newest('renderer'), newest('shared'))) return;
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
}

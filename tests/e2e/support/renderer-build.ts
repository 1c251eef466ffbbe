import { execFileSync } from 'node:child_process';

/**
 * `quantdesk serve` serves out/renderer: build the app when it is missing or older than its
 * sources, so the e2e tests work from a clean clone (`npm test` has built it already).
 */
export function ensureRendererBuilt(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
}

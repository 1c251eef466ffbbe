// Builds the engine bundles (workers, CLI, server) once before integration and e2e tests:
// the host starts real worker threads from the built files, exactly as the shipped app does.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.QUANTDESK_SKIP_BUILD === '1' || !existsSync('scripts/build-engine.mjs')) return;
  execFileSync(process.execPath, ['scripts/build-engine.mjs'], { stdio: 'inherit' });
}

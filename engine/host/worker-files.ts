import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type WorkerEntry = 'engine-worker' | 'pool-worker' | 'sandbox-worker' | 'live-sandbox-worker' | 'csv-rows-worker';

function packageRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'quantdesk') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The built file of a worker entry. Bundles put worker entries beside the code that starts them
 * (out/engine for the CLI and server, out/main for Electron); code running from source (tests)
 * falls back to the engine build in out/engine.
 */
export function workerFile(entry: WorkerEntry, moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const sibling = join(here, `${entry}.js`);
  if (existsSync(sibling)) return sibling;
  const root = packageRoot(here);
  const built = root ? join(root, 'out', 'engine', `${entry}.js`) : null;
  if (built && existsSync(built)) return built;
  throw new Error(`worker bundle ${entry}.js not found next to ${here} or in out/engine: run \`npm run build\` first`);
}

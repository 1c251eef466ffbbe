// The newest modification time under a folder: how the build scripts and the bin tell a stale
// build from a fresh one without a build tool's cache.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function newestMtime(dir, keep = () => true) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, keep));
    else if (keep(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

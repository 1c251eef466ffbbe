import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The variable engine/store reads to load better-sqlite3 from an explicit file (`nativeBinding`). */
export const SQLITE_BINDING_ENV = 'QUANTDESK_SQLITE_BINDING';

/**
 * In development node_modules/better-sqlite3 is built for Node (tests, CLI), so the desktop app
 * loads its Electron-ABI copy from out/native/electron-<version>/ (`node scripts/build.mjs
 * --electron-native`). Packaged apps carry a module electron-builder rebuilt: nothing to do.
 * Returns the binding chosen, if any; workers inherit it through the environment.
 */
export function useElectronNativeBuild(outDir: string, electronVersion: string, isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): string | null {
  if (isPackaged || env[SQLITE_BINDING_ENV]) return env[SQLITE_BINDING_ENV] ?? null;
  const file = join(outDir, 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
  if (!existsSync(file)) return null;
  env[SQLITE_BINDING_ENV] = file;
  return file;
}

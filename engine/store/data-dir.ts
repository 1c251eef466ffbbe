import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The folder name Electron derives from the app's productName: the desktop app must keep it `Quantdesk`. */
export const APP_DIR_NAME = 'Quantdesk';
export const DATA_DIR_ENV = 'QUANTDESK_DATA_DIR';

/**
 * The desktop app's user-data folder (what Electron's `app.getPath('userData')` returns for an app
 * named Quantdesk), computed without Electron so the CLI and the server find the same folder.
 * Pure: pass env, platform and home to compute it for any platform.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  // Linux and the other unixes: XDG, which says a relative XDG_CONFIG_HOME is to be ignored.
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const config = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(config, APP_DIR_NAME);
}

/** `--data-dir` > `QUANTDESK_DATA_DIR` > the default; returns an absolute path and creates the folder. */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = nonEmpty(explicit) ?? nonEmpty(env[DATA_DIR_ENV]) ?? defaultDataDir(env);
  const dir = path.resolve(chosen);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

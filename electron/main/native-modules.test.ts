import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_BINDING_ENV, useElectronNativeBuild } from './native-modules';

const out = mkdtempSync(join(tmpdir(), 'qd-native-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('useElectronNativeBuild', () => {
  it('points better-sqlite3 at the Electron build of this version in development', () => {
    const file = join(out, 'native', 'electron-38.8.6', 'better_sqlite3.node');
    mkdirSync(join(out, 'native', 'electron-38.8.6'), { recursive: true });
    writeFileSync(file, '');
    const env: NodeJS.ProcessEnv = {};
    expect(useElectronNativeBuild(out, '38.8.6', false, env)).toBe(file);
    expect(env[SQLITE_BINDING_ENV]).toBe(file);
  });

  it('leaves packaged apps, explicit choices and missing builds alone', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(useElectronNativeBuild(out, '38.8.6', true, env)).toBeNull();
    expect(useElectronNativeBuild(out, '99.0.0', false, env)).toBeNull();
    expect(env).toEqual({});
    const chosen = { [SQLITE_BINDING_ENV]: '/x/better_sqlite3.node' };
    expect(useElectronNativeBuild(out, '38.8.6', false, chosen)).toBe('/x/better_sqlite3.node');
  });
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir';

describe('defaultDataDir: where Electron puts the user data of an app named Quantdesk', () => {
  it('Linux: XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann')).toBe('/xdg/Quantdesk');
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.config/Quantdesk');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux', '/home/ann')).toBe('/home/ann/.config/Quantdesk');
    // XDG says a relative value is to be ignored.
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'rel/dir' }, 'linux', '/home/ann')).toBe('/home/ann/.config/Quantdesk');
    expect(defaultDataDir({}, 'freebsd', '/home/ann')).toBe('/home/ann/.config/Quantdesk');
  });

  it('macOS: ~/Library/Application Support', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/Quantdesk');
  });

  it('Windows: %APPDATA%, else the profile\'s AppData\\Roaming', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\Quantdesk');
    expect(defaultDataDir({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\Quantdesk');
  });
});

describe('resolveDataDir', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tmp = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'qd-datadir-'));
    dirs.push(d);
    return d;
  };

  it('--data-dir wins over QUANTDESK_DATA_DIR, which wins over the default; the folder is created', () => {
    const root = tmp();
    const explicit = resolveDataDir(path.join(root, 'a', 'b'), { QUANTDESK_DATA_DIR: path.join(root, 'env') });
    expect(explicit).toBe(path.join(root, 'a', 'b'));
    expect(statSync(explicit).isDirectory()).toBe(true);
    expect(resolveDataDir(undefined, { QUANTDESK_DATA_DIR: path.join(root, 'env') })).toBe(path.join(root, 'env'));
    expect(resolveDataDir('', { QUANTDESK_DATA_DIR: path.join(root, 'env') })).toBe(path.join(root, 'env'));
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: path.join(root, 'xdg'), HOME: root })).toBe(
      process.platform === 'linux' ? path.join(root, 'xdg', 'Quantdesk') : defaultDataDir({ XDG_CONFIG_HOME: path.join(root, 'xdg') }),
    );
  });

  it('makes a relative path absolute', () => {
    const root = tmp();
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(resolveDataDir('rel')).toBe(path.join(root, 'rel'));
    } finally {
      process.chdir(cwd);
    }
  });
});

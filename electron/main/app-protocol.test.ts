import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeType, resolveAppFile } from './app-protocol';

const root = resolve('/srv/app/out/renderer');

describe('resolveAppFile', () => {
  it('maps app://quantdesk paths into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://quantdesk/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://quantdesk/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('serves index.html for app routes', () => {
    expect(resolveAppFile(root, 'app://quantdesk/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://quantdesk/chart')).toBe(join(root, 'index.html'));
  });

  it('refuses other hosts, other schemes and paths that climb out', () => {
    expect(resolveAppFile(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
    // The URL parser folds %2e%2e segments away: what is left is an app route inside the folder.
    expect(resolveAppFile(root, 'app://quantdesk/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'index.html'));
    // Encoded slashes decode to a rooted path that normalises inside the folder, never above it.
    expect(resolveAppFile(root, 'app://quantdesk/..%2f..%2fmain%2findex.js')).toBe(join(root, 'main', 'index.js'));
    expect(resolveAppFile(root, 'app://quantdesk/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://quantdesk/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'not a url')).toBeNull();
  });

  it('names content types', () => {
    expect(mimeType('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('a.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeType('a.bin')).toBe('application/octet-stream');
  });
});

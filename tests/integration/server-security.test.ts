import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHost, type Host } from '../../engine/host';
import { startServer, type RunningServer } from '../../engine/server/server';
import { makeTempDir } from '../support/test-engine';

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('headless server: token, Origin, CSP, static files', () => {
  const temp = makeTempDir();
  const rendererDir = join(temp.dir, 'renderer');
  let host: Host;
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>q</title>');
    writeFileSync(join(rendererDir, 'assets', 'index-AbCdEf12.js'), 'console.log(1)');
    writeFileSync(join(temp.dir, 'secret.txt'), 'do not serve');
    host = await startHost({ dataDir: join(temp.dir, 'data'), shell: 'test', engine: 'inline', poolThreads: 0, sampleDir: null });
    server = await startServer({ host, port: 0, rendererDir });
  });
  afterAll(async () => {
    await server?.close();
    await host?.close();
    temp.cleanup();
  });

  it('binds loopback and prints a URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
    expect(server.openUrl).toBe(`${server.url}?token=${server.token}`);
  });

  it('refuses the page without the token, and with a wrong one', async () => {
    expect((await fetch(server.url)).status).toBe(401);
    expect((await fetch(`${server.url}?token=wrong`)).status).toBe(401);
    expect((await fetch(`${server.url}assets/index-AbCdEf12.js`)).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite cookie and serves the page with a strict CSP', async () => {
    const first = await fetch(server.openUrl, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(server.url, { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const asset = await fetch(`${server.url}assets/index-AbCdEf12.js`, { headers: { cookie: cookie.split(';')[0] } });
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('serves nothing outside the renderer folder', async () => {
    const auth = { headers: { cookie: `qd_session=${server.token}` } };
    for (const p of ['../secret.txt', '..%2fsecret.txt', '%2e%2e/secret.txt', 'assets/../../secret.txt']) {
      const res = await fetch(`${server.url}${p}`, auth);
      expect(await res.text()).not.toContain('do not serve');
    }
  });

  it('accepts the WebSocket only with the token and from our own origin', async () => {
    const ws = `ws://127.0.0.1:${server.port}/ws`;
    expect(await upgradeStatus(ws)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=nope`)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${server.token}`, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${server.token}`, { Origin: `http://localhost:${server.port}` })).toBe(101);
    expect(await upgradeStatus(ws, { Origin: `http://127.0.0.1:${server.port}`, Cookie: `qd_session=${server.token}` })).toBe(101);
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/other?token=${server.token}`)).toBe(404);
  });
});

import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureRendererBuilt } from './support/renderer-build';

// The built desktop main bundle (out/main/index.js) with only Electron's API faked: the real
// engine host starts its worker from out/main/engine-worker.js (built beside the bundle by
// electron-vite), imports the samples into a fresh data folder, and answers contract messages
// that arrive over the IPC bridge. This is as far as the desktop app can be run without the
// Electron binary.

const h = vi.hoisted(() => {
  const { EventEmitter } = require('node:events') as typeof import('node:events');
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    ready: null as null | (() => void),
    setName: () => {},
    enableSandbox: () => {},
    requestSingleInstanceLock: () => true,
    whenReady: () => new Promise<void>((resolve) => (app.ready = resolve)),
    quit: () => app.emit('quit'),
    exit: (code: number) => app.emit('exit', code),
  });
  const windows: { loaded: string[] }[] = [];
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => windows;
    static fromWebContents = () => null;
    loaded: string[] = [];
    webContents = new EventEmitter();
    constructor(readonly options: unknown) {
      super();
      windows.push(this);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    show() {}
  }
  const ipc = new Map<string, (...a: unknown[]) => unknown>();
  const protocols = new Map<string, (req: Request) => Promise<Response>>();
  const errors: string[] = [];
  return { app, windows, BrowserWindow, ipc, protocols, errors };
});

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.BrowserWindow,
  dialog: { showErrorBox: (title: string, body: string) => h.errors.push(`${title}: ${body}`), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
  ipcMain: { on: (ch: string, l: (...a: unknown[]) => unknown) => h.ipc.set(ch, l), handle: (ch: string, l: (...a: unknown[]) => unknown) => h.ipc.set(`handle:${ch}`, l), removeAllListeners: () => {} },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: (s: string, fn: (req: Request) => Promise<Response>) => h.protocols.set(s, fn) },
  session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, webRequest: { onHeadersReceived: () => {} } } },
  shell: { openExternal: () => {} },
}));

/** A renderer as the bridge sees it: its frame URL and the replies the main process sends it. */
function fakeRenderer() {
  const received: unknown[] = [];
  const waiters: (() => void)[] = [];
  const sender = Object.assign(new EventEmitter(), {
    id: 1,
    isDestroyed: () => false,
    send: (_channel: string, m: unknown) => {
      received.push(m);
      waiters.splice(0).forEach((w) => w());
    },
  });
  const request = async (id: number, method: string, input: unknown) => {
    h.ipc.get('quantdesk:to-engine')!({ sender, senderFrame: { url: 'app://quantdesk/index.html', parent: null } }, { id, method, input });
    for (;;) {
      const reply = received.find((m) => (m as { id?: number }).id === id);
      if (reply) return reply as { ok: boolean; value?: unknown; error?: unknown };
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { request };
}

describe('the desktop main process (built bundle, Electron API faked)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quantdesk-desktop-'));
  const savedEnv = process.env.QUANTDESK_DATA_DIR;

  beforeAll(async () => {
    ensureRendererBuilt();
    process.env.QUANTDESK_DATA_DIR = dataDir;
    await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'out', 'main', 'index.js')).href);
    h.app.ready!();
    await vi.waitFor(() => expect(h.windows.length + h.errors.length).toBeGreaterThan(0), { timeout: 60_000, interval: 50 });
    expect(h.errors).toEqual([]);
  });

  afterAll(async () => {
    const quit = new Promise<void>((resolve) => h.app.once('quit', () => resolve()));
    h.app.emit('before-quit', { preventDefault: () => {} });
    await quit;
    if (savedEnv === undefined) delete process.env.QUANTDESK_DATA_DIR;
    else process.env.QUANTDESK_DATA_DIR = savedEnv;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the window on app://quantdesk and serves the renderer build with the CSP', async () => {
    expect(h.windows[0].loaded).toEqual(['app://quantdesk/index.html']);
    const res = await h.protocols.get('app')!(new Request('app://quantdesk/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
  });

  it('answers contract calls over the IPC bridge from the engine worker', async () => {
    const r = fakeRenderer();
    const info = await r.request(1, 'system.info', {});
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', dataDir, workers: { engine: 'worker' } } });
    const list = await r.request(2, 'data.instruments', {});
    expect(list.ok).toBe(true);
    const series = list.value as { instrumentId: string; timeframe: string; count: number; synthetic: boolean }[];
    expect(series.map((s) => `${s.instrumentId} ${s.timeframe} ${s.count} ${s.synthetic}`).sort()).toEqual([
      'BTC/USDT@sample 1h 17520 true',
      'DEMO500@sample 1d 2609 true',
      'ETH/USDT@sample 1h 17520 true',
    ]);
    const bars = await r.request(3, 'data.bars', { instrumentId: 'BTC/USDT@sample', timeframe: '1h', latest: true, limit: 5 });
    expect((bars.value as { ts: number[] }).ts).toHaveLength(5);
    const bad = await r.request(4, 'data.bars', { instrumentId: 'nope', timeframe: '1h' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

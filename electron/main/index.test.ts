import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../ipc-channels';

// The desktop main process, wired to fakes of Electron and of the engine host: checks that the
// entry really uses the hardened pieces (the pieces themselves have their own tests).

const h = vi.hoisted(() => {
  const { EventEmitter } = require('node:events') as typeof import('node:events');
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setName: (() => {}) as (n: string) => void,
    enableSandbox: (() => {}) as () => void,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: (() => {}) as () => void,
    exit: (() => {}) as (code: number) => void,
  });
  const windows: { options: unknown; loaded: string[]; webContents: unknown }[] = [];
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => windows;
    static fromWebContents = () => null;
    loaded: string[] = [];
    webContents = new EventEmitter();
    constructor(readonly options: unknown) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
    isMinimized() {
      return false;
    }
    focus() {}
    restore() {}
  }
  const ipcListeners = new Map<string, (...a: unknown[]) => unknown>();
  const ipcHandlers = new Map<string, (...a: unknown[]) => unknown>();
  const protocolHandlers = new Map<string, (req: Request) => Promise<Response>>();
  const privileged: unknown[] = [];
  const session = {
    permissionRequest: null as null | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
    headersReceived: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  };
  const connections: { sent: unknown[] }[] = [];
  const host = {
    closed: false,
    connect() {
      const c = { sent: [] as unknown[] };
      connections.push(c);
      return { send: (m: unknown) => c.sent.push(m), onMessage: () => () => {}, onClose: () => () => {}, close: () => {} };
    },
    async close() {
      host.closed = true;
    },
  };
  const startHost = vi.fn(async (_opts: unknown) => host);
  return { app, windows, BrowserWindow, ipcListeners, ipcHandlers, protocolHandlers, privileged, session, connections, host, startHost };
});

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.BrowserWindow,
  dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
  ipcMain: {
    on: (ch: string, l: (...a: unknown[]) => unknown) => h.ipcListeners.set(ch, l),
    handle: (ch: string, l: (...a: unknown[]) => unknown) => h.ipcHandlers.set(ch, l),
    removeAllListeners: (ch: string) => h.ipcListeners.delete(ch),
  },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => h.privileged.push(...s),
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => h.protocolHandlers.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof h.session.permissionRequest) => (h.session.permissionRequest = fn),
      setPermissionCheckHandler: () => {},
      webRequest: { onHeadersReceived: (fn: typeof h.session.headersReceived) => (h.session.headersReceived = fn) },
    },
  },
  shell: { openExternal: vi.fn() },
}));
vi.mock('../../engine/host', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../engine/host')>()), startHost: h.startHost }));
vi.mock('../../engine/store/data-dir', () => ({ resolveDataDir: () => '/tmp/quantdesk-main-test' }));

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('electron/main', () => {
  beforeAll(async () => {
    delete process.env.ELECTRON_RENDERER_URL;
    await import('./index');
    await flush();
    await flush();
  });

  it('starts the same engine host as the server, as the electron shell', () => {
    expect(h.startHost).toHaveBeenCalledWith({ dataDir: '/tmp/quantdesk-main-test', shell: 'electron' });
  });

  it('registers app:// as a secure standard scheme and serves only its own host', async () => {
    expect(h.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const handler = h.protocolHandlers.get('app')!;
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(404);
  });

  it('opens one hardened window on app://quantdesk', () => {
    expect(h.windows).toHaveLength(1);
    const w = h.windows[0] as unknown as { options: { webPreferences: Record<string, unknown> }; loaded: string[] };
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(w.options.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(w.loaded).toEqual(['app://quantdesk/index.html']);
  });

  it('hardens every web contents that is created', () => {
    const opened: unknown[] = [];
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: (fn: unknown) => opened.push(fn) });
    h.app.emit('web-contents-created', {}, contents);
    expect(opened).toHaveLength(1);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
  });

  it('denies permissions and sets the CSP on responses', () => {
    const cb = vi.fn();
    h.session.permissionRequest!({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    let headers: Record<string, string[]> = {};
    h.session.headersReceived!({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy'][0]).toContain("script-src 'self'");
  });

  it('relays contract messages from the app page only', () => {
    const sender = Object.assign(new EventEmitter(), { id: 7, send: vi.fn(), isDestroyed: () => false });
    const send = h.ipcListeners.get(IPC.toEngine)!;
    send({ sender, senderFrame: { url: 'https://evil.example/', parent: null } }, { id: 1, method: 'data.delete' });
    expect(h.connections).toHaveLength(0);
    send({ sender, senderFrame: { url: 'app://quantdesk/index.html', parent: null } }, { id: 1, method: 'system.info', input: {} });
    expect(h.connections).toHaveLength(1);
    expect(h.connections[0].sent).toEqual([{ id: 1, method: 'system.info', input: {} }]);
  });

  it('answers the file dialog only to the app page', async () => {
    const { dialog } = await import('electron');
    vi.mocked(dialog.showOpenDialog).mockResolvedValue({ canceled: false, filePaths: ['/home/u/btc-usdt-1h.csv'] });
    const pick = h.ipcHandlers.get(IPC.pickCsvFile)!;
    await expect(Promise.resolve(pick({ sender: {}, senderFrame: { url: 'https://evil.example/', parent: null } }))).resolves.toBeNull();
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    await expect(Promise.resolve(pick({ sender: {}, senderFrame: { url: 'app://quantdesk/index.html', parent: null } }))).resolves.toBe('/home/u/btc-usdt-1h.csv');
  });

  it('lets the engine close before the app quits', async () => {
    const quit = vi.spyOn(h.app, 'quit');
    const event = { preventDefault: vi.fn() };
    h.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await flush();
    expect(h.host.closed).toBe(true);
    expect(quit).toHaveBeenCalled();
  });
});

// The desktop shell: starts the engine host (the same one `quantdesk serve` runs), serves the
// renderer from app://quantdesk under our CSP, and relays contract messages over one IPC channel
// pair. It holds no business logic: that lives in the engine, behind the contract.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHost, type Host } from '../../engine/host';
import { resolveDataDir } from '../../engine/store/data-dir';
import { IPC } from '../ipc-channels';
import { APP_ORIGIN, APP_SCHEME, mimeType, resolveAppFile } from './app-protocol';
import { withCsp } from './csp';
import { pickCsvFile } from './file-dialog';
import { bridgeIpc } from './ipc-bridge';
import { useElectronNativeBuild } from './native-modules';
import { denyAllPermissions, hardenWebContents, isTrustedSender, originOf, type WebContentsLike } from './security';
import { createWindowOptions } from './window-options';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
// electron-vite dev sets this to its dev server; a built app loads from app://.
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devUrl ? (originOf(devUrl) ?? APP_ORIGIN) : APP_ORIGIN;

// Electron derives userData from the name: keep it the folder the CLI and server use (engine/store/data-dir.ts).
app.setName('Quantdesk');
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let host: Host | null = null;
let mainWindow: BrowserWindow | null = null;

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file || !existsSync(file)) return new Response('not found', { status: 404 });
    // fs is asar-aware in the main process, so this reads from app.asar in a packaged app too.
    return new Response(await readFile(file), { status: 200, headers: { 'Content-Type': mimeType(file), ...flatten(withCsp({})) } });
  });
}

function flatten(headers: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.join(', ')]));
}

function secureSession(): void {
  denyAllPermissions(session.defaultSession);
  // The dev server's responses get the same CSP as the built app (app:// sets it itself).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders, { dev: devUrl !== undefined }) }));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(createWindowOptions({ preloadPath }));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  useElectronNativeBuild(join(here, '..'), process.versions.electron, app.isPackaged);
  const dataDir = resolveDataDir();
  try {
    host = await startHost({
      dataDir,
      shell: 'electron',
      // Packaged: electron-builder copies resources/sample to <resources>/sample (extraResources).
      ...(app.isPackaged ? { sampleDir: join(process.resourcesPath, 'sample') } : {}),
    });
  } catch (e) {
    dialog.showErrorBox('Quantdesk cannot start', `${(e as Error).message}\n\nData folder: ${dataDir}`);
    app.exit(1);
    return;
  }
  serveRenderer();
  secureSession();
  const running = host;
  bridgeIpc({
    ipcMain: ipcMain as never,
    connect: () => running.connect(),
    appOrigin,
    onRejected: (reason) => process.stderr.write(`quantdesk: ${reason}\n`),
  });
  ipcMain.handle(IPC.pickCsvFile, (event) => {
    if (!isTrustedSender(event.senderFrame, appOrigin)) return null;
    return pickCsvFile(dialog, BrowserWindow.fromWebContents(event.sender));
  });
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // One app per data folder: the engine's lock would refuse a second one anyway; focus the first instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // Every web contents, not only our window's: no new windows, no navigation away, no <webview>.
  app.on('web-contents-created', (_e, contents) => {
    hardenWebContents(contents as unknown as WebContentsLike, { appOrigin, openExternal: (url) => void shell.openExternal(url) });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (host && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  let stopping = false;
  app.on('before-quit', (event) => {
    if (!host || stopping) return;
    // Let the engine finish its writes and release the data folder lock before the process exits.
    event.preventDefault();
    stopping = true;
    const closing = host;
    host = null;
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

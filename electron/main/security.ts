/**
 * The desktop shell's security rules as pure functions over URLs and frames, so tests can drive
 * them with fake events (Electron security checklist: navigation, new windows, permissions,
 * IPC senders, shell.openExternal).
 */

/**
 * The only hosts `shell.openExternal` may open, over https: documentation and project pages, and
 * TradingView's, which the chart's attribution logo (lightweight-charts licence) links to.
 */
export const EXTERNAL_ALLOWLIST: readonly string[] = ['github.com', 'www.electronjs.org', 'tradingview.github.io', 'www.tradingview.com', 'docs.ccxt.com'];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin of the app's own pages (`app://quantdesk`, or the dev server's in development). */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  // Custom standard schemes report the origin "null" in some Node versions; build it ourselves.
  return `${u.protocol}//${u.host}`;
}

/** A navigation is allowed only within the app's origin; everything else is blocked. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/** https links to allowlisted hosts only: no file:, no custom protocols, no credentials in the URL. */
export function isAllowedExternalUrl(url: string, allowlist: readonly string[] = EXTERNAL_ALLOWLIST): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username || u.password) return false;
  return allowlist.includes(u.hostname.toLowerCase());
}

/** The part of WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/**
 * An IPC message is served only when it comes from the top frame of a page of ours: not from an
 * iframe, not from a page the window was somehow navigated to, not from a destroyed frame.
 */
export function isTrustedSender(frame: FrameLike | null | undefined, appOrigin: string): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return originOf(frame.url) === appOrigin;
}

/** The parts of WebContents the hardening wires up (fakeable in tests). */
export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: { preventDefault(): void; url?: string }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface HardenOptions {
  appOrigin: string;
  openExternal: (url: string) => void;
  allowlist?: readonly string[];
}

/**
 * Denies every new window (allowlisted https links open in the user's browser instead), blocks
 * navigation away from the app and refuses <webview>.
 */
export function hardenWebContents(contents: WebContentsLike, { appOrigin, openExternal, allowlist = EXTERNAL_ALLOWLIST }: HardenOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, allowlist)) openExternal(url);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void; url?: string }, url?: string) => {
    const target = url ?? event.url ?? '';
    if (!isAllowedNavigation(target, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The parts of Session the permission lock-down uses. */
export interface SessionLike {
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
}

/** The app needs no browser permission (camera, notifications via the web API, geolocation, …): refuse them all. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

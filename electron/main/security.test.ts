import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, hardenWebContents, isAllowedExternalUrl, isAllowedNavigation, isTrustedSender, type FrameLike, type WebContentsLike } from './security';

const APP = 'app://quantdesk';

describe('navigation', () => {
  it('stays within the app origin', () => {
    expect(isAllowedNavigation('app://quantdesk/index.html', APP)).toBe(true);
    expect(isAllowedNavigation('app://quantdesk/chart?x=1#y', APP)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', APP)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    expect(isAllowedNavigation('app://quantdesk.evil/index.html', APP)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', APP)).toBe(false);
    expect(isAllowedNavigation('', APP)).toBe(false);
  });

  it('knows the dev server origin when that is the app', () => {
    expect(isAllowedNavigation('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('external links', () => {
  it('opens only https links to allowlisted hosts', () => {
    expect(isAllowedExternalUrl('https://github.com/quantdesk/quantdesk')).toBe(true);
    expect(isAllowedExternalUrl('https://GitHub.com/x')).toBe(true);
    expect(isAllowedExternalUrl('https://www.tradingview.com/?utm_source=lwc')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/x')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(isAllowedExternalUrl('smb://host/share')).toBe(false);
    expect(isAllowedExternalUrl('https://example.com/', ['example.com'])).toBe(true);
    expect(isAllowedExternalUrl('nonsense')).toBe(false);
  });
});

describe('IPC senders', () => {
  const top = (url: string): FrameLike => ({ url, parent: null });
  it('trusts the top frame of an app page only', () => {
    expect(isTrustedSender(top('app://quantdesk/index.html'), APP)).toBe(true);
    expect(isTrustedSender(top('https://evil.example/'), APP)).toBe(false);
    expect(isTrustedSender({ url: 'app://quantdesk/frame.html', parent: top('app://quantdesk/index.html') }, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
  });
});

type Listener = (event: { preventDefault(): void; url?: string }, url?: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = {
    setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    on: (event: string, l: Listener) => listeners.set(event, l),
  } as unknown as WebContentsLike;
  const fire = (name: string, url: string, asDetails = false) => {
    const event = { preventDefault: vi.fn(), url: asDetails ? url : undefined };
    if (asDetails) listeners.get(name)!(event);
    else listeners.get(name)!(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('hardenWebContents', () => {
  it('denies every new window and hands allowlisted links to the browser', () => {
    const f = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(f.contents, { appOrigin: APP, openExternal });
    expect(f.open('https://github.com/x')).toEqual({ action: 'deny' });
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.open('app://quantdesk/index.html')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/x']]);
  });

  it('blocks navigation and redirects away from the app', () => {
    const f = fakeContents();
    hardenWebContents(f.contents, { appOrigin: APP, openExternal: () => {} });
    expect(f.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(f.fire('will-navigate', 'app://quantdesk/index.html')).toBe(false);
    expect(f.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(f.fire('will-frame-navigate', 'https://evil.example/', true)).toBe(true);
    expect(f.fire('will-frame-navigate', 'app://quantdesk/index.html', true)).toBe(false);
    expect(f.fire('will-attach-webview', '')).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    denyAllPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    const cb = vi.fn();
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) request!({}, p, cb);
    expect(cb.mock.calls.every(([granted]) => granted === false)).toBe(true);
    expect(cb).toHaveBeenCalledTimes(5);
    expect(check!({}, 'media')).toBe(false);
  });
});

import { extname, join, normalize, resolve, sep } from 'node:path';

/** The renderer is served from `app://quantdesk/…` rather than file://, so it has a real origin and our CSP header. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'quantdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rootDir` an `app://quantdesk/…` URL names, or null when the URL is for another
 * host or climbs out of the folder. Paths without an extension are app routes: index.html.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const root = resolve(rootDir);
  const wanted = resolve(join(root, normalize(rel)));
  if (wanted !== root && !wanted.startsWith(root + sep)) return null;
  return extname(wanted) === '' ? join(root, 'index.html') : wanted;
}

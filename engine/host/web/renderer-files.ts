import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
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
 * The file of the renderer build that a URL path names, for both shells (app:// in the desktop
 * app, HTTP in `quantdesk serve`). Paths without an extension are app routes and get index.html;
 * paths that climb out of the folder (raw or percent-encoded) resolve to null.
 */
export function resolveRendererPath(rootDir: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const root = resolve(rootDir);
  const wanted = resolve(join(root, normalize(rel)));
  if (wanted !== root && !wanted.startsWith(root + sep)) return null;
  return extname(wanted) === '' ? join(root, 'index.html') : wanted;
}

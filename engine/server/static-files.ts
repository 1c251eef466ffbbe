import { readFile, stat } from 'node:fs/promises';
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

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Hashed asset names can be cached for good; index.html never. */
  immutable: boolean;
}

/**
 * A file of the renderer build for a URL path, or index.html for app routes (paths without an
 * extension). Paths that climb out of the folder resolve to nothing.
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
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
  const isRoute = extname(wanted) === '';
  const file = isRoute ? join(root, 'index.html') : wanted;
  try {
    if (!(await stat(file)).isFile()) return null;
    return { body: await readFile(file), contentType: MIME[extname(file)] ?? 'application/octet-stream', immutable: !isRoute && /[-.][A-Za-z0-9_-]{8,}\.\w+$/.test(file) };
  } catch {
    return null;
  }
}

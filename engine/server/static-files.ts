import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { mimeType, resolveRendererPath } from '../host/web/renderer-files';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Hashed asset names can be cached for good; index.html never. */
  immutable: boolean;
}

/** The renderer file for a URL path (index.html for app routes), or null when there is none. */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  const file = resolveRendererPath(rootDir, urlPath);
  if (!file) return null;
  try {
    if (!(await stat(file)).isFile()) return null;
    return { body: await readFile(file), contentType: mimeType(file), immutable: extname(urlPath) !== '' && /[-.][A-Za-z0-9_-]{8,}\.\w+$/.test(file) };
  } catch {
    return null;
  }
}

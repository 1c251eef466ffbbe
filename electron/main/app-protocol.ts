import { mimeType, resolveRendererPath } from '../../engine/host';

/** The renderer is served from `app://quantdesk/…` rather than file://, so it has a real origin and our CSP header. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'quantdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export { mimeType };

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
  return resolveRendererPath(rootDir, u.pathname);
}

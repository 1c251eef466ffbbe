import { randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'qd_session';

/** A fresh access token per server start: 256 random bits, URL-safe. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

/** The token a request presents: `?token=` in the URL or the session cookie set after the first visit. */
export function presentedToken(url: URL, cookieHeader: string | undefined): string | null {
  return url.searchParams.get('token') ?? parseCookies(cookieHeader)[SESSION_COOKIE] ?? null;
}

export function isAuthorized(url: URL, cookieHeader: string | undefined, token: string): boolean {
  const given = presentedToken(url, cookieHeader);
  return given !== null && tokensEqual(given, token);
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The origins a browser shows when it loaded the page from this server. */
export function allowedOrigins(host: string, port: number): Set<string> {
  const hosts = new Set([host, '127.0.0.1', 'localhost']);
  if (host === '::1' || host === '[::1]') hosts.add('[::1]');
  hosts.delete('::1');
  hosts.delete('0.0.0.0');
  return new Set([...hosts].map((h) => `http://${h}:${port}`));
}

/**
 * A WebSocket upgrade is allowed from our own page (matching Origin) or from a non-browser client
 * that sends no Origin at all; it needs the token either way. This stops other web pages the user
 * visits from talking to the engine (cross-site WebSocket hijacking).
 */
export function isAllowedOrigin(origin: string | undefined, allowed: Set<string>): boolean {
  return origin === undefined || allowed.has(origin);
}

/**
 * The renderer's Content-Security-Policy in the desktop app: the same rules the headless server
 * sends (engine/server/csp.ts), minus network access — the desktop page talks to the engine over IPC only.
 */
export function contentSecurityPolicy({ dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // Development only: the React refresh preamble is an inline script, and HMR talks over ws:.
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    dev ? "connect-src 'self' ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Response headers with our CSP set (replacing any the source sent, whatever its case). */
export function withCsp(headers: Record<string, string[] | string> | undefined, opts: { dev?: boolean } = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy(opts)];
  return out;
}

/**
 * The renderer's Content-Security-Policy, the same in both shells (the desktop app's app://
 * protocol and `quantdesk serve`). Scripts only from our own origin (no inline, no eval, no CDN).
 * Monaco needs: `style-src 'unsafe-inline'` (it sets element styles at run time), `worker-src 'self'`
 * (its language workers are bundled files we serve), and fonts as data: URIs (its codicon font).
 * lightweight-charts draws on canvas and needs nothing extra. `dev` (electron-vite's dev server
 * only) allows the React refresh preamble, an inline script, and HMR over ws:.
 */
export function contentSecurityPolicy({ dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
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

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

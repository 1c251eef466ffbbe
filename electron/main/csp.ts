import { contentSecurityPolicy } from '../../engine/host';

export { contentSecurityPolicy };

/** Response headers with our CSP set (replacing any the source sent, whatever its case). */
export function withCsp(headers: Record<string, string[] | string> | undefined, opts: { dev?: boolean } = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy(opts)];
  return out;
}

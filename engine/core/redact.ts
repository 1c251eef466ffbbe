/** Keys whose values are secrets wherever they appear (logs, errors, audit details). */
const SECRET_KEY = /secret|password|passphrase|api[-_]?key|apikey|token|signature|private[-_]?key|credential/i;

/** A copy of `value` with secret-looking fields replaced, for anything that is logged or stored. */
export function redactSecrets(value: unknown, depth = 6): unknown {
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? '[redacted]' : redactSecrets(v, depth - 1);
  }
  return out;
}

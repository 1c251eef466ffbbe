import { EngineError } from '../../core/errors';

/** The names of an error's classes, most specific first (ccxt's errors form a class tree). */
function classNames(e: unknown): string[] {
  const names: string[] = [];
  for (let p = e && typeof e === 'object' ? Object.getPrototypeOf(e) : null; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (typeof p.constructor?.name === 'string') names.push(p.constructor.name);
  }
  return names;
}

/** ccxt's network family (timeouts, 5xx, 429/418, maintenance): worth waiting and trying again. */
export function isRetryable(e: unknown): boolean {
  return classNames(e).includes('NetworkError');
}

/**
 * Turns a ccxt error into an EngineError with a contract code. ccxt's own messages quote URLs and
 * response bodies, so only the class name and the exchange id travel; the log keeps the rest.
 */
export function fromCcxtError(e: unknown, exchange: string, what: string): EngineError {
  if (e instanceof EngineError) return e;
  const names = classNames(e);
  const kind = names[0] ?? 'Error';
  const has = (n: string) => names.includes(n);
  if (has('RateLimitExceeded') || has('DDoSProtection')) return new EngineError('RATE_LIMITED', `${exchange} is limiting our requests (${what}); try again later`, { exchange, kind });
  if (has('RequestTimeout')) return new EngineError('TIMEOUT', `${exchange} did not answer in time (${what})`, { exchange, kind });
  if (has('NetworkError')) return new EngineError('UNAVAILABLE', `${exchange} cannot be reached right now (${what}: ${kind})`, { exchange, kind });
  if (has('AuthenticationError') || has('PermissionDenied')) return new EngineError('AUTH_FAILED', `${exchange} refused the credentials (${what})`, { exchange, kind });
  if (has('BadSymbol')) return new EngineError('NOT_FOUND', `${exchange} does not know that symbol (${what})`, { exchange, kind });
  if (has('NotSupported')) return new EngineError('INVALID_INPUT', `${exchange} does not support ${what}`, { exchange, kind });
  if (has('BadRequest') || has('ArgumentsRequired')) return new EngineError('INVALID_INPUT', `${exchange} rejected the request (${what}: ${kind})`, { exchange, kind });
  if (has('ExchangeError')) return new EngineError('UNAVAILABLE', `${exchange} answered with an error (${what}: ${kind})`, { exchange, kind });
  return new EngineError('INTERNAL', `${what} on ${exchange} failed (${kind})`, { exchange, kind });
}

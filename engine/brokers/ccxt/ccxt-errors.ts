/**
 * ccxt errors → `ExecutionError` kinds. ccxt's messages quote URLs and response bodies (which can
 * hold a signed request), so only the class name travels.
 */
import { ExecutionError, type ExecutionErrorKind } from '../../trading/execution-client';

/** The names of an error's classes, most specific first (ccxt's errors form a class tree). */
export function errorClassNames(e: unknown): string[] {
  const names: string[] = [];
  if (typeof e !== 'object' || e === null) return names;
  for (let p = Object.getPrototypeOf(e); p && p !== Object.prototype && names.length < 10; p = Object.getPrototypeOf(p)) {
    const n = (p.constructor as { name?: string } | undefined)?.name;
    if (n) names.push(n);
  }
  return names;
}

/**
 * What a ccxt error means for an order. A 429/418 (`DDoSProtection`, `RateLimitExceeded`) was
 * refused before it was processed; a timeout or a 5xx may have been processed (unknown);
 * `InvalidOrder`, `InsufficientFunds`, `BadRequest`… were answered and refused.
 */
export function executionErrorKind(e: unknown): ExecutionErrorKind {
  const names = errorClassNames(e);
  const has = (n: string) => names.includes(n);
  if (has('OrderNotFound')) return 'not-found';
  if (has('RequestTimeout')) return 'timeout';
  if (has('DDoSProtection') || has('RateLimitExceeded')) return 'rate-limited';
  if (has('AuthenticationError') || has('PermissionDenied') || has('AccountSuspended')) return 'auth';
  if (has('NetworkError')) return 'network';
  if (has('ExchangeError') || has('BadRequest') || has('InvalidOrder') || has('InsufficientFunds')) return 'rejected';
  return 'network';
}

export function toExecutionError(e: unknown, venue: string, what: string): ExecutionError {
  if (e instanceof ExecutionError) return e;
  const names = errorClassNames(e);
  return new ExecutionError(executionErrorKind(e), `${venue}: ${what} failed (${names[0] ?? 'error'})`);
}

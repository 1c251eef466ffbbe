/**
 * ccxt 4.5.84 rejects `watchOrders` with `AuthenticationError` when the venue refuses the user
 * stream login, and also leaves an internal future rejected with no handler (the same happens with
 * a NetworkError when a socket closes while it connects). In a worker that
 * unhandled rejection would end the engine. This guard swallows exactly that (a ccxt
 * AuthenticationError) and re-raises anything else, as Node would by default.
 */
import { errorClassNames } from './ccxt-errors';

let installed = false;

/** A ccxt error (its classes derive from BaseError): a login refusal or a socket closing under a pending future. */
export function isRefusedStreamLogin(reason: unknown): boolean {
  const names = errorClassNames(reason);
  return names.includes('BaseError') && (names.includes('AuthenticationError') || names.includes('NetworkError'));
}

export function guardUserStreamRejections(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isRefusedStreamLogin(reason)) return;
    throw reason;
  });
}

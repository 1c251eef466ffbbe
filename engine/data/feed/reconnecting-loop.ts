import { backoffDelay, sleep, type RetryPolicy } from '../download/retry';

export const RECONNECT: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 15_000, maxAttempts: Infinity };

/**
 * Calls `next()` until `signal` aborts, handing each value to `deliver`; a failure waits with
 * backoff (reset by the next success) and tries again — ccxt reopens a dropped socket on the
 * next `watch*` call. `onError` hears about each failure (status, log).
 */
export async function reconnectingLoop<T>(o: {
  signal: AbortSignal;
  next: (failures: number) => Promise<T>;
  deliver: (value: T) => void;
  onError?: (e: unknown, delayMs: number) => void;
  retry?: RetryPolicy;
}): Promise<void> {
  let failures = 0;
  while (!o.signal.aborted) {
    try {
      const v = await o.next(failures);
      if (o.signal.aborted) break;
      o.deliver(v);
      failures = 0;
    } catch (e) {
      if (o.signal.aborted) break;
      const delay = backoffDelay(Math.min(failures++, 10), o.retry ?? RECONNECT);
      o.onError?.(e, delay);
      await sleep(delay, o.signal).catch(() => undefined);
    }
  }
}

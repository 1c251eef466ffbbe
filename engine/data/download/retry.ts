import { EngineError } from '../../core/errors';

export interface RetryPolicy {
  /** First wait; doubles on each failure up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures in a row before giving up. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 8 };

/** Resolves after `ms`, or rejects with CANCELLED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new EngineError('CANCELLED', 'cancelled by the user'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new EngineError('CANCELLED', 'cancelled by the user'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before retry number `attempt` (0-based): exponential with ±20 % jitter so clients do not retry in step. */
export function backoffDelay(attempt: number, p: RetryPolicy, random: () => number = Math.random): number {
  const d = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return Math.round(d * (0.8 + 0.4 * random()));
}

/**
 * Runs `fn`, retrying with backoff while `retryable(error)` holds. `onRetry` hears about each wait
 * (progress messages, counters). Cancelling stops the wait at once.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  o: { retryable: (e: unknown) => boolean; policy?: RetryPolicy; signal?: AbortSignal; onRetry?: (attempt: number, delayMs: number, e: unknown) => void },
): Promise<T> {
  const policy = o.policy ?? DEFAULT_RETRY;
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled by the user');
    try {
      return await fn();
    } catch (e) {
      if (!o.retryable(e) || attempt + 1 >= policy.maxAttempts) throw e;
      const delay = backoffDelay(attempt, policy);
      o.onRetry?.(attempt + 1, delay, e);
      await sleep(delay, o.signal);
    }
  }
}

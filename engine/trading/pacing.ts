/**
 * Pacing for venue I/O, as pure arithmetic (the broker does the waiting): a token bucket for a
 * venue's request rate limit, and exponential backoff with jitter for stream reconnects and
 * retries of *reads* (creates are never retried: see `OrderManager`).
 */

/** A venue's weight-per-interval limit as a token bucket (e.g. Binance: 6000 weight per minute). */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    /** Tokens refilled per millisecond (capacity / interval ms). */
    private readonly refillPerMs: number,
    now: number,
  ) {
    if (!(capacity > 0) || !(refillPerMs > 0)) throw new Error('a token bucket needs a positive capacity and refill rate');
    this.tokens = capacity;
    this.last = now;
  }

  static perInterval(weight: number, intervalMs: number, now: number): TokenBucket {
    return new TokenBucket(weight, weight / intervalMs, now);
  }

  /**
   * Takes `cost` tokens if they are there and returns 0; otherwise takes nothing and returns how
   * many ms to wait before asking again.
   */
  take(now: number, cost = 1): number {
    this.refill(now);
    if (cost > this.capacity) throw new Error(`a request of weight ${cost} exceeds the bucket's capacity ${this.capacity}`);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - this.tokens) / this.refillPerMs);
  }

  /** The venue said we are over the limit (HTTP 429/418): empty the bucket until `retryAfterMs` has passed. */
  penalize(now: number, retryAfterMs: number): void {
    this.refill(now);
    this.tokens = -retryAfterMs * this.refillPerMs;
  }

  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.refillPerMs);
      this.last = now;
    }
  }
}

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** 0 … 1: the share of each delay that is random ("equal jitter"). */
  jitter?: number;
  random?: () => number;
}

/** Exponential backoff: initial × factor^attempt, capped, with jitter; `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  private readonly o: Required<BackoffOptions>;
  constructor(o: BackoffOptions = {}) {
    this.o = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5, random: Math.random, ...o };
  }
  /** The delay before the next attempt (ms). */
  next(): number {
    const raw = Math.min(this.o.maxMs, this.o.initialMs * this.o.factor ** this.attempt);
    this.attempt++;
    const fixed = raw * (1 - this.o.jitter);
    return Math.round(fixed + raw * this.o.jitter * this.o.random());
  }
  reset(): void {
    this.attempt = 0;
  }
  get attempts(): number {
    return this.attempt;
  }
}

import { describe, expect, it } from 'vitest';
import { Backoff, TokenBucket } from './pacing';

describe('TokenBucket', () => {
  it('spends, then says how long to wait (6000 per minute = 0.1 per ms)', () => {
    const b = TokenBucket.perInterval(6000, 60_000, 0);
    expect(b.take(0, 5990)).toBe(0);
    expect(b.take(0, 20)).toBe(100); // 10 left, 10 more needed at 0.1/ms
    expect(b.take(100, 20)).toBe(0);
    expect(b.available(100)).toBeCloseTo(0, 9);
    expect(b.available(60_100)).toBe(6000); // capped at capacity
  });

  it('a 429 with retry-after empties the bucket for that long', () => {
    const b = TokenBucket.perInterval(10, 1000, 0);
    b.penalize(0, 2000);
    expect(b.take(1000)).toBeGreaterThan(0);
    expect(b.take(2000 + 100)).toBe(0);
    expect(() => b.take(5000, 11)).toThrow(/capacity/);
  });
});

describe('Backoff', () => {
  it('doubles up to the cap; jitter stays within its share; reset starts over', () => {
    const none = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5].map(() => none.next())).toEqual([100, 200, 400, 800, 1000]);
    none.reset();
    expect(none.next()).toBe(100);
    const lo = new Backoff({ initialMs: 100, jitter: 0.5, random: () => 0 });
    const hi = new Backoff({ initialMs: 100, jitter: 0.5, random: () => 0.999999 });
    expect([lo.next(), lo.next()]).toEqual([50, 100]);
    expect([hi.next(), hi.next()]).toEqual([100, 200]);
  });
});

// Positions are marked at the close of each instrument's newest closed bar: in the equity curve
// (marked after the loop from the position history), in what a strategy reads, and in the margin
// check. Expected values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { flatBars, scripted, T0 } from './testing';
import { defineStrategy } from '../strategy/api';

const MIN = 60_000;

describe('marks', () => {
  it('marks each instrument at its own newest close when the feeds have different bar times', () => {
    // A has bars at t0..t3 (10, 11, 12, 13); B only at t1 and t3 (100, 110). Flat bars: fills at the open = close.
    const a = flatBars([10, 11, 12, 13]);
    const b = flatBars([100, 110], '1m', T0 + MIN);
    b.ts[1] = T0 + 3 * MIN;
    const strategy = defineStrategy({
      id: 'two',
      name: 'two',
      onBar(ctx) {
        if (ctx.symbol === 'A@test' && ctx.barIndex === 0) ctx.buy(1); // fills at t1, 11
        if (ctx.symbol === 'B@test' && ctx.barIndex === 0) ctx.buy(2); // fills at t3, 110
      },
    });
    const r = runBacktest({
      strategy,
      feeds: [
        { symbol: 'A@test', timeframe: '1m', bars: a },
        { symbol: 'B@test', timeframe: '1m', bars: b },
      ],
      config: { initialCapital: 1000 },
    });
    // t0: 1000 cash. t1: cash 989 + 1 A × 11. t2: 989 + 12. t3: cash 989 − 220 = 769, + 13 + 2 × 110.
    expect(r.curve.equity).toEqual([1000, 1000, 1001, 1002]);
    expect(r.curve.benchmark).toEqual([1000, 1100, 1200, 1300]);
    expect(r.final.equity).toBe(1002);
    // Steps with a position: t1, t2, t3; exposure/equity 11/1000 + 12/1001 + 233/1002.
    expect(r.metrics.exposureTime).toBe(3 / 4);
    expect(r.metrics.avgExposure).toBeCloseTo((11 / 1000 + 12 / 1001 + 233 / 1002) / 4, 12);
  });

  it('counts a position opened earlier in the same bar in the margin check of the next order', () => {
    // Both symbols at 100; 10,000 cash; each buys 60 on bar 0, both fill at bar 1's open.
    // A fills first (6,000 ≤ 10,000). For B, A is worth 60 × 100 (its newest close): 12,000 > 10,000.
    // (B is the benchmark so that nothing else keeps A's mark current.)
    const { strategy } = scripted({ 0: (c) => c.buy(60) }, { onFill: false });
    const r = runBacktest({
      strategy,
      feeds: [
        { symbol: 'A@test', timeframe: '1m', bars: flatBars([100, 100, 100]) },
        { symbol: 'B@test', timeframe: '1m', bars: flatBars([100, 100, 100]) },
      ],
      config: { initialCapital: 10_000, benchmark: 'B@test' },
    });
    expect(r.orders.map((o) => [o.symbol, o.status, o.reason])).toEqual([
      ['A@test', 'filled', null],
      ['B@test', 'rejected', 'insufficient margin'],
    ]);
    expect(r.final.equity).toBe(10_000);
  });

  it('shows a strategy the equity with the position just filled (in onFill)', () => {
    const seen: number[] = [];
    const strategy = defineStrategy({
      id: 'fill-equity',
      name: 'fill-equity',
      onBar(ctx) {
        if (ctx.barIndex === 0) ctx.buy(10);
        seen.push(ctx.portfolio.equity);
      },
      onFill(ctx) {
        seen.push(ctx.portfolio.equity, ctx.position().unrealizedPnl);
      },
    });
    // Buys 10 at bar 1's open 11 (cash 1000 − 110 = 890); in onFill the newest closed bar is bar 0 (10).
    runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars([10, 11, 12]) }], config: { initialCapital: 1000 } });
    expect(seen).toEqual([1000, 990, -10, 1000, 1010]);
  });
});

// The equity curve against one worked out from the run's own fills and bars, step by step, in
// runs with more fills than a record-log segment holds (a curve once read every fill's cash from
// the log's first 4,096 records: right on short runs, wrong from the 4,097th fill on).
import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import type { BacktestResult } from './results';
import { barsOf } from './testing';
import { defineStrategy } from '../strategy/api';

/** Buys one unit when flat and closes when long: a fill at nearly every bar's open. */
const flipFlop = defineStrategy({
  id: 'flip-flop',
  name: 'flip-flop',
  onBar(ctx) {
    if (ctx.position().size === 0) ctx.buy(1);
    else ctx.closePosition();
  },
});

function bars(n: number) {
  return barsOf(
    Array.from({ length: n }, (_, i) => {
      const open = 100 + 10 * Math.sin(i / 37) + (i % 5) * 0.25;
      const close = open + 0.5 * Math.cos(i / 3);
      return [open, Math.max(open, close) + 0.1, Math.min(open, close) - 0.1, close];
    }),
  );
}

/**
 * Replays the run's fills bar by bar (cash moves by the notional and the commission, each
 * symbol's position by the size) and expects the curve at every step to be cash + Σ position ×
 * close, within 1e-9 relative; every fill must be on a bar of the run.
 */
function expectCurveFromFills(r: BacktestResult, closes: Record<string, Float64Array>, initial: number, steps: number): void {
  let cash = initial;
  const pos: Record<string, number> = Object.fromEntries(Object.keys(closes).map((s) => [s, 0]));
  let f = 0;
  for (let s = 0; s < steps; s++) {
    for (; f < r.fills.length && r.fills[f].barIndex === s; f++) {
      const fill = r.fills[f];
      const signed = fill.side === 'buy' ? fill.size : -fill.size;
      cash -= signed * fill.price + fill.commission;
      pos[fill.symbol] += signed;
    }
    let expected = cash;
    for (const [symbol, close] of Object.entries(closes)) expected += pos[symbol] * close[s];
    expect(Math.abs(r.curve.equity[s] - expected)).toBeLessThanOrEqual(1e-9 * expected);
  }
  expect(f).toBe(r.fills.length);
}

describe('equity curve', () => {
  it('is cash + position × close at every step, from the fills, beyond 4,096 and 8,192 fills', () => {
    const b = bars(9_000);
    const initial = 1_000_000;
    const r = runBacktest({ strategy: flipFlop, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: b }], config: { initialCapital: initial, commission: { percent: 0.001 }, maxCurvePoints: 1_000_000 } });
    expect(r.fills.length).toBeGreaterThan(8_192);
    expect(r.curve.stride).toBe(1);
    expectCurveFromFills(r, { 'X@test': b.close }, initial, b.ts.length);
    expect(r.final.equity).toBe(r.curve.equity[r.curve.equity.length - 1]);
  });

  it('is cash + Σ position × close with two instruments (each instrument\'s fills found in the shared log)', () => {
    const a = bars(5_000);
    const b = bars(5_000);
    for (let i = 0; i < b.close.length; i++) {
      b.open[i] *= 2;
      b.high[i] *= 2;
      b.low[i] *= 2;
      b.close[i] *= 2;
    }
    const initial = 1_000_000;
    // B trades on every third bar only, so the two instruments' fills interleave unevenly.
    const uneven = defineStrategy({
      id: 'uneven',
      name: 'uneven',
      onBar(ctx) {
        if (ctx.symbol === 'B@test' && ctx.barIndex % 3 !== 0) return;
        if (ctx.position().size === 0) ctx.buy(1);
        else ctx.closePosition();
      },
    });
    const r = runBacktest({
      strategy: uneven,
      feeds: [
        { symbol: 'A@test', timeframe: '1m', bars: a },
        { symbol: 'B@test', timeframe: '1m', bars: b },
      ],
      config: { initialCapital: initial, commission: { percent: 0.001 }, maxCurvePoints: 1_000_000 },
    });
    expect(r.fills.length).toBeGreaterThan(6_000);
    expectCurveFromFills(r, { 'A@test': a.close, 'B@test': b.close }, initial, a.ts.length);
  });
});

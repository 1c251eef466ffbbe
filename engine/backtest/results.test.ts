import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { releaseResult, resultCounts, type BacktestResult } from './results';
import { flatBars, barsOf, scripted } from './testing';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';
import { BacktestResultSchema } from '../../shared/contract/backtest';

/** A seeded random walk (the same on every machine). */
function walk(n: number, seed: number) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  let p = 100;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = Math.max(1, o * (1 + (rnd() - 0.5) * 0.02));
    rows.push([o, Math.max(o, c) * (1 + rnd() * 0.005), Math.min(o, c) * (1 - rnd() * 0.005), c, 100 + rnd() * 1000]);
    p = c;
  }
  return barsOf(rows, '1h');
}

/** The counts as the made lists give them. */
function counted(r: BacktestResult) {
  return { orders: r.orders.length, fills: r.fills.length, trades: r.trades.length, openTrades: r.trades.filter((t) => t.open).length };
}

describe('results: lists made on first read', () => {
  const feeds = [
    { symbol: 'A@test', timeframe: '1h' as const, bars: walk(2000, 3) },
    { symbol: 'B@test', timeframe: '1h' as const, bars: walk(2000, 4) },
  ];
  for (const [id, strategy] of Object.entries(BUILTIN_STRATEGIES)) {
    it(`${id}: counts before the lists are read match the lists; reading them twice gives the same arrays`, () => {
      const r = runBacktest({ strategy, feeds, config: { initialCapital: 100_000, commission: { percent: 0.001 } } });
      const before = resultCounts(r);
      const lists = counted(r);
      expect(before).toEqual(lists);
      expect(r.fills).toBe(r.fills);
      expect(Object.keys(r)).toEqual(Object.keys(JSON.parse(JSON.stringify(r))));
    });
  }

  it('a limit order still working at the end and an open trade are counted', () => {
    const { strategy } = scripted({
      0: (c) => c.buy(2),
      2: (c) => c.sell(1, { type: 'limit', limitPrice: 500 }), // never reached
      3: (c) => c.buy(1, { type: 'limit', limitPrice: 1 }), // never reached
    });
    const r = runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars([100, 101, 102, 103, 104, 105]) }] });
    const n = resultCounts(r);
    expect(n).toEqual({ orders: 3, fills: 1, trades: 1, openTrades: 1 });
    expect(n).toEqual(counted(r));
    expect(r.orders.map((o) => o.status)).toEqual(['filled', 'accepted', 'accepted']);
    expect(r.trades[0]).toMatchObject({ open: true, exitTs: null, exitBar: null, exitPrice: null, size: 2, barsHeld: 4 });
  });

  it('a spread or structured clone of a result carries the lists', () => {
    const r = runBacktest({ strategy: BUILTIN_STRATEGIES['sma-cross'], feeds: feeds.slice(0, 1), config: { params: { fast: 5, slow: 20 } } });
    const n = resultCounts(r);
    const copy = structuredClone({ ...r });
    expect(copy.fills.length).toBe(n.fills);
    expect(copy.trades.length).toBe(n.trades);
    expect(resultCounts(copy)).toEqual(n);
  });

  it('an unread result validates against the contract, with its lists', () => {
    const r = runBacktest({ strategy: BUILTIN_STRATEGIES['sma-cross'], feeds: feeds.slice(0, 1), config: { params: { fast: 5, slow: 20 } } });
    const n = resultCounts(r);
    const parsed = BacktestResultSchema.parse(r);
    expect(parsed.fills.length).toBe(n.fills);
    expect(parsed.orders.length).toBe(n.orders);
    expect(parsed.trades.length).toBe(n.trades);
    expect(BacktestResultSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(parsed);
  });

  it('releaseResult: unread lists throw when read later, read ones stay; runs that reuse the memory give the same results', () => {
    const one = feeds.slice(0, 1);
    const run = (params: Record<string, number>) => runBacktest({ strategy: BUILTIN_STRATEGIES['sma-cross'], feeds: one, config: { params, commission: { percent: 0.001 } } });
    const whole = (r: BacktestResult) => JSON.parse(JSON.stringify(r)) as unknown;
    const first = whole(run({ fast: 5, slow: 20 }));

    const r = run({ fast: 5, slow: 20 });
    const fills = r.fills;
    releaseResult(r);
    expect(r.fills).toBe(fills);
    expect(() => r.orders).toThrow(/orders were released unread/);
    expect(() => r.trades).toThrow(/trades were released unread/);
    releaseResult(r); // a second call does nothing

    // The logs of released runs are reused (not zeroed) by the next runs: nothing of them shows.
    for (let k = 0; k < 3; k++) releaseResult(run({ fast: 3 + k, slow: 11 + 2 * k }));
    expect(whole(run({ fast: 5, slow: 20 }))).toEqual(first);
  });
});

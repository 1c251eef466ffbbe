import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { barsOf, flatBars, scripted } from './testing';
import type { BacktestConfigInput } from './config';
import type { BarColumns } from '../model/bars';
import type { StrategyContext } from '../strategy/api';
import { defineStrategy } from '../strategy/api';

const run = (bars: BarColumns, script: Record<number, (ctx: StrategyContext) => void>, config: BacktestConfigInput = {}) => {
  const { strategy, log } = scripted(script);
  const r = runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars }], config: { initialCapital: 10_000, ...config } });
  return { r, log };
};

describe('market orders', () => {
  it('fill at the next bar open; one made on the last bar never fills', () => {
    const bars = barsOf([
      [10, 11, 9, 10.5],
      [10.6, 12, 10, 11],
      [11.2, 11.5, 10.8, 11],
    ]);
    const { r } = run(bars, { 0: (c) => c.buy(10), 2: (c) => c.sell(10) });
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ side: 'buy', size: 10, price: 10.6, barIndex: 1, ts: bars.ts[1] });
    expect(r.orders[1].status).toBe('accepted');
    // cash 10,000 − 106; position 10 marked at 11 → 10,004
    expect(r.final.equity).toBeCloseTo(10_004, 9);
  });

  it('long and short round trips with commission', () => {
    const bars = flatBars([100, 100, 110, 120, 90, 90]);
    const { r } = run(bars, { 0: (c) => c.sell(5), 2: (c) => c.closePosition(), 3: (c) => c.buy(2) }, { commission: { percent: 0.001 } });
    // short 5 @100 (fee 0.5), cover 5 @120 at bar 3 (fee 0.6): PnL −100 − 1.1; buy 2 @90 (fee 0.18), marked at 90.
    expect(r.fills.map((f) => [f.side, f.size, f.price])).toEqual([
      ['sell', 5, 100],
      ['buy', 5, 120],
      ['buy', 2, 90],
    ]);
    expect(r.final.equity).toBeCloseTo(10_000 - 100 - 0.5 - 0.6 - 0.18, 9);
    expect(r.trades[0]).toMatchObject({ direction: 'short', grossPnl: -100, open: false, barsHeld: 2 });
    expect(r.trades[0].fees).toBeCloseTo(1.1, 12);
    expect(r.trades[0].netPnl).toBeCloseTo(-101.1, 9);
  });
});

describe('round-trip trades', () => {
  it('MAE and MFE from the bars held (entry bar after the fill, to the exit fill), per unit × size', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 104, 97, 102], // long 2 at the open 100: range 97–104
      [102, 108, 101, 107], // adds 1 at the open 102 → 3 @ 100.666…; range 101–108
      [106, 106, 90, 95], // exit at the open 106: nothing after the exit counts
    ]);
    const { r } = run(bars, { 0: (c) => c.buy(2), 1: (c) => c.buy(1), 2: (c) => c.closePosition() });
    const t = r.trades[0];
    const entry = (2 * 100 + 102) / 3;
    // Bar 1 with 2 units at 100: worst (97 − 100) × 2 = −6, best (104 − 100) × 2 = 8.
    // Bar 2 with 3 units at 100.67: best (108 − entry) × 3 = 22; the exit at 106: (106 − entry) × 3 = 16.
    expect(t).toMatchObject({ direction: 'long', size: 3, entryBar: 1, exitBar: 3, barsHeld: 2, open: false });
    expect(t.entryPrice).toBeCloseTo(entry, 12);
    expect(t.mae).toBeCloseTo(-6, 12);
    expect(t.mfe).toBeCloseTo((108 - entry) * 3, 12);
    expect(t.grossPnl).toBeCloseTo((106 - entry) * 3, 12);
  });

  it('come out in opening order past the first record-log segment (16), and the streaks follow that order', () => {
    // Trade k buys at the open of bar 2k+1 (100) and sells at the open of bar 2k+2: 101 (a win)
    // or 99 (a loss). Trades 0–19 alternate (19 loses), 20–27 win (8 in a row), 28–40 lose (13),
    // 41–59 alternate (41 wins).
    const win = (k: number) => (k < 20 ? k % 2 === 0 : k > 40 ? k % 2 === 1 : k <= 27);
    const prices = [100];
    for (let k = 0; k < 60; k++) prices.push(100, win(k) ? 101 : 99);
    const script: Record<number, (c: StrategyContext) => void> = {};
    for (let k = 0; k < 60; k++) {
      script[2 * k] = (c) => void c.buy(1);
      script[2 * k + 1] = (c) => void c.closePosition();
    }
    const { r } = run(flatBars(prices), script);
    expect(r.trades.map((t) => t.entryBar)).toEqual(Array.from({ length: 60 }, (_, k) => 2 * k + 1));
    expect(r.trades.map((t) => t.grossPnl > 0)).toEqual(Array.from({ length: 60 }, (_, k) => win(k)));
    expect(r.metrics).toMatchObject({ tradeCount: 60, longestWinStreak: 8, longestLossStreak: 13 });
  });

  it('several instruments: trades in opening order though they closed in another', () => {
    // A opens first and closes last; B opens second and closes first.
    const script: Record<number, (c: StrategyContext) => void> = {
      0: (c) => void c.buy(1, { symbol: 'A@test' }),
      1: (c) => void c.buy(2, { symbol: 'B@test' }),
      2: (c) => void c.closePosition('B@test'),
      4: (c) => void c.closePosition('A@test'),
    };
    const strategy = defineStrategy({
      id: 'two',
      name: 'two',
      onBar(ctx) {
        if (ctx.symbolIndex === 0) script[ctx.barIndex]?.(ctx);
      },
    });
    const feeds = ['A@test', 'B@test'].map((symbol) => ({ symbol, timeframe: '1m' as const, bars: flatBars([100, 101, 102, 103, 104, 105, 106]) }));
    const r = runBacktest({ strategy, feeds, config: { initialCapital: 10_000 } });
    expect(r.trades.map((t) => [t.symbol, t.entryBar, t.exitBar])).toEqual([
      ['A@test', 1, 5],
      ['B@test', 2, 3],
    ]);
  });

  it('a short reversed into a long: each trade gets its own bars and excursions', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 103, 98, 101], // short 1 at 100: worst 103 (−3), best 98 (+2)
      [101, 101, 96, 97], // best 96 (+4)
      [97, 99, 95, 98], // sell 1 → buy 2 at the open 97: short closed (+3), long 1 opened at 97; range 95–99
      [98, 98, 98, 98],
    ]);
    const { r } = run(bars, { 0: (c) => c.sell(1), 2: (c) => c.buy(2) });
    const [short, long] = r.trades;
    expect(short).toMatchObject({ direction: 'short', open: false, exitBar: 3, exitPrice: 97, grossPnl: 3, mae: -3, mfe: 4 });
    expect(long).toMatchObject({ direction: 'long', open: true, entryBar: 3, entryPrice: 97, mae: -2, mfe: 2, grossPnl: 1 });
  });
});

describe('limit and stop orders', () => {
  const bars = barsOf([
    [100, 100, 100, 100],
    [100, 101, 98, 99], // limit 97 not reached
    [99, 99, 96, 97], // limit 97 touched → fills at 97
    [95, 96, 94, 95],
  ]);
  it('limit buy fills later at the limit when the low reaches it', () => {
    const { r } = run(bars, { 0: (c) => c.buy(1, { type: 'limit', limitPrice: 97 }) });
    expect(r.fills[0]).toMatchObject({ price: 97, barIndex: 2, liquidity: 'maker' });
  });
  it('a gap through the limit fills at the open (better)', () => {
    const { r } = run(bars, { 2: (c) => c.buy(1, { type: 'limit', limitPrice: 96 }) });
    expect(r.fills[0]).toMatchObject({ price: 95, barIndex: 3 });
  });
  it('stop sell fills at the stop inside the bar, at the open on a gap', () => {
    const a = run(bars, { 0: (c) => c.sell(1, { type: 'stop', stopPrice: 98.5 }) });
    expect(a.r.fills[0]).toMatchObject({ price: 98.5, barIndex: 1, liquidity: 'taker' });
    const b = run(bars, { 2: (c) => c.sell(1, { type: 'stop', stopPrice: 96 }) });
    expect(b.r.fills[0]).toMatchObject({ price: 95, barIndex: 3 });
  });
  it('an order never fills in the bar it was created in, even if that bar touched its price', () => {
    const { r } = run(bars, { 2: (c) => c.buy(1, { type: 'limit', limitPrice: 96.5 }) });
    expect(r.fills[0].barIndex).toBe(3);
  });
});

describe('bracket, OCO, cancel, modify', () => {
  it('bracket: exits arm when the entry fills; a bar hitting both stop and target takes the stop (worst)', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 101, 99, 100], // entry at 100
      [100, 106, 94, 100], // both 95 and 105 inside
      [100, 100, 100, 100],
    ]);
    const worst = run(bars, { 0: (c) => c.bracket({ side: 'buy', size: 1, stopLoss: 95, takeProfit: 105 }) });
    expect(worst.r.fills.map((f) => [f.side, f.price, f.barIndex])).toEqual([
      ['buy', 100, 1],
      ['sell', 95, 2],
    ]);
    expect(worst.r.orders.find((o) => o.type === 'limit')?.status).toBe('cancelled');
    const best = run(bars, { 0: (c) => c.bracket({ side: 'buy', size: 1, stopLoss: 95, takeProfit: 105 }) }, { intrabar: 'best' });
    expect(best.r.fills[1]).toMatchObject({ side: 'sell', price: 105 });
  });

  it('bracket exits of an entry filled at the open may fill in the same bar', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 101, 94, 96], // market entry at the open 100, then the stop 95 is hit
    ]);
    const { r } = run(bars, { 0: (c) => c.bracket({ side: 'buy', size: 1, stopLoss: 95 }) });
    expect(r.fills.map((f) => [f.side, f.price, f.barIndex])).toEqual([
      ['buy', 100, 1],
      ['sell', 95, 1],
    ]);
  });

  it('OCO: the first to fill cancels the other', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 103, 99, 102], // buy stop 102 fills; sell stop 97 cancelled
      [102, 102, 90, 91],
    ]);
    const { r } = run(bars, {
      0: (c) => c.oco({ side: 'buy', type: 'stop', stopPrice: 102, size: 1 }, { side: 'sell', type: 'stop', stopPrice: 97, size: 1 }),
    });
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ side: 'buy', price: 102 });
    expect(r.orders[1]).toMatchObject({ status: 'cancelled', reason: 'OCO sibling filled' });
  });

  it('cancel and modify working orders', () => {
    const bars = barsOf([
      [100, 100, 100, 100],
      [100, 100, 99, 100],
      [100, 100, 97, 98],
      [98, 98, 95, 96],
    ]);
    let keep = '';
    let drop = '';
    const { r } = run(bars, {
      0: (c) => {
        keep = c.buy(1, { type: 'limit', limitPrice: 96 }).id;
        drop = c.buy(1, { type: 'limit', limitPrice: 98 }).id;
      },
      1: (c) => {
        expect(c.cancel(drop)).toBe(true);
        expect(c.modify(keep, { limitPrice: 97, size: 2 })).toBe(true);
      },
    });
    expect(r.fills.map((f) => [f.size, f.price, f.barIndex])).toEqual([[2, 97, 2]]);
    expect(r.orders[1].status).toBe('cancelled');
  });

  it('closePosition cancels working orders and flattens', () => {
    const bars = flatBars([100, 100, 101, 102]);
    const { r } = run(bars, { 0: (c) => c.buy(3), 1: (c) => (c.sell(1, { type: 'limit', limitPrice: 200 }), c.closePosition()) });
    expect(r.final.positions[0].size).toBe(0);
    expect(r.orders[1].status).toBe('cancelled');
    expect(r.fills[1]).toMatchObject({ side: 'sell', size: 3, price: 101 });
  });
});

describe('fills capped by volume, margin, lots, ticks and minimums', () => {
  it('partial fills up to a share of bar volume; the rest fills in later bars', () => {
    const bars = barsOf([
      [10, 10, 10, 10, 100],
      [10, 10, 10, 10, 100],
      [11, 11, 11, 11, 100],
      [12, 12, 12, 12, 100],
    ]);
    const { r } = run(bars, { 0: (c) => c.buy(25) }, { volumeCap: 0.1 });
    expect(r.fills.map((f) => [f.size, f.price])).toEqual([
      [10, 10],
      [10, 11],
      [5, 12],
    ]);
    expect(r.orders[0]).toMatchObject({ status: 'filled', filled: 25 });
    expect(r.orders[0].avgPrice).toBeCloseTo((100 + 110 + 60) / 25, 12);
  });

  it('rejects what the account cannot carry; leverage raises the limit', () => {
    const bars = flatBars([100, 100, 100]);
    const cash = run(bars, { 0: (c) => c.buy(101) }, { initialCapital: 10_000 });
    expect(cash.r.orders[0]).toMatchObject({ status: 'rejected', reason: 'insufficient margin' });
    const lev = run(bars, { 0: (c) => c.buy(199) }, { initialCapital: 10_000, leverage: 2 });
    expect(lev.r.orders[0].status).toBe('filled');
  });

  it('rounds sizes down to the lot and prices to the tick; refuses orders under the minimum notional', () => {
    const bars = flatBars([100, 100, 100]);
    const { r } = run(
      bars,
      { 0: (c) => (c.buy(2.37, { type: 'limit', limitPrice: 100.123 }), c.buy(0.05)) },
      { instruments: { 'X@test': { lotSize: 0.1, tickSize: 0.05, minNotional: 10 } } },
    );
    expect(r.orders[0]).toMatchObject({ size: 2.3, limitPrice: 100.1 });
    expect(r.orders[1].status).toBe('rejected'); // 0.05 rounds to 0 lots
  });

  it('sizing helpers', () => {
    const bars = flatBars([50, 50]);
    const sizes: number[] = [];
    run(bars, { 0: (c) => sizes.push(c.sizing.percentOfEquity(0.5), c.sizing.riskPerTrade(0.01, 2), c.sizing.riskAtr(0.02, 1.5, 2), c.sizing.units(7.9)) }, { instruments: { 'X@test': { lotSize: 1 } } });
    // 10,000 × 0.5 / 50 = 100; 100 / 2 = 50; 200 / 3 = 66.67 → 66; 7.9 → 7
    expect(sizes).toEqual([100, 50, 66, 7]);
  });
});

describe('errors, progress and cancellation', () => {
  it('a throwing strategy becomes STRATEGY_ERROR with where it happened', () => {
    const bars = flatBars([1, 2, 3]);
    expect(() =>
      run(bars, {
        1: () => {
          throw new Error('boom');
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'STRATEGY_ERROR', details: expect.objectContaining({ hook: 'onBar', bar: 1 }) }));
  });

  it('reports progress and stops when cancelled', () => {
    const bars = flatBars(Array.from({ length: 100 }, () => 1));
    const { strategy } = scripted({});
    const seen: number[] = [];
    runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars }] }, { checkEvery: 10, onProgress: (p) => p.phase === 'run' && seen.push(p.done) });
    expect(seen).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    let polls = 0;
    expect(() => runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars }] }, { checkEvery: 10, isCancelled: () => ++polls === 3 })).toThrow(
      expect.objectContaining({ code: 'CANCELLED' }),
    );
  });

  it('checks progress first after at most 256 steps, then every checkEvery, in every loop form', () => {
    const bars = flatBars(Array.from({ length: 1000 }, () => 1));
    const { strategy } = scripted({});
    for (const feeds of [
      [{ symbol: 'X@test', timeframe: '1m' as const, bars }],
      [
        { symbol: 'X@test', timeframe: '1m' as const, bars },
        { symbol: 'Y@test', timeframe: '1m' as const, bars },
      ],
    ]) {
      const seen: number[] = [];
      runBacktest({ strategy, feeds }, { checkEvery: 300, onProgress: (p) => p.phase === 'run' && seen.push(p.done) });
      expect(seen).toEqual([0, 256, 556, 856]);
    }
  });

  it('refuses unknown params and bad columns', () => {
    const { strategy } = scripted({});
    expect(() => runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: flatBars([1]) }], config: { params: { nope: 1 } } })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const bad = flatBars([1, 2]);
    bad.ts[1] = bad.ts[0];
    expect(() => runBacktest({ strategy, feeds: [{ symbol: 'X@test', timeframe: '1m', bars: bad }] })).toThrow(expect.objectContaining({ code: 'BAD_DATA' }));
  });
});

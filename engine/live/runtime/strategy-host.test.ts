import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../backtest/engine';
import { makeBars } from '../../indicators/testdata';
import { defineStrategy, type Series } from '../../strategy/api';
import type { LiveBar } from '../../strategy/live-series';
import { StrategyHost } from './strategy-host';
import type { AccountSnapshot, HostStart } from './protocol';

// Same strategy, same bars: the values each indicator shows onBar in a backtest (batch,
// precomputed) and in the live runtime (streaming, warmed on history, then bar by bar) must agree
// to the last bit (or 1e-12 relative, the library's contract between its two forms).
const N = 700;
const H = 160; // history bars before the first live bar (the backtest's startupBars)
const data = makeBars(N, 7);
const bars: LiveBar[] = Array.from({ length: N }, (_, i) => ({ ts: data.ts[i], open: data.open[i], high: data.high[i], low: data.low[i], close: data.close[i], volume: data.volume[i] }));
const columns = { ts: data.ts, open: data.open, high: data.high, low: data.low, close: data.close, volume: data.volume };
const NAMES = ['sma', 'ema', 'rsi', 'bb.upper', 'bb.middle', 'bb.lower', 'atr', 'adx', 'dc.upper', 'dc.middle', 'dc.lower', 'roc', 'stddev', 'sma(rsi)', 'ema(atr)'] as const;

/** Records [barIndex, time, close, …every indicator at(0), sma at(3)] per onBar. */
function probe(seen: number[][]) {
  return defineStrategy({
    id: 'probe',
    name: 'indicator probe',
    init(ctx) {
      const d = ctx.data();
      const rsi = ctx.ind.rsi(d.close, 14);
      const atr = ctx.ind.atr(d, 14);
      const bb = ctx.ind.bbands(d.close, 20, 2, 1.5);
      const dc = ctx.ind.donchian(d, 20);
      const sma = ctx.ind.sma(d.close, 30);
      const list: Series[] = [sma, ctx.ind.ema(d.close, 21), rsi, bb.upper, bb.middle, bb.lower, atr, ctx.ind.adx(d, 14), dc.upper, dc.middle, dc.lower, ctx.ind.roc(d.close, 10), ctx.ind.stddev(d.close, 9), ctx.ind.sma(rsi, 5), ctx.ind.ema(atr, 7)];
      return { list, sma };
    },
    onBar(ctx, s) {
      seen.push([ctx.barIndex, ctx.time, ctx.close(0), ...s.list.map((x) => x.at(0)), s.sma.at(3)]);
    },
  });
}

const flat: AccountSnapshot = { positions: [{ size: 0, avgPrice: 0, realizedPnl: 0, sellable: 0 }], cash: 1000, freeCash: 1000, equity: 1000, currency: 'USDT' };

function startInput(history: LiveBar[], store: Record<string, unknown> = {}): HostStart {
  return { params: {}, symbols: ['X/USDT'], timeframe: '1h', mode: 'paper', lots: [0], history: [history], store, openOrders: [], orderSeq: 0, idPrefix: 's', initialCapital: 1000, account: flat };
}

function live(from: number, to: number, seen: number[][]): void {
  const host = new StrategyHost(probe(seen));
  host.start(startInput(bars.slice(0, from)));
  for (let i = from; i < to; i++) host.step({ ts: bars[i].ts, bars: [bars[i]], evaluate: true, account: flat });
}

function expectSame(liveRows: number[][], btRows: number[][]): void {
  expect(liveRows.length).toBe(btRows.length);
  let exact = 0;
  for (let r = 0; r < btRows.length; r++) {
    for (let c = 0; c < btRows[r].length; c++) {
      const a = liveRows[r][c];
      const b = btRows[r][c];
      if (Object.is(a, b) || a === b) {
        exact++;
        continue;
      }
      const close = Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
      if (!close) expect({ bar: btRows[r][0], column: c < 3 ? ['barIndex', 'time', 'close'][c] : (NAMES[c - 3] ?? 'sma.at(3)'), live: a }).toEqual({ bar: btRows[r][0], column: c < 3 ? ['barIndex', 'time', 'close'][c] : (NAMES[c - 3] ?? 'sma.at(3)'), live: b });
    }
  }
  expect(exact).toBeGreaterThan(0);
}

describe('live runtime: indicators agree with the backtest', () => {
  const bt: number[][] = [];
  runBacktest({ strategy: probe(bt), feeds: [{ symbol: 'X/USDT', timeframe: '1h', bars: columns }], config: { startupBars: H } });

  it('every indicator value seen by onBar, warmed on history then streamed', () => {
    const seen: number[][] = [];
    live(H, N, seen);
    expect(bt.length).toBe(N - H);
    // every indicator is warm (a finite number) by the first live bar: the comparison is of values, not of NaNs
    for (let c = 3; c < bt[0].length; c++) expect(Number.isFinite(bt[0][c])).toBe(true);
    expectSame(seen, bt);
  });

  it('a restart (history up to the last evaluated bar, then on) sees the same values', () => {
    const first: number[][] = [];
    live(H, 420, first);
    const second: number[][] = [];
    live(420, N, second);
    expectSame([...first, ...second].map((r) => r.slice(1)), bt.map((r) => r.slice(1)));
  });
});

describe('live runtime: the broker is the account', () => {
  const snapshot = (size: number): AccountSnapshot => ({ positions: [{ size, avgPrice: 100, realizedPnl: 0, sellable: size }], cash: 500, freeCash: 400, equity: 500 + size * 100, currency: 'USDT' });

  it('position and portfolio are the snapshot the deployment sent, closePosition sells exactly that', () => {
    const sizes: number[] = [];
    const host = new StrategyHost(
      defineStrategy({
        id: 'close-all',
        name: 'close all',
        onBar(ctx) {
          sizes.push(ctx.position().size, ctx.portfolio.cash, ctx.account.buyingPower);
          if (ctx.position().size > 0) ctx.closePosition(undefined, 'out');
        },
      }),
    );
    host.start({ ...startInput(bars.slice(0, 5)), lots: [0.001] });
    const out = host.step({ ts: bars[5].ts, bars: [bars[5]], evaluate: true, account: snapshot(1.2345678) });
    expect(sizes).toEqual([1.2345678, 500, 400]);
    expect(out.intents).toEqual([{ kind: 'submit', id: 's1', inst: 0, request: expect.objectContaining({ side: 'sell', type: 'market', size: 1.234, reduceOnly: true, tag: 'out' }), links: {}, createdAt: bars[5].ts + 3_600_000 }]);
  });

  it('brackets and OCO carry their links; updates reach onOrder/onFill and the order the strategy holds', () => {
    const events: string[] = [];
    let held: { status: string; filled: number } | null = null;
    const host = new StrategyHost(
      defineStrategy({
        id: 'bracket',
        name: 'bracket',
        onBar(ctx) {
          if (ctx.barIndex === 5) held = ctx.bracket({ side: 'buy', size: 1, stopLoss: 90, takeProfit: 120, tag: 'b' }).entry;
        },
        onFill(_ctx, _s, f) {
          events.push(`fill ${f.orderId} ${f.size}@${f.price} bar ${f.barIndex}`);
        },
        onOrder(_ctx, _s, o) {
          events.push(`order ${o.id} ${o.status}`);
        },
      }),
    );
    host.start(startInput(bars.slice(0, 5)));
    const out = host.step({ ts: bars[5].ts, bars: [bars[5]], evaluate: true, account: flat });
    expect(out.intents.map((i) => (i.kind === 'submit' ? [i.id, i.request.type, i.links] : i.kind))).toEqual([
      ['s1', 'market', {}],
      ['s2', 'stop', { parentId: 's1', ocoGroup: 'oco1' }],
      ['s3', 'limit', { parentId: 's1', ocoGroup: 'oco1' }],
    ]);
    const entry = { id: 's1', symbol: 'X/USDT', side: 'buy' as const, type: 'market' as const, size: 1, filled: 1, limitPrice: null, stopPrice: null, status: 'filled' as const, avgPrice: 101, reduceOnly: false, tag: 'b', parentId: null, ocoGroup: null, reason: null, createdAt: 0 };
    host.update({ order: entry, fill: { orderId: 's1', symbol: 'X/USDT', side: 'buy', size: 1, price: 101, commission: 0.1, slippage: 0, liquidity: 'taker', ts: bars[6].ts, barIndex: -1, tag: 'b' }, account: snapshot(1) });
    expect(events).toEqual(['fill s1 1@101 bar 6', 'order s1 filled']);
    expect(held).toMatchObject({ status: 'filled', filled: 1 });
  });

  it('ctx.store comes back after a restart and must be JSON', () => {
    const counting = defineStrategy({
      id: 'count',
      name: 'count',
      onBar(ctx) {
        ctx.store.n = ((ctx.store.n as number) ?? 0) + 1;
      },
    });
    const a = new StrategyHost(counting);
    a.start(startInput(bars.slice(0, 5)));
    let out = a.step({ ts: bars[5].ts, bars: [bars[5]], evaluate: true, account: flat });
    out = a.step({ ts: bars[6].ts, bars: [bars[6]], evaluate: true, account: flat });
    expect(out.store).toEqual({ n: 2 });
    const b = new StrategyHost(counting);
    b.start(startInput(bars.slice(0, 7), out.store));
    expect(b.step({ ts: bars[7].ts, bars: [bars[7]], evaluate: true, account: flat }).store).toEqual({ n: 3 });
    // a bar fed without evaluation (seen before a restart, or the account not tradable) runs no onBar
    expect(b.step({ ts: bars[8].ts, bars: [bars[8]], evaluate: false, account: flat }).store).toEqual({ n: 3 });

    const bad = new StrategyHost(defineStrategy({ id: 'bad', name: 'bad', onBar: (ctx) => void (ctx.store.f = 1n) }));
    bad.start(startInput(bars.slice(0, 5)));
    expect(() => bad.step({ ts: bars[5].ts, bars: [bars[5]], evaluate: true, account: flat })).toThrow(/ctx.store must hold JSON/);
  });

  it('a throw in onBar is a STRATEGY_ERROR naming the hook; indicators cannot be declared after init', () => {
    const host = new StrategyHost(defineStrategy({ id: 'late', name: 'late', onBar: (ctx) => void (ctx as unknown as { ind: { sma(s: Series, p: number): Series } }).ind.sma(ctx.bars.close, 3) }));
    host.start(startInput(bars.slice(0, 5)));
    expect(() => host.step({ ts: bars[5].ts, bars: [bars[5]], evaluate: true, account: flat })).toThrow(/failed in onBar: ind.sma\(\) must be called in init/);
  });
});

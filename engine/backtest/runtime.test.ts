import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { barsOf, flatBars, T0 } from './testing';
import { allocBarColumns } from '../model/bars';
import { defineStrategy, type OrderView } from '../strategy/api';

describe('several symbols, merged by time', () => {
  it('calls onBar in time order (symbol order within a time), fills each symbol at its own next bar', () => {
    const M = 60_000;
    // A has bars at minutes 0,1,2,3; B only at 1 and 3.
    const a = flatBars([10, 11, 12, 13]);
    const b = allocBarColumns(2);
    [1, 3].forEach((m, i) => {
      b.ts[i] = T0 + m * M;
      b.open[i] = b.high[i] = b.low[i] = b.close[i] = 100 + m;
      b.volume[i] = 1;
    });
    const calls: string[] = [];
    const sizes: number[] = [];
    const s = defineStrategy({
      id: 'multi',
      name: 'multi',
      onBar(ctx) {
        calls.push(`${ctx.symbol}#${ctx.barIndex}@${(ctx.time - T0) / M}`);
        if (ctx.symbol === 'B@t' && ctx.barIndex === 0) ctx.buy(1); // fills at B's next bar (minute 3), not at minute 2
        if (ctx.symbol === 'A@t' && ctx.barIndex === 1) ctx.buy(1, { symbol: 'B@t' });
        // Sizing reads each symbol's newest close, also for a flat symbol seen from another one.
        if (ctx.symbol === 'A@t' && ctx.barIndex === 2) sizes.push(ctx.sizing.percentOfEquity(0.5, 'A@t'), ctx.sizing.percentOfEquity(0.5, 'B@t'));
      },
    });
    const r = runBacktest({
      strategy: s,
      feeds: [
        { symbol: 'A@t', timeframe: '1m', bars: a },
        { symbol: 'B@t', timeframe: '1m', bars: b },
      ],
    });
    expect(calls).toEqual(['A@t#0@1', 'A@t#1@2', 'B@t#0@2', 'A@t#2@3', 'A@t#3@4', 'B@t#1@4']);
    expect(r.fills.map((f) => [f.symbol, f.price, f.ts - T0])).toEqual([
      ['B@t', 103, 3 * M],
      ['B@t', 103, 3 * M],
    ]);
    // When A's bar 2 closes (close 12), nothing has filled yet (equity 100,000) and B's newest close is 101.
    expect(sizes[0]).toBeCloseTo(50_000 / 12, 6);
    expect(sizes[1]).toBeCloseTo(50_000 / 101, 6);
    expect(r.steps).toBe(4);
    expect(r.bars).toBe(6);
    expect(r.benchmark).toBe('A@t');
    expect(r.metrics.benchmarkReturn).toBeCloseTo(13 / 10 - 1, 12);
  });
});

describe('what a run returns', () => {
  it('order events, logs, markers, plots and store; JSON round-trips', () => {
    const events: string[] = [];
    const s = defineStrategy({
      id: 'all',
      name: 'all',
      init(ctx) {
        const sma = ctx.ind.sma(ctx.data().close, 2);
        ctx.plot.line('sma', sma, { color: 'red' });
        ctx.plot.level('zero', 0, { pane: 'osc' });
        return { sma, order: null as OrderView | null };
      },
      onBar(ctx, st) {
        ctx.store.count = ((ctx.store.count as number) ?? 0) + 1;
        if (ctx.barIndex === 0) {
          st.order = ctx.buy(2, { type: 'limit', limitPrice: 9, tag: 'dip' });
          ctx.mark('placed', 'arrowUp');
          ctx.log.info('placed', { price: 9 });
        }
      },
      onOrder(_ctx, _st, o) {
        events.push(`${o.id} ${o.status} ${o.filled}`);
      },
    });
    const bars = barsOf([
      [10, 10, 10, 10],
      [10, 10, 9.5, 9.6],
      [9.5, 9.7, 8.8, 9],
    ]);
    const r = runBacktest({ strategy: s, feeds: [{ symbol: 'X@t', timeframe: '1m', bars }], config: { maxCurvePoints: 2 } });
    expect(events).toEqual(['o1 accepted 0', 'o1 filled 2']);
    expect(r.logs).toEqual([{ ts: T0 + 60_000, level: 'info', message: 'placed', data: { price: 9 } }]);
    expect(r.markers).toEqual([{ ts: T0, symbol: 'X@t', text: 'placed', shape: 'arrowUp', color: null }]);
    expect(r.plots[0]).toMatchObject({ kind: 'line', name: 'sma', symbol: 'X@t', timeframe: '1m', offset: 1, stride: 2, values: [9.8] });
    expect(r.plots[1]).toMatchObject({ kind: 'level', value: 0, pane: 'osc' });
    expect(r.curve).toMatchObject({ stride: 2, ts: [T0, T0 + 120_000] });
    expect(r.fills[0]).toMatchObject({ price: 9, tag: 'dip', orderId: 'o1' });
    expect(r.trades[0]).toMatchObject({ open: true, size: 2, entryPrice: 9, netPnl: 0 });
    const json = JSON.parse(JSON.stringify(r));
    expect(json.orders[0]).toEqual({ ...r.orders[0] });
    expect(json.metrics).toEqual(r.metrics);
  });
});

describe('the order a strategy holds', () => {
  it('is the working order itself: it follows its fills, and reads as plain fields', () => {
    const seen: string[] = [];
    let held: OrderView | null = null;
    const s = defineStrategy({
      id: 'hold',
      name: 'hold',
      onBar(ctx) {
        if (ctx.barIndex === 0) held = ctx.buy(3, { type: 'limit', limitPrice: 9, tag: 'dip' });
        if (held) seen.push(`${ctx.barIndex} ${held.status} ${held.filled} ${ctx.openOrders()[0] === held}`);
      },
    });
    const bars = barsOf([
      [10, 10, 10, 10],
      [10, 10, 9.5, 9.6],
      [9.5, 9.7, 8.8, 9],
      [9, 9, 9, 9],
    ]);
    const r = runBacktest({ strategy: s, feeds: [{ symbol: 'X@t', timeframe: '1m', bars }] });
    // Bar 1 does not reach 9; bar 2 does (at the limit, the open being above it).
    expect(seen).toEqual(['0 accepted 0 true', '1 accepted 0 true', '2 filled 3 false', '3 filled 3 false']);
    const plain = { id: 'o1', symbol: 'X@t', side: 'buy', type: 'limit', size: 3, filled: 3, limitPrice: 9, stopPrice: null, status: 'filled', avgPrice: 9, reduceOnly: false, tag: 'dip', parentId: null, ocoGroup: null, reason: null, createdAt: T0 + 60_000 };
    expect(JSON.parse(JSON.stringify(held))).toEqual(plain);
    expect(r.orders).toEqual([plain]);
  });
});

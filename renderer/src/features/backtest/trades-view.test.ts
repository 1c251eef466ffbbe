import { describe, expect, it } from 'vitest';
import { viewTrades, visibleWindow, type TradeRow } from './trades-view';

const row = (id: number, netPnl: number, exitTs: number | null, direction: 'long' | 'short' = 'long'): TradeRow => ({ id, symbol: 'X@csv', direction, size: 1, entryTs: id, entryPrice: 1, exitTs, exitPrice: exitTs, netPnl, returnPct: netPnl, barsHeld: 1, open: exitTs === null });

describe('trades table', () => {
  const trades = [row(1, 5, 10), row(2, -3, null, 'short'), row(3, 0, 30)];
  it('sorts either way with nulls last', () => {
    expect(viewTrades(trades, '', { key: 'netPnl', desc: true }).map((t) => t.id)).toEqual([1, 3, 2]);
    expect(viewTrades(trades, '', { key: 'exitTs', desc: false }).map((t) => t.id)).toEqual([1, 3, 2]);
    expect(viewTrades(trades, '', { key: 'exitTs', desc: true }).map((t) => t.id)).toEqual([3, 1, 2]);
  });
  it('filters by side, number, winners and losers', () => {
    expect(viewTrades(trades, 'short', { key: 'id', desc: false }).map((t) => t.id)).toEqual([2]);
    expect(viewTrades(trades, '#3', { key: 'id', desc: false }).map((t) => t.id)).toEqual([3]);
    expect(viewTrades(trades, '>0', { key: 'id', desc: false }).map((t) => t.id)).toEqual([1]);
    expect(viewTrades(trades, '<0', { key: 'id', desc: false }).map((t) => t.id)).toEqual([2]);
  });
  it('draws only the rows in view', () => {
    expect(visibleWindow(0, 280, 28, 100_000)).toEqual({ start: 0, end: 18 });
    expect(visibleWindow(28 * 5000, 280, 28, 100_000)).toEqual({ start: 4992, end: 5018 });
    expect(visibleWindow(0, 280, 28, 3)).toEqual({ start: 0, end: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_NUMBERED_TRADES, plotTimes, tradeMarkers } from './trade-markers';

describe('trade markers', () => {
  it('mark entries with arrows, exits with circles coloured by P&L, in time order', () => {
    const m = tradeMarkers(
      [
        { id: 2, direction: 'short', entryTs: 5000, entryPrice: 1, exitTs: 9000, exitPrice: 2, netPnl: -1 },
        { id: 1, direction: 'long', entryTs: 1000, entryPrice: 1, exitTs: null, exitPrice: null, netPnl: 0 },
      ],
      [{ ts: 3000, text: 'hi', shape: 'square', color: null }],
      { up: 'U', down: 'D' },
    );
    expect(m.map((x) => [x.time, x.shape, x.color])).toEqual([
      [1, 'arrowUp', 'U'],
      [3, 'square', '#a855f7'],
      [5, 'arrowDown', 'D'],
      [9, 'circle', 'D'],
    ]);
  });
  it('number the trades only while there are few of them', () => {
    const trades = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, direction: 'long' as const, entryTs: i * 2000, entryPrice: 1, exitTs: i * 2000 + 1000, exitPrice: 1, netPnl: 0 }));
    expect(tradeMarkers(trades(2), [], { up: 'U', down: 'D' }).map((x) => x.text)).toEqual(['#1', '×1', '#2', '×2']);
    expect(tradeMarkers(trades(MAX_NUMBERED_TRADES + 1), [], { up: 'U', down: 'D' }).every((x) => x.text === '')).toBe(true);
  });
  it('place plot values on their bars', () => {
    expect(plotTimes([10, 20, 30, 40, 50], 1, 2, 5)).toEqual([20, 40]);
  });
});

export interface TradeRow {
  id: number;
  symbol: string;
  direction: 'long' | 'short';
  size: number;
  entryTs: number;
  entryPrice: number;
  exitTs: number | null;
  exitPrice: number | null;
  netPnl: number;
  returnPct: number;
  barsHeld: number;
  open: boolean;
}

export type TradeSortKey = 'id' | 'direction' | 'entryTs' | 'entryPrice' | 'exitTs' | 'exitPrice' | 'size' | 'netPnl' | 'returnPct' | 'barsHeld';
export interface TradeSort {
  key: TradeSortKey;
  desc: boolean;
}

/**
 * Filters by a free text (side, symbol, or a trade number; `>0` / `<0` for winners / losers) and
 * sorts (nulls last either way).
 */
export function viewTrades<T extends TradeRow>(trades: readonly T[], filter: string, sort: TradeSort): T[] {
  const f = filter.trim().toLowerCase();
  const rows = f
    ? trades.filter((t) => {
        if (f === '>0') return t.netPnl > 0;
        if (f === '<0') return t.netPnl < 0;
        return `#${t.id} ${t.id} ${t.direction} ${t.symbol}`.toLowerCase().includes(f);
      })
    : [...trades];
  const dir = sort.desc ? -1 : 1;
  return rows.sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return a.id - b.id;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * dir;
  });
}

/** Which rows a virtual list draws: those in view plus a few either side. */
export function visibleWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { start, end };
}

/**
 * Bars in bulk, as columns: one Float64Array per field, index-aligned. This is how bars are
 * stored, read, sent between threads (the buffers are transferable) and fed to indicators.
 * `ts` is the bar's open time in UTC epoch ms.
 */
export interface BarColumns {
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export const BAR_FIELDS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** One bar as an object: for streaming code and tests, not for bulk work. */
export interface Bar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** `shared`: each column over a SharedArrayBuffer, which V8 does not count as external memory (backtest-runner/read-ahead.ts). */
export function allocBarColumns(n: number, shared = false): BarColumns {
  const column = shared ? () => new Float64Array(new SharedArrayBuffer(n * 8)) : () => new Float64Array(n);
  return { ts: column(), open: column(), high: column(), low: column(), close: column(), volume: column() };
}

export function barCount(c: BarColumns): number {
  return c.ts.length;
}

export function barAt(c: BarColumns, i: number): Bar {
  return { ts: c.ts[i], open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
}

/** Bars [start, end) as views on the same memory (no copy). */
export function sliceBars(c: BarColumns, start: number, end: number): BarColumns {
  return {
    ts: c.ts.subarray(start, end),
    open: c.open.subarray(start, end),
    high: c.high.subarray(start, end),
    low: c.low.subarray(start, end),
    close: c.close.subarray(start, end),
    volume: c.volume.subarray(start, end),
  };
}

export function barsFromObjects(bars: readonly Bar[]): BarColumns {
  const c = allocBarColumns(bars.length);
  bars.forEach((b, i) => {
    c.ts[i] = b.ts;
    c.open[i] = b.open;
    c.high[i] = b.high;
    c.low[i] = b.low;
    c.close[i] = b.close;
    c.volume[i] = b.volume;
  });
  return c;
}

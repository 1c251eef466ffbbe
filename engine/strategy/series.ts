import { EngineError } from '../core/errors';
import type { BarSeries, Series } from './api';
import type { Timeframe } from '../../shared/timeframe';
import type { BarColumns } from '../model/bars';

/**
 * Where "now" is in one feed: the index of the newest bar that has closed. The engine moves it;
 * every series of the feed reads through it, so no series can reach past it.
 */
export class Cursor {
  i = -1;
}

function badLookback(barsAgo: number): never {
  throw new EngineError('STRATEGY_ERROR', `series.at(${barsAgo}): barsAgo must be a whole number ≥ 0 (no future values)`);
}

/**
 * A column (bar field or precomputed indicator) read through a cursor. Reads go to `data`: the
 * column itself, or, while a multi-symbol backtest runs, an interleaved copy (value i at
 * `i * stride + offset`) shared with the run's other indicator columns (see `interleave`).
 */
export class ArraySeries implements Series {
  data: Float64Array;
  stride = 1;
  offset = 0;

  constructor(
    /** The whole column; never handed to strategy code. */
    readonly values: Float64Array,
    readonly cursor: Cursor,
  ) {
    this.data = values;
  }

  at(barsAgo = 0): number {
    const i = this.cursor.i - barsAgo;
    // `barsAgo >>> 0 === barsAgo` holds only for whole numbers ≥ 0, so i ≤ cursor: never the future.
    if (barsAgo >>> 0 === barsAgo && i >= 0) return this.data[i * this.stride + this.offset];
    return barsAgo >>> 0 === barsAgo ? NaN : badLookback(barsAgo);
  }

  get length(): number {
    return this.cursor.i + 1;
  }
}

/** One instrument on one timeframe as the strategy sees it. */
export class FeedSeries implements BarSeries {
  readonly ts: ArraySeries;
  readonly open: ArraySeries;
  readonly high: ArraySeries;
  readonly low: ArraySeries;
  readonly close: ArraySeries;
  readonly volume: ArraySeries;
  readonly cursor = new Cursor();
  /** Close time of each bar (UTC ms): when it becomes visible. */
  readonly closeTs: Float64Array;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    readonly columns: BarColumns,
    closeTs: Float64Array,
  ) {
    const c = this.cursor;
    this.ts = new ArraySeries(columns.ts, c);
    this.open = new ArraySeries(columns.open, c);
    this.high = new ArraySeries(columns.high, c);
    this.low = new ArraySeries(columns.low, c);
    this.close = new ArraySeries(columns.close, c);
    this.volume = new ArraySeries(columns.volume, c);
    this.closeTs = closeTs;
  }

  get index(): number {
    return this.cursor.i;
  }
}

/**
 * Interleaves columns of the same length into `out` (value i of column j at `i * m + j`, m
 * columns) and points each series' reads there. A strategy over many symbols reads one value of
 * each of its columns per step: from separate arrays that is one memory stream per column, more
 * than the hardware prefetcher follows, and the reads stall; interleaved they are one stream.
 * `separate` undoes it (before `out` is reused).
 */
export function interleave(series: readonly ArraySeries[], out: Float64Array): void {
  const m = series.length;
  const n = m === 0 ? 0 : series[0].values.length;
  // Blocks of steps, so each pass over the columns writes lines that are still in cache.
  const BLOCK = 1024;
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (let j = 0; j < m; j++) {
      const v = series[j].values;
      for (let i = from; i < to; i++) out[i * m + j] = v[i];
    }
  }
  for (let j = 0; j < m; j++) {
    series[j].data = out;
    series[j].stride = m;
    series[j].offset = j;
  }
}

export function separate(series: readonly ArraySeries[]): void {
  for (const s of series) {
    s.data = s.values;
    s.stride = 1;
    s.offset = 0;
  }
}

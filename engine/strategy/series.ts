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

/** A column (bar field or precomputed indicator) read through a cursor. */
export class ArraySeries implements Series {
  constructor(
    /** The whole column; never handed to strategy code. */
    readonly values: Float64Array,
    readonly cursor: Cursor,
  ) {}

  at(barsAgo = 0): number {
    const i = this.cursor.i - barsAgo;
    // `barsAgo >>> 0 === barsAgo` holds only for whole numbers ≥ 0, so i ≤ cursor: never the future.
    if (barsAgo >>> 0 === barsAgo && i >= 0) return this.values[i];
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

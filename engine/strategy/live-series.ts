import { EngineError } from '../core/errors';
import type { BarSeries, Series } from './api';
import type { Timeframe } from '../../shared/timeframe';
import { Cursor } from './series';

/**
 * A column that grows by one value per closed bar (live trading). Capacity doubles, so appending
 * is amortised O(1) and reads are plain typed-array reads, like the backtest's columns.
 */
export class GrowingColumn {
  values: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }

  /** The newest value (NaN when empty). */
  last(): number {
    return this.length > 0 ? this.values[this.length - 1] : NaN;
  }
}

function badLookback(barsAgo: number): never {
  throw new EngineError('STRATEGY_ERROR', `series.at(${barsAgo}): barsAgo must be a whole number ≥ 0 (no future values)`);
}

/**
 * A growing column read through its feed's cursor: the same reading rule as the backtest's
 * `ArraySeries` (value t is visible only once bar t has closed), so a strategy cannot tell them apart.
 */
export class LiveSeries implements Series {
  constructor(
    readonly column: GrowingColumn,
    readonly feed: LiveFeed,
  ) {}

  at(barsAgo = 0): number {
    const i = this.feed.cursor.i - barsAgo;
    if (barsAgo >>> 0 === barsAgo && i >= 0) return this.column.values[i];
    return barsAgo >>> 0 === barsAgo ? NaN : badLookback(barsAgo);
  }

  get length(): number {
    return this.feed.cursor.i + 1;
  }
}

export interface LiveBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * One instrument on one timeframe in live trading: bars are appended as they close, and the
 * indicators declared on the feed (see `StreamingIndicators`) are updated right after, in the
 * order they were declared (a source is always declared before what reads it).
 */
export class LiveFeed implements BarSeries {
  readonly cursor = new Cursor();
  readonly ts: LiveSeries;
  readonly open: LiveSeries;
  readonly high: LiveSeries;
  readonly low: LiveSeries;
  readonly close: LiveSeries;
  readonly volume: LiveSeries;
  private readonly updaters: Array<(bar: LiveBar) => void> = [];

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
  ) {
    this.ts = this.series();
    this.open = this.series();
    this.high = this.series();
    this.low = this.series();
    this.close = this.series();
    this.volume = this.series();
  }

  get index(): number {
    return this.cursor.i;
  }

  /** Bars appended so far. */
  get size(): number {
    return this.ts.column.length;
  }

  /** A new column of this feed (an indicator output). */
  series(): LiveSeries {
    return new LiveSeries(new GrowingColumn(), this);
  }

  /** Runs after each appended bar; indicators register here. */
  onAppend(update: (bar: LiveBar) => void): void {
    this.updaters.push(update);
  }

  /** Appends a closed bar, updates the indicators, and makes the bar "now". */
  append(bar: LiveBar): void {
    const last = this.ts.column.last();
    if (!(bar.ts > last) && this.size > 0) throw new EngineError('BAD_DATA', `${this.symbol} ${this.timeframe}: bar ${bar.ts} does not follow ${last}`);
    this.ts.column.push(bar.ts);
    this.open.column.push(bar.open);
    this.high.column.push(bar.high);
    this.low.column.push(bar.low);
    this.close.column.push(bar.close);
    this.volume.column.push(bar.volume);
    for (const u of this.updaters) u(bar);
    this.cursor.i = this.size - 1;
  }
}

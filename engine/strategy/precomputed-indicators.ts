import { EngineError } from '../core/errors';
import * as lib from '../indicators';
import type { BarSeries, BollingerBands, DonchianChannel, Indicators, Series } from './api';
import { ArraySeries, FeedSeries } from './series';

/**
 * Indicators for backtests: each is computed once over the whole feed with the library's batch
 * function and read through the feed's cursor, so a strategy sees value t only at bar t. Causal
 * indicators give the same values as their streaming twins used live.
 */
export class PrecomputedIndicators implements Indicators {
  /** Off after `init`: computing per bar would be slow and is never needed. */
  open = true;
  /** Every series made, in order (the engine may lay them out for reading, see `interleave`). */
  readonly made: ArraySeries[] = [];

  sma(source: Series, period: number): Series {
    const s = this.src(source, 'sma');
    return this.keep(new ArraySeries(lib.sma(s.values, period), s.cursor));
  }
  ema(source: Series, period: number): Series {
    const s = this.src(source, 'ema');
    return this.keep(new ArraySeries(lib.ema(s.values, period), s.cursor));
  }
  rsi(source: Series, period: number): Series {
    const s = this.src(source, 'rsi');
    return this.keep(new ArraySeries(lib.rsi(s.values, period), s.cursor));
  }
  roc(source: Series, period: number): Series {
    const s = this.src(source, 'roc');
    return this.keep(new ArraySeries(lib.roc(s.values, period), s.cursor));
  }
  stddev(source: Series, period: number): Series {
    const s = this.src(source, 'stddev');
    return this.keep(new ArraySeries(lib.stddev(s.values, period), s.cursor));
  }
  bbands(source: Series, period: number, devUp = 2, devDown = 2): BollingerBands {
    const s = this.src(source, 'bbands');
    const b = lib.bbands(s.values, period, devUp, devDown);
    return { upper: this.keep(new ArraySeries(b.upper, s.cursor)), middle: this.keep(new ArraySeries(b.middle, s.cursor)), lower: this.keep(new ArraySeries(b.lower, s.cursor)) };
  }
  atr(bars: BarSeries, period: number): Series {
    const f = this.feed(bars, 'atr');
    return this.keep(new ArraySeries(lib.atr(f.columns.high, f.columns.low, f.columns.close, period), f.cursor));
  }
  adx(bars: BarSeries, period: number): Series {
    const f = this.feed(bars, 'adx');
    return this.keep(new ArraySeries(lib.adx(f.columns.high, f.columns.low, f.columns.close, period), f.cursor));
  }
  donchian(bars: BarSeries, period: number): DonchianChannel {
    const f = this.feed(bars, 'donchian');
    const d = lib.donchian(f.columns.high, f.columns.low, period);
    return { upper: this.keep(new ArraySeries(d.upper, f.cursor)), middle: this.keep(new ArraySeries(d.middle, f.cursor)), lower: this.keep(new ArraySeries(d.lower, f.cursor)) };
  }

  private keep(s: ArraySeries): ArraySeries {
    this.made.push(s);
    return s;
  }

  private check(name: string): void {
    if (!this.open) throw new EngineError('STRATEGY_ERROR', `ind.${name}() must be called in init, not in onBar`);
  }
  private src(s: Series, name: string): ArraySeries {
    this.check(name);
    if (!(s instanceof ArraySeries)) throw new EngineError('STRATEGY_ERROR', `ind.${name}(): the source must be a bar field or an indicator of a feed`);
    return s;
  }
  private feed(b: BarSeries, name: string): FeedSeries {
    this.check(name);
    if (!(b instanceof FeedSeries)) throw new EngineError('STRATEGY_ERROR', `ind.${name}(): pass a feed (ctx.data(...))`);
    return b;
  }
}

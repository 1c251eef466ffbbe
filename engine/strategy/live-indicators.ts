import { EngineError } from '../core/errors';
import * as lib from '../indicators';
import type { BarSeries, BollingerBands, DonchianChannel, Indicators, Series } from './api';
import { LiveFeed, LiveSeries, type LiveBar } from './live-series';

/**
 * Indicators for live trading: the streaming form of each library indicator, fed one value per
 * closed bar, writing into a growing column of the same feed. The streaming forms give the batch
 * functions' numbers bar for bar (engine/indicators/streaming.test.ts), so a strategy sees the
 * values it saw in its backtest. Declared in `init` like `PrecomputedIndicators`; the history
 * bars then warm them up before the first live `onBar`.
 */
export class StreamingIndicators implements Indicators {
  /** Off after `init`: a streaming indicator declared later would have missed the warm-up. */
  open = true;

  sma(source: Series, period: number): Series {
    return this.single(source, 'sma', new lib.SmaStream(period));
  }
  ema(source: Series, period: number): Series {
    return this.single(source, 'ema', new lib.EmaStream(period));
  }
  rsi(source: Series, period: number): Series {
    return this.single(source, 'rsi', new lib.RsiStream(period));
  }
  roc(source: Series, period: number): Series {
    return this.single(source, 'roc', new lib.RocStream(period));
  }
  stddev(source: Series, period: number): Series {
    return this.single(source, 'stddev', new lib.StddevStream(period));
  }
  bbands(source: Series, period: number, devUp = 2, devDown = 2): BollingerBands {
    const s = this.src(source, 'bbands');
    const k = new lib.BbandsStream(period, devUp, devDown);
    const out = { upper: s.feed.series(), middle: s.feed.series(), lower: s.feed.series() };
    const col = s.column;
    s.feed.onAppend(() => {
      k.next(col.values[col.length - 1]);
      out.upper.column.push(k.upper);
      out.middle.column.push(k.middle);
      out.lower.column.push(k.lower);
    });
    return out;
  }
  atr(bars: BarSeries, period: number): Series {
    const f = this.feed(bars, 'atr');
    const k = new lib.AtrStream(period);
    const out = f.series();
    f.onAppend((b: LiveBar) => out.column.push(k.next(b.high, b.low, b.close)));
    return out;
  }
  adx(bars: BarSeries, period: number): Series {
    const f = this.feed(bars, 'adx');
    const k = new lib.DirectionalStream(period);
    const out = f.series();
    f.onAppend((b: LiveBar) => out.column.push(k.next(b.high, b.low, b.close)));
    return out;
  }
  donchian(bars: BarSeries, period: number): DonchianChannel {
    const f = this.feed(bars, 'donchian');
    const k = new lib.DonchianStream(period);
    const out = { upper: f.series(), middle: f.series(), lower: f.series() };
    f.onAppend((b: LiveBar) => {
      k.next(b.high, b.low);
      out.upper.column.push(k.upper);
      out.middle.column.push(k.middle);
      out.lower.column.push(k.lower);
    });
    return out;
  }

  /** One input series, one output; `value` is written whether or not the stream is warm (NaN until then). */
  private single(source: Series, name: string, k: { next(x: number): number }): Series {
    const s = this.src(source, name);
    const out = s.feed.series();
    const col = s.column;
    s.feed.onAppend(() => out.column.push(k.next(col.values[col.length - 1])));
    return out;
  }

  private check(name: string): void {
    if (!this.open) throw new EngineError('STRATEGY_ERROR', `ind.${name}() must be called in init, not in onBar`);
  }
  private src(s: Series, name: string): LiveSeries {
    this.check(name);
    if (!(s instanceof LiveSeries)) throw new EngineError('STRATEGY_ERROR', `ind.${name}(): the source must be a bar field or an indicator of a feed`);
    return s;
  }
  private feed(b: BarSeries, name: string): LiveFeed {
    this.check(name);
    if (!(b instanceof LiveFeed)) throw new EngineError('STRATEGY_ERROR', `ind.${name}(): pass a feed (ctx.data(...))`);
    return b;
  }
}

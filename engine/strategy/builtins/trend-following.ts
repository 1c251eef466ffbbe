import type { OrderView } from '../api';
import { defineStrategy } from '../api';

/**
 * Trend following: long when the fast EMA is above the slow EMA and ADX says the trend is strong.
 * Risk per trade is a share of equity with the stop a multiple of ATR away; the stop then trails
 * the highest close since entry (a working stop order, moved with `modify`).
 */
export default defineStrategy({
  id: 'trend-following',
  name: 'Trend following (EMA + ADX, ATR trailing stop)',
  description: 'Rides strong trends; sizes by ATR risk and exits on a trailing ATR stop or a trend reversal.',
  params: {
    fast: { type: 'int', default: 20, min: 2, max: 200, label: 'Fast EMA' },
    slow: { type: 'int', default: 50, min: 3, max: 400, label: 'Slow EMA' },
    adxPeriod: { type: 'int', default: 14, min: 2, max: 100, label: 'ADX period' },
    adxMin: { type: 'float', default: 25, min: 0, max: 100, label: 'Min ADX' },
    atrPeriod: { type: 'int', default: 14, min: 2, max: 100, label: 'ATR period' },
    atrMultiple: { type: 'float', default: 3, min: 0.5, max: 10, step: 0.5, label: 'Stop distance (ATR)' },
    risk: { type: 'float', default: 0.01, min: 0.001, max: 0.1, step: 0.001, label: 'Risk per trade (equity)' },
  },
  startupBars: (p) => Math.max(p.slow, 2 * p.adxPeriod, p.atrPeriod),
  init(ctx) {
    return ctx.symbols.map((symbol, k) => {
      const bars = ctx.data(symbol);
      const fast = ctx.ind.ema(bars.close, ctx.params.fast);
      const slow = ctx.ind.ema(bars.close, ctx.params.slow);
      if (k === 0) {
        ctx.plot.line('fast EMA', fast, { color: '#f59e0b' });
        ctx.plot.line('slow EMA', slow, { color: '#3b82f6' });
      }
      return {
        fast,
        slow,
        adx: ctx.ind.adx(bars, ctx.params.adxPeriod),
        atr: ctx.ind.atr(bars, ctx.params.atrPeriod),
        stop: null as OrderView | null,
        highest: 0,
      };
    });
  },
  onBar(ctx, state) {
    const s = state[ctx.symbolIndex];
    const p = ctx.params;
    const close = ctx.close(0);
    const atr = s.atr.at(0);
    const position = ctx.position().size;
    const uptrend = s.fast.at(0) > s.slow.at(0);
    if (position === 0) {
      if (s.stop && s.stop.status !== 'accepted') s.stop = null;
      if (uptrend && s.adx.at(0) >= p.adxMin && atr > 0 && ctx.openOrders(ctx.symbol).length === 0) {
        const size = ctx.sizing.riskAtr(p.risk, atr, p.atrMultiple);
        if (size > 0) {
          const { stopLoss } = ctx.bracket({ side: 'buy', size, stopLoss: close - p.atrMultiple * atr, tag: 'trend' });
          s.stop = stopLoss;
          s.highest = close;
        }
      }
      return;
    }
    if (!uptrend) {
      ctx.closePosition(undefined, 'trend reversed');
      s.stop = null;
      return;
    }
    // Trail: the stop only ever moves up.
    if (close > s.highest) {
      s.highest = close;
      const next = close - p.atrMultiple * atr;
      if (s.stop && s.stop.status === 'accepted' && next > (s.stop.stopPrice ?? 0)) ctx.modify(s.stop, { stopPrice: next });
    }
  },
});

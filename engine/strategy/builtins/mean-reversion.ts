import { defineStrategy } from '../api';

/**
 * Mean reversion, long only: buy a close below the lower Bollinger band while RSI is oversold,
 * sell when price returns to the middle band (the mean). A protective stop sits a fixed
 * number of standard deviations below entry, as a bracket.
 */
export default defineStrategy({
  id: 'mean-reversion',
  name: 'Mean reversion (Bollinger + RSI)',
  description: 'Buys oversold dips below the lower band; exits at the mean, with a protective stop.',
  params: {
    period: { type: 'int', default: 20, min: 5, max: 200, label: 'Band period' },
    deviations: { type: 'float', default: 2, min: 0.5, max: 4, step: 0.1, label: 'Band width (σ)' },
    rsiPeriod: { type: 'int', default: 14, min: 2, max: 100, label: 'RSI period' },
    oversold: { type: 'float', default: 30, min: 1, max: 50, label: 'RSI oversold' },
    stopDeviations: { type: 'float', default: 3, min: 0.5, max: 10, step: 0.5, label: 'Stop below entry (σ)' },
    allocation: { type: 'float', default: 0.2, min: 0.01, max: 1, step: 0.01, label: 'Share of equity per position' },
  },
  startupBars: (p) => Math.max(p.period, p.rsiPeriod + 1),
  init(ctx) {
    return ctx.symbols.map((symbol, k) => {
      const close = ctx.data(symbol).close;
      const bands = ctx.ind.bbands(close, ctx.params.period, ctx.params.deviations, ctx.params.deviations);
      const sigma = ctx.ind.stddev(close, ctx.params.period);
      if (k === 0) {
        ctx.plot.line('upper', bands.upper, { color: '#94a3b8' });
        ctx.plot.line('middle', bands.middle, { color: '#64748b' });
        ctx.plot.line('lower', bands.lower, { color: '#94a3b8' });
      }
      return { bands, sigma, rsi: ctx.ind.rsi(close, ctx.params.rsiPeriod) };
    });
  },
  onBar(ctx, state) {
    const s = state[ctx.symbolIndex];
    const p = ctx.params;
    const close = ctx.close(0);
    const position = ctx.position().size;
    if (position === 0 && ctx.openOrders(ctx.symbol).length === 0) {
      if (close < s.bands.lower.at(0) && s.rsi.at(0) < p.oversold) {
        const size = ctx.sizing.percentOfEquity(p.allocation);
        if (size > 0) ctx.bracket({ side: 'buy', size, stopLoss: close - p.stopDeviations * s.sigma.at(0), tag: 'oversold' });
      }
    } else if (position > 0 && close >= s.bands.middle.at(0)) {
      ctx.closePosition(undefined, 'back at the mean');
    }
  },
});

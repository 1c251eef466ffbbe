import { defineStrategy } from '../api';

/**
 * Momentum, long only: enter when price has risen over the lookback (ROC above a threshold),
 * RSI shows strength without being overbought, and volume confirms (above its average).
 * Exit when momentum fades (ROC below zero) or RSI gets overbought. Sized as a share of equity.
 */
export default defineStrategy({
  id: 'momentum',
  name: 'Momentum (ROC + RSI, volume confirmed)',
  description: 'Buys rising markets on above-average volume; exits when the move fades or overheats.',
  params: {
    rocPeriod: { type: 'int', default: 20, min: 2, max: 200, label: 'ROC period' },
    rocThreshold: { type: 'float', default: 1, min: 0, max: 50, step: 0.5, label: 'Min ROC (%)' },
    rsiPeriod: { type: 'int', default: 14, min: 2, max: 100, label: 'RSI period' },
    rsiEntryMin: { type: 'float', default: 50, min: 0, max: 100, label: 'RSI entry floor' },
    rsiExit: { type: 'float', default: 75, min: 50, max: 100, label: 'RSI exit (overbought)' },
    volumePeriod: { type: 'int', default: 20, min: 2, max: 200, label: 'Volume average period' },
    volumeFactor: { type: 'float', default: 1.2, min: 0, max: 10, step: 0.1, label: 'Volume ≥ average ×' },
    allocation: { type: 'float', default: 0.2, min: 0.01, max: 1, step: 0.01, label: 'Share of equity per position' },
  },
  startupBars: (p) => Math.max(p.rocPeriod, p.rsiPeriod, p.volumePeriod),
  init(ctx) {
    return ctx.symbols.map((symbol) => {
      const bars = ctx.data(symbol);
      return {
        roc: ctx.ind.roc(bars.close, ctx.params.rocPeriod),
        rsi: ctx.ind.rsi(bars.close, ctx.params.rsiPeriod),
        avgVolume: ctx.ind.sma(bars.volume, ctx.params.volumePeriod),
      };
    });
  },
  onBar(ctx, state) {
    const s = state[ctx.symbolIndex];
    const p = ctx.params;
    const roc = s.roc.at(0);
    const rsi = s.rsi.at(0);
    const position = ctx.position().size;
    if (position === 0) {
      const volumeOk = ctx.volume(0) >= s.avgVolume.at(0) * p.volumeFactor;
      if (roc > p.rocThreshold && rsi > p.rsiEntryMin && rsi < p.rsiExit && volumeOk) {
        const size = ctx.sizing.percentOfEquity(p.allocation);
        if (size > 0) ctx.buy(size, { tag: 'momentum' });
      }
    } else if (position > 0 && (roc < 0 || rsi > p.rsiExit)) {
      ctx.closePosition(undefined, roc < 0 ? 'momentum faded' : 'overbought');
    }
  },
});

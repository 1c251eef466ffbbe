import { defineStrategy } from '../api';

/**
 * SMA crossover, long only: buy a fixed size when the fast average crosses above the slow one
 * while flat; close when it crosses back below. Runs on every symbol of the run independently.
 *
 * A cross is judged against the last bar where the averages differed, so a bar where they are
 * exactly equal neither signals nor resets the cross (the same rule as backtrader's CrossOver).
 */
export default defineStrategy({
  id: 'sma-cross',
  name: 'SMA crossover',
  description: 'Long when the fast simple moving average crosses above the slow one; flat when it crosses below.',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 200, step: 1, label: 'Fast period' },
    slow: { type: 'int', default: 30, min: 3, max: 500, step: 1, label: 'Slow period' },
    size: { type: 'float', default: 100, min: 0, label: 'Units per trade' },
  },
  // The first bar with both averages; it sets the side, the next one can signal.
  startupBars: (p) => p.slow - 1,
  init(ctx) {
    // One set of averages per symbol, computed once; onBar picks its symbol's set.
    return ctx.symbols.map((symbol, k) => {
      const close = ctx.data(symbol).close;
      const fast = ctx.ind.sma(close, ctx.params.fast);
      const slow = ctx.ind.sma(close, ctx.params.slow);
      if (k === 0) {
        ctx.plot.line('fast', fast, { color: '#f59e0b' });
        ctx.plot.line('slow', slow, { color: '#3b82f6' });
      }
      // Which side fast was on at the last bar where they differed (−1 below, +1 above, 0 unknown).
      return { fast, slow, side: 0 };
    });
  },
  onBar(ctx, state) {
    const s = state[ctx.symbolIndex];
    const diff = s.fast.at(0) - s.slow.at(0);
    if (!(diff > 0 || diff < 0)) return; // equal, or still warming up (NaN): no new information
    const side = diff > 0 ? 1 : -1;
    const was = s.side;
    if (side === was) return; // no cross: most bars end here
    s.side = side;
    // A cross from a known side; the position is read only then.
    if (side > 0 && was < 0 && ctx.position().size === 0) ctx.buy(ctx.params.size, { tag: 'cross up' });
    else if (side < 0 && was > 0 && ctx.position().size > 0) ctx.closePosition(undefined, 'cross down');
  },
});

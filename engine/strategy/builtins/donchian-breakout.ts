import { defineStrategy } from '../api';

/**
 * Donchian channel breakout (the Turtle idea): go long when the close breaks above the highest
 * high of the previous `entry` bars, short (if allowed) below the lowest low; exit on the
 * opposite break of a shorter `exit` channel. The channel of the previous bar is used, so the
 * current bar never sets the level it breaks.
 */
export default defineStrategy({
  id: 'donchian-breakout',
  name: 'Donchian breakout',
  description: 'Trades breakouts of the N-bar high/low, exits on a shorter channel.',
  params: {
    entry: { type: 'int', default: 20, min: 2, max: 300, label: 'Entry channel' },
    exit: { type: 'int', default: 10, min: 2, max: 300, label: 'Exit channel' },
    allowShort: { type: 'bool', default: false, label: 'Trade short breakouts' },
    allocation: { type: 'float', default: 0.2, min: 0.01, max: 1, step: 0.01, label: 'Share of equity per position' },
  },
  startupBars: (p) => Math.max(p.entry, p.exit) + 1,
  init(ctx) {
    return ctx.symbols.map((symbol, k) => {
      const bars = ctx.data(symbol);
      const entry = ctx.ind.donchian(bars, ctx.params.entry);
      const exit = ctx.ind.donchian(bars, ctx.params.exit);
      if (k === 0) {
        ctx.plot.line('entry high', entry.upper, { color: '#22c55e' });
        ctx.plot.line('entry low', entry.lower, { color: '#ef4444' });
      }
      return { entry, exit };
    });
  },
  onBar(ctx, state) {
    const s = state[ctx.symbolIndex];
    const close = ctx.close(0);
    const position = ctx.position().size;
    // Channels as of the previous bar: the level to break.
    const high = s.entry.upper.at(1);
    const low = s.entry.lower.at(1);
    if (position === 0) {
      const size = ctx.sizing.percentOfEquity(ctx.params.allocation);
      if (size <= 0) return;
      if (close > high) ctx.buy(size, { tag: 'breakout up' });
      else if (ctx.params.allowShort && close < low) ctx.sell(size, { tag: 'breakout down' });
    } else if (position > 0 && close < s.exit.lower.at(1)) {
      ctx.closePosition(undefined, 'exit channel');
    } else if (position < 0 && close > s.exit.upper.at(1)) {
      ctx.closePosition(undefined, 'exit channel');
    }
  },
});

import type { FillView } from '../api';
import { defineStrategy } from '../api';

/**
 * Grid trading on one symbol: resting limit buys at levels spaced `spacing` apart below the
 * reference price; each filled buy is answered with a limit sell one level higher, and each
 * filled sell re-arms the buy below it. Profits from oscillation, suffers in one-way trends.
 */
export default defineStrategy({
  id: 'grid',
  name: 'Grid trading',
  description: 'Buys at fixed steps below a reference price and sells one step higher, over and over.',
  params: {
    levels: { type: 'int', default: 5, min: 1, max: 50, label: 'Levels below the reference' },
    spacing: { type: 'float', default: 0.01, min: 0.001, max: 0.2, step: 0.001, label: 'Level spacing (fraction of price)' },
    size: { type: 'float', default: 1, min: 0, label: 'Units per level' },
  },
  startupBars: 1,
  init() {
    // Levels are set from the first close the strategy sees.
    return { reference: NaN, armed: false };
  },
  onBar(ctx, s) {
    if (s.armed) return;
    s.reference = ctx.close(0);
    s.armed = true;
    const { levels, spacing, size } = ctx.params;
    for (let k = 1; k <= levels; k++) ctx.buy(size, { type: 'limit', limitPrice: s.reference * (1 - k * spacing), tag: `buy L${k}` });
  },
  onFill(ctx, s, fill: FillView) {
    const step = s.reference * ctx.params.spacing;
    if (fill.side === 'buy') ctx.sell(fill.size, { type: 'limit', limitPrice: fill.price + step, reduceOnly: true, tag: 'take grid profit' });
    else ctx.buy(fill.size, { type: 'limit', limitPrice: fill.price - step, tag: 're-arm' });
  },
});

/** Helpers for tests of the backtest engine: tiny hand-made feeds and scripted strategies. */
import type { BarColumns } from '../model/bars';
import { allocBarColumns } from '../model/bars';
import type { StrategyContext } from '../strategy/api';
import { defineStrategy } from '../strategy/api';
import type { Timeframe } from '../../shared/timeframe';
import { timeframeMs } from '../../shared/timeframe';

export const T0 = Date.UTC(2024, 0, 1); // a Monday

/** Bars from [open, high, low, close, volume?] rows, one `tf` apart from `start`. */
export function barsOf(rows: readonly (readonly number[])[], tf: Timeframe = '1m', start = T0): BarColumns {
  const c = allocBarColumns(rows.length);
  const step = timeframeMs(tf);
  rows.forEach(([o, h, l, cl, v], i) => {
    c.ts[i] = start + i * step;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
    c.volume[i] = v ?? 1000;
  });
  return c;
}

/** Flat bars at one price (open = high = low = close). */
export function flatBars(prices: readonly number[], tf: Timeframe = '1m', start = T0): BarColumns {
  return barsOf(prices.map((p) => [p, p, p, p]), tf, start);
}

/** `n` one-minute bars from `start` whose close swings with a sine of the bar index over `period` (1% at most per bar). */
export function sineWalk(n: number, period: number, start: number): BarColumns {
  const c = allocBarColumns(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    p = o * (1 + Math.sin(i / period) * 0.01);
    c.ts[i] = start + i * 60_000;
    c.open[i] = o;
    c.close[i] = p;
    c.high[i] = Math.max(o, p) * 1.001;
    c.low[i] = Math.min(o, p) * 0.999;
    c.volume[i] = 100;
  }
  return c;
}

/** A strategy that runs `script[i]` on bar i of the first symbol (and records every fill and order event). */
export function scripted(script: Record<number, (ctx: StrategyContext) => void>, hooks: { onFill?: boolean } = {}) {
  const log: string[] = [];
  const strategy = defineStrategy({
    id: 'scripted',
    name: 'scripted',
    init: () => ({ log }),
    onBar(ctx) {
      script[ctx.barIndex]?.(ctx);
    },
    onFill: hooks.onFill === false ? undefined : (ctx, _s, f) => void log.push(`fill ${f.side} ${f.size}@${f.price} bar${f.barIndex}`),
  });
  return { strategy, log };
}

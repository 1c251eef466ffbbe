import { allocBarColumns, type BarColumns } from '../engine/model/bars';

/** Seeded one-minute bars (an LCG random walk) that every backtest bench shares, so their figures compare. */
export function randomWalk(n: number, seed: number, opts: { start?: number; wholeVolume?: boolean } = {}): BarColumns {
  const start = opts.start ?? Date.UTC(2020, 0, 1);
  const c = allocBarColumns(n);
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (rnd() - 0.5) * 0.004));
    c.ts[i] = start + i * 60_000;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = Math.max(open, close) * (1 + rnd() * 0.001);
    c.low[i] = Math.min(open, close) * (1 - rnd() * 0.001);
    const volume = 100 + rnd() * 1000;
    c.volume[i] = opts.wholeVolume ? Math.round(volume) : volume;
    price = close;
  }
  return c;
}

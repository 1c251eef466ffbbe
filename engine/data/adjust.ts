import type { BarColumns } from '../model/bars';

export type AdjustMode = 'none' | 'forward' | 'backward';

export interface FactorPoint {
  ts: number;
  factor: number;
}

/**
 * Split/dividend adjustment applied when reading (the stored bars stay raw). `factors` are
 * cumulative factor change points in time order; a bar takes the factor of the last point at or
 * before it (bars before the first point take the first). Forward (前复权): the latest prices stay
 * as traded, older ones are scaled by f(t) / f(last). Backward (后复权): the first prices stay,
 * later ones are scaled by f(t) / f(first). Volumes are left as traded.
 */
export function adjustBars(bars: BarColumns, factors: readonly FactorPoint[], mode: AdjustMode): BarColumns {
  if (mode === 'none' || factors.length === 0) return bars;
  const ref = mode === 'forward' ? factors[factors.length - 1].factor : factors[0].factor;
  const out: BarColumns = { ts: bars.ts, open: new Float64Array(bars.open), high: new Float64Array(bars.high), low: new Float64Array(bars.low), close: new Float64Array(bars.close), volume: bars.volume };
  let k = 0;
  for (let i = 0; i < bars.ts.length; i++) {
    while (k + 1 < factors.length && factors[k + 1].ts <= bars.ts[i]) k++;
    const m = factors[k].factor / ref;
    out.open[i] *= m;
    out.high[i] *= m;
    out.low[i] *= m;
    out.close[i] *= m;
  }
  return out;
}

import type { BarLike } from './types';
import { createMa, type MaKernel, maLookback, MA_TYPE_OPTIONS } from './moving-averages';
import { MomentsStream, sdFromMoments } from './stddev';
import { checkInputs, checkPeriod, checkReal, firstNaN, nanArray, outArray, skipLeadingNaN } from './validate';

export interface Bands {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/**
 * Bollinger bands: middle = MA(x, p) (TA-Lib MA type, default 0 = SMA), upper/lower = middle ±
 * k·σ where σ is the population standard deviation of the last p values (as TA-Lib; some
 * libraries use the sample σ). Warm-up: max(p-1, MA lookback).
 */
function bbandsColumns(x: Float64Array, period = 20, nbdevUp = 2, nbdevDn = 2, maType = 0): Bands {
  checkPeriod('BBANDS', 'period', period, 2);
  checkReal('BBANDS', 'nbdevUp', nbdevUp);
  checkReal('BBANDS', 'nbdevDn', nbdevDn);
  const n = checkInputs('BBANDS', x);
  const end = firstNaN(n, x);
  const w = bbandsWarmup(period, maType);
  const upper = maType === 0 ? outArray(n, w, end) : nanArray(n);
  const middle = maType === 0 ? outArray(n, w, end) : nanArray(n);
  const lower = maType === 0 ? outArray(n, w, end) : nanArray(n);
  if (maType === 0) {
    // SMA: mean and σ from the same running sums, in one pass
    if (end < period) return { upper, middle, lower };
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < period - 1; i++) {
      s1 += x[i];
      s2 += x[i] * x[i];
    }
    for (let i = period - 1, j = 0; i < end; i++, j++) {
      const v = x[i];
      s1 += v;
      s2 += v * v;
      const m1 = s1 / period;
      const m2 = s2 / period;
      const o = x[j];
      s1 -= o;
      s2 -= o * o;
      const sd = sdFromMoments(m1, m2);
      middle[i] = m1;
      upper[i] = m1 + nbdevUp * sd;
      lower[i] = m1 - nbdevDn * sd;
    }
    return { upper, middle, lower };
  }
  const s = new BbandsStream(period, nbdevUp, nbdevDn, maType);
  for (let i = 0; i < end; i++) {
    s.next(x[i]);
    upper[i] = s.upper;
    middle[i] = s.middle;
    lower[i] = s.lower;
  }
  return { upper, middle, lower };
}
export const bbands = skipLeadingNaN('BBANDS', bbandsColumns, 1);

export class BbandsStream {
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly ma: MaKernel;
  private readonly m: MomentsStream;
  private readonly useMean: boolean;
  private dead = false;
  private started = false;
  constructor(
    period = 20,
    readonly nbdevUp = 2,
    readonly nbdevDn = 2,
    maType = 0,
  ) {
    checkPeriod('BBANDS', 'period', period, 2);
    checkReal('BBANDS', 'nbdevUp', nbdevUp);
    checkReal('BBANDS', 'nbdevDn', nbdevDn);
    this.useMean = maType === 0;
    this.ma = createMa('BBANDS', maType, period);
    this.m = new MomentsStream(period);
  }
  /** Returns the middle band. */
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.upper = this.middle = this.lower = NaN);
    }
    if (this.dead) return (this.upper = this.middle = this.lower = NaN);
    this.started = true;
    const full = this.m.next(x);
    const mid = this.useMean ? this.m.m1 : this.ma.next(x);
    if (!full || mid !== mid) return NaN;
    const sd = sdFromMoments(this.m.m1, this.m.m2);
    this.middle = mid;
    this.upper = mid + this.nbdevUp * sd;
    this.lower = mid - this.nbdevDn * sd;
    return mid;
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

export function bbandsWarmup(period: number, maType: number): number {
  return Math.max(period - 1, maLookback(maType, period));
}
export { MA_TYPE_OPTIONS };

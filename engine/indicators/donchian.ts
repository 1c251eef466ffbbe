import type { BarLike } from './types';
import { RollingMax, RollingMin } from './rolling';
import { checkInputs, checkPeriod, firstNaNIn, outArray, skipLeadingNaN } from './validate';
import { chunkMax, chunkMin, CHUNK } from './kernels';

/**
 * Donchian channel: upper = highest high of the last p bars (this one included), lower = lowest
 * low, middle = (upper+lower)/2. Not in TA-Lib (its MAX/MIN give the same bands). Warm-up p-1.
 */
function donchianColumns(high: Float64Array, low: Float64Array, period = 20): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  checkPeriod('DONCHIAN', 'period', period);
  const n = checkInputs('DONCHIAN', high, low);
  const upper = outArray(n, period - 1, n);
  const middle = outArray(n, period - 1, n);
  const lower = outArray(n, period - 1, n);
  // chunk by chunk: the window extremes go straight into the bands, the inputs are checked for
  // NaN right before use (in L1 for the extremes that follow)
  const cols = [high, low];
  const from = period - 1;
  const head = from < n ? from : n;
  let end = firstNaNIn(cols, 0, head) < head ? firstNaNIn(cols, 0, head) : n;
  const sh = new Float64Array(period + 1);
  const sl = new Float64Array(period + 1);
  for (let lo = from; lo < end; lo += CHUNK) {
    const hi = lo + CHUNK < n ? lo + CHUNK : n;
    const cut = firstNaNIn(cols, lo, hi);
    chunkMax(high, lo, cut, period, upper.subarray(lo, cut), sh);
    chunkMin(low, lo, cut, period, lower.subarray(lo, cut), sl);
    for (let i = lo; i < cut; i++) middle[i] = (upper[i] + lower[i]) / 2;
    if (cut < hi) end = cut;
  }
  if (end < n) {
    const f = end > from ? end : from;
    upper.fill(NaN, f);
    middle.fill(NaN, f);
    lower.fill(NaN, f);
  }
  return { upper, middle, lower };
}
export const donchian = skipLeadingNaN('DONCHIAN', donchianColumns, 2);

export class DonchianStream {
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly mx: RollingMax;
  private readonly mn: RollingMin;
  private dead = false;
  private started = false;
  constructor(readonly period = 20) {
    checkPeriod('DONCHIAN', 'period', period);
    this.mx = new RollingMax(period);
    this.mn = new RollingMin(period);
  }
  /** Returns the middle line. */
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low);
  }
  next(high: number, low: number): number {
    if (high !== high || low !== low) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.upper = this.middle = this.lower = NaN);
    }
    if (this.dead) return (this.upper = this.middle = this.lower = NaN);
    this.started = true;
    const u = this.mx.next(high);
    const d = this.mn.next(low);
    if (this.mx.count < this.period) return NaN;
    this.upper = u;
    this.lower = d;
    return (this.middle = (u + d) / 2);
  }
}

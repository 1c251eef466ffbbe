import type { BarLike } from './types';
import { RollingMax, RollingMin } from './rolling';
import { checkInputs, checkPeriod, outArray, skipLeadingNaN } from './validate';
import { DONCHIAN, windowPass } from './frame';
import { smallInt } from './small-int';

/**
 * Donchian channel: upper = highest high of the last p bars (this one included), lower = lowest
 * low, middle = (upper+lower)/2. Not in TA-Lib (its MAX/MIN give the same bands). Warm-up p-1.
 */
function donchianColumns(high: Float64Array, low: Float64Array, period = 20): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  checkPeriod('DONCHIAN', 'period', period);
  period = smallInt(period);
  const n = checkInputs('DONCHIAN', high, low);
  const upper = outArray(n, period - 1, n);
  const middle = outArray(n, period - 1, n);
  const lower = outArray(n, period - 1, n);
  const end = windowPass(DONCHIAN, [high, low], period, upper, lower, middle);
  if (end < n) {
    const f = end > period - 1 ? end : period - 1;
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

import type { BarLike } from './types';
import { RollingMax, RollingMin } from './rolling';
import { checkInputs, checkPeriod, firstNaN, nanArray } from './validate';

/**
 * Donchian channel: upper = highest high of the last p bars (this one included), lower = lowest
 * low, middle = (upper+lower)/2. Not in TA-Lib (its MAX/MIN give the same bands). Warm-up p-1.
 */
export function donchian(high: Float64Array, low: Float64Array, period = 20): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  checkPeriod('DONCHIAN', 'period', period);
  const n = checkInputs('DONCHIAN', high, low);
  const upper = nanArray(n);
  const middle = nanArray(n);
  const lower = nanArray(n);
  const end = firstNaN(n, high, low);
  const mx = new RollingMax(period);
  const mn = new RollingMin(period);
  for (let i = 0; i < end; i++) {
    const u = mx.next(high[i]);
    const d = mn.next(low[i]);
    if (i >= period - 1) {
      upper[i] = u;
      lower[i] = d;
      middle[i] = (u + d) / 2;
    }
  }
  return { upper, middle, lower };
}

export class DonchianStream {
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly mx: RollingMax;
  private readonly mn: RollingMin;
  private dead = false;
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
    if (high !== high || low !== low) this.dead = true;
    if (this.dead) return (this.upper = this.middle = this.lower = NaN);
    const u = this.mx.next(high);
    const d = this.mn.next(low);
    if (this.mx.count < this.period) return NaN;
    this.upper = u;
    this.lower = d;
    return (this.middle = (u + d) / 2);
  }
}

import type { BarLike } from './types';
import { checkInputs, checkOut, checkPeriod, outArray, skipLeadingNaN } from './validate';

/**
 * Linearly weighted moving average, weights 1..p (newest heaviest), divided by p(p+1)/2.
 * O(1) per bar with TA-Lib's two running sums (weighted sum and plain sum).
 */
function wmaColumns(x: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('WMA', 'period', period);
  const n = checkInputs('WMA', x);
  const res = out ? checkOut('WMA', out, n, period - 1, x) : outArray(n, period - 1, n);
  if (n < period) return res;
  const divider = (period * (period + 1)) / 2;
  let wsum = 0;
  let sum = 0;
  for (let i = 0; i < period - 1; i++) {
    sum += x[i];
    wsum += x[i] * (i + 1);
  }
  let trailing = 0;
  for (let i = period - 1, j = 0; i < n; i++, j++) {
    const v = x[i];
    sum += v;
    sum -= trailing;
    wsum += v * period;
    trailing = x[j];
    res[i] = wsum / divider;
    wsum -= sum;
  }
  return res;
}
export const wma = skipLeadingNaN('WMA', wmaColumns, 1, 2);

export class WmaStream {
  readonly period: number;
  value = NaN;
  private readonly divider: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private wsum = 0;
  private trailing = 0;

  constructor(period: number) {
    this.period = checkPeriod('WMA', 'period', period);
    this.divider = (period * (period + 1)) / 2;
    this.buf = new Float64Array(period);
  }

  next(x: number): number {
    const p = this.period;
    if (this.count < p) return this.warm(x);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos] = x;
    if (++pos === p) pos = 0;
    this.pos = pos;
    return this.emit(x, buf[pos]);
  }

  /** Adds x to the window whose oldest value is `oldest`; returns the WMA (TA-Lib's order). */
  private emit(x: number, oldest: number): number {
    this.sum += x;
    this.sum -= this.trailing;
    this.wsum += x * this.period;
    this.trailing = oldest; // the oldest value of this window leaves the plain sum next bar
    const v = this.wsum / this.divider;
    this.wsum -= this.sum;
    this.value = v;
    return v;
  }

  /** The first p values. */
  private warm(x: number): number {
    if (this.count === 0 && x !== x) return NaN; // before the first value: a gap (e.g. an input's warm-up), not data
    const p = this.period;
    const buf = this.buf;
    let pos = this.pos;
    buf[pos] = x;
    if (++pos === p) pos = 0;
    this.pos = pos;
    if (++this.count < p) {
      this.sum += x;
      this.wsum += x * this.count;
      return NaN;
    }
    return this.emit(x, buf[pos]);
  }

  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

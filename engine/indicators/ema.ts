import type { BarLike } from './types';
import { checkInputs, checkOut, checkPeriod, outArray, skipLeadingNaN } from './validate';

/**
 * Exponential moving average, k = 2/(p+1), seeded like TA-Lib with the SMA of the first p values
 * (first value at index p-1), then e = e·(1-k) + x·k: one multiplication and one addition on the
 * bar-to-bar dependency chain (TA-Lib's (x - e)·k + e has three operations on it; the difference
 * is rounding, ~1e-16 relative and not cumulative). A NaN input makes every later value NaN.
 * Pass `out` to reuse an array.
 */
function emaColumns(x: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('EMA', 'period', period);
  const n = checkInputs('EMA', x);
  const res = out ? checkOut('EMA', out, n, period - 1, x) : outArray(n, period - 1, n);
  if (n < period) return res;
  const k = 2 / (period + 1);
  const a = 1 - k;
  let sum = 0;
  for (let i = 0; i < period; i++) sum += x[i];
  let e = sum / period;
  res[period - 1] = e;
  for (let i = period; i < n; i++) {
    e = e * a + x[i] * k;
    res[i] = e;
  }
  return res;
}
export const ema = skipLeadingNaN('EMA', emaColumns, 1, 2);

export class EmaStream {
  readonly period: number;
  value = NaN;
  private readonly k: number;
  private readonly a: number;
  private count = 0;
  private sum = 0;

  constructor(period: number) {
    this.period = checkPeriod('EMA', 'period', period);
    this.k = 2 / (period + 1);
    this.a = 1 - this.k;
  }

  next(x: number): number {
    if (this.count >= this.period) return (this.value = this.value * this.a + x * this.k);
    return this.warm(x);
  }

  /** The first p values: their mean seeds the EMA. */
  private warm(x: number): number {
    if (this.count === 0 && x !== x) return NaN; // before the first value: a gap (e.g. an input's warm-up), not data
    this.sum += x;
    if (++this.count < this.period) return NaN;
    return (this.value = this.sum / this.period);
  }

  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

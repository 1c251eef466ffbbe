import type { BarLike } from './types';
import { checkInputs, checkPeriod, nanArray } from './validate';

/**
 * Simple moving average. out[t] = mean(x[t-p+1..t]); warm-up p-1 bars.
 * Running sum (add the new value, divide, drop the oldest) in TA-Lib's order.
 */
export function sma(x: Float64Array, period: number): Float64Array {
  checkPeriod('SMA', 'period', period);
  const n = checkInputs('SMA', x);
  const out = nanArray(n);
  if (n < period) return out;
  let sum = 0;
  for (let i = 0; i < period - 1; i++) sum += x[i];
  for (let i = period - 1, j = 0; i < n; i++, j++) {
    sum += x[i];
    out[i] = sum / period;
    sum -= x[j];
  }
  return out;
}

export class SmaStream {
  readonly period: number;
  value = NaN;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;

  constructor(period: number) {
    this.period = checkPeriod('SMA', 'period', period);
    this.buf = new Float64Array(period);
  }

  next(x: number): number {
    const p = this.period;
    const buf = this.buf;
    let pos = this.pos;
    buf[pos] = x;
    this.sum += x;
    if (++pos === p) pos = 0;
    this.pos = pos;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    const v = this.sum / p;
    this.sum -= buf[pos]; // after advancing, pos holds the oldest of the window
    this.value = v;
    return v;
  }

  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

import type { BarLike } from './types';
import { checkInputs, checkOut, checkPeriod, isZero, outArray } from './validate';

/**
 * Relative strength index (Wilder). Seed: simple means of the first p gains and losses
 * (bars 1..p), first value at index p; then g = (g·(p-1) + gain)/p. As in TA-Lib, when
 * |g + l| < 1e-14 (a very long flat run) the value is 0, not undefined.
 */
export function rsi(x: Float64Array, period = 14, out?: Float64Array): Float64Array {
  checkPeriod('RSI', 'period', period, 2);
  const n = checkInputs('RSI', x);
  const res = out ? checkOut('RSI', out, n, period) : outArray(n, period, n);
  if (n <= period) return res;
  const pm1 = period - 1;
  let gain = 0;
  let loss = 0;
  let prev = x[0];
  for (let i = 1; i <= period; i++) {
    const d = x[i] - prev;
    prev = x[i];
    if (d < 0) loss -= d;
    else gain += d;
  }
  loss /= period;
  gain /= period;
  let s = gain + loss;
  res[period] = isZero(s) ? 0 : 100 * (gain / s);
  for (let i = period + 1; i < n; i++) {
    const v = x[i];
    const d = v - prev;
    prev = v;
    loss *= pm1;
    gain *= pm1;
    if (d < 0) loss -= d;
    else gain += d;
    loss /= period;
    gain /= period;
    s = gain + loss;
    res[i] = s > -1e-14 && s < 1e-14 ? 0 : 100 * (gain / s);
  }
  return res;
}

export class RsiStream {
  readonly period: number;
  value = NaN;
  private count = 0;
  private prev = NaN;
  private gain = 0;
  private loss = 0;

  constructor(period = 14) {
    this.period = checkPeriod('RSI', 'period', period, 2);
  }

  next(x: number): number {
    const p = this.period;
    const c = this.count++;
    if (c === 0) {
      this.prev = x;
      return NaN;
    }
    const d = x - this.prev;
    this.prev = x;
    if (c > p) {
      this.loss *= p - 1;
      this.gain *= p - 1;
    }
    if (d < 0) this.loss -= d;
    else this.gain += d;
    if (c < p) return NaN;
    this.loss /= p;
    this.gain /= p;
    const s = this.gain + this.loss;
    return (this.value = s > -1e-14 && s < 1e-14 ? 0 : 100 * (this.gain / s));
  }

  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

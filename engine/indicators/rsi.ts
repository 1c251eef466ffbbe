import type { BarLike } from './types';
import { checkInputs, checkOut, checkPeriod, outArray, skipLeadingNaN } from './validate';

/**
 * Relative strength index (Wilder). Seed: simple means of the first p gains and losses
 * (bars 1..p), first value at index p; then g = g·(p-1)/p + gain/p (TA-Lib's smoothing written
 * as two multiplications, which keeps the division off the bar-to-bar dependency chain; the
 * difference from TA-Lib's (g·(p-1) + gain)/p is rounding, ≤ 1e-15 relative and not cumulative).
 * Gains and losses are split without a branch: up = (d + |d|)/2, down = (|d| - d)/2 (exact).
 * As in TA-Lib, when |g + l| < 1e-14 (a very long flat run) the value is 0, not undefined.
 * A NaN input makes every later value NaN. Pass `out` to reuse an array.
 */
function rsiColumns(x: Float64Array, period = 14, out?: Float64Array): Float64Array {
  checkPeriod('RSI', 'period', period, 2);
  const n = checkInputs('RSI', x);
  const res = out ? checkOut('RSI', out, n, period, x) : outArray(n, period, n);
  if (n > period) rsiInto(x, n, period, res);
  return res;
}
export const rsi = skipLeadingNaN('RSI', rsiColumns, 1, 2);

/** RSI values into res[period .. end) from x[0 .. end), end > period (RsiStream's arithmetic). */
export function rsiInto(x: Float64Array, end: number, period: number, res: Float64Array): void {
  const n = end;
  const a = (period - 1) / period;
  const hb = 0.5 / period; // (d ± |d|)·0.5/p: halving is exact, so this equals ·0.5 then ·(1/p)
  let gain = 0;
  let loss = 0;
  let prev = x[0];
  for (let i = 1; i <= period; i++) {
    const d = x[i] - prev;
    prev = x[i];
    const ad = Math.abs(d);
    gain += (d + ad) * 0.5;
    loss += (ad - d) * 0.5;
  }
  gain /= period;
  loss /= period;
  let s = gain + loss;
  res[period] = s > -1e-14 && s < 1e-14 ? 0 : 100 * (gain / s);
  for (let i = period + 1; i < n; i++) {
    const v = x[i];
    const d = v - prev;
    prev = v;
    const ad = Math.abs(d);
    gain = gain * a + (d + ad) * hb;
    loss = loss * a + (ad - d) * hb;
    s = gain + loss;
    res[i] = s > -1e-14 && s < 1e-14 ? 0 : 100 * (gain / s);
  }
}

/**
 * rsiInto up to the first NaN of x (no scan before it): RSI values into res[period .. end) where
 * end is x's first NaN (or n); returns end. Same arithmetic as rsiInto, a NaN test per bar (a
 * branch never taken on data).
 */
export function rsiIntoUntilNaN(x: Float64Array, n: number, period: number, res: Float64Array): number {
  const lim = period < n ? period + 1 : n;
  for (let i = 0; i < lim; i++) if (x[i] !== x[i]) return i;
  if (n <= period) return n;
  const a = (period - 1) / period;
  const hb = 0.5 / period;
  let gain = 0;
  let loss = 0;
  let prev = x[0];
  for (let i = 1; i <= period; i++) {
    const d = x[i] - prev;
    prev = x[i];
    const ad = Math.abs(d);
    gain += (d + ad) * 0.5;
    loss += (ad - d) * 0.5;
  }
  gain /= period;
  loss /= period;
  let s = gain + loss;
  res[period] = s > -1e-14 && s < 1e-14 ? 0 : 100 * (gain / s);
  for (let i = period + 1; i < n; i++) {
    const v = x[i];
    if (v !== v) return i;
    const d = v - prev;
    prev = v;
    const ad = Math.abs(d);
    gain = gain * a + (d + ad) * hb;
    loss = loss * a + (ad - d) * hb;
    s = gain + loss;
    res[i] = s > -1e-14 && s < 1e-14 ? 0 : 100 * (gain / s);
  }
  return n;
}

export class RsiStream {
  readonly period: number;
  value = NaN;
  private readonly a: number;
  private readonly hb: number;
  private count = 0;
  private prev = NaN;
  private gain = 0;
  private loss = 0;

  constructor(period = 14) {
    this.period = checkPeriod('RSI', 'period', period, 2);
    this.a = (period - 1) / period;
    this.hb = 0.5 / period;
  }

  next(x: number): number {
    const d = x - this.prev;
    this.prev = x;
    const ad = Math.abs(d);
    const c = this.count;
    if (c > this.period) {
      const g = this.gain * this.a + (d + ad) * this.hb;
      const l = this.loss * this.a + (ad - d) * this.hb;
      this.gain = g;
      this.loss = l;
      const s = g + l;
      return (this.value = s > -1e-14 && s < 1e-14 ? 0 : 100 * (g / s));
    }
    return this.warm(x, d, ad, c);
  }

  /** The first p+1 bars: collect the seed means (kept out of next() so that stays small). */
  private warm(x: number, d: number, ad: number, c: number): number {
    if (c === 0 && x !== x) return NaN; // before the first value: a gap (e.g. an input's warm-up), not data
    this.count = c + 1;
    if (c === 0) {
      this.prev = x;
      return NaN;
    }
    this.gain += (d + ad) * 0.5;
    this.loss += (ad - d) * 0.5;
    if (c < this.period) return NaN;
    this.gain /= this.period;
    this.loss /= this.period;
    const s = this.gain + this.loss;
    return (this.value = s > -1e-14 && s < 1e-14 ? 0 : 100 * (this.gain / s));
  }

  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

import type { BarLike } from './types';
import { checkInputs, checkPeriod, checkReal, outArray, skipLeadingNaN } from './validate';

/**
 * Population variance over p values from running sums: mean(x²) - mean(x)², TA-Lib's formula
 * and order (not the n-1 sample variance). Warm-up p-1. May come out a hair below 0 on flat runs
 * after large values (rounding of running sums); STDDEV maps that to 0, VAR reports it as TA-Lib does.
 */
function varianceColumns(x: Float64Array, period = 5): Float64Array {
  checkPeriod('VAR', 'period', period);
  const n = checkInputs('VAR', x);
  const out = outArray(n, period - 1, n);
  varianceInto(x, period, out);
  return out;
}
export const variance = skipLeadingNaN('VAR', varianceColumns, 1);

/**
 * Standard deviation (population) · nbdev: √VAR, 0 where VAR < 1e-14 (TA-Lib's rule). Because
 * the running sums are TA-Lib's, a flat window after a trend shows the same rounding residue
 * TA-Lib does (~1e-6 at prices near 100) rather than an exact 0.
 */
function stddevColumns(x: Float64Array, period = 5, nbdev = 1): Float64Array {
  checkPeriod('STDDEV', 'period', period);
  checkReal('STDDEV', 'nbdev', nbdev);
  const n = checkInputs('STDDEV', x);
  const out = outArray(n, period - 1, n);
  varianceInto(x, period, out);
  for (let i = period - 1; i < n; i++) {
    const v = out[i];
    out[i] = (v < 1e-14 ? 0 : Math.sqrt(v)) * nbdev;
  }
  return out;
}
export const stddev = skipLeadingNaN('STDDEV', stddevColumns, 1);

/** MomentsStream's running sums over the column; writes the variance from index p-1. */
function varianceInto(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  if (n < period) return;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < period - 1; i++) {
    s1 += x[i];
    s2 += x[i] * x[i];
  }
  for (let i = period - 1, j = 0; i < n; i++, j++) {
    const v = x[i];
    s1 += v;
    s2 += v * v;
    const m1 = s1 / period;
    const m2 = s2 / period;
    const o = x[j];
    s1 -= o;
    s2 -= o * o;
    out[i] = m2 - m1 * m1;
  }
}

/** √(m2 - m1²); 0 below TA-Lib's 1e-14 (so a tiny negative from rounding is 0); NaN stays NaN. */
export function sdFromMoments(m1: number, m2: number): number {
  const v = m2 - m1 * m1;
  return v < 1e-14 ? 0 : Math.sqrt(v);
}

/** Running first and second moments over the last p values: the core of VAR, STDDEV, BBANDS, ZSCORE. */
export class MomentsStream {
  m1 = NaN;
  m2 = NaN;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private s1 = 0;
  private s2 = 0;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }

  /** Returns true once the window is full (m1, m2 then hold this window's moments). */
  next(x: number): boolean {
    if (this.count < this.period) {
      if (this.count === 0 && x !== x) return false; // before the first value: a gap, not data
      this.count++;
    }
    const p = this.period;
    let pos = this.pos;
    this.buf[pos] = x;
    this.s1 += x;
    this.s2 += x * x;
    if (++pos === p) pos = 0;
    this.pos = pos;
    if (this.count < p) return false;
    this.m1 = this.s1 / p;
    this.m2 = this.s2 / p;
    const o = this.buf[pos];
    this.s1 -= o;
    this.s2 -= o * o;
    return true;
  }
}

export class VarStream {
  value = NaN;
  private readonly m: MomentsStream;
  constructor(period = 5) {
    this.m = new MomentsStream(checkPeriod('VAR', 'period', period));
  }
  next(x: number): number {
    return (this.value = this.m.next(x) ? this.m.m2 - this.m.m1 * this.m.m1 : NaN);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

export class StddevStream {
  value = NaN;
  private readonly m: MomentsStream;
  constructor(
    period = 5,
    readonly nbdev = 1,
  ) {
    checkReal('STDDEV', 'nbdev', nbdev);
    this.m = new MomentsStream(checkPeriod('STDDEV', 'period', period));
  }
  next(x: number): number {
    return (this.value = this.m.next(x) ? sdFromMoments(this.m.m1, this.m.m2) * this.nbdev : NaN);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

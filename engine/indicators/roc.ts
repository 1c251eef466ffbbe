import type { BarLike } from './types';
import { checkInputs, checkPeriod, firstNaN, outArray, skipLeadingNaN } from './validate';

/** Rate of change in percent: (x/x[t-p] - 1)·100; 0 when x[t-p] is 0 (TA-Lib). Warm-up p. */
function rocColumns(x: Float64Array, period = 10): Float64Array {
  checkPeriod('ROC', 'period', period);
  const n = checkInputs('ROC', x);
  const end = firstNaN(n, x);
  const out = outArray(n, period, end);
  for (let i = period; i < end; i++) {
    const prev = x[i - period];
    out[i] = prev !== 0 ? (x[i] / prev - 1) * 100 : 0;
  }
  return out;
}
export const roc = skipLeadingNaN('ROC', rocColumns, 1);

/** Momentum: x - x[t-p]. Warm-up p. */
function momColumns(x: Float64Array, period = 10): Float64Array {
  checkPeriod('MOM', 'period', period);
  const n = checkInputs('MOM', x);
  const end = firstNaN(n, x);
  const out = outArray(n, period, end);
  for (let i = period; i < end; i++) out[i] = x[i] - x[i - period];
  return out;
}
export const mom = skipLeadingNaN('MOM', momColumns, 1);

/** Keeps the last p values to hand back x[t-p]; shared by ROC and MOM streams. */
class LagBuffer {
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }
  private dead = false;
  private started = false;
  /** Stores x and returns the value p bars back, or NaN during warm-up and after a NaN input. */
  push(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return NaN;
    }
    if (this.dead) return NaN;
    this.started = true;
    const old = this.buf[this.pos];
    this.buf[this.pos] = x;
    if (++this.pos === this.period) this.pos = 0;
    if (this.count < this.period) {
      this.count++;
      return NaN;
    }
    return old;
  }
}

export class RocStream {
  value = NaN;
  private readonly lag: LagBuffer;
  constructor(period = 10) {
    this.lag = new LagBuffer(checkPeriod('ROC', 'period', period));
  }
  next(x: number): number {
    const prev = this.lag.push(x);
    return (this.value = prev !== 0 ? (x / prev - 1) * 100 : 0);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

export class MomStream {
  value = NaN;
  private readonly lag: LagBuffer;
  constructor(period = 10) {
    this.lag = new LagBuffer(checkPeriod('MOM', 'period', period));
  }
  next(x: number): number {
    return (this.value = x - this.lag.push(x));
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

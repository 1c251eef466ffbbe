import type { BarLike } from './types';
import { checkInputs, checkPeriod, firstNaN, isZero, outArray, skipLeadingNaN } from './validate';

/** Largest of high-low, |high-prevClose|, |low-prevClose| (TA-Lib's TRUE_RANGE, same order). */
export function trueRange(h: number, l: number, prevClose: number): number {
  let tr = h - l;
  const a = Math.abs(h - prevClose);
  if (a > tr) tr = a;
  const b = Math.abs(l - prevClose);
  if (b > tr) tr = b;
  return tr;
}

/** True range; like TA-Lib the first bar has no previous close, so out[0] is NaN. */
function trangeColumns(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkInputs('TRANGE', high, low, close);
  const end = firstNaN(n, high, low, close);
  const out = outArray(n, 1, end);
  for (let i = 1; i < end; i++) out[i] = trueRange(high[i], low[i], close[i - 1]);
  return out;
}
export const trange = skipLeadingNaN('TRANGE', trangeColumns, 3);

/**
 * Average true range (Wilder). Seed: the mean of the first p true ranges (bars 1..p), first
 * value at index p; then a = a·(p-1)/p + tr/p (TA-Lib: (a·(p-1) + tr)/p — equal up to rounding,
 * ≤ 1e-15 relative, not cumulative; the multiplications keep the division off the bar-to-bar chain).
 */
function atrColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkPeriod('ATR', 'period', period);
  const n = checkInputs('ATR', high, low, close);
  const end = firstNaN(n, high, low, close);
  const out = outArray(n, period, end);
  atrInto(high, low, close, end, period, out);
  return out;
}

/** AtrStream's arithmetic over bars [0, end) (no NaN there); writes out[period .. end). */
export function atrInto(high: Float64Array, low: Float64Array, close: Float64Array, end: number, period: number, out: Float64Array): void {
  if (end <= period) return;
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRange(high[i], low[i], close[i - 1]);
  let a = sum / period;
  out[period] = a;
  const keep = (period - 1) / period;
  const w = 1 / period;
  for (let i = period + 1; i < end; i++) {
    a = a * keep + trueRange(high[i], low[i], close[i - 1]) * w;
    out[i] = a;
  }
}
export const atr = skipLeadingNaN('ATR', atrColumns, 3);

/** ATR as a percentage of the close: 100·ATR/close (0 when close is ~0, as TA-Lib). */
function natrColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkPeriod('NATR', 'period', period);
  const out = atr(high, low, close, period);
  for (let i = period; i < out.length; i++) {
    const a = out[i];
    if (a === a) out[i] = isZero(close[i]) ? 0 : (a / close[i]) * 100;
  }
  return out;
}
export const natr = skipLeadingNaN('NATR', natrColumns, 3);

export class TrangeStream {
  value = NaN;
  private prevClose = NaN;
  private dead = false;
  private started = false;
  update(bar: BarLike): number {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const pc = this.prevClose;
    this.prevClose = close;
    return (this.value = pc === pc ? trueRange(high, low, pc) : NaN);
  }
}

export class AtrStream {
  readonly period: number;
  value = NaN;
  private count = 0;
  private prevClose = NaN;
  private sum = 0;
  private dead = false;
  private started = false;

  private readonly keep: number;
  private readonly w: number;
  constructor(period = 14) {
    this.period = checkPeriod('ATR', 'period', period);
    this.keep = (period - 1) / period;
    this.w = 1 / period;
  }

  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }

  next(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const c = this.count++;
    const pc = this.prevClose;
    this.prevClose = close;
    if (c === 0) return NaN;
    const tr = trueRange(high, low, pc);
    const p = this.period;
    if (c < p) {
      this.sum += tr;
      return NaN;
    }
    if (c === p) {
      this.sum += tr;
      return (this.value = this.sum / p);
    }
    return (this.value = this.value * this.keep + tr * this.w);
  }
}

export class NatrStream {
  value = NaN;
  private readonly atr: AtrStream;
  constructor(period = 14) {
    this.atr = new AtrStream(checkPeriod('NATR', 'period', period));
  }
  update(bar: BarLike): number {
    const a = this.atr.next(bar.high, bar.low, bar.close);
    return (this.value = a === a ? (isZero(bar.close) ? 0 : (a / bar.close) * 100) : NaN);
  }
}

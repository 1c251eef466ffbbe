import type { BarLike } from './types';
import { EmaStream } from './ema';
import { SmaStream } from './sma';
import { WmaStream } from './wma';
import { checkInputs, checkPeriod, checkReal, firstNaN, isZero, outArray, skipLeadingNaN } from './validate';
import { emaInto, scratch, smaInto, wmaInto } from './kernels';
import { EngineError } from '../core/errors';

/**
 * The moving averages built from the basic ones, each a streaming kernel (`next(x)`, NaN during
 * warm-up) whose batch form runs the same kernel over the column, so both agree to the bit.
 */

/** A one-series streaming average: the shape every MA kernel has. */
export interface MaKernel {
  next(x: number): number;
}

/** Double EMA: 2·EMA - EMA(EMA); the inner EMA is seeded from the first p outer values. Warm-up 2(p-1). */
export class DemaStream implements MaKernel {
  value = NaN;
  private readonly e1: EmaStream;
  private readonly e2: EmaStream;
  constructor(period = 30) {
    checkPeriod('DEMA', 'period', period);
    this.e1 = new EmaStream(period);
    this.e2 = new EmaStream(period);
  }
  next(x: number): number {
    const a = this.e1.next(x);
    if (a !== a) return NaN;
    const b = this.e2.next(a);
    return (this.value = b === b ? 2 * a - b : NaN);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

/** Triple EMA: 3·e1 - 3·e2 + e3 (each seeded from the first p values of the one before). Warm-up 3(p-1). */
export class TemaStream implements MaKernel {
  value = NaN;
  private readonly e1: EmaStream;
  private readonly e2: EmaStream;
  private readonly e3: EmaStream;
  constructor(period = 30) {
    checkPeriod('TEMA', 'period', period);
    this.e1 = new EmaStream(period);
    this.e2 = new EmaStream(period);
    this.e3 = new EmaStream(period);
  }
  next(x: number): number {
    const a = this.e1.next(x);
    if (a !== a) return NaN;
    const b = this.e2.next(a);
    if (b !== b) return NaN;
    const c = this.e3.next(b);
    return (this.value = c === c ? 3 * a - 3 * b + c : NaN);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

/**
 * Triangular MA: an SMA of an SMA, weights 1,2,…,2,1 over p bars. Odd p: SMA((p+1)/2) twice;
 * even p: SMA(p/2) then SMA(p/2+1) (TA-Lib's weights). Warm-up p-1.
 */
export class TrimaStream implements MaKernel {
  value = NaN;
  private readonly a: SmaStream;
  private readonly b: SmaStream;
  constructor(period = 30) {
    checkPeriod('TRIMA', 'period', period);
    const half = period >> 1;
    if (period % 2 === 1) {
      this.a = new SmaStream(half + 1);
      this.b = new SmaStream(half + 1);
    } else {
      this.a = new SmaStream(half);
      this.b = new SmaStream(half + 1);
    }
  }
  next(x: number): number {
    const a = this.a.next(x);
    return (this.value = a === a ? this.b.next(a) : NaN);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

/**
 * Kaufman adaptive MA (TA-Lib): efficiency ratio er = |x - x[t-p]| / Σ|Δx| over the window,
 * sc = (er·(2/3 - 2/31) + 2/31)², k = k + sc·(x - k), seeded with x[p-1]; first value at p.
 * TA-Lib's quirk kept: er = 1 when Σ|Δx| ≤ x - x[t-p] (signed) or Σ|Δx| ≈ 0.
 */
export class KamaStream implements MaKernel {
  value = NaN;
  private readonly buf: Float64Array; // last p+1 values
  private pos = 0;
  private count = 0;
  private sumRoc = 0;
  private dead = false;
  private started = false;
  constructor(readonly period = 30) {
    checkPeriod('KAMA', 'period', period);
    this.buf = new Float64Array(period + 1);
  }
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const p = this.period;
    const buf = this.buf;
    const size = p + 1;
    const prevPos = this.pos === 0 ? p : this.pos - 1;
    const c = this.count++;
    // buf[pos] holds x[t-p-1] once full; x[t-p] is at pos+1
    const oldestPos = this.pos + 1 === size ? 0 : this.pos + 1;
    if (c > 0) this.sumRoc += Math.abs(x - buf[prevPos]);
    if (c > p) this.sumRoc -= Math.abs(buf[oldestPos] - buf[this.pos]);
    const prevX = buf[prevPos];
    buf[this.pos] = x;
    this.pos = oldestPos;
    if (c < p) return NaN;
    const roc = x - buf[oldestPos];
    const s = this.sumRoc;
    let er = s <= roc || isZero(s) ? 1 : Math.abs(roc / s);
    er = er * KAMA_DIFF + KAMA_SLOW;
    er *= er;
    const prev = c === p ? prevX : this.value;
    return (this.value = (x - prev) * er + prev);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}
const KAMA_SLOW = 2 / 31;
const KAMA_DIFF = 2 / 3 - KAMA_SLOW;

/**
 * Tillson T3: six chained EMAs (each seeded with the SMA of the first p values of the one
 * before, as TA-Lib), combined with the volume factor a: c1·e6 + c2·e5 + c3·e4 + c4·e3.
 * Warm-up 6(p-1).
 */
export class T3Stream implements MaKernel {
  value = NaN;
  private readonly e: EmaStream[];
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly c4: number;
  private readonly out = new Float64Array(6);
  constructor(period = 5, vfactor = 0.7) {
    checkPeriod('T3', 'period', period);
    checkReal('T3', 'vfactor', vfactor, 0, 1);
    this.e = [0, 1, 2, 3, 4, 5].map(() => new EmaStream(period));
    ({ c1: this.c1, c2: this.c2, c3: this.c3, c4: this.c4 } = t3Coefficients(vfactor));
  }
  next(x: number): number {
    let v = x;
    const out = this.out;
    for (let i = 0; i < 6; i++) {
      v = this.e[i].next(v);
      if (v !== v) return NaN;
      out[i] = v;
    }
    return (this.value = this.c1 * out[5] + this.c2 * out[4] + this.c3 * out[3] + this.c4 * out[2]);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

/**
 * Hull MA: WMA(2·WMA(x, ⌊p/2⌋) - WMA(x, p), ⌊√p⌋). Not in TA-Lib. Warm-up p-1 + ⌊√p⌋-1.
 */
export class HmaStream implements MaKernel {
  value = NaN;
  private readonly half: WmaStream;
  private readonly full: WmaStream;
  private readonly outer: WmaStream;
  constructor(period = 9) {
    checkPeriod('HMA', 'period', period, 2);
    this.half = new WmaStream(period >> 1);
    this.full = new WmaStream(period);
    this.outer = new WmaStream(Math.floor(Math.sqrt(period)));
  }
  next(x: number): number {
    const h = this.half.next(x);
    const f = this.full.next(x);
    if (f !== f) return NaN;
    return (this.value = this.outer.next(2 * h - f));
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
}

// ---- batch forms: stage by stage over whole columns (kernels.ts), same arithmetic as the streams ----

function demaColumns(x: Float64Array, period = 30): Float64Array {
  checkPeriod('DEMA', 'period', period);
  const n = checkInputs('DEMA', x);
  const end = firstNaN(n, x);
  const w = 2 * (period - 1);
  const out = outArray(n, w, end);
  const e1 = scratch(0, n);
  const e2 = scratch(1, n);
  emaInto(x, 0, end, period, e1);
  emaInto(e1, period - 1, end, period, e2);
  for (let i = w; i < end; i++) out[i] = 2 * e1[i] - e2[i];
  return out;
}
export const dema = skipLeadingNaN('DEMA', demaColumns, 1);

function temaColumns(x: Float64Array, period = 30): Float64Array {
  checkPeriod('TEMA', 'period', period);
  const n = checkInputs('TEMA', x);
  const end = firstNaN(n, x);
  const w = 3 * (period - 1);
  const out = outArray(n, w, end);
  const e1 = scratch(0, n);
  const e2 = scratch(1, n);
  const e3 = scratch(2, n);
  emaInto(x, 0, end, period, e1);
  emaInto(e1, period - 1, end, period, e2);
  emaInto(e2, 2 * (period - 1), end, period, e3);
  for (let i = w; i < end; i++) out[i] = 3 * e1[i] - 3 * e2[i] + e3[i];
  return out;
}
export const tema = skipLeadingNaN('TEMA', temaColumns, 1);

function trimaColumns(x: Float64Array, period = 30): Float64Array {
  checkPeriod('TRIMA', 'period', period);
  const n = checkInputs('TRIMA', x);
  const end = firstNaN(n, x);
  const out = outArray(n, period - 1, end);
  const half = period >> 1;
  const p1 = period % 2 === 1 ? half + 1 : half;
  const a = scratch(0, n);
  smaInto(x, 0, end, p1, a);
  smaInto(a, p1 - 1, end, half + 1, out);
  return out;
}
export const trima = skipLeadingNaN('TRIMA', trimaColumns, 1);

function kamaColumns(x: Float64Array, period = 30): Float64Array {
  checkPeriod('KAMA', 'period', period);
  const n = checkInputs('KAMA', x);
  const end = firstNaN(n, x);
  const p = period;
  const out = outArray(n, p, end);
  if (end <= p) return out;
  // KamaStream's arithmetic, reading the column instead of a ring buffer
  let sumRoc = 0;
  for (let t = 1; t <= p; t++) sumRoc += Math.abs(x[t] - x[t - 1]);
  let k = x[p - 1];
  for (let t = p; t < end; t++) {
    const v = x[t];
    if (t > p) {
      sumRoc += Math.abs(v - x[t - 1]);
      sumRoc -= Math.abs(x[t - p] - x[t - p - 1]);
    }
    const roc = v - x[t - p];
    let er = sumRoc <= roc || isZero(sumRoc) ? 1 : Math.abs(roc / sumRoc);
    er = er * KAMA_DIFF + KAMA_SLOW;
    er *= er;
    k = (v - k) * er + k;
    out[t] = k;
  }
  return out;
}
export const kama = skipLeadingNaN('KAMA', kamaColumns, 1);

function t3Columns(x: Float64Array, period = 5, vfactor = 0.7): Float64Array {
  checkPeriod('T3', 'period', period);
  checkReal('T3', 'vfactor', vfactor, 0, 1);
  const n = checkInputs('T3', x);
  const end = firstNaN(n, x);
  const q = period - 1;
  const out = outArray(n, 6 * q, end);
  const w = 6 * q;
  if (end <= w) return out;
  // the six EMAs' seeding runs stage by stage over the first w+1 bars; from there one loop
  // carries all six (each its own chain, the same operations as emaInto/EmaStream)
  const m = w + 1;
  const e1 = scratch(0, m);
  const e2 = scratch(1, m);
  const e3 = scratch(2, m);
  const e4 = scratch(3, m);
  const e5 = scratch(4, m);
  const e6 = scratch(5, m);
  emaInto(x, 0, m, period, e1);
  emaInto(e1, q, m, period, e2);
  emaInto(e2, 2 * q, m, period, e3);
  emaInto(e3, 3 * q, m, period, e4);
  emaInto(e4, 4 * q, m, period, e5);
  emaInto(e5, 5 * q, m, period, e6);
  const { c1, c2, c3, c4 } = t3Coefficients(vfactor);
  let a1 = e1[w];
  let a2 = e2[w];
  let a3 = e3[w];
  let a4 = e4[w];
  let a5 = e5[w];
  let a6 = e6[w];
  out[w] = c1 * a6 + c2 * a5 + c3 * a4 + c4 * a3;
  const k = 2 / (period + 1);
  const a = 1 - k;
  for (let i = m; i < end; i++) {
    a1 = a1 * a + x[i] * k;
    a2 = a2 * a + a1 * k;
    a3 = a3 * a + a2 * k;
    a4 = a4 * a + a3 * k;
    a5 = a5 * a + a4 * k;
    a6 = a6 * a + a5 * k;
    out[i] = c1 * a6 + c2 * a5 + c3 * a4 + c4 * a3;
  }
  return out;
}
export const t3 = skipLeadingNaN('T3', t3Columns, 1);

function hmaColumns(x: Float64Array, period = 9): Float64Array {
  checkPeriod('HMA', 'period', period, 2);
  const n = checkInputs('HMA', x);
  const end = firstNaN(n, x);
  const sq = Math.floor(Math.sqrt(period));
  const out = outArray(n, period - 1 + sq - 1, end);
  const h = scratch(0, n);
  const f = scratch(1, n);
  wmaInto(x, 0, end, period >> 1, h);
  wmaInto(x, 0, end, period, f);
  for (let i = period - 1; i < end; i++) f[i] = 2 * h[i] - f[i];
  wmaInto(f, period - 1, end, sq, out);
  return out;
}
export const hma = skipLeadingNaN('HMA', hmaColumns, 1);

function t3Coefficients(a: number): { c1: number; c2: number; c3: number; c4: number } {
  const a2 = a * a;
  const c1 = -(a2 * a);
  return { c1, c2: 3 * (a2 - c1), c3: -6 * a2 - 3 * (a - c1), c4: 1 + 3 * a - c1 + 3 * a2 };
}

/** TA-Lib's MA type numbers (MAMA, 7, is not offered). */
export const MA_TYPES = { SMA: 0, EMA: 1, WMA: 2, DEMA: 3, TEMA: 4, TRIMA: 5, KAMA: 6, T3: 8 } as const;
export const MA_TYPE_OPTIONS = [0, 1, 2, 3, 4, 5, 6, 8] as const;

/** A streaming MA of TA-Lib type `maType` (period 1 passes values through, as TA-Lib). */
export function createMa(indicator: string, maType: number, period: number): MaKernel {
  if (period === 1) return { next: (x: number) => x };
  switch (maType) {
    case 0:
      return new SmaStream(period);
    case 1:
      return new EmaStream(period);
    case 2:
      return new WmaStream(period);
    case 3:
      return new DemaStream(period);
    case 4:
      return new TemaStream(period);
    case 5:
      return new TrimaStream(period);
    case 6:
      return new KamaStream(period);
    case 8:
      return new T3Stream(period);
    default:
      throw new EngineError('INVALID_INPUT', `${indicator}: unknown MA type ${String(maType)} (use 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA, 8 T3)`, {
        indicator,
        maType,
      });
  }
}

/** Bars before the first value of MA type `maType` with `period` (TA-Lib's lookback). */
export function maLookback(maType: number, period: number): number {
  if (period === 1) return 0;
  switch (maType) {
    case 3:
      return 2 * (period - 1);
    case 4:
      return 3 * (period - 1);
    case 6:
      return period;
    case 8:
      return 6 * (period - 1);
    default:
      return period - 1;
  }
}

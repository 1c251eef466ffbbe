import type { BarLike } from './types';
import { EmaStream } from './ema';
import { SmaStream } from './sma';
import { WmaStream } from './wma';
import { checkInputs, checkPeriod, checkReal, firstNaN, isZero, nanArray } from './validate';
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
  constructor(readonly period = 30) {
    checkPeriod('KAMA', 'period', period);
    this.buf = new Float64Array(period + 1);
  }
  next(x: number): number {
    if (x !== x) this.dead = true;
    if (this.dead) return (this.value = NaN);
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
    const a2 = vfactor * vfactor;
    this.c1 = -(a2 * vfactor);
    this.c2 = 3 * (a2 - this.c1);
    this.c3 = -6 * a2 - 3 * (vfactor - this.c1);
    this.c4 = 1 + 3 * vfactor - this.c1 + 3 * a2;
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

/** Runs a kernel over a column; stops (rest NaN) at the first NaN input. */
function runKernel(k: MaKernel, x: Float64Array): Float64Array {
  const n = x.length;
  const out = nanArray(n);
  const end = firstNaN(n, x);
  for (let i = 0; i < end; i++) out[i] = k.next(x[i]);
  return out;
}

export function dema(x: Float64Array, period = 30): Float64Array {
  checkInputs('DEMA', x);
  return runKernel(new DemaStream(period), x);
}
export function tema(x: Float64Array, period = 30): Float64Array {
  checkInputs('TEMA', x);
  return runKernel(new TemaStream(period), x);
}
export function trima(x: Float64Array, period = 30): Float64Array {
  checkInputs('TRIMA', x);
  return runKernel(new TrimaStream(period), x);
}
export function kama(x: Float64Array, period = 30): Float64Array {
  checkInputs('KAMA', x);
  return runKernel(new KamaStream(period), x);
}
export function t3(x: Float64Array, period = 5, vfactor = 0.7): Float64Array {
  checkInputs('T3', x);
  return runKernel(new T3Stream(period, vfactor), x);
}
export function hma(x: Float64Array, period = 9): Float64Array {
  checkInputs('HMA', x);
  return runKernel(new HmaStream(period), x);
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

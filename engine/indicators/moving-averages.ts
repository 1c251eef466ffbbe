import type { BarLike } from './types';
import { EmaStream } from './ema';
import { SmaStream } from './sma';
import { WmaStream } from './wma';
import { checkInputs, checkPeriod, checkReal, firstNaN, isZero, outArray, skipLeadingNaN } from './validate';
import { emaInto, scratch, smaInto, STEP } from './kernels';
import { smallInt } from './small-int';
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
  const p = smallInt(period);
  const out = outArray(n, p, end);
  if (end <= p) return out;
  // KamaStream's arithmetic, reading the column instead of a ring buffer; bar p (the seed) here,
  // the rest chunk by chunk through one work array (see KAMA_CHUNK)
  let sumRoc = 0;
  for (let t = 1; t <= p; t++) sumRoc += Math.abs(x[t] - x[t - 1]);
  const w = (kamaWork ??= new Float64Array(K_SIZE));
  w[K_STATE] = sumRoc;
  w[K_STATE + 1] = x[p - 1];
  w[K_NOW + 1] = x[p];
  w[K_BACK + 1] = x[0];
  kamaStep(w, 0, 1, true);
  out[p] = w[K_OUT];
  for (let lo = p + 1; lo < end; lo += KAMA_CHUNK) {
    const hi = lo + KAMA_CHUNK < end ? lo + KAMA_CHUNK : end;
    const len = hi - lo;
    w.set(x.subarray(lo - 1, hi), K_NOW);
    w.set(x.subarray(lo - p - 1, hi - p), K_BACK);
    for (let k = 0; k < len; k += STEP) kamaStep(w, k, k + STEP < len ? k + STEP : len, false);
    out.set(w.subarray(K_OUT, K_OUT + len), lo);
  }
  return out;
}

/**
 * Work array of the KAMA batch kernel: per chunk of bars [lo, hi), x[lo-1 .. hi) (today and
 * yesterday), x[lo-p-1 .. hi-p) (the bars leaving the window) and the output. One typed array for
 * the loop instead of the column and the output: Node 20's optimised loop re-checks and reloads
 * every typed array it touches on every iteration.
 */
const KAMA_CHUNK = 1024;
const K_NOW = 0;
const K_BACK = KAMA_CHUNK + 1;
const K_OUT = 2 * KAMA_CHUNK + 2;
const K_STATE = 3 * KAMA_CHUNK + 2; // sumRoc, KAMA
const K_SIZE = K_STATE + 2;
let kamaWork: Float64Array | undefined;

/**
 * Work-array bars [k0, k1) (k = bar - lo): sumRoc gains today's |Δx| and loses the one leaving
 * the window (not on the seed bar, whose sum is complete), then KamaStream's update. Short calls
 * (STEP bars) so V8 optimises the function whole rather than its loop on the stack; the bundled
 * module constants are mutable vars an optimised loop would re-read every iteration, hence the
 * locals (masked with a literal 0xffff, exact as the work array is shorter than 2^16, so the
 * compiler knows their range and drops the overflow checks on index sums) and the inlined isZero.
 */
function kamaStep(w: Float64Array, k0: number, k1: number, seed: boolean): void {
  const m = 0xffff;
  const iNow = K_NOW & m;
  const iBack = K_BACK & m;
  const o = K_OUT & m;
  const s = K_STATE & m;
  const kEnd = k1 & m;
  const diff = KAMA_DIFF;
  const slow = KAMA_SLOW;
  let sumRoc = w[s];
  let kama = w[s + 1];
  for (let k = k0 & m; k < kEnd; k++) {
    const v = w[iNow + k + 1];
    const old = w[iBack + k + 1];
    if (!seed) {
      sumRoc += Math.abs(v - w[iNow + k]);
      sumRoc -= Math.abs(old - w[iBack + k]);
    }
    const roc = v - old;
    let er = sumRoc <= roc || (sumRoc > -1e-14 && sumRoc < 1e-14) ? 1 : Math.abs(roc / sumRoc);
    er = er * diff + slow;
    er *= er;
    kama = (v - kama) * er + kama;
    w[o + k] = kama;
  }
  w[s] = sumRoc;
  w[s + 1] = kama;
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
  const p = smallInt(period);
  const n = checkInputs('HMA', x);
  const end = firstNaN(n, x);
  const sq = Math.floor(Math.sqrt(p));
  const first = p - 1 + sq - 1;
  const out = outArray(n, first, end);
  if (end <= first) return out;
  const w = hmaWork(sq);
  const steady = first + 1; // from here no WMA is on its seed or first step
  hmaPrologue(x, p, sq, steady < end ? steady : end, out, w);
  const half = p >> 1;
  for (let lo = steady; lo < end; lo += HMA_CHUNK) {
    const hi = lo + HMA_CHUNK < end ? lo + HMA_CHUNK : end;
    const len = hi - lo;
    w.set(x.subarray(lo, hi), H_X);
    w.set(x.subarray(lo - half, hi - half), H_HALF);
    w.set(x.subarray(lo - p, hi - p), H_FULL);
    for (let k = 0; k < len; k += STEP) hmaStep(w, k, k + STEP < len ? k + STEP : len, p, sq);
    out.set(w.subarray(H_OUT, H_OUT + len), lo);
    w.copyWithin(H_INNER, H_INNER + len, H_INNER + len + sq); // the outer window's next sq values
  }
  return out;
}

/**
 * Work array of the fused HMA kernel, per chunk of bars [lo, hi): x, x lagged p/2 and p (the
 * values leaving the two inner WMAs), the output, the three WMAs' plain and weighted sums, and
 * the inner series 2·WMA(p/2) - WMA(p) from bar lo-sq on (the outer WMA's window, then the
 * chunk's own values). One typed array for the loop: Node 20's optimised loop re-checks and
 * reloads every typed array it touches on every iteration.
 */
const HMA_CHUNK = 1024;
const H_X = 0;
const H_HALF = HMA_CHUNK;
const H_FULL = 2 * HMA_CHUNK;
const H_OUT = 3 * HMA_CHUNK;
const H_STATE = 4 * HMA_CHUNK;
const H_INNER = H_STATE + 6; // sq + HMA_CHUNK values
let hmaBuf: Float64Array | undefined;
function hmaWork(sq: number): Float64Array {
  const size = H_INNER + sq + HMA_CHUNK;
  if (hmaBuf === undefined || hmaBuf.length < size) hmaBuf = new Float64Array(size);
  return hmaBuf;
}

/**
 * Bars [0, stop), stop ≤ the first steady bar, one by one with wmaInto's seeds and first steps
 * for WMA(p/2), WMA(p) and the outer WMA(sq) of 2·half - full. A first step subtracts nothing
 * (wmaInto subtracts its initial 0, which changes no bit). Leaves the sums in the state and the
 * inner series' last sq values at H_INNER for the steady kernel.
 */
function hmaPrologue(x: Float64Array, p: number, sq: number, stop: number, out: Float64Array, w: Float64Array): void {
  const q = p >> 1;
  const dq = (q * (q + 1)) / 2;
  const dp = (p * (p + 1)) / 2;
  const ds = (sq * (sq + 1)) / 2;
  let sH = 0;
  let wH = 0;
  let sF = 0;
  let wF = 0;
  let sO = 0;
  let wO = 0;
  let h = NaN;
  for (let i = 0; i < stop; i++) {
    const v = x[i];
    sH += v;
    if (i < q - 1) wH += v * (i + 1);
    else {
      if (i > q - 1) sH -= x[i - q];
      wH += v * q;
      h = wH / dq;
      wH -= sH;
    }
    sF += v;
    if (i < p - 1) {
      wF += v * (i + 1);
      continue;
    }
    if (i > p - 1) sF -= x[i - p];
    wF += v * p;
    const f = wF / dp;
    wF -= sF;
    const d = 2 * h - f;
    const r = i - (p - 1); // the outer WMA's own bar: the prologue ends at its first step, r = sq-1
    w[H_INNER + r] = d;
    sO += d;
    if (r < sq - 1) wO += d * (r + 1);
    else {
      wO += d * sq;
      out[i] = wO / ds;
      wO -= sO;
    }
  }
  w[H_STATE] = sH;
  w[H_STATE + 1] = wH;
  w[H_STATE + 2] = sF;
  w[H_STATE + 3] = wF;
  w[H_STATE + 4] = sO;
  w[H_STATE + 5] = wO;
}

/**
 * Work-array bars [k0, k1) of a chunk, all steady: the three WMAs with wmaInto's operations in
 * its order (sum += x, sum -= oldest, wsum += x·q, value = wsum/divider, wsum -= sum), the outer
 * one on 2·half - full, which is also kept for the outer window. Short calls (STEP bars) so V8
 * optimises the function whole rather than its loop on the stack; offsets are locals, since the
 * bundler's module constants are mutable vars, masked as in kamaStep (sq ≤ 316, so the work array
 * stays shorter than 2^16).
 */
function hmaStep(w: Float64Array, k0: number, k1: number, p: number, sq: number): void {
  const m = 0xffff;
  const iX = H_X & m;
  const iH = H_HALF & m;
  const iF = H_FULL & m;
  const o = H_OUT & m;
  const s = H_STATE & m;
  const dOld = H_INNER & m; // inner value sq bars back
  const dNew = dOld + (sq & m); // today's inner value
  const kEnd = k1 & m;
  const q = p >> 1;
  const dq = (q * (q + 1)) / 2;
  const dp = (p * (p + 1)) / 2;
  const ds = (sq * (sq + 1)) / 2;
  let sH = w[s];
  let wH = w[s + 1];
  let sF = w[s + 2];
  let wF = w[s + 3];
  let sO = w[s + 4];
  let wO = w[s + 5];
  for (let k = k0 & m; k < kEnd; k++) {
    const v = w[iX + k];
    sH += v;
    sH -= w[iH + k];
    wH += v * q;
    const h = wH / dq;
    wH -= sH;
    sF += v;
    sF -= w[iF + k];
    wF += v * p;
    const f = wF / dp;
    wF -= sF;
    const d = 2 * h - f;
    w[dNew + k] = d;
    sO += d;
    sO -= w[dOld + k];
    wO += d * sq;
    w[o + k] = wO / ds;
    wO -= sO;
  }
  w[s] = sH;
  w[s + 1] = wH;
  w[s + 2] = sF;
  w[s + 3] = wF;
  w[s + 4] = sO;
  w[s + 5] = wO;
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

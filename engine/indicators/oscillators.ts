import type { BarLike } from './types';
import { EmaStream } from './ema';
import { RollingMax, RollingMin } from './rolling';
import { checkInputs, checkPeriod, firstNaN, firstNaNIn, isZero, nanArray, outArray, skipLeadingNaN } from './validate';
import { emaInto, scratch } from './kernels';
import { smallInt } from './small-int';
import { cciWasmWork, type CciWasmWork } from './wasm/cci-kernel';
import { aroonChunk, frame, load, region, SPAN, store, WILLR as WILLR_KIND, windowPass } from './frame';
import { aroonWasmInto } from './wasm/aroon-kernel';
import { mfiInto } from './money-flow-pass';

/**
 * Commodity channel index (TA-Lib): tp = (h+l+c)/3; (tp - mean)/(0.015·mean deviation) over p
 * bars, 0 when either is 0. The mean and the deviation are recomputed per bar (O(p)), so there
 * is no running-sum drift. Warm-up p-1.
 */
export class CciStream {
  value = NaN;
  private readonly buf: Float64Array; // each tp stored twice (k and k+p): the window is contiguous
  private pos = 0;
  private count = 0;
  private dead = false;
  private started = false;
  constructor(readonly period = 20) {
    checkPeriod('CCI', 'period', period, 2);
    this.buf = new Float64Array(2 * period);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const p = this.period;
    const tp = (h + l + c) / 3;
    this.buf[this.pos] = tp;
    this.buf[this.pos + p] = tp;
    if (++this.pos === p) this.pos = 0;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    return (this.value = cciWindow(this.buf, this.pos, p, tp));
  }
}

/**
 * CCI of the window w[from .. from+p) (oldest first) whose last value is tp: the mean and the
 * mean deviation, recomputed (no drift), each summed oldest to newest from 0. That plain order
 * is what lets the batch form (cciChunk) compute four consecutive bars in one pass over their
 * shared values with the very same additions.
 */
function cciWindow(w: Float64Array, from: number, p: number, tp: number): number {
  const end = from + p;
  let sum = 0;
  for (let j = from; j < end; j++) sum += w[j];
  const avg = sum / p;
  let dev = 0;
  for (let j = from; j < end; j++) dev += Math.abs(w[j] - avg);
  return cciValue(tp, avg, dev, p);
}

function cciValue(tp: number, avg: number, dev: number, p: number): number {
  const diff = tp - avg;
  return diff !== 0 && dev !== 0 ? diff / (0.015 * (dev / p)) : 0;
}

/**
 * cciChunk's six-bar step: the same sums as cciWindow for the bars j .. j+5 (windows
 * w[st+b .. st+b+p)), each value loaded once and passed along a row of registers (v0..v5),
 * so one load feeds six additions. Six: the row with its sums (then means) fits the
 * registers; eight spilled to the stack and measured slower.
 */
function cciRow(w: Float64Array, st: number, p: number, out: number): void {
  // frame indices as provably small integers (see FRAME_INDEX in frame.ts)
  st &= 0x3fffffff;
  p &= 0x3fffffff;
  out &= 0x3fffffff;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  {
    let v0 = w[st];
    let v1 = w[st + 1];
    let v2 = w[st + 2];
    let v3 = w[st + 3];
    let v4 = w[st + 4];
    for (let k = st + 5; k < st + p + 5; k++) {
      const v5 = w[k];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      s4 += v4;
      s5 += v5;
      v0 = v1;
      v1 = v2;
      v2 = v3;
      v3 = v4;
      v4 = v5;
    }
  }
  const m0 = s0 / p;
  const m1 = s1 / p;
  const m2 = s2 / p;
  const m3 = s3 / p;
  const m4 = s4 / p;
  const m5 = s5 / p;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let d4 = 0;
  let d5 = 0;
  {
    let v0 = w[st];
    let v1 = w[st + 1];
    let v2 = w[st + 2];
    let v3 = w[st + 3];
    let v4 = w[st + 4];
    for (let k = st + 5; k < st + p + 5; k++) {
      const v5 = w[k];
      d0 += Math.abs(v0 - m0);
      d1 += Math.abs(v1 - m1);
      d2 += Math.abs(v2 - m2);
      d3 += Math.abs(v3 - m3);
      d4 += Math.abs(v4 - m4);
      d5 += Math.abs(v5 - m5);
      v0 = v1;
      v1 = v2;
      v2 = v3;
      v3 = v4;
      v4 = v5;
    }
  }
  const t = st + p - 1; // the first bar's own tp
  w[out] = cciValue(w[t], m0, d0, p);
  w[out + 1] = cciValue(w[t + 1], m1, d1, p);
  w[out + 2] = cciValue(w[t + 2], m2, d2, p);
  w[out + 3] = cciValue(w[t + 3], m3, d3, p);
  w[out + 4] = cciValue(w[t + 4], m4, d4, p);
  w[out + 5] = cciValue(w[t + 5], m5, d5, p);
}

/**
 * CCI for the bars at j in [head, end) of the typical-price region oT of w (head = p-1 bars of
 * window before the first), into oOut. Several consecutive bars at a time (cciRow, then four):
 * their windows are one run of values, so each value is loaded once and added to the sums it
 * belongs to (independent add chains instead of one), each sum still oldest to newest from 0 as
 * in cciWindow; likewise the deviations. The last bars of a chunk (fewer than four) use cciWindow.
 */
function cciChunk(w: Float64Array, oT: number, oOut: number, p: number, head: number, end: number): void {
  // frame indices as provably small integers (see FRAME_INDEX in frame.ts)
  oT &= 0x3fffffff;
  oOut &= 0x3fffffff;
  p &= 0x3fffffff;
  head &= 0x3fffffff;
  end &= 0x3fffffff;
  let j = head;
  for (; j + 5 < end; j += 6) cciRow(w, oT + j - head, p, oOut + j);
  for (; j + 3 < end; j += 4) {
    const st = oT + j - head;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let a = w[st];
    let b = w[st + 1];
    let c = w[st + 2];
    let k = st + 3;
    for (; k + 1 < st + p + 3; k += 2) {
      const d = w[k];
      const e = w[k + 1];
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += d;
      s0 += b;
      s1 += c;
      s2 += d;
      s3 += e;
      a = c;
      b = d;
      c = e;
    }
    if (k < st + p + 3) {
      const d = w[k];
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += d;
    }
    const m0 = s0 / p;
    const m1 = s1 / p;
    const m2 = s2 / p;
    const m3 = s3 / p;
    s0 = s1 = s2 = s3 = 0;
    a = w[st];
    b = w[st + 1];
    c = w[st + 2];
    k = st + 3;
    for (; k + 1 < st + p + 3; k += 2) {
      const d = w[k];
      const e = w[k + 1];
      s0 += Math.abs(a - m0);
      s1 += Math.abs(b - m1);
      s2 += Math.abs(c - m2);
      s3 += Math.abs(d - m3);
      s0 += Math.abs(b - m0);
      s1 += Math.abs(c - m1);
      s2 += Math.abs(d - m2);
      s3 += Math.abs(e - m3);
      a = c;
      b = d;
      c = e;
    }
    if (k < st + p + 3) {
      const d = w[k];
      s0 += Math.abs(a - m0);
      s1 += Math.abs(b - m1);
      s2 += Math.abs(c - m2);
      s3 += Math.abs(d - m3);
    }
    const t = st + head; // the first bar's own tp
    w[oOut + j] = cciValue(w[t], m0, s0, p);
    w[oOut + j + 1] = cciValue(w[t + 1], m1, s1, p);
    w[oOut + j + 2] = cciValue(w[t + 2], m2, s2, p);
    w[oOut + j + 3] = cciValue(w[t + 3], m3, s3, p);
  }
  for (; j < end; j++) w[oOut + j] = cciWindow(w, oT + j - head, p, w[oT + j]);
}

/**
 * Chande momentum oscillator, TA-Lib's form: 100·(G - L)/(G + L) with G, L the Wilder-smoothed
 * gains and losses seeded and smoothed like our RSI (0 when G + L ≈ 0). Warm-up p.
 */
export class CmoStream {
  value = NaN;
  private count = 0;
  private prev = NaN;
  private gain = 0;
  private loss = 0;
  private readonly a: number;
  private readonly b: number;
  constructor(readonly period = 14) {
    checkPeriod('CMO', 'period', period, 2);
    this.a = (period - 1) / period;
    this.b = 1 / period;
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    const p = this.period;
    const c = this.count;
    if (c === 0) {
      if (x !== x) return NaN; // before the first value: a gap (e.g. an input's warm-up), not data
      this.count = 1;
      this.prev = x;
      return NaN;
    }
    this.count = c + 1;
    const d = x - this.prev;
    this.prev = x;
    const ad = Math.abs(d);
    if (c > p) {
      this.gain = this.gain * this.a + (d + ad) * 0.5 * this.b;
      this.loss = this.loss * this.a + (ad - d) * 0.5 * this.b;
    } else {
      this.gain += (d + ad) * 0.5;
      this.loss += (ad - d) * 0.5;
      if (c < p) return NaN;
      this.gain /= p;
      this.loss /= p;
    }
    const s = this.gain + this.loss;
    return (this.value = isZero(s) ? 0 : 100 * ((this.gain - this.loss) / s));
  }
}

/** Williams %R: -100·(HH - c)/(HH - LL) over p bars, 0 when HH = LL. Warm-up p-1. */
export class WillrStream {
  value = NaN;
  private readonly hh: RollingMax;
  private readonly ll: RollingMin;
  private dead = false;
  private started = false;
  constructor(readonly period = 14) {
    checkPeriod('WILLR', 'period', period, 2);
    this.hh = new RollingMax(period);
    this.ll = new RollingMin(period);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const hh = this.hh.next(h);
    const ll = this.ll.next(l);
    if (this.hh.count < this.period) return NaN;
    const diff = (hh - ll) * -0.01;
    return (this.value = diff !== 0 ? (hh - c) / diff : 0);
  }
}

/**
 * Money flow index (TA-Lib): money flow = tp·volume, positive when tp rose, negative when it
 * fell; 100·pos/(pos+neg) over p bars. TA-Lib's quirk kept: 0 when pos+neg < 1. Warm-up p.
 */
export class MfiStream {
  value = NaN;
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  private idx = 0;
  private count = 0;
  private prevTp = NaN;
  private posSum = 0;
  private negSum = 0;
  private dead = false;
  private started = false;
  constructor(readonly period = 14) {
    checkPeriod('MFI', 'period', period, 2);
    this.pos = new Float64Array(period);
    this.neg = new Float64Array(period);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close, bar.volume);
  }
  next(h: number, l: number, c: number, v: number): number {
    if (h !== h || l !== l || c !== c || v !== v) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const tp = (h + l + c) / 3;
    const c0 = this.count++;
    if (c0 === 0) {
      this.prevTp = tp;
      return NaN;
    }
    const p = this.period;
    const i = this.idx;
    if (c0 > p) {
      this.posSum -= this.pos[i];
      this.negSum -= this.neg[i];
    }
    const d = tp - this.prevTp;
    this.prevTp = tp;
    const mf = tp * v;
    if (d < 0) {
      this.neg[i] = mf;
      this.negSum += mf;
      this.pos[i] = 0;
    } else if (d > 0) {
      this.pos[i] = mf;
      this.posSum += mf;
      this.neg[i] = 0;
    } else {
      this.pos[i] = 0;
      this.neg[i] = 0;
    }
    this.idx = i + 1 === p ? 0 : i + 1;
    if (c0 < p) return NaN;
    const s = this.posSum + this.negSum;
    return (this.value = s < 1 ? 0 : 100 * (this.posSum / s));
  }
}

/**
 * Ultimate oscillator: bp = c - min(l, c₋₁), tr = max(h, c₋₁) - min(l, c₋₁);
 * 100·(4·a₁ + 2·a₂ + a₃)/7 with aₖ = Σbp/Σtr over the k-th period. As TA-Lib, the periods are
 * sorted so weight 4 goes to the shortest. Warm-up = the longest period.
 */
export class UltoscStream {
  value = NaN;
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;
  private readonly bp: Float64Array;
  private readonly tr: Float64Array;
  private idx = 0;
  private count = 0;
  private pc = NaN;
  private a1 = 0;
  private a2 = 0;
  private a3 = 0;
  private b1 = 0;
  private b2 = 0;
  private b3 = 0;
  private dead = false;
  private started = false;
  constructor(period1 = 7, period2 = 14, period3 = 28) {
    const ps = [checkPeriod('ULTOSC', 'period1', period1), checkPeriod('ULTOSC', 'period2', period2), checkPeriod('ULTOSC', 'period3', period3)].sort((a, b) => a - b);
    [this.p1, this.p2, this.p3] = ps;
    this.bp = new Float64Array(this.p3);
    this.tr = new Float64Array(this.p3);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const c0 = this.count++;
    const pc = this.pc;
    this.pc = c;
    if (c0 === 0) return NaN;
    const n = this.p3;
    const trueLow = l < pc ? l : pc;
    const bp = c - trueLow;
    let tr = h - l;
    const x = Math.abs(pc - h);
    if (x > tr) tr = x;
    const y = Math.abs(pc - l);
    if (y > tr) tr = y;
    // c0 = number of terms so far; the ring holds the last p3 terms
    const i = this.idx;
    if (c0 > this.p1) {
      let j = i - this.p1;
      if (j < 0) j += n;
      this.a1 -= this.bp[j];
      this.b1 -= this.tr[j];
    }
    if (c0 > this.p2) {
      let j = i - this.p2;
      if (j < 0) j += n;
      this.a2 -= this.bp[j];
      this.b2 -= this.tr[j];
    }
    if (c0 > this.p3) {
      this.a3 -= this.bp[i];
      this.b3 -= this.tr[i];
    }
    this.bp[i] = bp;
    this.tr[i] = tr;
    this.idx = i + 1 === n ? 0 : i + 1;
    this.a1 += bp;
    this.a2 += bp;
    this.a3 += bp;
    this.b1 += tr;
    this.b2 += tr;
    this.b3 += tr;
    if (c0 < this.p3) return NaN;
    let o = 0;
    if (!isZero(this.b1)) o += 4 * (this.a1 / this.b1);
    if (!isZero(this.b2)) o += 2 * (this.a2 / this.b2);
    if (!isZero(this.b3)) o += this.a3 / this.b3;
    return (this.value = 100 * (o / 7));
  }
}

/** TRIX: 1-bar rate of change (percent) of a triple EMA. Warm-up 3(p-1)+1. */
export class TrixStream {
  value = NaN;
  private readonly e1: EmaStream;
  private readonly e2: EmaStream;
  private readonly e3: EmaStream;
  private prev = NaN;
  constructor(period = 30) {
    checkPeriod('TRIX', 'period', period);
    this.e1 = new EmaStream(period);
    this.e2 = new EmaStream(period);
    this.e3 = new EmaStream(period);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    const a = this.e1.next(x);
    if (a !== a) return NaN;
    const b = this.e2.next(a);
    if (b !== b) return NaN;
    const c = this.e3.next(b);
    if (c !== c) return NaN;
    const prev = this.prev;
    this.prev = c;
    if (prev !== prev) return NaN;
    return (this.value = prev !== 0 ? (c / prev - 1) * 100 : 0);
  }
}

/** Balance of power: (c - o)/(h - l), 0 when h - l ≈ 0. No warm-up. */
export function bopValue(o: number, h: number, l: number, c: number): number {
  const r = h - l;
  return r < 1e-14 ? (r === r ? 0 : NaN) : (c - o) / r;
}

/**
 * Aroon (TA-Lib): over the last p+1 bars, up = 100·(p - bars since the highest high)/p,
 * down likewise with the lowest low; on ties the most recent bar counts. Warm-up p.
 */
export class AroonStream {
  up = NaN;
  down = NaN;
  osc = NaN;
  private readonly hh: RollingMax;
  private readonly ll: RollingMin;
  private readonly factor: number;
  private dead = false;
  private started = false;
  constructor(readonly period = 14) {
    checkPeriod('AROON', 'period', period, 2);
    this.hh = new RollingMax(period + 1);
    this.ll = new RollingMin(period + 1);
    this.factor = 100 / period;
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low);
  }
  /** Returns the oscillator (up - down). */
  next(h: number, l: number): number {
    if (h !== h || l !== l) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.up = this.down = this.osc = NaN);
    }
    if (this.dead) return (this.up = this.down = this.osc = NaN);
    this.started = true;
    this.hh.next(h);
    this.ll.next(l);
    const t = this.hh.count - 1;
    if (t < this.period) return NaN;
    const p = this.period;
    this.up = this.factor * (p - (t - this.hh.index));
    this.down = this.factor * (p - (t - this.ll.index));
    return (this.osc = this.factor * (this.hh.index - this.ll.index));
  }
}

/**
 * True strength index (Blau): 100·EMA(EMA(Δc, long), short)/EMA(EMA(|Δc|, long), short), EMAs
 * seeded with the SMA of their first values like every EMA here; 0 when the denominator is 0.
 * Not in TA-Lib. Warm-up long + short - 1.
 */
export class TsiStream {
  value = NaN;
  private readonly n1: EmaStream;
  private readonly n2: EmaStream;
  private readonly d1: EmaStream;
  private readonly d2: EmaStream;
  private prev = NaN;
  private dead = false;
  private started = false;
  constructor(long = 25, short = 13) {
    this.n1 = new EmaStream(checkPeriod('TSI', 'long', long));
    this.d1 = new EmaStream(long);
    this.n2 = new EmaStream(checkPeriod('TSI', 'short', short));
    this.d2 = new EmaStream(short);
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const prev = this.prev;
    this.prev = x;
    if (prev !== prev) return NaN;
    const m = x - prev;
    const a = this.n1.next(m);
    const b = this.d1.next(Math.abs(m));
    if (a !== a) return NaN;
    const num = this.n2.next(a);
    const den = this.d2.next(b);
    if (num !== num) return NaN;
    return (this.value = den !== 0 ? (100 * num) / den : 0);
  }
}

// ---- batch forms: each its own loop over its own kernel (monomorphic) ----

/**
 * tp = (h+l+c)/3 (CciStream's arithmetic) of bars [from, to) into w from oT: straight from the
 * columns, a loop over four arrays, which measured no slower than copying the three columns into
 * the frame first and computing there.
 */
function typicalPriceOf(high: Float64Array, low: Float64Array, close: Float64Array, from: number, to: number, w: Float64Array, oT: number): void {
  for (let i = from, j = oT; i < to; i++, j++) w[j] = (high[i] + low[i] + close[i]) / 3;
}

function cciColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 20): Float64Array {
  checkPeriod('CCI', 'period', period, 2);
  period = smallInt(period);
  const n = checkInputs('CCI', high, low, close);
  const head = period - 1;
  const out = outArray(n, head, n);
  // chunk by chunk in one frame (see frame.ts): the typical prices of the chunk's bars and the
  // window's bars before them, and the CCI values
  const cols = [high, low, close];
  const wk = cciWasmWork(period, SPAN);
  if (wk !== null) return cciWasmColumns(high, low, close, period, out, wk);
  const f = frame(head, 0, 2);
  const w = f.w;
  const oT = region(f, 0);
  const oOut = region(f, 1);
  let end = n;
  for (let lo = head; lo < n; lo += SPAN) {
    const hi = lo + SPAN < n ? lo + SPAN : n;
    const span = hi - lo + head;
    typicalPriceOf(high, low, close, lo - head, hi, w, oT);
    // a NaN input makes its typical price NaN: checked here, on one region, while in cache
    // (the head too on the first chunk); a NaN sum may also be ∞ - ∞, which the exact search
    // on the columns then dismisses
    let cut = hi;
    if (!finiteSum(w, oT, lo === head ? 0 : head, span)) cut = firstNaNIn(cols, lo === head ? 0 : lo, hi);
    if (cut < lo) {
      end = cut;
      break;
    }
    cciChunk(w, oT, oOut, period, head, cut - lo + head);
    store(f, oOut, out, lo, lo, cut);
    if (cut < hi) {
      end = cut;
      break;
    }
  }
  if (end < n) out.fill(NaN, end > head ? end : head);
  return out;
}

/**
 * cciColumns through the WebAssembly kernel (wasm/cci-kernel.ts): the same chunks, typical
 * prices and NaN checks, in the kernel's memory; eight bars per pass there, the last few of a
 * chunk by cciWindow. Bit-identical to cciChunk (both are cciWindow's sums, lane by lane).
 */
function cciWasmColumns(high: Float64Array, low: Float64Array, close: Float64Array, p: number, out: Float64Array, wk: CciWasmWork): Float64Array {
  const n = high.length;
  const head = p - 1;
  const cols = [high, low, close];
  const w = wk.w;
  const oOut = wk.out;
  let end = n;
  for (let lo = head; lo < n; lo += SPAN) {
    const hi = lo + SPAN < n ? lo + SPAN : n;
    const span = hi - lo + head;
    typicalPriceOf(high, low, close, lo - head, hi, w, 0);
    let cut = hi;
    if (!finiteSum(w, 0, lo === head ? 0 : head, span)) cut = firstNaNIn(cols, lo === head ? 0 : lo, hi);
    if (cut < lo) {
      end = cut;
      break;
    }
    const m = cut - lo;
    for (let j = wk.run(m); j < m; j++) w[oOut + j] = cciWindow(w, j, p, w[j + head]);
    if (m > 0) out.set(w.subarray(oOut, oOut + m), lo);
    if (cut < hi) {
      end = cut;
      break;
    }
  }
  if (end < n) out.fill(NaN, end > head ? end : head);
  return out;
}

/** Whether the sum of w[o+s .. o+e) (four lanes) is finite: false when any value is NaN or ±∞ (or on overflow). */
function finiteSum(w: Float64Array, o: number, s: number, e: number): boolean {
  // frame indices as provably small integers (see FRAME_INDEX in frame.ts)
  o &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = o + s;
  const end = o + e;
  for (; j + 3 < end; j += 4) {
    s0 += w[j];
    s1 += w[j + 1];
    s2 += w[j + 2];
    s3 += w[j + 3];
  }
  for (; j < end; j++) s0 += w[j];
  const sum = s0 + s1 + (s2 + s3);
  return sum - sum === 0;
}
export const cci = skipLeadingNaN('CCI', cciColumns, 3);
function cmoColumns(x: Float64Array, period = 14): Float64Array {
  checkPeriod('CMO', 'period', period, 2);
  const n = checkInputs('CMO', x);
  const end = firstNaN(n, x);
  const p = period;
  const out = outArray(n, p, end);
  if (end <= p) return out;
  // CmoStream's arithmetic (RSI's smoothing, branch-free gain/loss split)
  const a = (p - 1) / p;
  const b = 1 / p;
  let gain = 0;
  let loss = 0;
  for (let t = 1; t <= p; t++) {
    const d = x[t] - x[t - 1];
    const ad = Math.abs(d);
    gain += (d + ad) * 0.5;
    loss += (ad - d) * 0.5;
  }
  gain /= p;
  loss /= p;
  let s = gain + loss;
  out[p] = isZero(s) ? 0 : 100 * ((gain - loss) / s);
  for (let t = p + 1; t < end; t++) {
    const d = x[t] - x[t - 1];
    const ad = Math.abs(d);
    gain = gain * a + (d + ad) * 0.5 * b;
    loss = loss * a + (ad - d) * 0.5 * b;
    s = gain + loss;
    out[t] = isZero(s) ? 0 : 100 * ((gain - loss) / s);
  }
  return out;
}
export const cmo = skipLeadingNaN('CMO', cmoColumns, 1);
function willrColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkPeriod('WILLR', 'period', period, 2);
  period = smallInt(period);
  const n = checkInputs('WILLR', high, low, close);
  const out = outArray(n, period - 1, n);
  const end = windowPass(WILLR_KIND, [high, low, close], period, out, null, null);
  if (end < n) out.fill(NaN, end > period - 1 ? end : period - 1);
  return out;
}
export const willr = skipLeadingNaN('WILLR', willrColumns, 3);
function mfiColumns(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period = 14): Float64Array {
  checkPeriod('MFI', 'period', period, 2);
  const n = checkInputs('MFI', high, low, close, volume);
  const p = smallInt(period);
  const out = outArray(n, p, n);
  const end = mfiInto(high, low, close, volume, n, p, out);
  if (end < n) out.fill(NaN, end > p ? end : p);
  return out;
}

export const mfi = skipLeadingNaN('MFI', mfiColumns, 4);
function ultoscColumns(high: Float64Array, low: Float64Array, close: Float64Array, period1 = 7, period2 = 14, period3 = 28): Float64Array {
  const n = checkInputs('ULTOSC', high, low, close);
  const ps = [checkPeriod('ULTOSC', 'period1', period1), checkPeriod('ULTOSC', 'period2', period2), checkPeriod('ULTOSC', 'period3', period3)].sort((a, b) => a - b);
  const [p1, p2, p3] = ps;
  const end = firstNaN(n, high, low, close);
  const out = outArray(n, p3, end);
  const bp = scratch(0, n);
  const tr = scratch(1, n);
  // UltoscStream's order: drop the terms leaving each window, then add today's; today's terms
  // are computed in the same loop (the windows read back at most p3 bars, still in cache)
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let t = 1; t < end; t++) {
    const pc = close[t - 1];
    const h = high[t];
    const l = low[t];
    const v = close[t] - (l < pc ? l : pc);
    let r = h - l;
    const x = Math.abs(pc - h);
    if (x > r) r = x;
    const y = Math.abs(pc - l);
    if (y > r) r = y;
    bp[t] = v;
    tr[t] = r;
    if (t > p1) {
      a1 -= bp[t - p1];
      b1 -= tr[t - p1];
    }
    if (t > p2) {
      a2 -= bp[t - p2];
      b2 -= tr[t - p2];
    }
    if (t > p3) {
      a3 -= bp[t - p3];
      b3 -= tr[t - p3];
    }
    a1 += v;
    a2 += v;
    a3 += v;
    b1 += r;
    b2 += r;
    b3 += r;
    if (t < p3) continue;
    let o = 0;
    if (!isZero(b1)) o += 4 * (a1 / b1);
    if (!isZero(b2)) o += 2 * (a2 / b2);
    if (!isZero(b3)) o += a3 / b3;
    out[t] = 100 * (o / 7);
  }
  return out;
}
export const ultosc = skipLeadingNaN('ULTOSC', ultoscColumns, 3);
function trixColumns(x: Float64Array, period = 30): Float64Array {
  checkPeriod('TRIX', 'period', period);
  const n = checkInputs('TRIX', x);
  const end = firstNaN(n, x);
  const q = period - 1;
  const out = outArray(n, 3 * q + 1, end);
  const e1 = scratch(0, n);
  const e2 = scratch(1, n);
  const e3 = scratch(2, n);
  emaInto(x, 0, end, period, e1);
  emaInto(e1, q, end, period, e2);
  emaInto(e2, 2 * q, end, period, e3);
  for (let t = 3 * q + 1; t < end; t++) {
    const prev = e3[t - 1];
    out[t] = prev !== 0 ? (e3[t] / prev - 1) * 100 : 0;
  }
  return out;
}
export const trix = skipLeadingNaN('TRIX', trixColumns, 1);
function bopColumns(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkInputs('BOP', open, high, low, close);
  const end = firstNaN(n, open, high, low, close);
  const out = outArray(n, 0, end);
  for (let i = 0; i < end; i++) out[i] = bopValue(open[i], high[i], low[i], close[i]);
  return out;
}
export const bop = skipLeadingNaN('BOP', bopColumns, 4);
/**
 * Bars since the highest high / lowest low within the last p+1 bars (ties: the newest bar, as
 * TA-Lib), chunk by chunk in one frame (frame.ts); writes up and down, or the oscillator, from
 * bar p to end (the first NaN bar).
 */
function aroonInto(high: Float64Array, low: Float64Array, end: number, p: number, up: Float64Array, down: Float64Array | null): void {
  if (aroonWasmInto(high, low, end, p, up, down)) return; // WebAssembly SIMD where available: wasm/aroon-kernel.ts
  const f = frame(p, 0, 6);
  const oH = region(f, 0);
  const oHI = region(f, 1);
  const oL = region(f, 2);
  const oLI = region(f, 3);
  const oUp = region(f, 4);
  const oDown = region(f, 5);
  for (let lo = p; lo < end; lo += SPAN) {
    const hi = lo + SPAN < end ? lo + SPAN : end;
    load(f, oH, high, lo, hi);
    load(f, oL, low, lo, hi);
    aroonChunk(f, oH, oHI, oL, oLI, oUp, oDown, hi - lo, down === null);
    store(f, oUp, up, lo, lo, hi);
    if (down !== null) store(f, oDown, down, lo, lo, hi);
  }
}

function aroonColumns(high: Float64Array, low: Float64Array, period = 14): { up: Float64Array; down: Float64Array } {
  checkPeriod('AROON', 'period', period, 2);
  period = smallInt(period);
  const n = checkInputs('AROON', high, low);
  const end = firstNaN(n, high, low);
  const up = outArray(n, period, end);
  const down = outArray(n, period, end);
  aroonInto(high, low, end, period, up, down);
  return { up, down };
}
export const aroon = skipLeadingNaN('AROON', aroonColumns, 2);
function aroonoscColumns(high: Float64Array, low: Float64Array, period = 14): Float64Array {
  checkPeriod('AROONOSC', 'period', period, 2);
  period = smallInt(period);
  const n = checkInputs('AROONOSC', high, low);
  const end = firstNaN(n, high, low);
  const out = outArray(n, period, end);
  aroonInto(high, low, end, period, out, null);
  return out;
}
export const aroonosc = skipLeadingNaN('AROONOSC', aroonoscColumns, 2);
function tsiColumns(x: Float64Array, long = 25, short = 13): Float64Array {
  checkPeriod('TSI', 'long', long);
  checkPeriod('TSI', 'short', short);
  const n = checkInputs('TSI', x);
  const end = firstNaN(n, x);
  const w = long + short - 1;
  const out = outArray(n, w, end);
  const m = scratch(0, n);
  const am = scratch(1, n);
  for (let t = 1; t < end; t++) {
    const d = x[t] - x[t - 1];
    m[t] = d;
    am[t] = Math.abs(d);
  }
  const a = scratch(2, n);
  const b = scratch(3, n);
  emaInto(m, 1, end, long, a);
  emaInto(am, 1, end, long, b);
  emaInto(a, long, end, short, m);
  emaInto(b, long, end, short, am);
  for (let t = w; t < end; t++) {
    const den = am[t];
    out[t] = den !== 0 ? (100 * m[t]) / den : 0;
  }
  return out;
}
export const tsi = skipLeadingNaN('TSI', tsiColumns, 1);

export class BopStream {
  value = NaN;
  private dead = false;
  private started = false;
  update(bar: BarLike): number {
    const { open, high, low, close } = bar;
    if (open !== open || high !== high || low !== low || close !== close) {
      this.dead = this.started;
      return (this.value = NaN);
    }
    this.started = true;
    return (this.value = this.dead ? NaN : bopValue(open, high, low, close));
  }
}

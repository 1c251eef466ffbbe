import type { BarLike } from './types';
import { createMa, type MaKernel, maLookback } from './moving-averages';
import { maInto, scratch, STEP } from './kernels';
import { smallInt } from './small-int';
import { carry, FAST_K, frame, load, region, RSI_K, seedSum, smaStage, SPAN, store, windowChunk } from './frame';
import { RollingMax, RollingMin } from './rolling';
import { rsiIntoUntilNaN, RsiStream } from './rsi';
import { checkInputs, checkPeriod, firstNaNIn, outArray, skipLeadingNaN } from './validate';

/**
 * TA-Lib's fast %K: 100·(c - LL)/(HH - LL), 0 when HH = LL. One division (TA-Lib divides the
 * range by 100 first, a second division; the difference is rounding, ~1e-16 relative).
 */
function fastK(c: number, hh: number, ll: number): number {
  const range = hh - ll;
  return range !== 0 ? ((c - ll) * 100) / range : 0;
}

/**
 * STOCHRSI's %K: as fastK, but an RSI range under 1e-9 counts as none (0). In a flat run RSI
 * holds still up to rounding noise (~1e-13), and the stochastic of noise would swing 0..100.
 */
function rsiK(r: number, hh: number, ll: number): number {
  return hh - ll < 1e-9 ? 0 : fastK(r, hh, ll);
}

/**
 * Stochastic oscillator (slow): fast %K over kPeriod, slow %K = MA(fast %K, slowK),
 * %D = MA(slow %K, slowD), MA types as TA-Lib (default SMA). %K's warm-up is
 * kPeriod-1 + MA lookback; %D adds its own.
 */
export class StochStream {
  k = NaN;
  d = NaN;
  private readonly hh: RollingMax;
  private readonly ll: RollingMin;
  private readonly maK: MaKernel;
  private readonly maD: MaKernel;
  private dead = false;
  private started = false;
  constructor(
    readonly kPeriod = 14,
    slowK = 3,
    slowD = 3,
    slowKMaType = 0,
    slowDMaType = 0,
  ) {
    checkPeriod('STOCH', 'kPeriod', kPeriod);
    checkPeriod('STOCH', 'slowK', slowK);
    checkPeriod('STOCH', 'slowD', slowD);
    this.hh = new RollingMax(kPeriod);
    this.ll = new RollingMin(kPeriod);
    this.maK = createMa('STOCH', slowKMaType, slowK);
    this.maD = createMa('STOCH', slowDMaType, slowD);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.k = this.d = NaN);
    }
    if (this.dead) return (this.k = this.d = NaN);
    this.started = true;
    const hh = this.hh.next(h);
    const ll = this.ll.next(l);
    if (this.hh.count < this.kPeriod) return NaN;
    const k = this.maK.next(fastK(c, hh, ll));
    if (k !== k) return NaN;
    this.k = k;
    this.d = this.maD.next(k);
    return k;
  }
}

/** Fast stochastic: %K = fast %K, %D = MA(%K, fastD). */
export class StochfStream {
  k = NaN;
  d = NaN;
  private readonly hh: RollingMax;
  private readonly ll: RollingMin;
  private readonly maD: MaKernel;
  private dead = false;
  private started = false;
  constructor(
    readonly kPeriod = 14,
    fastD = 3,
    fastDMaType = 0,
  ) {
    checkPeriod('STOCHF', 'kPeriod', kPeriod);
    checkPeriod('STOCHF', 'fastD', fastD);
    this.hh = new RollingMax(kPeriod);
    this.ll = new RollingMin(kPeriod);
    this.maD = createMa('STOCHF', fastDMaType, fastD);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.k = this.d = NaN);
    }
    if (this.dead) return (this.k = this.d = NaN);
    this.started = true;
    const hh = this.hh.next(h);
    const ll = this.ll.next(l);
    if (this.hh.count < this.kPeriod) return NaN;
    const k = fastK(c, hh, ll);
    this.k = k;
    this.d = this.maD.next(k);
    return k;
  }
}

/** Stochastic RSI (TA-Lib): STOCHF applied to RSI(period) as high, low and close (see rsiK). */
export class StochRsiStream {
  k = NaN;
  d = NaN;
  private readonly rsi: RsiStream;
  private readonly hh: RollingMax;
  private readonly ll: RollingMin;
  private readonly maD: MaKernel;
  private readonly kPeriod: number;
  private dead = false;
  private started = false;
  constructor(period = 14, kPeriod = 14, fastD = 3, fastDMaType = 0) {
    this.rsi = new RsiStream(checkPeriod('STOCHRSI', 'period', period, 2));
    this.kPeriod = checkPeriod('STOCHRSI', 'kPeriod', kPeriod);
    this.hh = new RollingMax(kPeriod);
    this.ll = new RollingMin(kPeriod);
    this.maD = createMa('STOCHRSI', fastDMaType, checkPeriod('STOCHRSI', 'fastD', fastD));
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.k = this.d = NaN);
    }
    if (this.dead) return (this.k = this.d = NaN);
    this.started = true;
    const r = this.rsi.next(x);
    if (r !== r) return NaN;
    const hh = this.hh.next(r);
    const ll = this.ll.next(r);
    if (this.hh.count < this.kPeriod) return NaN;
    const k = rsiK(r, hh, ll);
    this.k = k;
    this.d = this.maD.next(k);
    return k;
  }
}

export interface KD {
  k: Float64Array;
  d: Float64Array;
}

/**
 * %K chunk by chunk in one frame (see frame.ts), then up to two SMA stages over the same chunk
 * while it is in cache: a > 0 makes S = SMA(%K, a) (STOCH's slow %K), b > 0 makes
 * D = SMA(S, or %K when a = 0, b); running sums carry from chunk to chunk, SmaStream's order.
 * kOut gets S (or %K) from its first value, dOut gets D. rsi: STOCHRSI's %K of one column (high;
 * low and close unused), else the fast %K of high/low/close. Each chunk's inputs are checked for
 * NaN right before use; returns end, the first NaN bar (or n): outputs from there are the caller's.
 * a + b must stay well under SPAN, so every warm-up ends in the first chunk (or the data does).
 */
function stochPass(rsi: boolean, high: Float64Array, low: Float64Array, close: Float64Array, p: number, a: number, b: number, kOut: Float64Array, dOut: Float64Array | null): number {
  const n = high.length;
  const from = p - 1;
  const cols = rsi ? [high] : [high, low, close];
  // RSI values come from finite math, never NaN before the input's first NaN (which ends them)
  const pre = rsi ? from : firstNaNIn(cols, 0, from < n ? from : n);
  if (pre < from) return pre;
  const f = frame(from, Math.max(a, b, 1), 8);
  const w = f.w;
  const oH = region(f, 0);
  const oL = region(f, 1);
  const oC = region(f, 2);
  const oHH = region(f, 3);
  const oLL = region(f, 4);
  const oK = region(f, 5);
  const oS = a > 0 ? region(f, 6) : oK;
  const oD = region(f, 7);
  const sBegin = a > 0 ? from + a - 1 : from;
  const dBegin = sBegin + b - 1;
  let sumS = 0;
  let sumD = 0;
  for (let lo = from; lo < n; lo += SPAN) {
    const hi = lo + SPAN < n ? lo + SPAN : n;
    const base = lo - from; // bar = base + j
    load(f, oH, high, lo, hi);
    if (rsi) {
      // one column: its second and third copies come from the frame (in cache), not from memory
      const m = hi - lo + f.head;
      w.copyWithin(oL, oH, oH + m);
      w.copyWithin(oC, oH, oH + m);
    } else {
      load(f, oL, low, lo, hi);
      load(f, oC, close, lo, hi);
    }
    let cut = hi;
    if (!windowChunk(rsi ? RSI_K : FAST_K, f, oH, oL, oC, oHH, oLL, oK, 0, hi - lo, true)) {
      if (!rsi) cut = firstNaNIn(cols, lo, hi);
      load(f, oH, high, lo, cut);
      load(f, oL, rsi ? high : low, lo, cut);
      windowChunk(rsi ? RSI_K : FAST_K, f, oH, oL, oC, oHH, oLL, oK, 0, cut - lo, false);
    }
    const end = cut - base;
    sumS = smoothStage(w, oK, oS, lo, base, sBegin, end, a, sumS);
    sumD = smoothStage(w, oS, oD, lo, base, dBegin, end, b, sumD);
    store(f, oS, kOut, lo, lo > sBegin ? lo : sBegin, cut);
    if (dOut !== null) store(f, oD, dOut, lo, lo > dBegin ? lo : dBegin, cut);
    if (cut < hi) return cut;
    if (a > 0) carry(f, oK, end, a - 1);
    if (b > 0) carry(f, oS, end, b - 1);
  }
  return n;
}

/**
 * One SMA stage of the chunk at lo (bar = base + j) up to j = end: period a (0: none) from
 * region src into dst, its first value at bar begin (seeded from the a-1 values before it, in
 * the first chunk); returns the running sum.
 */
function smoothStage(w: Float64Array, src: number, dst: number, lo: number, base: number, begin: number, end: number, a: number, sum: number): number {
  if (a === 0) return sum;
  const s = (lo > begin ? lo : begin) - base;
  if (s >= end) return sum;
  if (lo <= begin) sum = seedSum(w, src, s - (a - 1), s);
  // STEP bars a call (see kernels' STEP): called per 4096-bar chunk, smaStage's whole-function
  // code deoptimised on its first line and some runs kept its baseline code for a dozen calls
  for (let k = s; k < end; k += STEP) sum = smaStage(w, src, dst, k, k + STEP < end ? k + STEP : end, a, sum);
  return sum;
}

/** SMA stages fuse into the chunk pass; other MA types (and period 1, a copy) run on whole columns. */
function fusable(maType: number, period: number): boolean {
  return maType === 0 && period > 1 && period < SPAN / 4;
}

/** NaN from the first bar the pass did not reach (end) to n, after the warm-up outArray filled. */
function fillAfter(a: Float64Array, warm: number, end: number): void {
  if (end < a.length) a.fill(NaN, end > warm ? end : warm);
}

function stochColumns(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod = 14, slowK = 3, slowD = 3, slowKMaType = 0, slowDMaType = 0): KD {
  const n = checkInputs('STOCH', high, low, close);
  new StochStream(kPeriod, slowK, slowD, slowKMaType, slowDMaType); // validates the parameters
  kPeriod = smallInt(kPeriod);
  slowK = smallInt(slowK);
  slowD = smallInt(slowD);
  const kStart = kPeriod - 1 + maLookback(slowKMaType, slowK);
  const dStart = kStart + maLookback(slowDMaType, slowD);
  if (fusable(slowKMaType, slowK) && fusable(slowDMaType, slowD)) {
    const k = outArray(n, kStart, n);
    const d = outArray(n, dStart, n);
    const end = stochPass(false, high, low, close, kPeriod, slowK, slowD, k, d);
    fillAfter(k, kStart, end);
    fillAfter(d, dStart, end);
    return { k, d };
  }
  const fk = scratch(8, n);
  const end = stochPass(false, high, low, close, kPeriod, 0, 0, fk, null);
  const k = outArray(n, kStart, end);
  const d = outArray(n, dStart, end);
  maInto(slowKMaType, fk, kPeriod - 1, end, slowK, k, () => createMa('STOCH', slowKMaType, slowK));
  maInto(slowDMaType, k, kStart, end, slowD, d, () => createMa('STOCH', slowDMaType, slowD));
  return { k, d };
}
export const stoch = skipLeadingNaN('STOCH', stochColumns, 3);

function stochfColumns(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod = 14, fastD = 3, fastDMaType = 0): KD {
  const n = checkInputs('STOCHF', high, low, close);
  new StochfStream(kPeriod, fastD, fastDMaType);
  kPeriod = smallInt(kPeriod);
  fastD = smallInt(fastD);
  const dStart = kPeriod - 1 + maLookback(fastDMaType, fastD);
  const k = outArray(n, kPeriod - 1, n);
  if (fusable(fastDMaType, fastD)) {
    const d = outArray(n, dStart, n);
    const end = stochPass(false, high, low, close, kPeriod, 0, fastD, k, d);
    fillAfter(k, kPeriod - 1, end);
    fillAfter(d, dStart, end);
    return { k, d };
  }
  const end = stochPass(false, high, low, close, kPeriod, 0, 0, k, null);
  fillAfter(k, kPeriod - 1, end);
  const d = outArray(n, dStart, end);
  maInto(fastDMaType, k, kPeriod - 1, end, fastD, d, () => createMa('STOCHF', fastDMaType, fastD));
  return { k, d };
}
export const stochf = skipLeadingNaN('STOCHF', stochfColumns, 3);

function stochrsiColumns(x: Float64Array, period = 14, kPeriod = 14, fastD = 3, fastDMaType = 0): KD {
  const n = checkInputs('STOCHRSI', x);
  new StochRsiStream(period, kPeriod, fastD, fastDMaType);
  period = smallInt(period);
  kPeriod = smallInt(kPeriod);
  fastD = smallInt(fastD);
  // RSI first, up to x's first NaN (found on the way: no scan before)
  const r = scratch(8, n);
  const end = rsiIntoUntilNaN(x, n, period, r);
  const kStart = period + kPeriod - 1;
  const k = outArray(n, kStart, end);
  const d = outArray(n, kStart + maLookback(fastDMaType, fastD), end);
  if (end <= period) return { k, d };
  // the stochastic of RSI's values [period, end), on views that start at the first RSI value
  const rv = r.subarray(period, end);
  const kv = k.subarray(period, end);
  if (fusable(fastDMaType, fastD)) {
    stochPass(true, rv, rv, rv, kPeriod, 0, fastD, kv, d.subarray(period, end));
    return { k, d };
  }
  stochPass(true, rv, rv, rv, kPeriod, 0, 0, kv, null);
  maInto(fastDMaType, k, kStart, end, fastD, d, () => createMa('STOCHRSI', fastDMaType, fastD));
  return { k, d };
}
export const stochrsi = skipLeadingNaN('STOCHRSI', stochrsiColumns, 1);

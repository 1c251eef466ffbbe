import type { BarLike } from './types';
import { createMa, type MaKernel, maLookback } from './moving-averages';
import { chunkMax, chunkMin, CHUNK, maInto, scratch } from './kernels';
import { RollingMax, RollingMin } from './rolling';
import { rsiInto, RsiStream } from './rsi';
import { checkInputs, checkPeriod, firstNaN, firstNaNIn, outArray, skipLeadingNaN } from './validate';

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
 * Fast %K into out[kPeriod-1 .. end), chunk by chunk (window extremes of a chunk, then its %K),
 * each chunk's inputs checked for NaN right before use; returns end, the first NaN bar (or n).
 */
function fastKInto(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod: number, out: Float64Array): number {
  const n = high.length;
  const cols = [high, low, close];
  const from = kPeriod - 1;
  const pre = firstNaNIn(cols, 0, from < n ? from : n);
  if (pre < from) return pre;
  const hh = scratch(6, CHUNK);
  const ll = scratch(7, CHUNK);
  const sh = new Float64Array(kPeriod + 1);
  const sl = new Float64Array(kPeriod + 1);
  for (let lo = from; lo < n; lo += CHUNK) {
    const hi = lo + CHUNK < n ? lo + CHUNK : n;
    const cut = firstNaNIn(cols, lo, hi);
    chunkMax(high, lo, cut, kPeriod, hh, sh);
    chunkMin(low, lo, cut, kPeriod, ll, sl);
    for (let i = lo, k = 0; i < cut; i++, k++) out[i] = fastK(close[i], hh[k], ll[k]);
    if (cut < hi) return cut;
  }
  return n;
}

function stochColumns(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod = 14, slowK = 3, slowD = 3, slowKMaType = 0, slowDMaType = 0): KD {
  const n = checkInputs('STOCH', high, low, close);
  new StochStream(kPeriod, slowK, slowD, slowKMaType, slowDMaType); // validates the parameters
  const kStart = kPeriod - 1 + maLookback(slowKMaType, slowK);
  const fk = scratch(8, n);
  const end = fastKInto(high, low, close, kPeriod, fk);
  const k = outArray(n, kStart, end);
  const d = outArray(n, kStart + maLookback(slowDMaType, slowD), end);
  maInto(slowKMaType, fk, kPeriod - 1, end, slowK, k, () => createMa('STOCH', slowKMaType, slowK));
  maInto(slowDMaType, k, kStart, end, slowD, d, () => createMa('STOCH', slowDMaType, slowD));
  return { k, d };
}
export const stoch = skipLeadingNaN('STOCH', stochColumns, 3);

function stochfColumns(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod = 14, fastD = 3, fastDMaType = 0): KD {
  const n = checkInputs('STOCHF', high, low, close);
  new StochfStream(kPeriod, fastD, fastDMaType);
  const k = outArray(n, kPeriod - 1, n);
  const end = fastKInto(high, low, close, kPeriod, k);
  if (end < n) k.fill(NaN, end);
  const d = outArray(n, kPeriod - 1 + maLookback(fastDMaType, fastD), end);
  maInto(fastDMaType, k, kPeriod - 1, end, fastD, d, () => createMa('STOCHF', fastDMaType, fastD));
  return { k, d };
}
export const stochf = skipLeadingNaN('STOCHF', stochfColumns, 3);

function stochrsiColumns(x: Float64Array, period = 14, kPeriod = 14, fastD = 3, fastDMaType = 0): KD {
  const n = checkInputs('STOCHRSI', x);
  new StochRsiStream(period, kPeriod, fastD, fastDMaType);
  const end = firstNaN(n, x);
  const kStart = period + kPeriod - 1;
  const k = outArray(n, kStart, end);
  const d = outArray(n, kStart + maLookback(fastDMaType, fastD), end);
  if (end <= period) return { k, d };
  const r = scratch(8, n);
  rsiInto(x, end, period, r);
  const hh = scratch(6, CHUNK);
  const ll = scratch(7, CHUNK);
  const sh = new Float64Array(kPeriod + 1);
  const sl = new Float64Array(kPeriod + 1);
  for (let lo = kStart; lo < end; lo += CHUNK) {
    const hi = lo + CHUNK < end ? lo + CHUNK : end;
    chunkMax(r, lo, hi, kPeriod, hh, sh);
    chunkMin(r, lo, hi, kPeriod, ll, sl);
    for (let i = lo, j = 0; i < hi; i++, j++) k[i] = rsiK(r[i], hh[j], ll[j]);
  }
  maInto(fastDMaType, k, kStart, end, fastD, d, () => createMa('STOCHRSI', fastDMaType, fastD));
  return { k, d };
}
export const stochrsi = skipLeadingNaN('STOCHRSI', stochrsiColumns, 1);

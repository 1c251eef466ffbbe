import type { BarLike } from './types';
import { EmaStream } from './ema';
import { SmaStream } from './sma';
import { EngineError } from '../core/errors';
import { CHUNK, emaInto, scratch, smaInto, STEP } from './kernels';
import { smallInt } from './small-int';
import { checkInputs, checkPeriod, checkReal, firstNaN, firstNaNIn, outArray, skipLeadingNaN } from './validate';

/** On-balance volume; like TA-Lib it starts at volume[0], then ±volume as the close rises/falls. */
export class ObvStream {
  value = NaN;
  private prev = NaN;
  private dead = false;
  private started = false;
  update(bar: BarLike): number {
    return this.next(bar.close, bar.volume);
  }
  next(c: number, v: number): number {
    if (c !== c || v !== v) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const prev = this.prev;
    this.prev = c;
    if (prev !== prev) return (this.value = v);
    if (c > prev) this.value += v;
    else if (c < prev) this.value -= v;
    return this.value;
  }
}

/** Close location value · volume: ((c-l) - (h-c))/(h-l)·v, 0 when h = l. */
function moneyFlowVolume(h: number, l: number, c: number, v: number): number {
  const r = h - l;
  return r > 0 ? ((c - l - (h - c)) / r) * v : 0;
}

/** Chaikin accumulation/distribution line: the running sum of money-flow volume (from bar 0). */
export class AdStream {
  value = NaN;
  private ad = 0;
  private dead = false;
  private started = false;
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
    this.ad += moneyFlowVolume(h, l, c, v);
    return (this.value = this.ad);
  }
}

/**
 * Chaikin A/D oscillator: EMA(AD, fast) - EMA(AD, slow). TA-Lib seeds both EMAs with the first
 * AD value (not an SMA) and reports from bar slow-1; kept.
 */
export class AdoscStream {
  value = NaN;
  private readonly kf: number;
  private readonly ks: number;
  private readonly lookback: number;
  private ad = 0;
  private fast = 0;
  private slow = 0;
  private t = 0;
  private dead = false;
  private started = false;
  constructor(fast = 3, slow = 10) {
    checkPeriod('ADOSC', 'fast', fast, 2);
    checkPeriod('ADOSC', 'slow', slow, 2);
    this.kf = 2 / (fast + 1);
    this.ks = 2 / (slow + 1);
    this.lookback = Math.max(fast, slow) - 1;
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
    this.ad += moneyFlowVolume(h, l, c, v);
    const ad = this.ad;
    if (this.t++ === 0) {
      this.fast = ad;
      this.slow = ad;
    } else {
      this.fast = this.kf * ad + (1 - this.kf) * this.fast;
      this.slow = this.ks * ad + (1 - this.ks) * this.slow;
    }
    return this.t > this.lookback ? (this.value = this.fast - this.slow) : NaN;
  }
}

/** Chaikin money flow: Σ money-flow volume / Σ volume over p bars (0 when Σ volume is 0). Warm-up p-1. */
export class CmfStream {
  value = NaN;
  private readonly mfv: SmaStream;
  private readonly vol: SmaStream;
  private dead = false;
  private started = false;
  constructor(period = 20) {
    checkPeriod('CMF', 'period', period);
    this.mfv = new SmaStream(period);
    this.vol = new SmaStream(period);
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
    const a = this.mfv.next(moneyFlowVolume(h, l, c, v));
    const b = this.vol.next(v);
    if (a !== a) return NaN;
    return (this.value = b !== 0 ? a / b : 0);
  }
}

/** Elder's force index: EMA((c - c₋₁)·v, p), EMA seeded with the SMA of its first p values. Warm-up p. */
export class ForceStream {
  value = NaN;
  private readonly ema: EmaStream;
  private prev = NaN;
  private dead = false;
  private started = false;
  constructor(period = 13) {
    this.ema = new EmaStream(checkPeriod('FORCE', 'period', period));
  }
  update(bar: BarLike): number {
    return this.next(bar.close, bar.volume);
  }
  next(c: number, v: number): number {
    if (c !== c || v !== v) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const prev = this.prev;
    this.prev = c;
    if (prev !== prev) return NaN;
    return (this.value = this.ema.next((c - prev) * v));
  }
}

/**
 * Arms' ease of movement: SMA over p of ((h+l)/2 - (h₋₁+l₋₁)/2)·(h-l)·divisor/v — the midpoint
 * move divided by the box ratio (v/divisor)/(h-l). A bar with no volume contributes 0.
 * Warm-up p.
 */
export class EomStream {
  value = NaN;
  private readonly sma: SmaStream;
  private prevMid = NaN;
  private dead = false;
  private started = false;
  constructor(
    period = 14,
    readonly divisor = 10_000,
  ) {
    this.sma = new SmaStream(checkPeriod('EOM', 'period', period));
    checkReal('EOM', 'divisor', divisor, 1e-12);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.volume);
  }
  next(h: number, l: number, v: number): number {
    if (h !== h || l !== l || v !== v) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const mid = (h + l) / 2;
    const prev = this.prevMid;
    this.prevMid = mid;
    if (prev !== prev) return NaN;
    const emv = v !== 0 ? ((mid - prev) * (h - l) * this.divisor) / v : 0;
    return (this.value = this.sma.next(emv));
  }
}

/** Volume-weighted MA: Σ(x·v)/Σv over p bars; a window without volume gives the plain mean. Warm-up p-1. */
export class VwmaStream {
  value = NaN;
  private readonly pv: SmaStream;
  private readonly v: SmaStream;
  private readonly x: SmaStream;
  private dead = false;
  private started = false;
  constructor(period = 20) {
    checkPeriod('VWMA', 'period', period);
    this.pv = new SmaStream(period);
    this.v = new SmaStream(period);
    this.x = new SmaStream(period);
  }
  update(bar: BarLike): number {
    return this.next(bar.close, bar.volume);
  }
  next(x: number, v: number): number {
    if (x !== x || v !== v) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const a = this.pv.next(x * v);
    const b = this.v.next(v);
    const m = this.x.next(x);
    if (a !== a) return NaN;
    return (this.value = b !== 0 ? a / b : m);
  }
}

export const VWAP_ANCHORS = ['day', 'week', 'none'] as const;
export type VwapAnchor = (typeof VWAP_ANCHORS)[number];
const DAY = 86_400_000;
const WEEK_OFFSET = 4 * DAY; // 1970-01-01 was a Thursday; weeks start on Monday

/** Start of the UTC session (day or Monday-week) containing ts; 0 for 'none'. */
export function sessionStart(ts: number, anchor: VwapAnchor): number {
  if (anchor === 'day') return Math.floor(ts / DAY) * DAY;
  if (anchor === 'week') return Math.floor((ts - WEEK_OFFSET) / (7 * DAY)) * 7 * DAY + WEEK_OFFSET;
  return 0;
}

/**
 * Volume-weighted average price: Σ(tp·v)/Σv with tp = (h+l+c)/3, reset at the start of each UTC
 * day or week (bars are stamped with their open time), or never. Until the session has volume
 * the value is tp. No warm-up.
 */
export class VwapStream {
  value = NaN;
  private session = NaN;
  private pv = 0;
  private vol = 0;
  private dead = false;
  private started = false;
  constructor(readonly anchor: VwapAnchor = 'day') {
    if (!VWAP_ANCHORS.includes(anchor)) throw new EngineError('INVALID_INPUT', `VWAP: anchor must be one of ${VWAP_ANCHORS.join(', ')}`, { anchor });
  }
  update(bar: BarLike): number {
    return this.next(bar.ts, bar.high, bar.low, bar.close, bar.volume);
  }
  next(ts: number, h: number, l: number, c: number, v: number): number {
    if (ts !== ts || h !== h || l !== l || c !== c || v !== v) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const s = sessionStart(ts, this.anchor);
    if (s !== this.session) {
      this.session = s;
      this.pv = 0;
      this.vol = 0;
    }
    const tp = (h + l + c) / 3;
    this.pv += tp * v;
    this.vol += v;
    return (this.value = this.vol !== 0 ? this.pv / this.vol : tp);
  }
}

// ---- batch forms ----

function obvColumns(close: Float64Array, volume: Float64Array): Float64Array {
  const n = checkInputs('OBV', close, volume);
  const end = firstNaN(n, close, volume);
  const out = outArray(n, 0, end);
  if (end === 0) return out;
  let v = volume[0];
  let prev = close[0];
  out[0] = v;
  for (let i = 1; i < end; i++) {
    const c = close[i];
    if (c > prev) v += volume[i];
    else if (c < prev) v -= volume[i];
    prev = c;
    out[i] = v;
  }
  return out;
}
export const obv = skipLeadingNaN('OBV', obvColumns, 2);
function adColumns(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array): Float64Array {
  const n = checkInputs('AD', high, low, close, volume);
  const end = firstNaN(n, high, low, close, volume);
  const out = outArray(n, 0, end);
  let acc = 0;
  for (let i = 0; i < end; i++) {
    acc += moneyFlowVolume(high[i], low[i], close[i], volume[i]);
    out[i] = acc;
  }
  return out;
}
export const ad = skipLeadingNaN('AD', adColumns, 4);
function adoscColumns(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, fast = 3, slow = 10): Float64Array {
  const n = checkInputs('ADOSC', high, low, close, volume);
  checkPeriod('ADOSC', 'fast', fast, 2);
  checkPeriod('ADOSC', 'slow', slow, 2);
  const end = firstNaN(n, high, low, close, volume);
  const lookback = Math.max(fast, slow) - 1;
  const out = outArray(n, lookback, end);
  const kf = 2 / (fast + 1);
  const ks = 2 / (slow + 1);
  let acc = 0;
  let f = 0;
  let s = 0;
  for (let i = 0; i < end; i++) {
    acc += moneyFlowVolume(high[i], low[i], close[i], volume[i]);
    if (i === 0) {
      f = acc;
      s = acc;
    } else {
      f = kf * acc + (1 - kf) * f;
      s = ks * acc + (1 - ks) * s;
    }
    if (i >= lookback) out[i] = f - s;
  }
  return out;
}
export const adosc = skipLeadingNaN('ADOSC', adoscColumns, 4);
function cmfColumns(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period = 20): Float64Array {
  checkPeriod('CMF', 'period', period);
  const n = checkInputs('CMF', high, low, close, volume);
  const out = outArray(n, period - 1, n);
  return nanFrom(out, cmfInto([high, low, close, volume], n, smallInt(period), out));
}

/** Bars from the first NaN input on are NaN (the kernel stopped there). */
function nanFrom(out: Float64Array, end: number): Float64Array {
  if (end < out.length) out.fill(NaN, end);
  return out;
}

/**
 * smaInto's seeds (the first p-1 bars), then its steps chunk by chunk (see VOL_CHUNK), each
 * chunk checked for NaN right before it is copied (then in cache) instead of a pass over the
 * columns first. Returns the first NaN bar, or n.
 */
function cmfInto(cols: Float64Array[], n: number, p: number, out: Float64Array): number {
  const [high, low, close, volume] = cols;
  const seedEnd = p - 1 < n ? p - 1 : n;
  const bad = firstNaNIn(cols, 0, seedEnd);
  if (bad < seedEnd || n < p) return bad;
  let sumMfv = 0;
  let sumVol = 0;
  for (let i = 0; i < p - 1; i++) {
    sumMfv += moneyFlowVolume(high[i], low[i], close[i], volume[i]);
    sumVol += volume[i];
  }
  const w = volWork();
  w[V_STATE] = sumMfv;
  w[V_STATE + 1] = sumVol;
  for (let lo = p - 1; lo < n; lo += VOL_CHUNK) {
    const hi = lo + VOL_CHUNK < n ? lo + VOL_CHUNK : n;
    const cut = firstNaNIn(cols, lo, hi);
    if (cut > lo) cmfChunk(cols, lo, cut, p, out, w);
    if (cut < hi) return cut;
  }
  return n;
}

/** Bars [lo, hi) through the work array: the columns now and p-1 bars back in, CMF out. */
function cmfChunk(cols: Float64Array[], lo: number, hi: number, p: number, out: Float64Array, w: Float64Array): void {
  const len = hi - lo;
  for (let q = 0; q < 4; q++) {
    w.set(cols[q].subarray(lo, hi), q * VOL_CHUNK);
    w.set(cols[q].subarray(lo - p + 1, hi - p + 1), (4 + q) * VOL_CHUNK);
  }
  for (let k = 0; k < len; k += STEP) cmfStep(w, k, k + STEP < len ? k + STEP : len, p);
  out.set(w.subarray(V_OUT, V_OUT + len), lo);
}

/**
 * Work array of the CMF and VWMA kernels, per chunk of bars [lo, hi): up to four input columns
 * (regions 0-3), the same columns p-1 bars back (4-7: the values leaving the window, from which
 * the leaving money-flow volume or price·volume is recomputed, the same bits as when it
 * entered), the output and the running sums. One typed array for the loop: Node 20's optimised
 * loop re-checks and reloads every typed array it touches on every iteration.
 */
const VOL_CHUNK = 1024;
const V_OUT = 8 * VOL_CHUNK;
const V_STATE = 9 * VOL_CHUNK;
let volBuf: Float64Array | undefined;
function volWork(): Float64Array {
  return (volBuf ??= new Float64Array(V_STATE + 3));
}

/*
 * The step kernels run in STEP-bar calls so V8 optimises them whole rather than their loop on
 * the stack; offsets are locals, since the bundler's module constants are mutable vars an
 * optimised loop would re-read every iteration, masked with a literal 0xffff (exact: the work
 * array is shorter than 2^16) so the compiler knows their range and drops the overflow checks on
 * index sums; moneyFlowVolume is written out (the same operations).
 */

/** Work-array bars [k0, k1): smaInto's step for money-flow volume and volume, then a/b (0 when b is 0). */
function cmfStep(w: Float64Array, k0: number, k1: number, p: number): void {
  const m = 0xffff;
  const c = VOL_CHUNK & m;
  const o = V_OUT & m;
  const s = V_STATE & m;
  const kEnd = k1 & m;
  let sumMfv = w[s];
  let sumVol = w[s + 1];
  for (let k = k0 & m; k < kEnd; k++) {
    const h = w[k];
    const l = w[c + k];
    const cl = w[2 * c + k];
    const v = w[3 * c + k];
    const r = h - l;
    const mfv = r > 0 ? ((cl - l - (h - cl)) / r) * v : 0;
    const ho = w[4 * c + k];
    const lo = w[5 * c + k];
    const co = w[6 * c + k];
    const ro = ho - lo;
    const mfvOld = ro > 0 ? ((co - lo - (ho - co)) / ro) * w[7 * c + k] : 0;
    const a = (sumMfv + mfv) / p;
    sumMfv += mfv - mfvOld;
    const b = (sumVol + v) / p;
    sumVol += v - w[7 * c + k];
    w[o + k] = b !== 0 ? a / b : 0;
  }
  w[s] = sumMfv;
  w[s + 1] = sumVol;
}
export const cmf = skipLeadingNaN('CMF', cmfColumns, 4);
function forceColumns(close: Float64Array, volume: Float64Array, period = 13): Float64Array {
  checkPeriod('FORCE', 'period', period);
  const n = checkInputs('FORCE', close, volume);
  const end = firstNaN(n, close, volume);
  const out = outArray(n, period, end);
  const raw = scratch(0, n);
  for (let i = 1; i < end; i++) raw[i] = (close[i] - close[i - 1]) * volume[i];
  emaInto(raw, 1, end, period, out);
  return out;
}
export const force = skipLeadingNaN('FORCE', forceColumns, 2);
function eomColumns(high: Float64Array, low: Float64Array, volume: Float64Array, period = 14, divisor = 10_000): Float64Array {
  checkPeriod('EOM', 'period', period);
  checkReal('EOM', 'divisor', divisor, 1e-12);
  const n = checkInputs('EOM', high, low, volume);
  const end = firstNaN(n, high, low, volume);
  const out = outArray(n, period, end);
  const emv = scratch(0, n);
  for (let i = 1; i < end; i++) {
    const h = high[i];
    const l = low[i];
    const v = volume[i];
    const mid = (h + l) / 2;
    const prev = (high[i - 1] + low[i - 1]) / 2;
    emv[i] = v !== 0 ? ((mid - prev) * (h - l) * divisor) / v : 0;
  }
  smaInto(emv, 1, end, period, out);
  return out;
}
export const eom = skipLeadingNaN('EOM', eomColumns, 3);
function vwmaColumns(x: Float64Array, volume: Float64Array, period = 20): Float64Array {
  checkPeriod('VWMA', 'period', period);
  const n = checkInputs('VWMA', x, volume);
  const out = outArray(n, period - 1, n);
  return nanFrom(out, vwmaInto(x, volume, n, smallInt(period), out));
}

/** smaInto's seeds, then its steps chunk by chunk, checking each chunk for NaN as cmfInto does; returns the first NaN bar, or n. */
function vwmaInto(x: Float64Array, volume: Float64Array, n: number, p: number, out: Float64Array): number {
  const cols = [x, volume];
  const seedEnd = p - 1 < n ? p - 1 : n;
  const bad = firstNaNIn(cols, 0, seedEnd);
  if (bad < seedEnd || n < p) return bad;
  let sumPv = 0;
  let sumVol = 0;
  let sumX = 0;
  for (let i = 0; i < p - 1; i++) {
    sumPv += x[i] * volume[i];
    sumVol += volume[i];
    sumX += x[i];
  }
  const w = volWork();
  w[V_STATE] = sumPv;
  w[V_STATE + 1] = sumVol;
  w[V_STATE + 2] = sumX;
  for (let lo = p - 1; lo < n; lo += VOL_CHUNK) {
    const hi = lo + VOL_CHUNK < n ? lo + VOL_CHUNK : n;
    const cut = firstNaNIn(cols, lo, hi);
    if (cut > lo) vwmaChunk(x, volume, lo, cut, p, out, w);
    if (cut < hi) return cut;
  }
  return n;
}

/** Bars [lo, hi) through the work array: price and volume now and p-1 bars back in, VWMA out. */
function vwmaChunk(x: Float64Array, volume: Float64Array, lo: number, hi: number, p: number, out: Float64Array, w: Float64Array): void {
  const len = hi - lo;
  w.set(x.subarray(lo, hi), 0);
  w.set(volume.subarray(lo, hi), VOL_CHUNK);
  w.set(x.subarray(lo - p + 1, hi - p + 1), 4 * VOL_CHUNK);
  w.set(volume.subarray(lo - p + 1, hi - p + 1), 5 * VOL_CHUNK);
  for (let k = 0; k < len; k += STEP) vwmaStep(w, k, k + STEP < len ? k + STEP : len, p);
  out.set(w.subarray(V_OUT, V_OUT + len), lo);
}

/** Work-array bars [k0, k1): smaInto's step for price·volume, volume and price; a/b, or the plain mean when b is 0. */
function vwmaStep(w: Float64Array, k0: number, k1: number, p: number): void {
  const m = 0xffff;
  const c = VOL_CHUNK & m;
  const o = V_OUT & m;
  const s = V_STATE & m;
  const kEnd = k1 & m;
  let sumPv = w[s];
  let sumVol = w[s + 1];
  let sumX = w[s + 2];
  for (let k = k0 & m; k < kEnd; k++) {
    const x = w[k];
    const v = w[c + k];
    const xo = w[4 * c + k];
    const vo = w[5 * c + k];
    const pv = x * v;
    const a = (sumPv + pv) / p;
    sumPv += pv - xo * vo;
    const b = (sumVol + v) / p;
    sumVol += v - vo;
    const m = (sumX + x) / p;
    sumX += x - xo;
    w[o + k] = b !== 0 ? a / b : m;
  }
  w[s] = sumPv;
  w[s + 1] = sumVol;
  w[s + 2] = sumX;
}
export const vwma = skipLeadingNaN('VWMA', vwmaColumns, 2);
function vwapColumns(ts: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, anchor: VwapAnchor = 'day'): Float64Array {
  new VwapStream(anchor); // validates the anchor
  const n = checkInputs('VWAP', ts, high, low, close, volume);
  const out = outArray(n, 0, n);
  const cols = [ts, high, low, close, volume];
  const span = anchor === 'day' ? DAY : anchor === 'week' ? 7 * DAY : Infinity;
  let session = NaN;
  // bars with from < ts < to are in `session` without recomputing sessionStart: a margin of 1 ms
  // from each boundary is far wider than the division's rounding, so the floor cannot differ
  let from = NaN;
  let to = NaN;
  let pv = 0;
  let vol = 0;
  let end = n;
  for (let lo = 0; lo < n; lo += CHUNK) {
    const hi = lo + CHUNK < n ? lo + CHUNK : n;
    const cut = firstNaNIn(cols, lo, hi);
    for (let i = lo; i < cut; i++) {
      const t = ts[i];
      if (!(t > from && t < to)) {
        const s = sessionStart(t, anchor);
        if (s !== session) {
          session = s;
          pv = 0;
          vol = 0;
        }
        from = s;
        to = s + span - 1;
      }
      const tp = (high[i] + low[i] + close[i]) / 3;
      const v = volume[i];
      pv += tp * v;
      vol += v;
      out[i] = vol !== 0 ? pv / vol : tp;
    }
    if (cut < hi) {
      end = cut;
      break;
    }
  }
  if (end < n) out.fill(NaN, end);
  return out;
}
export const vwap = skipLeadingNaN('VWAP', vwapColumns, 5);

import type { BarLike } from './types';
import { EmaStream } from './ema';
import { SmaStream } from './sma';
import { EngineError } from '../core/errors';
import { CHUNK, emaInto, scratch, smaInto } from './kernels';
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
  const end = firstNaN(n, high, low, close, volume);
  const out = outArray(n, period - 1, end);
  const mfv = scratch(0, n);
  const a = scratch(1, n);
  for (let i = 0; i < end; i++) mfv[i] = moneyFlowVolume(high[i], low[i], close[i], volume[i]);
  smaInto(mfv, 0, end, period, a);
  smaInto(volume, 0, end, period, out);
  for (let i = period - 1; i < end; i++) {
    const b = out[i];
    out[i] = b !== 0 ? a[i] / b : 0;
  }
  return out;
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
  const end = firstNaN(n, x, volume);
  const out = outArray(n, period - 1, end);
  const pv = scratch(0, n);
  const a = scratch(1, n);
  const b = scratch(2, n);
  for (let i = 0; i < end; i++) pv[i] = x[i] * volume[i];
  smaInto(pv, 0, end, period, a);
  smaInto(volume, 0, end, period, b);
  smaInto(x, 0, end, period, out);
  for (let i = period - 1; i < end; i++) {
    const v = b[i];
    if (v !== 0) out[i] = a[i] / v;
  }
  return out;
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

import type { BarLike } from './types';
import { AtrStream, atrInto, trueRange } from './atr';
import { EmaStream } from './ema';
import { RollingMax, RollingMin } from './rolling';
import { SmaStream } from './sma';
import { checkInputs, checkPeriod, checkReal, firstNaN, firstNaNIn, nanArray, outArray, skipLeadingNaN } from './validate';
import { emaInto, scratch, smaInto, STEP } from './kernels';
import { stageLength, stagingArray } from './staging';
import { windowMidStaged } from './staged-windows';
import { ichimokuWasmChunks } from './wasm/ichimoku-kernel';

/**
 * Parabolic SAR, TA-Lib's algorithm: the first direction comes from bar 1's -DM (short if
 * -DM > 0), SAR starts at bar 0's low (long) or high (short), EP at bar 1's high/low; the value
 * at bar t is the stop for bar t, clamped by the two previous bars' range and flipped (to the
 * EP) when bar t pierces it. Warm-up 1.
 */
export class SarStream {
  value = NaN;
  /** +1 long, -1 short (after the bar). */
  direction = NaN;
  private t = 0;
  private isLong = true;
  private af = 0;
  private ep = 0;
  private sar = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private dead = false;
  private started = false;
  readonly acceleration: number;
  constructor(
    acceleration = 0.02,
    readonly maximum = 0.2,
  ) {
    checkReal('SAR', 'acceleration', acceleration, 0);
    checkReal('SAR', 'maximum', maximum, 0);
    this.acceleration = Math.min(acceleration, maximum);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low);
  }
  next(high: number, low: number): number {
    if (high !== high || low !== low) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = this.direction = NaN);
    }
    if (this.dead) return (this.value = this.direction = NaN);
    this.started = true;
    const t = this.t++;
    if (t === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      return NaN;
    }
    let prevHigh = this.prevHigh;
    let prevLow = this.prevLow;
    if (t === 1) {
      const up = high - prevHigh;
      const down = prevLow - low;
      const minusDM = down > 0 && up < down ? down : 0;
      this.isLong = !(minusDM > 0);
      this.ep = this.isLong ? high : low;
      this.sar = this.isLong ? prevLow : prevHigh;
      this.af = this.acceleration;
      prevHigh = high; // TA-Lib's first step compares bar 1 with itself
      prevLow = low;
    }
    this.prevHigh = high;
    this.prevLow = low;
    const acc = this.acceleration;
    const max = this.maximum;
    let sar = this.sar;
    let out: number;
    if (this.isLong) {
      if (low <= sar) {
        this.isLong = false;
        sar = this.ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        out = sar;
        this.af = acc;
        this.ep = low;
        sar = sar + this.af * (this.ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        out = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af += acc;
          if (this.af > max) this.af = max;
        }
        sar = sar + this.af * (this.ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.isLong = true;
      sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      out = sar;
      this.af = acc;
      this.ep = high;
      sar = sar + this.af * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      out = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af += acc;
        if (this.af > max) this.af = max;
      }
      sar = sar + this.af * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    this.direction = this.isLong ? 1 : -1;
    return (this.value = out);
  }
}

/**
 * Supertrend (Olivier Seban; TradingView's script): bands hl2 ± m·ATR(p) (Wilder ATR, seeded
 * like TA-Lib's, first on bar p); the lower band only rises while the previous close stays above
 * it, the upper only falls while the previous close stays below it; the trend starts up and
 * flips when the close crosses the previous opposite band. value = lower band in an up-trend,
 * upper band in a down-trend; direction +1/-1. Warm-up p.
 */
export class SupertrendStream {
  value = NaN;
  direction = NaN;
  private readonly atr: AtrStream;
  private up = NaN;
  private dn = NaN;
  private prevClose = NaN;
  private trend = 1;
  private dead = false;
  private started = false;
  constructor(
    period = 10,
    readonly multiplier = 3,
  ) {
    this.atr = new AtrStream(checkPeriod('SUPERTREND', 'period', period));
    checkReal('SUPERTREND', 'multiplier', multiplier, 0);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = this.direction = NaN);
    }
    if (this.dead) return (this.value = this.direction = NaN);
    this.started = true;
    const a = this.atr.next(h, l, c);
    const pc = this.prevClose;
    this.prevClose = c;
    if (a !== a) return NaN;
    const mid = (h + l) / 2;
    let up = mid - this.multiplier * a;
    let dn = mid + this.multiplier * a;
    const up1 = this.up === this.up ? this.up : up;
    const dn1 = this.dn === this.dn ? this.dn : dn;
    if (pc > up1) up = Math.max(up, up1);
    if (pc < dn1) dn = Math.min(dn, dn1);
    if (this.trend === -1 && c > dn1) this.trend = 1;
    else if (this.trend === 1 && c < up1) this.trend = -1;
    this.up = up;
    this.dn = dn;
    this.direction = this.trend;
    return (this.value = this.trend === 1 ? up : dn);
  }
}

/**
 * Ichimoku kinkō hyō: tenkan = mid of the last 9 bars' range, kijun = of 26, span A =
 * (tenkan+kijun)/2, span B = mid of 52, chikou = close. Values are those known at bar t; the
 * chart draws spans A/B `displacement` bars ahead and chikou that many bars back
 * (OutputDef.plotShift), so no output ever uses a future bar.
 */
export class IchimokuStream {
  tenkan = NaN;
  kijun = NaN;
  spanA = NaN;
  spanB = NaN;
  chikou = NaN;
  private readonly th: RollingMax;
  private readonly tl: RollingMin;
  private readonly kh: RollingMax;
  private readonly kl: RollingMin;
  private readonly sh: RollingMax;
  private readonly sl: RollingMin;
  private dead = false;
  private started = false;
  constructor(
    readonly tenkanPeriod = 9,
    readonly kijunPeriod = 26,
    readonly spanBPeriod = 52,
  ) {
    this.th = new RollingMax(checkPeriod('ICHIMOKU', 'tenkan', tenkanPeriod));
    this.tl = new RollingMin(tenkanPeriod);
    this.kh = new RollingMax(checkPeriod('ICHIMOKU', 'kijun', kijunPeriod));
    this.kl = new RollingMin(kijunPeriod);
    this.sh = new RollingMax(checkPeriod('ICHIMOKU', 'spanB', spanBPeriod));
    this.sl = new RollingMin(spanBPeriod);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  /** Returns tenkan. */
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.tenkan = this.kijun = this.spanA = this.spanB = this.chikou = NaN);
    }
    if (this.dead) return (this.tenkan = this.kijun = this.spanA = this.spanB = this.chikou = NaN);
    this.started = true;
    const th = this.th.next(h);
    const tl = this.tl.next(l);
    const kh = this.kh.next(h);
    const kl = this.kl.next(l);
    const sh = this.sh.next(h);
    const sl = this.sl.next(l);
    const t = this.th.count;
    this.chikou = c;
    if (t >= this.tenkanPeriod) this.tenkan = (th + tl) / 2;
    if (t >= this.kijunPeriod) this.kijun = (kh + kl) / 2;
    if (t >= this.spanBPeriod) this.spanB = (sh + sl) / 2;
    this.spanA = (this.tenkan + this.kijun) / 2;
    return this.tenkan;
  }
}

/**
 * Keltner channel (Raschke's modern form): middle = EMA(close, p), bands = middle ± m·ATR(atrPeriod).
 * Not in TA-Lib. Warm-up max(p-1, atrPeriod).
 */
export class KeltnerStream {
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly ema: EmaStream;
  private readonly atr: AtrStream;
  private dead = false;
  private started = false;
  constructor(
    period = 20,
    readonly multiplier = 2,
    atrPeriod = 10,
  ) {
    this.ema = new EmaStream(checkPeriod('KELTNER', 'period', period));
    this.atr = new AtrStream(checkPeriod('KELTNER', 'atrPeriod', atrPeriod));
    checkReal('KELTNER', 'multiplier', multiplier, 0);
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.upper = this.middle = this.lower = NaN);
    }
    if (this.dead) return (this.upper = this.middle = this.lower = NaN);
    this.started = true;
    const m = this.ema.next(c);
    const a = this.atr.next(h, l, c);
    if (m !== m || a !== a) return NaN;
    this.middle = m;
    this.upper = m + this.multiplier * a;
    this.lower = m - this.multiplier * a;
    return m;
  }
}

/** Awesome oscillator (Bill Williams): SMA(hl2, fast) - SMA(hl2, slow), default 5 and 34. Warm-up slow-1. */
export class AoStream {
  value = NaN;
  private readonly f: SmaStream;
  private readonly s: SmaStream;
  private dead = false;
  private started = false;
  constructor(fast = 5, slow = 34) {
    this.f = new SmaStream(checkPeriod('AO', 'fast', fast));
    this.s = new SmaStream(checkPeriod('AO', 'slow', slow));
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low);
  }
  next(h: number, l: number): number {
    if (h !== h || l !== l) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const mid = (h + l) / 2;
    const a = this.f.next(mid);
    const b = this.s.next(mid);
    return (this.value = a - b);
  }
}

// ---- batch forms ----

function sarColumns(high: Float64Array, low: Float64Array, acceleration = 0.02, maximum = 0.2): Float64Array {
  const n = checkInputs('SAR', high, low);
  const acc = new SarStream(acceleration, maximum).acceleration; // validates; acceleration ≤ maximum
  const out = outArray(n, 1, n);
  const cols = [high, low];
  const head = firstNaNIn(cols, 0, n < 2 ? n : 2);
  if (head < 2) return n > 1 ? out.fill(NaN, 1) : out;
  // SarStream's arithmetic; the state moves between steps in `st`; inputs are checked for NaN
  // step by step right before the kernel reads them
  const up0 = high[1] - high[0];
  const down0 = low[0] - low[1];
  const isLong = !((down0 > 0 && up0 < down0 ? down0 : 0) > 0);
  const st = new Float64Array(6);
  st[0] = isLong ? 1 : 0;
  st[1] = isLong ? high[1] : low[1]; // ep
  st[2] = isLong ? low[0] : high[0]; // sar
  st[3] = acc; // af
  st[4] = high[1];
  st[5] = low[1];
  for (let lo = 2; lo < n; lo += STEP) {
    const hi = lo + STEP < n ? lo + STEP : n;
    const cut = firstNaNIn(cols, lo, hi);
    sarChunk(high, low, lo === 2 ? 1 : lo, cut, acc, maximum, st, out);
    if (cut < hi) return out.fill(NaN, cut);
  }
  if (n === 2) sarChunk(high, low, 1, 2, acc, maximum, st, out);
  return out;
}

/**
 * SAR over bars [lo, hi), state in st (isLong, ep, sar, af, previous high, previous low). Called
 * per chunk rather than once for all bars: a function entered many times is optimised whole,
 * with type feedback for every line; one long call only gets its loop compiled on the stack from
 * the feedback of its first iterations, which ran this loop at half speed in some processes.
 */
function sarChunk(high: Float64Array, low: Float64Array, lo: number, hi: number, acc: number, max: number, st: Float64Array, out: Float64Array): void {
  let isLong = st[0] === 1;
  let ep = st[1];
  let sar = st[2];
  let af = st[3];
  let prevHigh = st[4];
  let prevLow = st[5];
  for (let t = lo; t < hi; t++) {
    const h = high[t];
    const l = low[t];
    if (t > 1) {
      prevHigh = high[t - 1];
      prevLow = low[t - 1];
    }
    if (isLong) {
      if (l <= sar) {
        isLong = false;
        sar = ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < h) sar = h;
        out[t] = sar;
        af = acc;
        ep = l;
        sar = sar + af * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < h) sar = h;
      } else {
        out[t] = sar;
        if (h > ep) {
          ep = h;
          af += acc;
          if (af > max) af = max;
        }
        sar = sar + af * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > l) sar = l;
      }
    } else if (h >= sar) {
      isLong = true;
      sar = ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > l) sar = l;
      out[t] = sar;
      af = acc;
      ep = h;
      sar = sar + af * (ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > l) sar = l;
    } else {
      out[t] = sar;
      if (l < ep) {
        ep = l;
        af += acc;
        if (af > max) af = max;
      }
      sar = sar + af * (ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < h) sar = h;
    }
  }
  st[0] = isLong ? 1 : 0;
  st[1] = ep;
  st[2] = sar;
  st[3] = af;
  st[4] = prevHigh;
  st[5] = prevLow;
}
export const sar = skipLeadingNaN('SAR', sarColumns, 2);

function supertrendColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 10, multiplier = 3): { value: Float64Array; direction: Float64Array } {
  new SupertrendStream(period, multiplier); // validates the parameters
  period |= 0; // a validated integer; as int32 it keeps the bar indices int32 (see ichimokuStage)
  const n = checkInputs('SUPERTREND', high, low, close);
  const value = outArray(n, period, n);
  const direction = outArray(n, period, n);
  const cols = [high, low, close];
  const head = period + 1 < n ? period + 1 : n;
  if (firstNaNIn(cols, 0, head) < head || n <= period) {
    value.fill(NaN, period);
    direction.fill(NaN, period);
    return { value, direction };
  }
  // ATR in the same loop (atrInto's arithmetic: seed = mean of the first p true ranges)
  let atrSum = 0;
  for (let i = 1; i <= period; i++) atrSum += trueRange(high[i], low[i], close[i - 1]);
  let atr = atrSum / period;
  const keep = (period - 1) / period;
  const w = 1 / period;
  const st = new Float64Array(4);
  st[0] = atr;
  st[1] = NaN; // the previous upper band
  st[2] = NaN; // the previous lower band
  st[3] = 1; // trend
  // inputs checked for NaN step by step right before the kernel reads them (bars ≤ period above)
  for (let lo = period; lo < n; lo += STEP) {
    const hi = lo + STEP < n ? lo + STEP : n;
    const cut = firstNaNIn(cols, lo === period ? head : lo, hi);
    supertrendChunk(high, low, close, lo, cut, period, multiplier, keep, w, st, value, direction);
    if (cut < hi) {
      value.fill(NaN, cut);
      direction.fill(NaN, cut);
      break;
    }
  }
  return { value, direction };
}

/** Bars [lo, hi) of SUPERTREND, state in st (ATR, previous bands, trend); per chunk like sarChunk. */
function supertrendChunk(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  lo: number,
  hi: number,
  period: number,
  multiplier: number,
  keep: number,
  w: number,
  st: Float64Array,
  value: Float64Array,
  direction: Float64Array,
): void {
  let atr = st[0];
  let up1 = st[1];
  let dn1 = st[2];
  let trend = st[3];
  for (let t = lo; t < hi; t++) {
    if (t > period) atr = atr * keep + trueRange(high[t], low[t], close[t - 1]) * w;
    const mid = (high[t] + low[t]) / 2;
    let up = mid - multiplier * atr;
    let dn = mid + multiplier * atr;
    const u = up1 === up1 ? up1 : up;
    const d = dn1 === dn1 ? dn1 : dn;
    const pc = close[t - 1];
    if (pc > u) up = Math.max(up, u);
    if (pc < d) dn = Math.min(dn, d);
    const c = close[t];
    if (trend === -1 && c > d) trend = 1;
    else if (trend === 1 && c < u) trend = -1;
    up1 = up;
    dn1 = dn;
    direction[t] = trend;
    value[t] = trend === 1 ? up : dn;
  }
  st[0] = atr;
  st[1] = up1;
  st[2] = dn1;
  st[3] = trend;
}
export const supertrend = skipLeadingNaN('SUPERTREND', supertrendColumns, 3);

export interface IchimokuLines {
  tenkan: Float64Array;
  kijun: Float64Array;
  spanA: Float64Array;
  spanB: Float64Array;
  chikou: Float64Array;
}
function ichimokuColumns(high: Float64Array, low: Float64Array, close: Float64Array, tenkan = 9, kijun = 26, spanB = 52): IchimokuLines {
  const n = checkInputs('ICHIMOKU', high, low, close);
  new IchimokuStream(tenkan, kijun, spanB); // validates the parameters
  const aStart = Math.max(tenkan, kijun) - 1;
  const r: IchimokuLines = {
    tenkan: outArray(n, tenkan - 1, n),
    kijun: outArray(n, kijun - 1, n),
    spanA: outArray(n, aStart, n),
    spanB: outArray(n, spanB - 1, n),
    chikou: outArray(n, 0, n),
  };
  const st = ichimokuStage(tenkan, kijun, spanB);
  const w = st.w;
  const cols = [high, low, close];
  const lines = [r.tenkan, r.kijun, r.spanB];
  // chunk by chunk, inputs checked for NaN right before use; each chunk's highs and lows staged
  // with the `lead` bars before it that its windows reach back to (see staging.ts); the composed
  // windows by the WebAssembly kernel where it runs (its max/min do not branch, see
  // wasm/ichimoku-kernel.ts), into its own memory, with ichimokuComposed's exact results
  const wasm = st.composed ? ichimokuWasmChunks(tenkan, kijun, spanB, st.lead, st.lead + st.len) : null;
  let end = n;
  for (let a = 0; a < n; a += st.len) {
    const b0 = a + st.len < n ? a + st.len : n;
    const b = firstNaNIn(cols, a, b0);
    const a0 = a > st.lead ? a - st.lead : 0;
    // bars before every window is full (the first chunk's) and periods that do not nest: each
    // window on its own; the rest composed from the tenkan windows
    const mid = st.composed ? Math.min(Math.max(a, st.lead), b) : b;
    if (a < mid || !wasm) {
      w.set(high.subarray(a0, b), st.hi);
      w.set(low.subarray(a0, b), st.lo);
    }
    if (a < mid) ichimokuEach(st, a, a0, mid, lines, r.spanA);
    if (mid < b) {
      if (wasm) wasm.run(high, low, a0, b, r);
      else ichimokuComposed(st, a0, b - a0, r);
    }
    r.chikou.set(close.subarray(a, b), a);
    if (b < b0) {
      end = b;
      break;
    }
  }
  if (end < n) for (const k of ['tenkan', 'kijun', 'spanA', 'spanB', 'chikou'] as const) r[k].fill(NaN, end);
  return r;
}

/** The Ichimoku work array's layout (offsets into w) for one set of periods. */
interface IchimokuStage {
  w: Float64Array;
  periods: number[];
  /** Whether kijun nests in 2-3 tenkan windows and span B in 2-3 kijun windows (ichimokuComposed). */
  composed: boolean;
  /** Bars before a chunk that its windows reach back to; bars per chunk. */
  lead: number;
  len: number;
  /** Staged highs and lows from the chunk's lead-in on. */
  hi: number;
  lo: number;
  /** ichimokuEach: the chunk's tenkan, kijun, span B and span A from its first bar; suffix extremes. */
  out: number[];
  outA: number;
  suf: number;
  /** ichimokuComposed: suffix extremes in tenkan blocks, tenkan and kijun window extremes. */
  sufHi: number;
  sufLo: number;
  tenHi: number;
  tenLo: number;
  kijHi: number;
  kijLo: number;
}

function ichimokuStage(tenkan: number, kijun: number, spanB: number): IchimokuStage {
  // validated integers; `| 0` keeps them (and every position computed from them) int32 in
  // optimised code even when a caller passes them as heap numbers
  tenkan |= 0;
  kijun |= 0;
  spanB |= 0;
  const periods = [tenkan, kijun, spanB];
  const composed = tenkan <= kijun && kijun <= 3 * tenkan && kijun <= spanB && spanB <= 3 * kijun;
  const lead = Math.max(tenkan, kijun, spanB) - 1;
  const len = stageLength(lead);
  const m = lead + len; // staged positions per chunk
  let at = 0;
  const take = (k: number) => ((at += k), at - k);
  const hi = take(m);
  const lo = take(m);
  const out = [take(len), take(len), take(len)];
  const outA = take(len);
  const suf = take(2 * lead + 4);
  const sized = composed ? m : 0;
  const sufHi = take(sized);
  const sufLo = take(sized);
  const tenHi = take(sized);
  const tenLo = take(sized);
  const kijHi = take(sized);
  const kijLo = take(sized);
  const w = stagingArray(at);
  return { w, periods, composed, lead, len, hi, lo, out, outA, suf, sufHi, sufLo, tenHi, tenLo, kijHi, kijLo };
}

/** Bars [a, b) of the chunk staged from a0, each window by its own van Herk pass. */
function ichimokuEach(st: IchimokuStage, a: number, a0: number, b: number, lines: Float64Array[], spanA: Float64Array): void {
  const w = st.w;
  for (let i = 0; i < 3; i++) {
    const p = st.periods[i];
    const from = a > p - 1 ? a : p - 1;
    if (from >= b) continue;
    windowMidStaged(w, st.hi + from - a0, st.lo + from - a0, b - from, p, st.suf, st.out[i] + from - a);
    lines[i].set(w.subarray(st.out[i] + from - a, st.out[i] + b - a), from);
  }
  const from = Math.max(a, st.periods[0] - 1, st.periods[1] - 1);
  if (from >= b) return;
  midpointsStaged(w, st.out[0] + from - a, st.out[1] + from - a, st.outA + from - a, b - from);
  spanA.set(w.subarray(st.outA + from - a, st.outA + b - a), from);
}

/**
 * Staged positions [lead, m) of the chunk staged from a0 (bars a0+e), when kijun nests in 2-3
 * tenkan windows and span B in 2-3 kijun windows (the defaults 9/26/52 do). A running max over
 * prices branches at random, and the mispredictions are about half the cost of a window extreme
 * (monotonic prices run in half the time): only the tenkan extremes run van Herk / Gil-Werman
 * (suffix and prefix extremes in blocks of tenkan bars); a kijun extreme is the extreme of the
 * tenkan extremes at e, e-d1, e-d2 (windows of tenkan bars that together cover exactly the kijun
 * window: max may count a bar twice), and span B's likewise of kijun extremes. The passes run STEP
 * bars per call (see kernels' STEP); the outputs go straight to their columns.
 * Where WebAssembly SIMD runs, wasm/ichimoku-kernel.ts does the same in f64x2.pmax, which has no
 * branch to mispredict (ICHIMOKU 17.8M -> 40.5M bars/s of CPU on 1M bars); this stays as the
 * fallback and as the reference its tests compare against.
 */
function ichimokuComposed(st: IchimokuStage, a0: number, m: number, r: IchimokuLines): void {
  const w = st.w;
  const [q, k, b] = st.periods;
  // whole tenkan blocks per call, in int arithmetic: a float here would make every position a double
  const step = (((STEP + q - 1) / q) | 0) * q;
  for (let s = 0; s < m; s += step) {
    const e = s + step < m ? s + step : m;
    blockSuffixStaged(w, s, e, q, st.hi, st.lo, st.sufHi, st.sufLo);
    tenkanStaged(w, s, e, q, st.hi, st.lo, st.sufHi, st.sufLo, st.tenHi, st.tenLo);
  }
  const d1 = q < k - q ? q : k - q;
  const d2 = k - q;
  const c1 = k < b - k ? k : b - k;
  const c2 = b - k;
  for (let e = k - 1; e < st.lead; e += STEP) kijunStaged(w, e, e + STEP < st.lead ? e + STEP : st.lead, d1, d2, st.tenHi, st.tenLo, st.kijHi, st.kijLo);
  for (let e = st.lead; e < m; e += STEP) {
    ichimokuLinesStaged(w, e, e + STEP < m ? e + STEP : m, a0, d1, d2, c1, c2, st.tenHi, st.tenLo, st.kijHi, st.kijLo, r.tenkan, r.kijun, r.spanB, r.spanA);
  }
}

/** w[sh + j], w[sl + j] = max/min of the staged highs/lows from j to the end of j's block of q (blocks from 0), for j in [s0, s1); s0 a block start. */
function blockSuffixStaged(w: Float64Array, s0: number, s1: number, q: number, xh: number, xl: number, sh: number, sl: number): void {
  for (let s = s0; s < s1; s += q) {
    const e = s + q < s1 ? s + q : s1;
    let mh = -Infinity;
    let ml = Infinity;
    for (let j = e - 1; j >= s; j--) {
      const h = w[(xh + j) | 0];
      mh = h > mh ? h : mh;
      w[(sh + j) | 0] = mh;
      const l = w[(xl + j) | 0];
      ml = l < ml ? l : ml;
      w[(sl + j) | 0] = ml;
    }
  }
}

/**
 * w[th + e], w[tl + e] = max/min of the q staged highs/lows ending at e, for e in [s0, s1) (s0 a
 * block start): the running extreme since e's block start against the suffix extreme of the
 * previous block from the window's start (kernels' chunkMax). Values at e < q-1 are not windows
 * and never read.
 */
function tenkanStaged(w: Float64Array, s0: number, s1: number, q: number, xh: number, xl: number, sh: number, sl: number, th: number, tl: number): void {
  for (let s = s0; s < s1; s += q) {
    const e1 = s + q < s1 ? s + q : s1;
    let ph = -Infinity;
    let pl = Infinity;
    for (let e = s, u = s - q + 1; e < e1; e++, u++) {
      const h = w[(xh + e) | 0];
      ph = h > ph ? h : ph;
      const l = w[(xl + e) | 0];
      pl = l < pl ? l : pl;
      const uh = w[(sh + u) | 0];
      const ul = w[(sl + u) | 0];
      w[(th + e) | 0] = uh > ph ? uh : ph;
      w[(tl + e) | 0] = ul < pl ? ul : pl;
    }
  }
}

/** Kijun window extremes at e in [e0, e1): the extremes of the tenkan extremes at e, e-d1, e-d2. */
function kijunStaged(w: Float64Array, e0: number, e1: number, d1: number, d2: number, th: number, tl: number, kh: number, kl: number): void {
  for (let e = e0; e < e1; e++) {
    const h0 = w[(th + e) | 0];
    const h1 = w[(th + e - d1) | 0];
    const h2 = w[(th + e - d2) | 0];
    const mh = h0 > h1 ? h0 : h1;
    w[(kh + e) | 0] = mh > h2 ? mh : h2;
    const l0 = w[(tl + e) | 0];
    const l1 = w[(tl + e - d1) | 0];
    const l2 = w[(tl + e - d2) | 0];
    const ml = l0 < l1 ? l0 : l1;
    w[(kl + e) | 0] = ml < l2 ? ml : l2;
  }
}

/**
 * Bars a0+e for e in [e0, e1): kijun extremes as kijunStaged (kept for span B's look-back), span
 * B's from the kijun extremes at e, e-c1, e-c2, and the four lines as midpoints.
 */
function ichimokuLinesStaged(
  w: Float64Array,
  e0: number,
  e1: number,
  a0: number,
  d1: number,
  d2: number,
  c1: number,
  c2: number,
  th: number,
  tl: number,
  kh: number,
  kl: number,
  outT: Float64Array,
  outK: Float64Array,
  outB: Float64Array,
  outA: Float64Array,
): void {
  // offsets folded once, and `| 0` on each index: positions are small, so int32 adds need no
  // overflow check
  const th1 = th - d1;
  const th2 = th - d2;
  const tl1 = tl - d1;
  const tl2 = tl - d2;
  const kh1 = kh - c1;
  const kh2 = kh - c2;
  const kl1 = kl - c1;
  const kl2 = kl - c2;
  for (let e = e0, t = a0 + e0; e < e1; e++, t++) {
    const h0 = w[(th + e) | 0];
    const h1 = w[(th1 + e) | 0];
    const h2 = w[(th2 + e) | 0];
    const l0 = w[(tl + e) | 0];
    const l1 = w[(tl1 + e) | 0];
    const l2 = w[(tl2 + e) | 0];
    let xh = h0 > h1 ? h0 : h1;
    xh = xh > h2 ? xh : h2;
    let xl = l0 < l1 ? l0 : l1;
    xl = xl < l2 ? xl : l2;
    w[(kh + e) | 0] = xh;
    w[(kl + e) | 0] = xl;
    const g1 = w[(kh1 + e) | 0];
    const g2 = w[(kh2 + e) | 0];
    const m1 = w[(kl1 + e) | 0];
    const m2 = w[(kl2 + e) | 0];
    let bh = xh > g1 ? xh : g1;
    bh = bh > g2 ? bh : g2;
    let bl = xl < m1 ? xl : m1;
    bl = bl < m2 ? bl : m2;
    const tenkan = (h0 + l0) / 2;
    const kijun = (xh + xl) / 2;
    outT[t] = tenkan;
    outK[t] = kijun;
    outB[t] = (bh + bl) / 2;
    outA[t] = (tenkan + kijun) / 2;
  }
}

/** w[out + k] = (w[x + k] + w[y + k]) / 2 for k in [0, len). */
function midpointsStaged(w: Float64Array, x: number, y: number, out: number, len: number): void {
  for (let k = 0; k < len; k++) w[out + k] = (w[x + k] + w[y + k]) / 2;
}
export const ichimoku = skipLeadingNaN('ICHIMOKU', ichimokuColumns, 3);

function keltnerColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 20, multiplier = 2, atrPeriod = 10): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  new KeltnerStream(period, multiplier, atrPeriod); // validates the parameters
  const n = checkInputs('KELTNER', high, low, close);
  const end = firstNaN(n, high, low, close);
  const w = Math.max(period - 1, atrPeriod);
  const upper = outArray(n, w, end);
  const middle = outArray(n, w, end);
  const lower = outArray(n, w, end);
  if (end <= w) return { upper, middle, lower };
  // the EMA goes straight into `middle` (its bars before w back to NaN after); the ATR is carried
  // in the band loop with atrInto's arithmetic, seeded from the first atrPeriod true ranges
  emaInto(close, 0, end, period, middle);
  middle.fill(NaN, 0, w);
  let sum = 0;
  for (let i = 1; i <= atrPeriod; i++) sum += trueRange(high[i], low[i], close[i - 1]);
  let atr = sum / atrPeriod;
  const keep = (atrPeriod - 1) / atrPeriod;
  const wt = 1 / atrPeriod;
  for (let t = atrPeriod + 1; t <= w; t++) atr = atr * keep + trueRange(high[t], low[t], close[t - 1]) * wt;
  for (let t = w; t < end; t++) {
    if (t > w) atr = atr * keep + trueRange(high[t], low[t], close[t - 1]) * wt;
    const mid = middle[t];
    upper[t] = mid + multiplier * atr;
    lower[t] = mid - multiplier * atr;
  }
  return { upper, middle, lower };
}
export const keltner = skipLeadingNaN('KELTNER', keltnerColumns, 3);

function aoColumns(high: Float64Array, low: Float64Array, fast = 5, slow = 34): Float64Array {
  new AoStream(fast, slow); // validates the parameters
  const n = checkInputs('AO', high, low);
  const end = firstNaN(n, high, low);
  const w = Math.max(fast, slow) - 1;
  const out = outArray(n, w, end);
  const mid = scratch(0, n);
  const f = scratch(1, n);
  for (let i = 0; i < end; i++) mid[i] = (high[i] + low[i]) / 2;
  smaInto(mid, 0, end, fast, f);
  smaInto(mid, 0, end, slow, out);
  for (let i = w; i < end; i++) out[i] = f[i] - out[i];
  return out;
}
export const ao = skipLeadingNaN('AO', aoColumns, 2);

import type { BarLike } from './types';
import { EngineError } from '../core/errors';
import { checkInputs, checkReal, firstNaN, firstNaNIn, firstValue, outArray, skipLeadingNaN } from './validate';
import { STAGE, stagingArray } from './staging';
import { STEP } from './kernels';
import { pivotsWasm, type PivotsWasm } from './wasm/pivots-kernel';

/**
 * Heikin-Ashi candles: close = (o+h+l+c)/4; open = (previous HA open + previous HA close)/2,
 * (o+c)/2 on the first bar; high/low = the extremes of h/l and the HA open and close.
 * No warm-up.
 */
export class HeikinAshiStream {
  open = NaN;
  high = NaN;
  low = NaN;
  close = NaN;
  private dead = false;
  private started = false;
  update(bar: BarLike): number {
    return this.next(bar.open, bar.high, bar.low, bar.close);
  }
  /** Returns the HA close. */
  next(o: number, h: number, l: number, c: number): number {
    if (o !== o || h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.open = this.high = this.low = this.close = NaN);
    }
    if (this.dead) return (this.open = this.high = this.low = this.close = NaN);
    this.started = true;
    const haOpen = this.open === this.open ? (this.open + this.close) / 2 : (o + c) / 2;
    const haClose = (o + h + l + c) / 4;
    this.open = haOpen;
    this.close = haClose;
    this.high = Math.max(h, haOpen, haClose);
    this.low = Math.min(l, haOpen, haClose);
    return haClose;
  }
}

function heikinAshiColumns(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array): { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array } {
  const n = checkInputs('HEIKIN_ASHI', open, high, low, close);
  const r = { open: outArray(n, 0, n), high: outArray(n, 0, n), low: outArray(n, 0, n), close: outArray(n, 0, n) };
  // inputs checked for NaN and staged chunk by chunk (see staging.ts): o, h, l, c at [0, 4·len)
  const len = STAGE;
  const w = stagingArray(4 * len);
  const ins = [open, high, low, close];
  for (let a = 0; a < n; a += len) {
    const b0 = a + len < n ? a + len : n;
    const b = firstNaNIn(ins, a, b0);
    for (let k = 0; k < 4; k++) w.set(ins[k].subarray(a, b), k * len);
    for (let i = 0; i < b - a; i += STEP) heikinAshiStaged(w, i, i + STEP < b - a ? i + STEP : b - a, len, a, r);
    if (b < b0) {
      for (const k of ['open', 'high', 'low', 'close'] as const) r[k].fill(NaN, b);
      break;
    }
  }
  return r;
}

/**
 * HeikinAshiStream's arithmetic over staged bars [from, to) of the chunk starting at bar a, each
 * output written straight to its column (copying staged outputs out again cost more than the
 * columns' per-iteration checks); the previous HA open and close are read back from the outputs.
 * Called STEP bars at a time (see kernels' STEP).
 */
function heikinAshiStaged(w: Float64Array, from: number, to: number, len: number, a: number, r: { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array }): void {
  const ro = r.open;
  const rh = r.high;
  const rl = r.low;
  const rc = r.close;
  const t0 = a + from;
  let po = t0 > 0 ? ro[t0 - 1] : NaN;
  let pc = t0 > 0 ? rc[t0 - 1] : NaN;
  for (let i = from, t = t0; i < to; i++, t++) {
    const o = w[i];
    const h = w[len + i];
    const l = w[2 * len + i];
    const c = w[3 * len + i];
    const haOpen = t > 0 ? (po + pc) / 2 : (o + c) / 2;
    const haClose = (o + h + l + c) / 4;
    ro[t] = haOpen;
    rc[t] = haClose;
    rh[t] = Math.max(h, haOpen, haClose);
    rl[t] = Math.min(l, haOpen, haClose);
    po = haOpen;
    pc = haClose;
  }
}
export const heikinAshi = skipLeadingNaN('HEIKIN_ASHI', heikinAshiColumns, 4);

export const PIVOT_ANCHORS = ['day', 'week', 'month'] as const;
export type PivotAnchor = (typeof PIVOT_ANCHORS)[number];
const DAY = 86_400_000;

/** A number that changes exactly when a new UTC day / Monday-week / month starts. */
function periodKey(ts: number, anchor: PivotAnchor): number {
  if (anchor === 'day') return Math.floor(ts / DAY);
  if (anchor === 'week') return Math.floor((ts / DAY - 4) / 7); // day 0 was a Thursday
  const d = new Date(ts);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * Classic floor-trader pivots from the previous completed UTC day/week/month (bars are stamped
 * with their open time): P = (H+L+C)/3, R1 = 2P - L, S1 = 2P - H, R2 = P + (H-L),
 * S2 = P - (H-L), R3 = H + 2(P-L), S3 = L - 2(H-P). NaN until one full period has passed; the
 * first period seen is assumed complete when the next one starts.
 */
export class PivotsStream {
  pp = NaN;
  r1 = NaN;
  s1 = NaN;
  r2 = NaN;
  s2 = NaN;
  r3 = NaN;
  s3 = NaN;
  private key = NaN;
  private hi = -Infinity;
  private lo = Infinity;
  private last = NaN;
  private dead = false;
  private started = false;
  constructor(readonly anchor: PivotAnchor = 'day') {
    if (!PIVOT_ANCHORS.includes(anchor)) throw new EngineError('INVALID_INPUT', `PIVOTS: anchor must be one of ${PIVOT_ANCHORS.join(', ')}`, { anchor });
  }
  update(bar: BarLike): number {
    return this.next(bar.ts, bar.high, bar.low, bar.close);
  }
  /** Returns P. */
  next(ts: number, h: number, l: number, c: number): number {
    if (ts !== ts || h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.pp = this.r1 = this.s1 = this.r2 = this.s2 = this.r3 = this.s3 = NaN);
    }
    if (this.dead) return (this.pp = this.r1 = this.s1 = this.r2 = this.s2 = this.r3 = this.s3 = NaN);
    this.started = true;
    const k = periodKey(ts, this.anchor);
    if (k !== this.key) {
      if (this.key === this.key) {
        const H = this.hi;
        const L = this.lo;
        const P = (H + L + this.last) / 3;
        this.pp = P;
        this.r1 = 2 * P - L;
        this.s1 = 2 * P - H;
        this.r2 = P + (H - L);
        this.s2 = P - (H - L);
        this.r3 = H + 2 * (P - L);
        this.s3 = L - 2 * (H - P);
      }
      this.key = k;
      this.hi = h;
      this.lo = l;
    } else {
      if (h > this.hi) this.hi = h;
      if (l < this.lo) this.lo = l;
    }
    this.last = c;
    return this.pp;
  }
}

export interface PivotLevels {
  pp: Float64Array;
  r1: Float64Array;
  s1: Float64Array;
  r2: Float64Array;
  s2: Float64Array;
  r3: Float64Array;
  s3: Float64Array;
}
function pivotsColumns(ts: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, anchor: PivotAnchor = 'day'): PivotLevels {
  new PivotsStream(anchor); // validates the anchor
  const n = checkInputs('PIVOTS', ts, high, low, close);
  const o = () => outArray(n, 0, n);
  const r: PivotLevels = { pp: o(), r1: o(), s1: o(), r2: o(), s2: o(), r3: o(), s3: o() };
  // inputs checked for NaN and staged chunk by chunk (see staging.ts): ts, high, low, close at
  // [0, 4·len), then the state carried from chunk to chunk
  const len = STAGE;
  const st = 4 * len;
  // with the WebAssembly kernel, the staging array is its memory (the period extremes are taken there)
  const x = pivotsWasm();
  const w = x !== null ? x.view : stagingArray(st + 2 * PIV_STATE + 3);
  const ins = [ts, high, low, close];
  w[st] = NaN; // period key
  w[st + 1] = -Infinity; // period high
  w[st + 2] = Infinity; // period low
  w[st + 3] = NaN; // last close
  w[st + 4] = Infinity; // the period's first and last timestamps known to have its key
  w[st + 5] = -Infinity;
  for (let k = 6; k < PIV_STATE; k++) w[st + k] = NaN; // the levels P, R1, S1, R2, S2, R3, S3
  for (let a = 0; a < n; a += len) {
    const b0 = a + len < n ? a + len : n;
    for (let k = 0; k < 4; k++) w.set(ins[k].subarray(a, b0), k * len);
    // the chunk's NaN test rides along in pivotsRuns (a sum of its inputs); only a chunk whose
    // sum is NaN (or overflows to one) is searched and run again, from the state it started with
    w.copyWithin(st + PIV_STATE, st, st + PIV_STATE);
    let b = b0;
    if (!pivotsRuns(w, b0 - a, len, a, r, anchor, x)) {
      b = firstNaNIn(ins, a, b0);
      w.copyWithin(st, st + PIV_STATE, st + 2 * PIV_STATE);
      pivotsRuns(w, b - a, len, a, r, anchor, x);
    }
    if (b < b0) {
      for (const k of ['pp', 'r1', 's1', 'r2', 's2', 'r3', 's3'] as const) r[k].fill(NaN, b);
      break;
    }
  }
  return r;
}

/**
 * Staged state after the four inputs: key, high, low, last close, key bounds (2), 7 levels; then
 * its copy at the chunk's start and the kernel's three results.
 */
const PIV_STATE = 13;

/**
 * The timestamps [from, to] whose key is k, as far as it can be told cheaply: the exact period
 * start and 1 ms before the next one, kept only if periodKey gives k at both ends (a key is a
 * rounded quotient, so near a boundary it may differ from the exact one); else none (to < from).
 * periodKey is monotonic in ts (a division by a positive constant, a subtraction and floor, or
 * the calendar), so every timestamp in between has key k too.
 */
function periodBounds(k: number, anchor: PivotAnchor, w: Float64Array, at: number): void {
  let from = NaN;
  let next = NaN;
  if (k === k) {
    if (anchor === 'day') {
      from = k * DAY;
      next = from + DAY;
    } else if (anchor === 'week') {
      from = (7 * k + 4) * DAY;
      next = from + 7 * DAY;
    } else {
      const y = Math.floor(k / 12);
      from = Date.UTC(y, k - 12 * y, 1);
      next = Date.UTC(y, k - 12 * y + 1, 1);
    }
  }
  const to = next - 1;
  const ok = from === from && to === to && periodKey(from, anchor) === k && periodKey(to, anchor) === k;
  w[at] = ok ? from : Infinity;
  w[at + 1] = ok ? to : -Infinity;
}

/**
 * PivotsStream's arithmetic over the n staged bars of the chunk starting at bar a, run by run: a
 * bar whose timestamp lies within the current period's known bounds keeps the key (no periodKey,
 * no division) and only moves the period's high and low; the levels change only where a new
 * period starts, so each run of equal levels is written to the seven columns with fill (one
 * native pass each) instead of seven stores per bar. Bit-identical to PivotsStream. Returns
 * false if an input may be NaN (the sum of all of them is NaN): the chunk must then be cut.
 */
function pivotsRuns(w: Float64Array, n: number, len: number, a: number, r: PivotLevels, anchor: PivotAnchor, x: PivotsWasm | null): boolean {
  const st = 4 * len;
  let key = w[st];
  let hi = w[st + 1];
  let lo = w[st + 2];
  let from = w[st + 4];
  let to = w[st + 5];
  let P = w[st + 6];
  let R1 = w[st + 7];
  let S1 = w[st + 8];
  let R2 = w[st + 9];
  let S2 = w[st + 10];
  let R3 = w[st + 11];
  let S3 = w[st + 12];
  let run = 0; // the first bar of the chunk with the current levels
  let sum = 0; // NaN if any input is (or the sum overflows)
  let i = 0;
  const out = st + 2 * PIV_STATE;
  while (i < n) {
    // the run's bars within the period's bounds: only the period's high and low move
    const i0 = i;
    let scalar = x === null;
    if (!scalar) {
      i = x!.run(len, i0, n, from, to, out);
      if (i > i0) {
        const M = w[out];
        const m = w[out + 1];
        sum += w[out + 2];
        // the kernel's lanes may meet a -0/+0 tie in another order: zeros take the scalar loop
        if (M === 0 || m === 0) scalar = true;
        else {
          if (M > hi) hi = M;
          if (m < lo) lo = m;
        }
      }
    } else {
      for (; i < n; i++) {
        const t = w[i];
        if (!(t >= from && t <= to)) break;
      }
    }
    if (scalar) {
      for (let q = i0; q < i; q++) {
        const h = w[len + q];
        const l = w[2 * len + q];
        sum += h + l + w[3 * len + q];
        if (h > hi) hi = h;
        if (l < lo) lo = l;
      }
    }
    if (i >= n) break;
    const h = w[len + i];
    const l = w[2 * len + i];
    sum += w[i] + h + l + w[3 * len + i];
    const k = periodKey(w[i], anchor);
    if (k !== key) {
      if (key === key) {
        if (run < i) pivotsFill(r, a + run, a + i, P, R1, S1, R2, S2, R3, S3);
        run = i;
        const last = i > 0 ? w[3 * len + i - 1] : w[st + 3]; // the previous bar's close
        P = (hi + lo + last) / 3;
        R1 = 2 * P - lo;
        S1 = 2 * P - hi;
        R2 = P + (hi - lo);
        S2 = P - (hi - lo);
        R3 = hi + 2 * (P - lo);
        S3 = lo - 2 * (hi - P);
      }
      key = k;
      hi = h;
      lo = l;
      periodBounds(k, anchor, w, st + 4);
      from = w[st + 4];
      to = w[st + 5];
    } else {
      if (h > hi) hi = h;
      if (l < lo) lo = l;
    }
    i++;
  }
  if (run < n) pivotsFill(r, a + run, a + n, P, R1, S1, R2, S2, R3, S3);
  w[st] = key;
  w[st + 1] = hi;
  w[st + 2] = lo;
  if (n > 0) w[st + 3] = w[3 * len + n - 1];
  w[st + 6] = P;
  w[st + 7] = R1;
  w[st + 8] = S1;
  w[st + 9] = R2;
  w[st + 10] = S2;
  w[st + 11] = R3;
  w[st + 12] = S3;
  return sum === sum;
}

function pivotsFill(r: PivotLevels, b: number, e: number, P: number, R1: number, S1: number, R2: number, S2: number, R3: number, S3: number): void {
  r.pp.fill(P, b, e);
  r.r1.fill(R1, b, e);
  r.s1.fill(S1, b, e);
  r.r2.fill(R2, b, e);
  r.s2.fill(S2, b, e);
  r.r3.fill(R3, b, e);
  r.s3.fill(S3, b, e);
}
export const pivots = skipLeadingNaN('PIVOTS', pivotsColumns, 4);

/**
 * ZigZag with a percentage threshold, computed causally. A swing high is confirmed on the bar
 * whose low falls `deviation`% below the highest high since the last swing low (and vice versa),
 * so each output at bar t uses bars ≤ t only:
 * - pivot / pivotBar: price and bar index of the last confirmed swing (what strategies may use);
 * - direction: +1 while the leg after a confirmed low runs, -1 after a confirmed high, 0 before the first;
 * - extreme / extremeBar: the running extreme of the current leg — a provisional pivot that moves
 *   until it is confirmed (the chart's last leg, which "repaints").
 * A bar that both extends the leg and reverses by the threshold (an outside bar) extends it.
 */
export class ZigzagStream {
  pivot = NaN;
  pivotBar = NaN;
  direction = NaN;
  extreme = NaN;
  extremeBar = NaN;
  private readonly d: number;
  private t = 0;
  private dir = 0;
  private hi = -Infinity;
  private hiBar = -1;
  private lo = Infinity;
  private loBar = -1;
  private loSinceHi = Infinity;
  private loSinceHiBar = -1;
  private hiSinceLo = -Infinity;
  private hiSinceLoBar = -1;
  private dead = false;
  private started = false;
  /** Every pivot confirmed so far (the chart draws lines through these plus the provisional extreme). */
  readonly confirmed: { bar: number; price: number; kind: 'high' | 'low'; confirmedAt: number }[] = [];
  constructor(readonly deviation = 5) {
    checkReal('ZIGZAG', 'deviation', deviation, 1e-9, 99.999);
    this.d = deviation / 100;
  }
  update(bar: BarLike): number {
    return this.next(bar.high, bar.low);
  }
  /** Returns the last confirmed pivot's price. */
  next(h: number, l: number): number {
    const t = this.t++; // every bar counts, so pivotBar is the input's index even after leading NaNs
    if (h !== h || l !== l) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.pivot = this.pivotBar = this.direction = this.extreme = this.extremeBar = NaN);
    }
    if (this.dead) return (this.pivot = this.pivotBar = this.direction = this.extreme = this.extremeBar = NaN);
    this.started = true;
    const d = this.d;
    if (this.dir === 0) {
      // before the first swing: track the extremes so far and the opposite extreme since each
      if (h > this.hi) ((this.hi = h), (this.hiBar = t), (this.loSinceHi = l), (this.loSinceHiBar = t));
      else if (l < this.loSinceHi) ((this.loSinceHi = l), (this.loSinceHiBar = t));
      if (l < this.lo) ((this.lo = l), (this.loBar = t), (this.hiSinceLo = h), (this.hiSinceLoBar = t));
      else if (h > this.hiSinceLo) ((this.hiSinceLo = h), (this.hiSinceLoBar = t));
      if (this.hiBar < t && l <= this.hi * (1 - d)) this.confirm('high', this.hi, this.hiBar, t, -1, this.loSinceHi, this.loSinceHiBar);
      else if (this.loBar < t && h >= this.lo * (1 + d)) this.confirm('low', this.lo, this.loBar, t, 1, this.hiSinceLo, this.hiSinceLoBar);
    } else if (this.dir === 1) {
      if (h > this.hi) ((this.hi = h), (this.hiBar = t));
      else if (l <= this.hi * (1 - d)) this.confirm('high', this.hi, this.hiBar, t, -1, l, t);
    } else {
      if (l < this.lo) ((this.lo = l), (this.loBar = t));
      else if (h >= this.lo * (1 + d)) this.confirm('low', this.lo, this.loBar, t, 1, h, t);
    }
    this.direction = this.dir;
    if (this.dir === 1) ((this.extreme = this.hi), (this.extremeBar = this.hiBar));
    else if (this.dir === -1) ((this.extreme = this.lo), (this.extremeBar = this.loBar));
    return this.pivot;
  }
  private confirm(kind: 'high' | 'low', price: number, bar: number, t: number, dir: number, start: number, startBar: number): void {
    this.pivot = price;
    this.pivotBar = bar;
    this.confirmed.push({ bar, price, kind, confirmedAt: t });
    this.dir = dir;
    if (dir === -1) ((this.lo = start), (this.loBar = startBar));
    else ((this.hi = start), (this.hiBar = startBar));
  }
}

export interface ZigzagColumns {
  pivot: Float64Array;
  pivotBar: Float64Array;
  direction: Float64Array;
  extreme: Float64Array;
  extremeBar: Float64Array;
}
/**
 * Not wrapped by skipLeadingNaN like the others: pivotBar/extremeBar are indices into the input,
 * so leading NaN bars are fed to the kernel (which skips them) rather than cut off.
 */
export function zigzag(high: Float64Array, low: Float64Array, deviation = 5): ZigzagColumns {
  const n = checkInputs('ZIGZAG', high, low);
  const d = new ZigzagStream(deviation).deviation / 100; // validates; the stream's threshold
  const start = firstValue(n, [high, low]);
  const o = () => outArray(n, start, n);
  const r: ZigzagColumns = { pivot: o(), pivotBar: o(), direction: o(), extreme: o(), extremeBar: o() };
  // inputs checked for NaN and staged chunk by chunk (see staging.ts): high and low at
  // [0, 2·len), then the state carried from step to step
  const len = STAGE;
  const w = stagingArray(2 * len + ZIGZAG_STATE);
  const cols = [high, low];
  zigzagInit(w, 2 * len);
  for (let a = start; a < n; a += len) {
    const b0 = a + len < n ? a + len : n;
    const b = firstNaNIn(cols, a, b0);
    w.set(high.subarray(a, b), 0);
    w.set(low.subarray(a, b), len);
    for (let i = 0; i < b - a; i += STEP) zigzagStaged(w, i, i + STEP < b - a ? i + STEP : b - a, len, a, d, r);
    if (b < b0) {
      for (const k of ['pivot', 'pivotBar', 'direction', 'extreme', 'extremeBar'] as const) r[k].fill(NaN, b);
      break;
    }
  }
  return r;
}

/**
 * Staged ZigZag's state: direction, leg high and its bar, leg low and its bar, the low since the
 * high and its bar, the high since the low and its bar (ZigzagStream's fields), pivot, pivotBar,
 * extreme, extremeBar.
 */
const ZIGZAG_STATE = 13;

function zigzagInit(w: Float64Array, st: number): void {
  w[st] = 0;
  w[st + 1] = -Infinity;
  w[st + 2] = -1;
  w[st + 3] = Infinity;
  w[st + 4] = -1;
  w[st + 5] = Infinity;
  w[st + 6] = -1;
  w[st + 7] = -Infinity;
  w[st + 8] = -1;
  w[st + 9] = NaN;
  w[st + 10] = NaN;
  w[st + 11] = NaN;
  w[st + 12] = NaN;
}

/**
 * ZigzagStream.next over staged bars [from, to) (high at i, low at len+i; bar number t0+i), its
 * confirm() inlined, each output written straight to its column: copying five staged outputs
 * out again cost more than the five columns' per-iteration checks. Called STEP bars at a time
 * (see kernels' STEP).
 */
function zigzagStaged(w: Float64Array, from: number, to: number, len: number, t0: number, d: number, r: ZigzagColumns): void {
  const rPivot = r.pivot;
  const rPivotBar = r.pivotBar;
  const rDirection = r.direction;
  const rExtreme = r.extreme;
  const rExtremeBar = r.extremeBar;
  const st = 2 * len;
  let dir = w[st];
  let hi = w[st + 1];
  let hiBar = w[st + 2];
  let lo = w[st + 3];
  let loBar = w[st + 4];
  let loSinceHi = w[st + 5];
  let loSinceHiBar = w[st + 6];
  let hiSinceLo = w[st + 7];
  let hiSinceLoBar = w[st + 8];
  let pivot = w[st + 9];
  let pivotBar = w[st + 10];
  let extreme = w[st + 11];
  let extremeBar = w[st + 12];
  const down = 1 - d;
  const up = 1 + d;
  for (let i = from; i < to; i++) {
    const h = w[i];
    const l = w[len + i];
    const t = t0 + i;
    if (dir === 0) {
      // before the first swing: track the extremes so far and the opposite extreme since each
      if (h > hi) ((hi = h), (hiBar = t), (loSinceHi = l), (loSinceHiBar = t));
      else if (l < loSinceHi) ((loSinceHi = l), (loSinceHiBar = t));
      if (l < lo) ((lo = l), (loBar = t), (hiSinceLo = h), (hiSinceLoBar = t));
      else if (h > hiSinceLo) ((hiSinceLo = h), (hiSinceLoBar = t));
      if (hiBar < t && l <= hi * down) {
        pivot = hi;
        pivotBar = hiBar;
        dir = -1;
        lo = loSinceHi;
        loBar = loSinceHiBar;
      } else if (loBar < t && h >= lo * up) {
        pivot = lo;
        pivotBar = loBar;
        dir = 1;
        hi = hiSinceLo;
        hiBar = hiSinceLoBar;
      }
    } else if (dir === 1) {
      if (h > hi) ((hi = h), (hiBar = t));
      else if (l <= hi * down) {
        pivot = hi;
        pivotBar = hiBar;
        dir = -1;
        lo = l;
        loBar = t;
      }
    } else {
      if (l < lo) ((lo = l), (loBar = t));
      else if (h >= lo * up) {
        pivot = lo;
        pivotBar = loBar;
        dir = 1;
        hi = h;
        hiBar = t;
      }
    }
    if (dir === 1) ((extreme = hi), (extremeBar = hiBar));
    else if (dir === -1) ((extreme = lo), (extremeBar = loBar));
    rPivot[t] = pivot;
    rPivotBar[t] = pivotBar;
    rDirection[t] = dir;
    rExtreme[t] = extreme;
    rExtremeBar[t] = extremeBar;
  }
  w[st] = dir;
  w[st + 1] = hi;
  w[st + 2] = hiBar;
  w[st + 3] = lo;
  w[st + 4] = loBar;
  w[st + 5] = loSinceHi;
  w[st + 6] = loSinceHiBar;
  w[st + 7] = hiSinceLo;
  w[st + 8] = hiSinceLoBar;
  w[st + 9] = pivot;
  w[st + 10] = pivotBar;
  w[st + 11] = extreme;
  w[st + 12] = extremeBar;
}

export interface ZigzagPivot {
  bar: number;
  price: number;
  kind: 'high' | 'low';
  /** The bar on which the swing was confirmed; undefined for the provisional last point. */
  confirmedAt?: number;
  /** The last point: the current leg's extreme, which can still move (repaints). */
  provisional: boolean;
}

/** The swing points for drawing the ZigZag line: every confirmed pivot, then the provisional extreme. */
export function zigzagPivots(high: Float64Array, low: Float64Array, deviation = 5): ZigzagPivot[] {
  const n = checkInputs('ZIGZAG', high, low);
  const s = new ZigzagStream(deviation);
  const start = firstValue(n, [high, low]);
  const end = start + firstNaN(n - start, high.subarray(start), low.subarray(start));
  for (let i = 0; i < end; i++) s.next(high[i], low[i]);
  const pts: ZigzagPivot[] = s.confirmed.map((p) => ({ ...p, provisional: false }));
  if (s.direction === 1 || s.direction === -1) pts.push({ bar: s.extremeBar, price: s.extreme, kind: s.direction === 1 ? 'high' : 'low', provisional: true });
  return pts;
}

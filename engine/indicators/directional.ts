import type { BarLike } from './types';
import { trueRange } from './atr';
import { STEP } from './kernels';
import { smallInt } from './small-int';
import { checkInputs, checkPeriod, firstNaNIn, isZero, outArray, skipLeadingNaN } from './validate';

/**
 * Wilder's directional movement system, one kernel for PLUS_DI, MINUS_DI, DX, ADX and ADXR so
 * they share TA-Lib's exact seeding:
 * - one-bar DM: up = h - h₋₁, down = l₋₁ - l; +DM = up if up > down and up > 0, -DM = down if
 *   down > up and down > 0, else 0;
 * - bars 1..p-1 sum +DM, -DM and TR; from bar p on, s = s·(p-1)/p + today's value (TA-Lib writes
 *   s - s/p: the same up to rounding, ≤ 1e-15 relative, not cumulative);
 * - ±DI = 100·±DM/TR from bar p (0 when TR ≈ 0);
 * - DX = 100·|+DI - -DI|/(+DI + -DI) from bar p (0 at bar p, then the previous DX, when undefined);
 * - ADX = mean of the DX of bars p..2p-1 at bar 2p-1, then ADX·(p-1)/p + DX/p, skipping bars
 *   where DX is undefined; ADXR = (ADX + ADX p-1 bars ago)/2 from bar 3p-2.
 */
export class DirectionalStream {
  plusDI = NaN;
  minusDI = NaN;
  dx = NaN;
  adx = NaN;
  adxr = NaN;
  private readonly adxHist: Float64Array; // last p ADX values, for ADXR
  private t = 0;
  private ph = NaN;
  private pl = NaN;
  private pc = NaN;
  private pdm = 0;
  private mdm = 0;
  private tr = 0;
  private sumDX = 0;
  private dead = false;
  private started = false;

  private readonly a: number;
  private readonly b: number;
  constructor(readonly period = 14) {
    checkPeriod('ADX', 'period', period);
    this.adxHist = new Float64Array(period);
    this.a = (period - 1) / period;
    this.b = 1 / period;
  }

  update(bar: BarLike): number {
    return this.next(bar.high, bar.low, bar.close);
  }

  /** Feeds one bar; returns ADX (read the fields for the others). */
  next(h: number, l: number, c: number): number {
    if (h !== h || l !== l || c !== c) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.plusDI = this.minusDI = this.dx = this.adx = this.adxr = NaN);
    }
    if (this.dead) return (this.plusDI = this.minusDI = this.dx = this.adx = this.adxr = NaN);
    this.started = true;
    const t = this.t++;
    const p = this.period;
    if (t === 0) {
      this.ph = h;
      this.pl = l;
      this.pc = c;
      return NaN;
    }
    const up = h - this.ph;
    const down = this.pl - l;
    const tr = trueRange(h, l, this.pc);
    this.ph = h;
    this.pl = l;
    this.pc = c;
    if (t >= p) {
      this.mdm *= this.a;
      this.pdm *= this.a;
    }
    if (down > 0 && up < down) this.mdm += down;
    else if (up > 0 && up > down) this.pdm += up;
    this.tr = t >= p ? this.tr * this.a + tr : this.tr + tr;
    if (t < p) return NaN;

    // ±DI and DX
    let dxRaw = NaN;
    if (!isZero(this.tr)) {
      const m = 100 * (this.mdm / this.tr);
      const pl = 100 * (this.pdm / this.tr);
      this.minusDI = m;
      this.plusDI = pl;
      const s = m + pl;
      if (!isZero(s)) dxRaw = 100 * (Math.abs(m - pl) / s);
    } else {
      this.minusDI = 0;
      this.plusDI = 0;
    }
    if (dxRaw === dxRaw) this.dx = dxRaw;
    else if (t === p) this.dx = 0;

    // ADX
    if (t < 2 * p - 1) {
      if (dxRaw === dxRaw) this.sumDX += dxRaw;
      return NaN;
    }
    if (t === 2 * p - 1) {
      if (dxRaw === dxRaw) this.sumDX += dxRaw;
      this.adx = this.sumDX / p;
    } else if (dxRaw === dxRaw) {
      this.adx = this.adx * this.a + dxRaw * this.b;
    }

    // ADXR: ADX[t] and ADX[t-(p-1)]; the ring holds the last p ADX values
    const k = (t - (2 * p - 1)) % p;
    this.adxHist[k] = this.adx;
    if (t >= 3 * p - 2) {
      const back = (k + 1) % p; // t-(p-1) sits one slot after t in a ring of p
      this.adxr = (this.adx + this.adxHist[p === 1 ? k : back]) / 2;
    }
    return this.adx;
  }
}

/** Which series a batch call writes. */
const enum DmOut {
  Plus = 0,
  Minus = 1,
  Dx = 2,
  Adx = 3,
}

/**
 * Work-array layout (bars per chunk, then offsets). Node 20's optimised loop re-checks the map
 * and reloads the base pointer and length of every typed array it touches on every iteration (its
 * stack check counts as a call that could detach a buffer), and a store into such an array costs
 * several cycles more than one into a constant array. So each chunk's high, low and close are
 * copied (memcpy) into one work array, the kernels read and write only that array, write only the
 * series asked for, and take two bars per iteration in the steady state; the chunk's output is
 * then copied out.
 */
const DM_CHUNK = 1024;
const W_H = 0;
const W_L = DM_CHUNK;
const W_C = 2 * DM_CHUNK;
const W_OUT = 3 * DM_CHUNK;
const W_PICK_M = 4 * DM_CHUNK; // [0, today's -DM candidate]
const W_PICK_P = W_PICK_M + 2; // [0, today's +DM candidate]
const W_STATE = W_PICK_P + 2; // ph, pl, pc, +DM, -DM, TR, DX, ADX, ΣDX between calls
const W_SIZE = W_STATE + 9;

let work: Float64Array | undefined;

/**
 * DirectionalStream's arithmetic over whole columns, writing one series into out from bar p
 * (ADX: NaN until 2p-1). Returns the index of the first NaN input (the caller NaNs from there),
 * or n. The warm-up bars 1..p-1 (plain sums) run over the columns; from bar p on, chunk by chunk
 * through the work array in calls of at most STEP bars: bars up to 2p-1 (ADX's seed) and odd
 * leftovers through directionalStep, the rest two at a time through directionalPairs.
 */
function directionalInto(h: Float64Array, l: Float64Array, c: Float64Array, period: number, out: Float64Array, which: DmOut): number {
  const p = smallInt(period);
  const n = h.length;
  // inputs are checked for NaN step by step, right before use (then in cache for the kernel)
  const cols = [h, l, c];
  const head = p < n ? p : n;
  const bad = firstNaNIn(cols, 0, head);
  if (bad < head || n === 0) return bad;
  let ph = h[0];
  let pl = l[0];
  let pc = c[0];
  let pdm = 0;
  let mdm = 0;
  let tr = 0;
  for (let t = 1; t < head; t++) {
    const hi = h[t];
    const lo = l[t];
    const up = hi - ph;
    const down = pl - lo;
    tr += trueRange(hi, lo, pc);
    ph = hi;
    pl = lo;
    pc = c[t];
    if (down > 0 && up < down) mdm += down;
    else if (up > 0 && up > down) pdm += up;
  }
  if (n <= p) return n;
  const w = (work ??= new Float64Array(W_SIZE));
  w[W_PICK_M] = 0;
  w[W_PICK_P] = 0;
  const s = W_STATE;
  w[s] = ph;
  w[s + 1] = pl;
  w[s + 2] = pc;
  w[s + 3] = pdm;
  w[s + 4] = mdm;
  w[s + 5] = tr;
  w[s + 6] = NaN; // DX
  w[s + 7] = NaN; // ADX
  w[s + 8] = 0; // sum of the DX of bars p..2p-1
  for (let lo = p; lo < n; lo += DM_CHUNK) {
    const hi = lo + DM_CHUNK < n ? lo + DM_CHUNK : n;
    const cut = firstNaNIn(cols, lo, hi);
    if (cut > lo) directionalChunk(h, l, c, lo, cut, p, out, which, w);
    if (cut < hi) return cut;
  }
  return n;
}

/**
 * Bars [lo, hi) through the work array: high, low and close in, the series out. A function per
 * chunk keeps the chunk loop above small, so V8 does not compile it on the stack (with the
 * kernels inlined) during a first long call whose early lines it has no feedback for yet.
 */
function directionalChunk(h: Float64Array, l: Float64Array, c: Float64Array, lo: number, hi: number, p: number, out: Float64Array, which: DmOut, w: Float64Array): void {
  const len = hi - lo;
  const seeded = 2 * p - lo; // first work-array bar past ADX's seed
  w.set(h.subarray(lo, hi), W_H);
  w.set(l.subarray(lo, hi), W_L);
  w.set(c.subarray(lo, hi), W_C);
  for (let k = 0; k < len; ) {
    const e = k + STEP < len ? k + STEP : len;
    if (k < seeded) {
      const m = seeded < e ? seeded : e;
      directionalStep(w, lo, k, m, p, which);
      k = m;
    } else {
      const m = k + ((e - k) & ~1);
      directionalPairs(w, k, m, p, which);
      if (m < e) directionalStep(w, lo, m, e, p, which);
      k = e;
    }
  }
  out.set(w.subarray(W_OUT, W_OUT + len), lo);
}

/*
 * The step kernels below run many short calls rather than one long one: a function entered many
 * times is optimised whole, with type feedback for every line, while one long call only gets its
 * loop compiled on the stack from its first iterations' feedback (and deoptimised at the state
 * stores after it). Bundled module constants are mutable `var`s that an optimised loop would
 * re-read and re-check on every iteration, so the loops use local copies and inline trueRange
 * and isZero (the same comparisons). The day's
 * +DM/-DM (up/down or 0, decided by comparisons that are close to coin flips on real bars) is
 * picked by index from a two-slot pair instead of a branch: the same value the stream's if/else adds.
 * Offsets and indexes are masked with a literal 0xffff (exact: W_SIZE < 2^16): the compiler then
 * knows their range and drops the overflow check on every index sum (~10% on ADX).
 */

/** Work-array bars [k0, k1) (bar t0+k), any phase from bar p on: DirectionalStream.next's arithmetic. */
function directionalStep(w: Float64Array, t0: number, k0: number, k1: number, p: number, which: DmOut): void {
  const m = 0xffff; // see above: work-array offsets and indexes are below 2^16
  const iH = W_H & m;
  const iL = W_L & m;
  const iC = W_C & m;
  const o = W_OUT & m;
  const pm = W_PICK_M & m;
  const pp = W_PICK_P & m;
  const s = W_STATE & m;
  const kEnd = k1 & m;
  let ph = w[s];
  let pl = w[s + 1];
  let pc = w[s + 2];
  let pdm = w[s + 3];
  let mdm = w[s + 4];
  let tr = w[s + 5];
  let dx = w[s + 6];
  let adx = w[s + 7];
  let sumDX = w[s + 8];
  const a = (p - 1) / p;
  const b = 1 / p;
  const adxStart = 2 * p - 1;
  for (let k = k0 & m, t = t0 + k0; k < kEnd; k++, t++) {
    const hv = w[iH + k];
    const lv = w[iL + k];
    const up = hv - ph;
    const down = pl - lv;
    let r = hv - lv;
    const rh = Math.abs(hv - pc);
    if (rh > r) r = rh;
    const rl = Math.abs(lv - pc);
    if (rl > r) r = rl;
    ph = hv;
    pl = lv;
    pc = w[iC + k];
    w[pm + 1] = down;
    w[pp + 1] = up;
    mdm = mdm * a + w[pm + (+(down > 0) & +(up < down))];
    pdm = pdm * a + w[pp + (+(up > 0) & +(up > down))];
    tr = tr * a + r;
    let dxRaw = NaN;
    let mdi = 0;
    let pdi = 0;
    if (!(tr > -1e-14 && tr < 1e-14)) {
      mdi = 100 * (mdm / tr);
      pdi = 100 * (pdm / tr);
      const sum = mdi + pdi;
      if (!(sum > -1e-14 && sum < 1e-14)) dxRaw = 100 * (Math.abs(mdi - pdi) / sum);
    }
    if (dxRaw === dxRaw) dx = dxRaw;
    else if (t === p) dx = 0;
    if (t < adxStart) {
      if (dxRaw === dxRaw) sumDX += dxRaw;
    } else if (t === adxStart) {
      if (dxRaw === dxRaw) sumDX += dxRaw;
      adx = sumDX / p;
    } else if (dxRaw === dxRaw) adx = adx * a + dxRaw * b;
    w[o + k] = which === DmOut.Adx ? adx : which === DmOut.Dx ? dx : which === DmOut.Minus ? mdi : pdi;
  }
  w[s] = ph;
  w[s + 1] = pl;
  w[s + 2] = pc;
  w[s + 3] = pdm;
  w[s + 4] = mdm;
  w[s + 5] = tr;
  w[s + 6] = dx;
  w[s + 7] = adx;
  w[s + 8] = sumDX;
}

/**
 * directionalStep for bars past ADX's seed (t ≥ 2p), two per iteration (k1 - k0 even): the
 * iteration's fixed costs (the map check and reloads above, the stack check) are paid once per
 * two bars. The two halves are the same arithmetic, bar k then bar k+1.
 */
function directionalPairs(w: Float64Array, k0: number, k1: number, p: number, which: DmOut): void {
  const m = 0xffff; // see above: work-array offsets and indexes are below 2^16
  const iH = W_H & m;
  const iL = W_L & m;
  const iC = W_C & m;
  const o = W_OUT & m;
  const pm = W_PICK_M & m;
  const pp = W_PICK_P & m;
  const s = W_STATE & m;
  const kEnd = k1 & m;
  let pl = w[s + 1];
  let pc = w[s + 2];
  let ph = w[s];
  let pdm = w[s + 3];
  let mdm = w[s + 4];
  let tr = w[s + 5];
  let dx = w[s + 6];
  let adx = w[s + 7];
  const a = (p - 1) / p;
  const b = 1 / p;
  for (let k = k0 & m; k < kEnd; k += 2) {
    // bar k
    let hv = w[iH + k];
    let lv = w[iL + k];
    let up = hv - ph;
    let down = pl - lv;
    let r = hv - lv;
    let rh = Math.abs(hv - pc);
    if (rh > r) r = rh;
    let rl = Math.abs(lv - pc);
    if (rl > r) r = rl;
    ph = hv;
    pl = lv;
    pc = w[iC + k];
    w[pm + 1] = down;
    w[pp + 1] = up;
    mdm = mdm * a + w[pm + (+(down > 0) & +(up < down))];
    pdm = pdm * a + w[pp + (+(up > 0) & +(up > down))];
    tr = tr * a + r;
    let dxRaw = NaN;
    let mdi = 0;
    let pdi = 0;
    if (!(tr > -1e-14 && tr < 1e-14)) {
      mdi = 100 * (mdm / tr);
      pdi = 100 * (pdm / tr);
      const sum = mdi + pdi;
      if (!(sum > -1e-14 && sum < 1e-14)) dxRaw = 100 * (Math.abs(mdi - pdi) / sum);
    }
    if (dxRaw === dxRaw) {
      dx = dxRaw;
      adx = adx * a + dxRaw * b;
    }
    w[o + k] = which === DmOut.Adx ? adx : which === DmOut.Dx ? dx : which === DmOut.Minus ? mdi : pdi;
    // bar k+1
    hv = w[iH + k + 1];
    lv = w[iL + k + 1];
    up = hv - ph;
    down = pl - lv;
    r = hv - lv;
    rh = Math.abs(hv - pc);
    if (rh > r) r = rh;
    rl = Math.abs(lv - pc);
    if (rl > r) r = rl;
    ph = hv;
    pl = lv;
    pc = w[iC + k + 1];
    w[pm + 1] = down;
    w[pp + 1] = up;
    mdm = mdm * a + w[pm + (+(down > 0) & +(up < down))];
    pdm = pdm * a + w[pp + (+(up > 0) & +(up > down))];
    tr = tr * a + r;
    dxRaw = NaN;
    mdi = 0;
    pdi = 0;
    if (!(tr > -1e-14 && tr < 1e-14)) {
      mdi = 100 * (mdm / tr);
      pdi = 100 * (pdm / tr);
      const sum = mdi + pdi;
      if (!(sum > -1e-14 && sum < 1e-14)) dxRaw = 100 * (Math.abs(mdi - pdi) / sum);
    }
    if (dxRaw === dxRaw) {
      dx = dxRaw;
      adx = adx * a + dxRaw * b;
    }
    w[o + k + 1] = which === DmOut.Adx ? adx : which === DmOut.Dx ? dx : which === DmOut.Minus ? mdi : pdi;
  }
  w[s] = ph;
  w[s + 1] = pl;
  w[s + 2] = pc;
  w[s + 3] = pdm;
  w[s + 4] = mdm;
  w[s + 5] = tr;
  w[s + 6] = dx;
  w[s + 7] = adx;
}

/**
 * ADX → ADXR in place: a[t] = (ADX[t] + ADX[t-(p-1)])/2 for t in [3p-2, end), walking down so
 * each lagged ADX is read before it is overwritten (one array, no second column); the bars
 * [2p-1, 3p-2) that have an ADX but no ADXR yet become NaN.
 */
function adxToAdxr(a: Float64Array, period: number, end: number): void {
  const p = smallInt(period);
  const lag = p - 1;
  const first = 3 * p - 2;
  for (let t = end - 1; t >= first; t--) a[t] = (a[t] + a[t - lag]) / 2;
  const adxStart = 2 * p - 1;
  if (adxStart < end) a.fill(NaN, adxStart, first < end ? first : end);
}

function prepare(name: string, high: Float64Array, low: Float64Array, close: Float64Array, period: number, minPeriod: number, warm: number) {
  checkPeriod(name, 'period', period, minPeriod);
  const n = checkInputs(name, high, low, close);
  return { n, out: outArray(n, warm, n) };
}

/** Bars from the first NaN on are NaN (the kernel stopped there). */
function cut(out: Float64Array, end: number): Float64Array {
  if (end < out.length) out.fill(NaN, end);
  return out;
}

/** Average directional index. Warm-up 2p-1. */
function adxColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('ADX', high, low, close, period, 2, 2 * period - 1);
  return cut(out, directionalInto(high, low, close, period, out, DmOut.Adx));
}
export const adx = skipLeadingNaN('ADX', adxColumns, 3);
/** ADX rating: (ADX + ADX p-1 bars ago)/2. Warm-up 3p-2. */
function adxrColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('ADXR', high, low, close, period, 2, 3 * period - 2);
  const end = directionalInto(high, low, close, period, out, DmOut.Adx);
  adxToAdxr(out, period, end);
  return cut(out, end);
}
export const adxr = skipLeadingNaN('ADXR', adxrColumns, 3);
/** Directional movement index. Warm-up p. */
function dxColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('DX', high, low, close, period, 2, period);
  return cut(out, directionalInto(high, low, close, period, out, DmOut.Dx));
}
export const dx = skipLeadingNaN('DX', dxColumns, 3);
/** Plus directional indicator. Warm-up p. */
function plusDiColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('PLUS_DI', high, low, close, period, 1, period);
  return cut(out, directionalInto(high, low, close, period, out, DmOut.Plus));
}
export const plusDi = skipLeadingNaN('PLUS_DI', plusDiColumns, 3);
/** Minus directional indicator. Warm-up p. */
function minusDiColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('MINUS_DI', high, low, close, period, 1, period);
  return cut(out, directionalInto(high, low, close, period, out, DmOut.Minus));
}
export const minusDi = skipLeadingNaN('MINUS_DI', minusDiColumns, 3);

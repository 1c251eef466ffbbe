import type { BarLike } from './types';
import { trueRange } from './atr';
import { checkInputs, checkPeriod, firstNaNIn, isZero, outArray, skipLeadingNaN } from './validate';
import { scratch, STEP } from './kernels';

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

/**
 * DirectionalStream's arithmetic over whole columns with locals (several times faster than a
 * stream per bar); writes the outputs that are given (null skips). The warm-up bars run in their
 * own loop so the steady loop has no phase tests, and the day's +DM/-DM (up/down or 0, decided by
 * comparisons that are close to coin flips on real bars) is picked by index from a two-slot
 * array instead of a branch: the same value the stream's if/else adds.
 */
function directionalInto(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  p: number,
  plusOut: Float64Array | null,
  minusOut: Float64Array | null,
  dxOut: Float64Array | null,
  adxOut: Float64Array | null,
  adxrOut: Float64Array | null,
): number {
  const n = h.length;
  // inputs are checked for NaN step by step, right before use (then in L1 for the kernel)
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
  const st = new Float64Array(9);
  st[0] = ph;
  st[1] = pl;
  st[2] = pc;
  st[3] = pdm;
  st[4] = mdm;
  st[5] = tr;
  st[6] = NaN; // dx
  st[7] = NaN; // adx
  st[8] = 0; // sum of the DX of bars p..2p-1
  for (let lo = p; lo < n; lo += STEP) {
    const hi = lo + STEP < n ? lo + STEP : n;
    const cut = firstNaNIn(cols, lo, hi);
    directionalChunk(h, l, c, lo, cut, p, st, plusOut, minusOut, dxOut, adxOut, adxrOut);
    if (cut < hi) return cut;
  }
  return n;
}

const pickM = new Float64Array(2);
const pickP = new Float64Array(2);

/**
 * Bars [lo, hi) from bar p on, state in st. Called per chunk rather than once for all bars: a
 * function entered many times is optimised whole, with type feedback for every line; one long
 * call only gets its loop compiled on the stack from its first iterations' feedback, which ran
 * ADX at half speed in some processes.
 */
function directionalChunk(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  lo: number,
  hi: number,
  p: number,
  st: Float64Array,
  plusOut: Float64Array | null,
  minusOut: Float64Array | null,
  dxOut: Float64Array | null,
  adxOut: Float64Array | null,
  adxrOut: Float64Array | null,
): void {
  let ph = st[0];
  let pl = st[1];
  let pc = st[2];
  let pdm = st[3];
  let mdm = st[4];
  let tr = st[5];
  let dx = st[6];
  let adx = st[7];
  let sumDX = st[8];
  const a = (p - 1) / p;
  const b = 1 / p;
  const adxStart = 2 * p - 1;
  const adxrStart = 3 * p - 2;
  for (let t = lo; t < hi; t++) {
    const hv = h[t];
    const lv = l[t];
    const up = hv - ph;
    const down = pl - lv;
    const r = trueRange(hv, lv, pc);
    ph = hv;
    pl = lv;
    pc = c[t];
    pickM[1] = down;
    pickP[1] = up;
    const gm = +(down > 0) & +(up < down);
    const gp = +(up > 0) & +(up > down);
    mdm = mdm * a + pickM[gm];
    pdm = pdm * a + pickP[gp];
    tr = tr * a + r;
    let dxRaw = NaN;
    let m = 0;
    let pl2 = 0;
    if (!isZero(tr)) {
      m = 100 * (mdm / tr);
      pl2 = 100 * (pdm / tr);
      const s = m + pl2;
      if (!isZero(s)) dxRaw = 100 * (Math.abs(m - pl2) / s);
    }
    if (plusOut !== null) plusOut[t] = pl2;
    if (minusOut !== null) minusOut[t] = m;
    if (dxRaw === dxRaw) dx = dxRaw;
    else if (t === p) dx = 0;
    if (dxOut !== null) dxOut[t] = dx;
    if (t < adxStart) {
      if (dxRaw === dxRaw) sumDX += dxRaw;
      continue;
    }
    if (t === adxStart) {
      if (dxRaw === dxRaw) sumDX += dxRaw;
      adx = sumDX / p;
    } else if (dxRaw === dxRaw) adx = adx * a + dxRaw * b;
    if (adxOut !== null) adxOut[t] = adx;
    if (adxrOut !== null && t >= adxrStart) adxrOut[t] = (adx + adxOut![t - (p - 1)]) / 2;
  }
  st[0] = ph;
  st[1] = pl;
  st[2] = pc;
  st[3] = pdm;
  st[4] = mdm;
  st[5] = tr;
  st[6] = dx;
  st[7] = adx;
  st[8] = sumDX;
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
  return cut(out, directionalInto(high, low, close, period, null, null, null, out, null));
}
export const adx = skipLeadingNaN('ADX', adxColumns, 3);
/** ADX rating: (ADX + ADX p-1 bars ago)/2. Warm-up 3p-2. */
function adxrColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { n, out } = prepare('ADXR', high, low, close, period, 2, 3 * period - 2);
  return cut(out, directionalInto(high, low, close, period, null, null, null, scratch(0, n), out));
}
export const adxr = skipLeadingNaN('ADXR', adxrColumns, 3);
/** Directional movement index. Warm-up p. */
function dxColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('DX', high, low, close, period, 2, period);
  return cut(out, directionalInto(high, low, close, period, null, null, out, null, null));
}
export const dx = skipLeadingNaN('DX', dxColumns, 3);
/** Plus directional indicator. Warm-up p. */
function plusDiColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('PLUS_DI', high, low, close, period, 1, period);
  return cut(out, directionalInto(high, low, close, period, out, null, null, null, null));
}
export const plusDi = skipLeadingNaN('PLUS_DI', plusDiColumns, 3);
/** Minus directional indicator. Warm-up p. */
function minusDiColumns(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const { out } = prepare('MINUS_DI', high, low, close, period, 1, period);
  return cut(out, directionalInto(high, low, close, period, null, out, null, null, null));
}
export const minusDi = skipLeadingNaN('MINUS_DI', minusDiColumns, 3);

import type { BarLike } from './types';
import { MomentsStream } from './stddev';
import { scratch } from './kernels';
import { checkInputs, checkPeriod, firstNaN, isZero, outArray, skipLeadingNaN } from './validate';

/**
 * Least-squares line through the last p values (TA-Lib): x counts bars back (0 = now). slope m,
 * intercept b at the oldest bar; LINEARREG is the line's value now, b + m·(p-1);
 * LINEARREG_ANGLE is atan(m) in degrees. Warm-up p-1.
 * The window sums Σy and Σx·y move in O(1) per bar (Σxy' = Σxy + Σy - p·y₋ₚ,
 * Σy' = Σy + y - y₋ₚ) and are recomputed from the window every LINREG_REFIT bars, so rounding
 * cannot build up: at most 7 updates' worth, the same order as the rounding of TA-Lib's own O(p)
 * refit (which this replaces; 14 multiply-adds per bar at p = 14).
 */
export class LinRegStream {
  slope = NaN;
  intercept = NaN;
  value = NaN;
  angle = NaN;
  private readonly buf: Float64Array;
  private readonly sumX: number;
  private readonly divisor: number;
  private pos = 0;
  private count = 0;
  private left = 0; // bars until the sums are recomputed from the window
  private sy = 0;
  private sxy = 0;
  private dead = false;
  private started = false;
  constructor(readonly period = 14) {
    checkPeriod('LINEARREG', 'period', period, 2);
    this.buf = new Float64Array(2 * period);
    const p = period;
    this.sumX = p * (p - 1) * 0.5;
    const sumXSqr = (p * (p - 1) * (2 * p - 1)) / 6;
    this.divisor = this.sumX * this.sumX - p * sumXSqr;
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  /** Returns LINEARREG (read slope, intercept and angle from the fields). */
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.slope = this.intercept = this.value = this.angle = NaN);
    }
    if (this.dead) return (this.slope = this.intercept = this.value = this.angle = NaN);
    this.started = true;
    const p = this.period;
    const buf = this.buf; // each value stored twice (at k and k+p) so the window is contiguous
    let pos = this.pos;
    const old = buf[pos]; // the value p bars back, leaving the window
    buf[pos] = x;
    buf[pos + p] = x;
    if (++pos === p) pos = 0;
    this.pos = pos;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    let sy = this.sy;
    let sxy = this.sxy;
    if (this.left === 0) {
      windowSums(buf, pos, p, SUMS);
      sy = SUMS[0];
      sxy = SUMS[1];
      this.left = LINREG_REFIT;
    } else {
      sxy = sxy + (sy - p * old);
      sy = sy + (x - old);
    }
    this.left--;
    this.sy = sy;
    this.sxy = sxy;
    const m = (p * sxy - this.sumX * sy) / this.divisor;
    const b = (sy - m * this.sumX) / p;
    this.slope = m;
    this.intercept = b;
    this.angle = Math.atan(m) * (180 / Math.PI);
    return (this.value = b + m * (p - 1));
  }
}

/** Bars between exact recomputations of the regression's window sums (see LinRegStream). */
const LINREG_REFIT = 8;
const SUMS = new Float64Array(2);

/**
 * Σy and Σx·y of w[from .. from+p) (oldest first; x = bars back) into sums[0], sums[1]; two
 * partial sums per total shorten the add-latency chain.
 */
function windowSums(w: Float64Array, from: number, p: number, sums: Float64Array): void {
  let y0 = 0;
  let y1 = 0;
  let xy0 = 0;
  let xy1 = 0;
  let j = 0;
  for (; j + 1 < p; j += 2) {
    const v0 = w[from + j];
    const v1 = w[from + j + 1];
    y0 += v0;
    y1 += v1;
    xy0 += (p - 1 - j) * v0;
    xy1 += (p - 2 - j) * v1;
  }
  if (j < p) {
    const v = w[from + j];
    y0 += v;
    xy0 += (p - 1 - j) * v;
  }
  sums[0] = y0 + y1;
  sums[1] = xy0 + xy1;
}

type LinRegField = 'value' | 'slope' | 'intercept' | 'angle';
/** LinRegStream's arithmetic over the column (the same sums, updates and recomputations). */
function linregBatch(name: string, field: LinRegField, x: Float64Array, period: number): Float64Array {
  checkPeriod(name, 'period', period, 2);
  const n = checkInputs(name, x);
  const end = firstNaN(n, x);
  const p = period;
  const out = outArray(n, p - 1, end);
  const sumX = p * (p - 1) * 0.5;
  const divisor = sumX * sumX - p * ((p * (p - 1) * (2 * p - 1)) / 6);
  const f = field === 'value' ? 0 : field === 'slope' ? 1 : field === 'intercept' ? 2 : 3;
  const deg = 180 / Math.PI;
  let sy = 0;
  let sxy = 0;
  for (let t0 = p - 1; t0 < end; t0 += LINREG_REFIT) {
    windowSums(x, t0 - p + 1, p, SUMS);
    sy = SUMS[0];
    sxy = SUMS[1];
    const t1 = t0 + LINREG_REFIT < end ? t0 + LINREG_REFIT : end;
    for (let t = t0; t < t1; t++) {
      if (t > t0) {
        const old = x[t - p];
        sxy = sxy + (sy - p * old);
        sy = sy + (x[t] - old);
      }
      const m = (p * sxy - sumX * sy) / divisor;
      const b = (sy - m * sumX) / p;
      out[t] = f === 0 ? b + m * (p - 1) : f === 1 ? m : f === 2 ? b : Math.atan(m) * deg;
    }
  }
  return out;
}
export const linearreg = skipLeadingNaN('LINEARREG', (x: Float64Array, period = 14) => linregBatch('LINEARREG', 'value', x, period), 1);
export const linearregSlope = skipLeadingNaN('LINEARREG_SLOPE', (x: Float64Array, period = 14) => linregBatch('LINEARREG_SLOPE', 'slope', x, period), 1);
export const linearregIntercept = skipLeadingNaN('LINEARREG_INTERCEPT', (x: Float64Array, period = 14) => linregBatch('LINEARREG_INTERCEPT', 'intercept', x, period), 1);
export const linearregAngle = skipLeadingNaN('LINEARREG_ANGLE', (x: Float64Array, period = 14) => linregBatch('LINEARREG_ANGLE', 'angle', x, period), 1);

/**
 * Pearson correlation of two series over p bars, from running sums in TA-Lib's order; 0 when
 * either variance is not positive (flat window). Warm-up p-1.
 */
export class CorrelStream {
  value = NaN;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private pos = 0;
  private count = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private dead = false;
  private started = false;
  /** Reads the close and the bar's `benchmark` field (NaN if absent). */
  update(bar: BarLike & { benchmark?: number }): number {
    return this.next(bar.close, bar.benchmark ?? NaN);
  }
  constructor(readonly period = 30) {
    checkPeriod('CORREL', 'period', period, 2);
    this.bx = new Float64Array(period);
    this.by = new Float64Array(period);
  }
  next(x: number, y: number): number {
    if (x !== x || y !== y) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const p = this.period;
    const i = this.pos;
    if (this.count >= p) {
      const tx = this.bx[i];
      const ty = this.by[i];
      this.sx -= tx;
      this.sxx -= tx * tx;
      this.sxy -= tx * ty;
      this.sy -= ty;
      this.syy -= ty * ty;
    }
    this.bx[i] = x;
    this.by[i] = y;
    this.pos = i + 1 === p ? 0 : i + 1;
    this.sx += x;
    this.sxx += x * x;
    this.sxy += x * y;
    this.sy += y;
    this.syy += y * y;
    if (++this.count < p) return NaN;
    const d = (this.sxx - (this.sx * this.sx) / p) * (this.syy - (this.sy * this.sy) / p);
    return (this.value = d < 1e-14 ? 0 : (this.sxy - (this.sx * this.sy) / p) / Math.sqrt(d));
  }
}

/**
 * Beta of a series against a benchmark (TA-Lib's BETA with inReal0 = benchmark): the slope of
 * the series' 1-bar returns regressed on the benchmark's over the last p returns,
 * (n·Σxy - Σx·Σy)/(n·Σx² - (Σx)²); a return from a price ≈ 0 counts as 0. Warm-up p.
 */
export class BetaStream {
  value = NaN;
  private readonly rx: Float64Array;
  private readonly ry: Float64Array;
  private pos = 0;
  private count = 0;
  private px = NaN;
  private py = NaN;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  private dead = false;
  private started = false;
  /** Reads the close (the series) and the bar's `benchmark` field (NaN if absent). */
  update(bar: BarLike & { benchmark?: number }): number {
    return this.next(bar.close, bar.benchmark ?? NaN);
  }
  constructor(readonly period = 5) {
    checkPeriod('BETA', 'period', period, 1);
    this.rx = new Float64Array(period);
    this.ry = new Float64Array(period);
  }
  /** y: the series, x: the benchmark. */
  next(y: number, x: number): number {
    if (x !== x || y !== y) {
      this.dead = this.started; // NaN before the first full bar is a gap (e.g. an input's warm-up), not data
      return (this.value = NaN);
    }
    if (this.dead) return (this.value = NaN);
    this.started = true;
    const px = this.px;
    const py = this.py;
    this.px = x;
    this.py = y;
    if (px !== px) return NaN;
    const a = isZero(px) ? 0 : (x - px) / px;
    const b = isZero(py) ? 0 : (y - py) / py;
    const p = this.period;
    const i = this.pos;
    this.sxx += a * a;
    this.sxy += a * b;
    this.sx += a;
    this.sy += b;
    this.count++;
    let out = NaN;
    if (this.count >= p) {
      const den = p * this.sxx - this.sx * this.sx;
      out = isZero(den) ? 0 : (p * this.sxy - this.sx * this.sy) / den;
    }
    // the oldest return leaves after the output, as in TA-Lib
    this.rx[i] = a;
    this.ry[i] = b;
    const j = i + 1 === p ? 0 : i + 1;
    this.pos = j;
    if (this.count >= p) {
      const ox = this.rx[j];
      const oy = this.ry[j];
      this.sxx -= ox * ox;
      this.sxy -= ox * oy;
      this.sx -= ox;
      this.sy -= oy;
    }
    return (this.value = out);
  }
}

/**
 * z-score: (x - mean)/σ over p values (population σ, like STDDEV). A window whose variance is
 * within rounding of 0 (≤ 1e-12·mean(x²), a flat run) gives 0, not residue/residue. Warm-up p-1.
 */
export class ZscoreStream {
  value = NaN;
  private readonly m: MomentsStream;
  private dead = false;
  private started = false;
  constructor(readonly period = 20) {
    this.m = new MomentsStream(checkPeriod('ZSCORE', 'period', period, 2));
  }
  update(bar: BarLike): number {
    return this.next(bar.close);
  }
  next(x: number): number {
    if (x !== x) {
      this.dead = this.started;
      return (this.value = NaN);
    }
    this.started = true;
    if (this.dead || !this.m.next(x)) return (this.value = NaN);
    const m1 = this.m.m1;
    const m2 = this.m.m2;
    const v = m2 - m1 * m1;
    return (this.value = v > m2 * 1e-12 ? (x - m1) / Math.sqrt(v) : 0);
  }
}

function correlColumns(x: Float64Array, y: Float64Array, period = 30): Float64Array {
  checkPeriod('CORREL', 'period', period, 2);
  const n = checkInputs('CORREL', x, y);
  const end = firstNaN(n, x, y);
  const p = period;
  const out = outArray(n, p - 1, end);
  // CorrelStream's order: drop the oldest pair, add the new one
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let t = 0; t < end; t++) {
    if (t >= p) {
      const tx = x[t - p];
      const ty = y[t - p];
      sx -= tx;
      sxx -= tx * tx;
      sxy -= tx * ty;
      sy -= ty;
      syy -= ty * ty;
    }
    const a = x[t];
    const b = y[t];
    sx += a;
    sxx += a * a;
    sxy += a * b;
    sy += b;
    syy += b * b;
    if (t < p - 1) continue;
    const d = (sxx - (sx * sx) / p) * (syy - (sy * sy) / p);
    out[t] = d < 1e-14 ? 0 : (sxy - (sx * sy) / p) / Math.sqrt(d);
  }
  return out;
}
export const correl = skipLeadingNaN('CORREL', correlColumns, 2);
/** beta(series, benchmark, p). */
function betaColumns(y: Float64Array, x: Float64Array, period = 5): Float64Array {
  checkPeriod('BETA', 'period', period, 1);
  const n = checkInputs('BETA', y, x);
  const end = firstNaN(n, x, y);
  const p = period;
  const out = outArray(n, p, end);
  const rx = scratch(0, n);
  const ry = scratch(1, n);
  for (let t = 1; t < end; t++) {
    const px = x[t - 1];
    const py = y[t - 1];
    rx[t] = isZero(px) ? 0 : (x[t] - px) / px;
    ry[t] = isZero(py) ? 0 : (y[t] - py) / py;
  }
  // BetaStream's order: add the new return, output, then drop the oldest of the window
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 1; t < end; t++) {
    const a = rx[t];
    const b = ry[t];
    sxx += a * a;
    sxy += a * b;
    sx += a;
    sy += b;
    if (t < p) continue;
    const den = p * sxx - sx * sx;
    out[t] = isZero(den) ? 0 : (p * sxy - sx * sy) / den;
    const ox = rx[t - p + 1];
    const oy = ry[t - p + 1];
    sxx -= ox * ox;
    sxy -= ox * oy;
    sx -= ox;
    sy -= oy;
  }
  return out;
}
export const beta = skipLeadingNaN('BETA', betaColumns, 2);
function zscoreColumns(x: Float64Array, period = 20): Float64Array {
  checkPeriod('ZSCORE', 'period', period, 2);
  const n = checkInputs('ZSCORE', x);
  const end = firstNaN(n, x);
  const p = period;
  const out = outArray(n, p - 1, end);
  // MomentsStream's running sums
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < end; i++) {
    const v = x[i];
    s1 += v;
    s2 += v * v;
    if (i < p - 1) continue;
    const m1 = s1 / p;
    const m2 = s2 / p;
    const o = x[i - p + 1];
    s1 -= o;
    s2 -= o * o;
    const va = m2 - m1 * m1;
    out[i] = va > m2 * 1e-12 ? (v - m1) / Math.sqrt(va) : 0;
  }
  return out;
}
export const zscore = skipLeadingNaN('ZSCORE', zscoreColumns, 1);

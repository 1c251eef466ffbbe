import type { Schedule } from './feeds';

/** One instrument as the equity curve sees it. */
export interface MarkedInstrument {
  close: Float64Array;
  /** Bar open times (to find the newest bar at each step when feeds are not aligned). */
  ts: Float64Array;
  multiplier: number;
  /** Steps where the position changed, ascending (a step can repeat: its last size counts). */
  changeSteps: readonly number[];
  /** The position after each change. */
  sizes: readonly number[];
}

/** Steps that ended with an open position, and Σ gross exposure / equity over them. */
export interface ExposureSums {
  stepsInMarket: number;
  sum: number;
}

/**
 * Equity at every step, marked after the event loop. The loop writes only the cash after each
 * step; positions change only at fills, so the curve is cash + Σ size × close × multiplier over
 * each stretch a position was held, one instrument (one close column) at a time. Reading every
 * open position's close inside the loop interleaved another memory stream per symbol with the
 * strategy's own reads, and the multi-symbol loop paid for it on every bar.
 *
 * Sums run in instrument order starting from the cash, exactly as a per-step pass would, so the
 * numbers are bit-identical to marking inside the loop.
 */
export function markSingle(equity: Float64Array, inst: MarkedInstrument): ExposureSums {
  const { close, multiplier: mult } = inst;
  const h = holdings(inst, equity.length);
  let stepsInMarket = 0;
  let sum = 0;
  for (let r = 0; r < h.length; r += 3) {
    const to = h[r + 1];
    const q = h[r + 2];
    for (let i = h[r]; i < to; i++) {
      const value = q * close[i] * mult;
      const eq = equity[i] + value;
      equity[i] = eq;
      sum += Math.abs(value) / eq;
    }
    stepsInMarket += to - h[r];
  }
  return { stepsInMarket, sum };
}

/** Several instruments merged by time (see `markSingle`); `gross` is scratch of one value per step. */
export function markMulti(equity: Float64Array, gross: Float64Array, insts: readonly MarkedInstrument[], schedule: Schedule): ExposureSums {
  const steps = schedule.steps;
  gross.fill(0, 0, steps);
  for (const inst of insts) {
    const { close, ts, multiplier: mult } = inst;
    const h = holdings(inst, steps);
    const aligned = ts.length === steps;
    for (let r = 0; r < h.length; r += 3) {
      const from = h[r];
      const to = h[r + 1];
      const q = h[r + 2];
      if (aligned) {
        for (let s = from; s < to; s++) {
          const v = q * close[s] * mult;
          equity[s] += v;
          gross[s] += v < 0 ? -v : v;
        }
        continue;
      }
      let j = newestBar(ts, schedule.stepTs[from]);
      for (let s = from; s < to; s++) {
        const t = schedule.stepTs[s];
        while (j + 1 < ts.length && ts[j + 1] <= t) j++;
        const v = q * close[j] * mult;
        equity[s] += v;
        gross[s] += v < 0 ? -v : v;
      }
    }
  }
  let stepsInMarket = 0;
  let sum = 0;
  for (let s = 0; s < steps; s++) {
    const g = gross[s];
    if (g > 0) {
      stepsInMarket++;
      sum += g / equity[s];
    }
  }
  return { stepsInMarket, sum };
}

/** The close of one instrument's newest bar at every step (NaN before its first bar): the benchmark's prices. */
export function closeAtSteps(out: Float64Array, close: Float64Array, ts: Float64Array, schedule: Schedule): void {
  const stepTs = schedule.stepTs;
  let j = -1;
  for (let s = 0; s < schedule.steps; s++) {
    const t = stepTs[s];
    while (j + 1 < ts.length && ts[j + 1] <= t) j++;
    out[s] = j >= 0 ? close[j] : NaN;
  }
}

/** Stretches of steps that ended with a non-zero position, as (from, to, size) triples: [from, to). */
function holdings(inst: MarkedInstrument, steps: number): number[] {
  const { changeSteps, sizes } = inst;
  const out: number[] = [];
  let q = 0;
  let from = 0;
  for (let c = 0; c < changeSteps.length; c++) {
    const s = changeSteps[c];
    if (s !== from) {
      if (q !== 0) out.push(from, s, q);
      from = s;
    }
    q = sizes[c];
  }
  if (q !== 0 && from < steps) out.push(from, steps, q);
  return out;
}

/** The largest j with ts[j] ≤ t (−1 if none). */
function newestBar(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

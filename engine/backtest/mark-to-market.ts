import type { Schedule } from './feeds';

/**
 * Fills as the equity curve needs them, in fill order (steps ascending; a step can repeat: its
 * last fill counts): the step of each, and the cash and the position after it.
 */
export interface FillTrack {
  length: number;
  step: Float64Array;
  cash: Float64Array;
  /** The position of the fill's instrument after it. */
  size: Float64Array;
}

/** One instrument as the equity curve sees it. */
export interface MarkedInstrument {
  close: Float64Array;
  /** Bar open times (to find the newest bar at each step when feeds are not aligned). */
  ts: Float64Array;
  multiplier: number;
  /** This instrument's fills (their `cash` is not read). */
  fills: FillTrack;
}

/** Steps that ended with an open position, and Σ gross exposure / equity over them. */
export interface ExposureSums {
  stepsInMarket: number;
  sum: number;
}

/**
 * Equity at every step, marked after the event loop from the fills: cash and positions change only
 * at fills, so over each stretch between two fill steps the curve is cash + size × close ×
 * multiplier. One pass writes each step once, from the fills' own records (no per-step cash
 * curve, no position history arrays first). Reading the open position's close inside the loop
 * interleaved another memory stream with the strategy's own reads.
 *
 * The sum is the one a per-step pass would make (cash + value), so the numbers are bit-identical
 * to marking inside the loop.
 */
export function markSingle(equity: Float64Array, inst: MarkedInstrument, initialCash: number, all: FillTrack): ExposureSums {
  const { close, multiplier: mult } = inst;
  const { length: n, step, cash: cashAfter, size } = all;
  const steps = equity.length;
  let cash = initialCash;
  let q = 0;
  let from = 0;
  let stepsInMarket = 0;
  let sum = 0;
  for (let f = 0; f <= n; f++) {
    const to = f < n ? step[f] : steps;
    if (to > from) {
      if (q === 0) equity.fill(cash, from, to);
      else {
        for (let i = from; i < to; i++) {
          const value = q * close[i] * mult;
          const eq = cash + value;
          equity[i] = eq;
          sum += Math.abs(value) / eq;
        }
        stepsInMarket += to - from;
      }
      from = to;
    }
    if (f < n) {
      cash = cashAfter[f];
      q = size[f];
    }
  }
  return { stepsInMarket, sum };
}

/** The cash at the end of each step into `out` (the cash changes only at fills). */
export function cashCurve(out: Float64Array, initialCash: number, all: FillTrack): void {
  let cash = initialCash;
  let from = 0;
  for (let f = 0; f < all.length; f++) {
    const s = all.step[f];
    if (s > from) {
      out.fill(cash, from, s);
      from = s;
    }
    cash = all.cash[f];
  }
  out.fill(cash, from, out.length);
}

/** Several instruments merged by time (see `markSingle`); `gross` is scratch of one value per step. */
export function markMulti(equity: Float64Array, gross: Float64Array, insts: readonly MarkedInstrument[], schedule: Schedule, initialCash: number, all: FillTrack): ExposureSums {
  const steps = schedule.steps;
  cashCurve(equity, initialCash, all);
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
  const { length: n, step, size } = inst.fills;
  const out: number[] = [];
  let q = 0;
  let from = 0;
  for (let c = 0; c < n; c++) {
    const s = step[c];
    if (s !== from) {
      if (q !== 0) out.push(from, s, q);
      from = s;
    }
    q = size[c];
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

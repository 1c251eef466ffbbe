export interface Drawdown {
  /** Largest fall from a running peak, as a positive fraction (0.25 = 25%). */
  max: number;
  /** Longest time from a peak until equity is back at that peak (or the end of the run), in ms and in steps. */
  longestMs: number;
  longestSteps: number;
  /** The curve: equity / running peak − 1 (≤ 0) at every `stride`-th step and the last. */
  curve: number[];
  /** Σ equity over every step, in step order (for the average equity: one pass over the curve fewer). */
  sum: number;
}

export function drawdown(ts: ArrayLike<number>, equity: ArrayLike<number>, stride = 1): Drawdown {
  const n = equity.length;
  // Points go to a float array first: a number[] that starts with a 0 (a small integer) changes
  // its element kind at the first fraction, which threw the loop's optimised code away mid-run
  // (20 to 70 ms over 2M steps, varying from run to run, instead of a steady few ms).
  const points = new Float64Array(n === 0 ? 0 : Math.floor((n - 1) / stride) + 2);
  let k = 0;
  let peak = -Infinity;
  let peakAt = 0;
  let below = false;
  let max = 0;
  let longestMs = 0;
  let longestSteps = 0;
  let sum = 0;
  // The next curve point's step: a counter rather than i % stride on every one of millions of steps.
  let sample = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    sum += e;
    const point = i === sample || i === n - 1;
    if (i === sample) sample += stride;
    if (e >= peak) {
      if (below) {
        // A spell below the peak ends here.
        if (i - peakAt > longestSteps) longestSteps = i - peakAt;
        if (ts[i] - ts[peakAt] > longestMs) longestMs = ts[i] - ts[peakAt];
      }
      peak = e;
      peakAt = i;
      below = false;
      if (point) points[k++] = 0;
      continue;
    }
    below = true;
    const dd = e / peak - 1;
    if (point) points[k++] = dd;
    if (-dd > max) max = -dd;
  }
  if (below) {
    if (n - 1 - peakAt > longestSteps) longestSteps = n - 1 - peakAt;
    if (ts[n - 1] - ts[peakAt] > longestMs) longestMs = ts[n - 1] - ts[peakAt];
  }
  return { max, longestMs, longestSteps, curve: Array.from(points.subarray(0, k)), sum };
}

// A run is usually one long call: its loop is compiled on the stack from the feedback of the
// first few thousand steps. A branch not taken by then (a drawdown ending late in the run) had
// no feedback, so reaching it threw the compiled code away for the rest of the run (2M steps:
// ~60 ms in the interpreter instead of ~10). Running it over a tiny curve that takes every
// branch gives the feedback up front; ten times, because V8 only starts recording feedback for a
// function after its first few calls. Times and values of real magnitude (not small integers),
// or the feedback would say "small integer" and fail on the first real timestamp.
const PRIME_TS = new Float64Array([1.7e12, 1.7e12 + 6e4, 1.7e12 + 1.2e5, 1.7e12 + 1.8e5, 1.7e12 + 2.4e5, 1.7e12 + 3e5]);
const PRIME_EQUITY = new Float64Array([1000.5, 900.25, 800.125, 1000.5, 1200.75, 1100.25]);
for (let i = 0; i < 10; i++) drawdown(PRIME_TS, PRIME_EQUITY, 2);

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
  const curve: number[] = [];
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
      if (point) curve.push(0);
      continue;
    }
    below = true;
    const dd = e / peak - 1;
    if (point) curve.push(dd);
    if (-dd > max) max = -dd;
  }
  if (below) {
    if (n - 1 - peakAt > longestSteps) longestSteps = n - 1 - peakAt;
    if (ts[n - 1] - ts[peakAt] > longestMs) longestMs = ts[n - 1] - ts[peakAt];
  }
  return { max, longestMs, longestSteps, curve, sum };
}

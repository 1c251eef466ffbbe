export interface Drawdown {
  /** Largest fall from a running peak, as a positive fraction (0.25 = 25%). */
  max: number;
  /** Longest time from a peak until equity is back at that peak (or the end of the run), in ms and in steps. */
  longestMs: number;
  longestSteps: number;
  /** The curve: equity / running peak − 1 (≤ 0) at every `stride`-th step and the last. */
  curve: number[];
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
  const spell = (until: number): void => {
    if (until - peakAt > longestSteps) longestSteps = until - peakAt;
    if (ts[until] - ts[peakAt] > longestMs) longestMs = ts[until] - ts[peakAt];
  };
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (e >= peak) {
      if (below) spell(i);
      peak = e;
      peakAt = i;
      below = false;
      if (i % stride === 0 || i === n - 1) curve.push(0);
      continue;
    }
    below = true;
    const dd = e / peak - 1;
    if (i % stride === 0 || i === n - 1) curve.push(dd);
    if (-dd > max) max = -dd;
  }
  if (below) spell(n - 1);
  return { max, longestMs, longestSteps, curve };
}

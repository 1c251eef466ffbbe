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

/**
 * Steps a call of the scan covers (whole curve intervals). A run is one call of `drawdown` over
 * millions of steps, made once per process: all of it runs in the scan, a small function that
 * V8 optimises after a few calls and quickly, rather than in one long loop that waited for
 * on-stack replacement (~17 ms of compiling, the loop in the interpreter meanwhile).
 */
const CHUNK_STEPS = 2048;

/** `stride` is a whole number ≥ 1; times increase. */
export function drawdown(ts: ArrayLike<number>, equity: ArrayLike<number>, stride = 1): Drawdown {
  const n = equity.length;
  // Points go to a float array first: a number[] that starts with a 0 (a small integer) changes
  // its element kind at the first fraction, which threw optimised code away mid-run.
  const points = new Float64Array(n === 0 ? 0 : Math.floor((n - 1) / stride) + 2);
  const scan = new DrawdownScan(ts, equity);
  const chunk = stride * Math.max(1, Math.ceil(CHUNK_STEPS / stride));
  let k = 0;
  for (let a = 0; a < n; a += chunk) k = scan.run(a, Math.min(n, a + chunk), stride, points, k);
  if (n > 0 && (n - 1) % stride !== 0) points[k++] = scan.pointAt(n - 1);
  if (scan.below) scan.endSpell(n, n - 1);
  return { max: scan.max, longestMs: scan.longestMs, longestSteps: scan.longestSteps, curve: Array.from(points.subarray(0, k)), sum: scan.sum };
}

/**
 * The running peak over a curve. A spell below a peak is folded in when it ends, from its lowest
 * value: for a positive peak, e / peak − 1 falls as e falls (rounded division and subtraction are
 * monotonic), so the lowest value gives exactly the largest of the spell's per-step drawdowns,
 * and the steps in between need one comparison instead of a division. Any other peak (≤ 0, or
 * infinite) has its spell measured step by step, as the definition reads.
 */
class DrawdownScan {
  peak = -Infinity;
  peakAt = 0;
  below = false;
  /** Lowest value of the current spell below the peak (NaN values are not counted, as they never set a drawdown). */
  trough = Infinity;
  max = 0;
  longestMs = 0;
  longestSteps = 0;
  sum = 0;

  constructor(
    private readonly ts: ArrayLike<number>,
    private readonly equity: ArrayLike<number>,
  ) {}

  /** Steps [a, b), a a multiple of `stride`: a curve point at each interval's first step into `points[k…]`; returns the next k. */
  run(a: number, b: number, stride: number, points: Float64Array, k: number): number {
    const equity = this.equity;
    let peak = this.peak;
    let peakAt = this.peakAt;
    let below = this.below;
    let trough = this.trough;
    let sum = this.sum;
    for (let start = a; start < b; start += stride) {
      const first = equity[start];
      points[k++] = first >= peak ? 0 : first / peak - 1;
      const end = Math.min(b, start + stride);
      for (let i = start; i < end; i++) {
        const e = equity[i];
        sum += e;
        if (e >= peak) {
          if (below) {
            this.peak = peak;
            this.peakAt = peakAt;
            this.trough = trough;
            this.endSpell(i, i);
            below = false;
            trough = Infinity;
          }
          peak = e;
          peakAt = i;
        } else {
          below = true;
          if (e < trough) trough = e;
        }
      }
    }
    this.peak = peak;
    this.peakAt = peakAt;
    this.below = below;
    this.trough = trough;
    this.sum = sum;
    return k;
  }

  /** The curve at step `i`, the last one scanned. */
  pointAt(i: number): number {
    const e = this.equity[i];
    return e >= this.peak ? 0 : e / this.peak - 1;
  }

  /**
   * The spell below `peak` ends: its steps are those after `peakAt` and before `end`, and it lasted
   * until step `at` (back at the peak there, or the run's last step).
   */
  endSpell(end: number, at: number): void {
    const { peak, peakAt } = this;
    if (peak > 0 && peak < Infinity) {
      const dd = -(this.trough / peak - 1);
      if (dd > this.max) this.max = dd;
    } else {
      for (let j = peakAt + 1; j < end; j++) {
        const dd = -(this.equity[j] / peak - 1);
        if (dd > this.max) this.max = dd;
      }
    }
    if (at - peakAt > this.longestSteps) this.longestSteps = at - peakAt;
    const ms = this.ts[at] - this.ts[peakAt];
    if (ms > this.longestMs) this.longestMs = ms;
  }
}

// The scan's branches get their type feedback up front from a tiny curve that takes each one
// (a branch first reached late in a run threw its optimised code away). Times and values of real
// magnitude, not small integers, or the feedback would say "small integer" and fail on the first
// real timestamp; ten calls, because V8 records feedback for a function only after its first few.
const PRIME_TS = new Float64Array([1.7e12, 1.7e12 + 6e4, 1.7e12 + 1.2e5, 1.7e12 + 1.8e5, 1.7e12 + 2.4e5, 1.7e12 + 3e5]);
const PRIME_EQUITY = new Float64Array([1000.5, 900.25, 800.125, 1000.5, 1200.75, 1100.25]);
for (let i = 0; i < 10; i++) drawdown(PRIME_TS, PRIME_EQUITY, 2);

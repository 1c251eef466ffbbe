/**
 * Rolling maximum / minimum over the last p values in O(1) amortised per value (a monotonic
 * deque in fixed ring buffers, no allocation per value). On ties the newest index wins, as in
 * TA-Lib's AROON, so `index` can serve Aroon's "bars since the high".
 */
export class RollingMax {
  value = NaN;
  index = -1;
  private readonly vals: Float64Array;
  private readonly idx: Float64Array;
  private head = 0;
  private size = 0;
  private t = 0;

  constructor(readonly period: number) {
    this.vals = new Float64Array(period);
    this.idx = new Float64Array(period);
  }

  /** Adds x (bar number t = count so far) and returns the max of the last p values. */
  next(x: number): number {
    const p = this.period;
    const vals = this.vals;
    const idx = this.idx;
    const t = this.t++;
    // drop the front if it left the window
    if (this.size > 0 && idx[this.head] <= t - p) {
      if (++this.head === p) this.head = 0;
      this.size--;
    }
    // drop from the back everything not greater than x
    let back = this.head + this.size - 1;
    if (back >= p) back -= p;
    while (this.size > 0 && vals[back] <= x) {
      this.size--;
      if (--back < 0) back = p - 1;
    }
    if (++back === p) back = 0;
    vals[back] = x;
    idx[back] = t;
    this.size++;
    this.index = idx[this.head];
    return (this.value = vals[this.head]);
  }

  /** Values seen so far (the bar number of the next value). */
  get count(): number {
    return this.t;
  }
}

/** Rolling minimum: a RollingMax of -x (negation is exact, ties still go to the newest index). */
export class RollingMin {
  value = NaN;
  index = -1;
  private readonly max: RollingMax;
  constructor(readonly period: number) {
    this.max = new RollingMax(period);
  }
  next(x: number): number {
    const m = -this.max.next(-x);
    this.index = this.max.index;
    return (this.value = m);
  }
  get count(): number {
    return this.max.count;
  }
}

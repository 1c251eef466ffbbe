import { STEP } from './kernels';

/**
 * MFI's batch pass: MFI values of bars [p, end) into out; returns end, the first bar with a NaN
 * input (or n). MfiStream's arithmetic, no whole-column NaN scan first: a bar's NaN input makes
 * its flow NaN, which is checked per bar (a never-taken branch) and confirmed on the inputs (±∞
 * can also give a NaN flow; those bars are data, as in MfiStream). A bar's flow is recomputed
 * (identically) from its typical price when it leaves the window (typical prices kept in a small
 * ring). The day's flow goes to the positive or the negative sum by a comparison that is a coin
 * flip on real bars, so it is picked by index (flow[0] holds 0: adding or removing 0 changes no
 * sum).
 *
 * The bars after the warm-up run in calls of STEP bars (see kernels' STEP). As one long call
 * this loop measured 57–60M bars/s in a process that ran MFI alone and 24–27M after other
 * indicators: V8 allocates a function's feedback only after its first calls' budget, so the
 * single call's first lines (the n === 0 test) had none; the loop got compiled on the stack (OSR)
 * from the feedback of its first iterations, the whole-function code compiled at the second
 * call deoptimised at once on that first compare ("insufficient type feedback"), and every later
 * call ran the slower OSR code (the values it takes over from the interpreter frame are untyped),
 * or not, depending on when the re-optimisation landed.
 */
export function mfiInto(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, n: number, p: number, out: Float64Array): number {
  if (n === 0) return 0;
  p &= 0x3fffffff;
  if (high[0] !== high[0] || low[0] !== low[0] || close[0] !== close[0] || volume[0] !== volume[0]) return 0;
  let size = 16;
  while (size < p + 2) size <<= 1;
  const mask = (size - 1) & 0x3fffffff;
  const ring = new Float64Array(size);
  const flow = new Float64Array(2);
  let posSum = 0;
  let negSum = 0;
  let prev = (high[0] + low[0] + close[0]) / 3;
  ring[0] = prev;
  const warmEnd = p + 1 < n ? p + 1 : n;
  for (let t = 1; t < warmEnd; t++) {
    const v = (high[t] + low[t] + close[t]) / 3;
    const mf = v * volume[t];
    if (mf !== mf && (high[t] !== high[t] || low[t] !== low[t] || close[t] !== close[t] || volume[t] !== volume[t])) return t;
    ring[t & mask] = v;
    const d = v - prev;
    prev = v;
    flow[1] = mf;
    negSum += flow[+(d < 0)];
    posSum += flow[+(d > 0)];
  }
  if (n <= p) return n;
  const s = posSum + negSum;
  out[p] = s < 1 ? 0 : 100 * (posSum / s);
  const st = new Float64Array(3);
  st[0] = posSum;
  st[1] = negSum;
  st[2] = prev;
  for (let lo = p + 1; lo < n; lo += STEP) {
    const hi = lo + STEP < n ? lo + STEP : n;
    const cut = mfiStep(high, low, close, volume, lo, hi, p, mask, ring, flow, st, out);
    if (cut < hi) return cut;
  }
  return n;
}

/** Bars [lo, hi) after the warm-up, sums and the previous typical price in st; returns hi or the first NaN bar. */
function mfiStep(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  lo: number,
  hi: number,
  p: number,
  mask: number,
  ring: Float64Array,
  flow: Float64Array,
  st: Float64Array,
  out: Float64Array,
): number {
  const m = 0x3fffffff;
  p &= m;
  mask &= m;
  const end = hi & m;
  let posSum = st[0];
  let negSum = st[1];
  let prev = st[2];
  let t = lo & m;
  for (; t < end; t++) {
    const v = (high[t] + low[t] + close[t]) / 3;
    const mf = v * volume[t];
    if (mf !== mf && (high[t] !== high[t] || low[t] !== low[t] || close[t] !== close[t] || volume[t] !== volume[t])) break;
    const a = ring[(t - p - 1) & mask];
    const b = ring[(t - p) & mask];
    const gone = b * volume[t - p];
    flow[1] = gone;
    posSum -= flow[+(b > a)];
    negSum -= flow[+(b < a)];
    ring[t & mask] = v;
    const d = v - prev;
    prev = v;
    flow[1] = mf;
    negSum += flow[+(d < 0)];
    posSum += flow[+(d > 0)];
    const s = posSum + negSum;
    out[t] = s < 1 ? 0 : 100 * (posSum / s);
  }
  st[0] = posSum;
  st[1] = negSum;
  st[2] = prev;
  return t;
}

/**
 * Array-level building blocks for the batch forms: each fills `out[from+lookback .. n)` from
 * `src[from .. n)` in one tight loop, with exactly the arithmetic of the matching streaming
 * class, so composite indicators can run stage by stage (fast) and still agree with their
 * streams to the bit. Entries before the first value are left for the caller (outputs start as NaN).
 */

const pool: Float64Array[] = [];

/**
 * A reusable work array of at least n elements for intermediate series (slot = which one), so
 * composite indicators do not pay fresh-page faults on every call. Single-threaded JS runs one
 * batch at a time per module instance; nothing here is kept between calls except the memory.
 */
export function scratch(slot: number, n: number): Float64Array {
  let a = pool[slot];
  if (a === undefined || a.length < n) pool[slot] = a = new Float64Array(Math.max(n, 64));
  return a;
}

/** Frees the work arrays (e.g. after a large one-off computation). */
export function releaseScratch(): void {
  pool.length = 0;
}

/** SMA: out = (s + x)/p; s += x - oldest (SmaStream's order). */
export function smaInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  let sum = 0;
  for (let i = from; i < from + p - 1; i++) sum += src[i];
  for (let i = from + p - 1, j = from; i < n; i++, j++) {
    const v = src[i];
    out[i] = (sum + v) / p;
    sum += v - src[j];
  }
}

/** EMA seeded with the SMA of its first p inputs; e = e·(1-k) + x·k (EmaStream's order). */
export function emaInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  const k = 2 / (p + 1);
  const a = 1 - k;
  let sum = 0;
  for (let i = from; i < from + p; i++) sum += src[i];
  let e = sum / p;
  out[from + p - 1] = e;
  for (let i = from + p; i < n; i++) {
    e = e * a + src[i] * k;
    out[i] = e;
  }
}

/** WMA with TA-Lib's running sums (WmaStream's order). */
export function wmaInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  const divider = (p * (p + 1)) / 2;
  let wsum = 0;
  let sum = 0;
  for (let i = from, w = 1; i < from + p - 1; i++, w++) {
    sum += src[i];
    wsum += src[i] * w;
  }
  let trailing = 0;
  for (let i = from + p - 1, j = from; i < n; i++, j++) {
    const v = src[i];
    sum += v;
    sum -= trailing;
    wsum += v * p;
    trailing = src[j];
    out[i] = wsum / divider;
    wsum -= sum;
  }
}

/**
 * Rolling maximum of the last p values (van Herk / Gil-Werman): blocks of p, a forward running
 * max inside the current block and the previous block's suffix maxima; ~3 max per value and no
 * data-dependent branching. Exact (a max is one of its inputs), so it equals RollingMax.
 */
export function windowMaxInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  const suf = new Float64Array(p);
  for (let start = from; start < n; start += p) {
    const end = Math.min(start + p, n);
    let pre = -Infinity;
    const base = start - p; // suf[j] holds max(src[base+j .. start-1])
    for (let i = start; i < end; i++) {
      const v = src[i];
      pre = v > pre ? v : pre;
      const s = i - p + 1; // window start: in the previous block, or this block's first bar
      if (s === start) out[i] = pre;
      else if (s >= from) {
        const w = suf[s - base];
        out[i] = w > pre ? w : pre;
      }
    }
    let m = -Infinity;
    for (let j = end - 1; j >= start; j--) {
      const v = src[j];
      m = v > m ? v : m;
      suf[j - start] = m;
    }
  }
}

export function windowMinInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  const suf = new Float64Array(p);
  for (let start = from; start < n; start += p) {
    const end = Math.min(start + p, n);
    let pre = Infinity;
    const base = start - p;
    for (let i = start; i < end; i++) {
      const v = src[i];
      pre = v < pre ? v : pre;
      const s = i - p + 1; // window start: in the previous block, or this block's first bar
      if (s === start) out[i] = pre;
      else if (s >= from) {
        const w = suf[s - base];
        out[i] = w < pre ? w : pre;
      }
    }
    let m = Infinity;
    for (let j = end - 1; j >= start; j--) {
      const v = src[j];
      m = v < m ? v : m;
      suf[j - start] = m;
    }
  }
}

/**
 * Chunk length of the fused column kernels: a chunk's inputs, window extremes and outputs stay in
 * L1/L2, so an indicator reads each input column from memory once and writes each output once
 * (whole-column intermediate passes were most of the time of the window-extreme indicators).
 */
export const CHUNK = 2048;

/**
 * Bars per call of the stateful bar-loop kernels (SAR, SUPERTREND, the directional system), which
 * keep their state in a small array between calls. Many short calls let V8 optimise the kernel as
 * a whole function once its type feedback covers every line, including the state stores after
 * the loop; one long call (or a few) gets its loop compiled on the stack from partial feedback
 * and deoptimises later, which measured half speed for several calls.
 */
export const STEP = 256;

/** Work arrays for chunkMax/chunkMin: the chunk's extremes and a block's suffix extremes. */
export function chunkWork(p: number): { hi: Float64Array; lo: Float64Array; sufHi: Float64Array; sufLo: Float64Array } {
  return { hi: new Float64Array(CHUNK), lo: new Float64Array(CHUNK), sufHi: new Float64Array(p + 1), sufLo: new Float64Array(p + 1) };
}

/**
 * m[i - lo] = max(src[i-p+1 .. i]) for i in [lo, hi), hi - lo ≤ CHUNK, lo ≥ p-1. Van Herk /
 * Gil-Werman with blocks of p starting at lo: inside a block starting at s, the window of bar
 * s+r is the running max of src[s .. s+r] and suf[r+1] = max(src[s-p+1+r .. s-1]), the previous
 * block's suffix (suf[p] = -∞, the window that is exactly this block). No branch per value; the
 * chunk's first suffixes come from the p-1 bars before lo. Exact (a max is one of its inputs), so
 * it equals RollingMax. suf: at least p+1 long.
 */
export function chunkMax(src: Float64Array, lo: number, hi: number, p: number, m: Float64Array, suf: Float64Array): void {
  suf[p] = -Infinity;
  let acc = -Infinity;
  for (let q = p - 1, j = lo - 1; q >= 1; q--, j--) {
    const v = src[j];
    acc = v > acc ? v : acc;
    suf[q] = acc;
  }
  for (let s = lo; s < hi; s += p) {
    const e = s + p < hi ? s + p : hi;
    let pre = -Infinity;
    for (let i = s, r = 1, k = s - lo; i < e; i++, r++, k++) {
      const v = src[i];
      pre = v > pre ? v : pre;
      const w = suf[r];
      m[k] = w > pre ? w : pre;
    }
    if (e === s + p) {
      acc = -Infinity;
      for (let q = p - 1, j = e - 1; q >= 1; q--, j--) {
        const v = src[j];
        acc = v > acc ? v : acc;
        suf[q] = acc;
      }
    }
  }
}

/** m[i - lo] = min(src[i-p+1 .. i]) for i in [lo, hi); see chunkMax. */
export function chunkMin(src: Float64Array, lo: number, hi: number, p: number, m: Float64Array, suf: Float64Array): void {
  suf[p] = Infinity;
  let acc = Infinity;
  for (let q = p - 1, j = lo - 1; q >= 1; q--, j--) {
    const v = src[j];
    acc = v < acc ? v : acc;
    suf[q] = acc;
  }
  for (let s = lo; s < hi; s += p) {
    const e = s + p < hi ? s + p : hi;
    let pre = Infinity;
    for (let i = s, r = 1, k = s - lo; i < e; i++, r++, k++) {
      const v = src[i];
      pre = v < pre ? v : pre;
      const w = suf[r];
      m[k] = w < pre ? w : pre;
    }
    if (e === s + p) {
      acc = Infinity;
      for (let q = p - 1, j = e - 1; q >= 1; q--, j--) {
        const v = src[j];
        acc = v < acc ? v : acc;
        suf[q] = acc;
      }
    }
  }
}

/** Moving average of TA-Lib type maType (period 1 copies, as TA-Lib); MAs beyond SMA/EMA/WMA run their stream kernel. */
export function maInto(maType: number, src: Float64Array, from: number, n: number, p: number, out: Float64Array, kernel: () => { next(x: number): number }): void {
  if (p === 1) {
    for (let i = from; i < n; i++) out[i] = src[i];
    return;
  }
  if (maType === 0) return smaInto(src, from, n, p, out);
  if (maType === 1) return emaInto(src, from, n, p, out);
  if (maType === 2) return wmaInto(src, from, n, p, out);
  const k = kernel();
  for (let i = from; i < n; i++) {
    const v = k.next(src[i]);
    if (v === v) out[i] = v;
  }
}

/**
 * Index of the highest value among the last p (ties: the newest), van Herk/Gil-Werman like
 * windowMaxInto: a forward running arg-max inside the block (>= keeps the newer) and the previous
 * block's suffix arg-maxima (built backwards with >, so ties keep the newer too). Writes indices
 * (as numbers) from from+p-1. Same answer as TA-Lib's AROON scan and RollingMax.index.
 */
export function windowArgMaxInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  const sv = new Float64Array(p);
  const si = new Float64Array(p);
  for (let start = from; start < n; start += p) {
    const end = Math.min(start + p, n);
    let pv = -Infinity;
    let pi = -1;
    const base = start - p;
    for (let i = start; i < end; i++) {
      const v = src[i];
      if (v >= pv) ((pv = v), (pi = i));
      const s = i - p + 1;
      if (s === start) out[i] = pi;
      else if (s >= from) out[i] = sv[s - base] > pv ? si[s - base] : pi;
    }
    let mv = -Infinity;
    let mi = -1;
    for (let j = end - 1; j >= start; j--) {
      const v = src[j];
      if (v > mv) ((mv = v), (mi = j));
      sv[j - start] = mv;
      si[j - start] = mi;
    }
  }
}

/** Index of the lowest value among the last p (ties: the newest); see windowArgMaxInto. */
export function windowArgMinInto(src: Float64Array, from: number, n: number, p: number, out: Float64Array): void {
  if (n - from < p) return;
  const sv = new Float64Array(p);
  const si = new Float64Array(p);
  for (let start = from; start < n; start += p) {
    const end = Math.min(start + p, n);
    let pv = Infinity;
    let pi = -1;
    const base = start - p;
    for (let i = start; i < end; i++) {
      const v = src[i];
      if (v <= pv) ((pv = v), (pi = i));
      const s = i - p + 1;
      if (s === start) out[i] = pi;
      else if (s >= from) out[i] = sv[s - base] < pv ? si[s - base] : pi;
    }
    let mv = Infinity;
    let mi = -1;
    for (let j = end - 1; j >= start; j--) {
      const v = src[j];
      if (v < mv) ((mv = v), (mi = j));
      sv[j - start] = mv;
      si[j - start] = mi;
    }
  }
}

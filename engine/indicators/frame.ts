/**
 * Window-extreme indicators (stochastics, Williams %R, Donchian, Aroon) computed chunk by chunk
 * in ONE scratch array, the "frame".
 *
 * Why one array: in V8 11 (Node 20) the optimised code of a hot loop re-checks the map and reloads
 * the base pointer and length of every typed array it touches on every iteration (the loop's
 * stack guard counts as a call that could detach a buffer). A loop over high, low, close, two
 * extreme arrays and an output pays that about six times per bar. So each chunk's inputs (with
 * the window's bars before the chunk) are copied into regions of the frame with `set` (memcpy),
 * the fused loops read and write only the frame, and the chunk's outputs are copied out with
 * `set` again. (With the branch-free choices of the running extremes below, the indicators here
 * went from 15-24M to 31-43M bars/s in npm run bench.)
 *
 * Layout: region r starts at r·stride + gap; index j of a region is bar (lo - head + j) of the
 * current chunk [lo, hi), so the chunk's first bar is j = head (head = the window's bars before
 * it) and the gap in front holds values carried over from the previous chunk (smoothing stages).
 *
 * The window extremes are van Herk / Gil-Werman as chunkMax/chunkMin (kernels.ts), with the same
 * comparisons, so they equal RollingMax/RollingMin and the streams to the bit. The previous
 * block's suffix extremes are written over that block's inputs (no longer needed once its own
 * forward pass is done), so no second array is needed for them.
 */
import { scratch } from './kernels';
import { firstNaNIn } from './validate';

/** Bars per chunk: a frame of up to 8 regions of 32 KB stays in L2 (1024-4096 measured alike). */
export const SPAN = 4096;

const FRAME_SLOT = 16;

// FRAME_INDEX: the hot kernels mask their offsets and bounds with 0x3fffffff on entry (a no-op:
// frame indices are far below 2^30). It tells V8 that offset + j cannot overflow int32, which
// drops an overflow check from every array index in the loops (measured ~5% on the extremes).

export interface Frame {
  readonly w: Float64Array;
  /** Window bars before the chunk (period - 1, or period for Aroon's p+1 window). */
  readonly head: number;
  readonly stride: number;
  readonly gap: number;
}

export function frame(head: number, gap: number, regions: number): Frame {
  const stride = gap + head + SPAN;
  return { w: scratch(FRAME_SLOT, regions * stride), head, stride, gap };
}

/** Offset of region r: its index j is at w[offset + j]. */
export function region(f: Frame, r: number): number {
  return r * f.stride + f.gap;
}

/** Copies col's bars [lo - head, hi) into the region at off (j = 0 ..). */
export function load(f: Frame, off: number, col: Float64Array, lo: number, hi: number): void {
  f.w.set(col.subarray(lo - f.head, hi), off);
}

/** Copies the region's bars [from, hi) of the chunk starting at lo into out. */
export function store(f: Frame, off: number, out: Float64Array, lo: number, from: number, hi: number): void {
  if (from >= hi) return;
  const j = off + f.head + (from - lo);
  out.set(f.w.subarray(j, j + (hi - from)), from);
}

/**
 * w[oH+j] = max(w[oH+j .. oH+e)), w[oL+j] = min(w[oL+j .. oL+e)) for j in [s, e): the backward
 * half of van Herk, in place, with the comparisons of RollingMax/RollingMin (ties keep the older).
 */
function suffixBranchy(w: Float64Array, oH: number, oL: number, s: number, e: number): void {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  let mh = -Infinity;
  let ml = Infinity;
  for (let j = e - 1; j >= s; j--) {
    const h = w[oH + j];
    mh = h > mh ? h : mh;
    w[oH + j] = mh;
    const l = w[oL + j];
    ml = l < ml ? l : ml;
    w[oL + j] = ml;
  }
}

/**
 * suffixBranchy for positive finite values, without a data-dependent branch: a running extreme
 * of prices is a chain of hard-to-predict comparisons (a random walk makes new highs in bursts),
 * and a mispredicted branch on that chain cost more than the whole rest of the loop. The choice
 * is arithmetic: x·a + m·(1-a) with a = +(x > m) ∈ {0, 1} is exactly x or m, because the other
 * term is +0 and a nonzero finite value plus +0 is itself (which is why it needs positive finite
 * values: ±0 would lose its sign, ±∞·0 is NaN). Same comparisons, so the same values. Returns
 * how many of the highs and lows were not positive and finite (then its results are not used).
 * (Aroon's index-and-reload choice, see argSuffix, is exact for any values but measured slower
 * here.)
 */
function suffixSelect(w: Float64Array, oH: number, oL: number, s: number, e: number): number {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  let bad = 0;
  let mh = w[oH + e - 1];
  let ml = w[oL + e - 1];
  for (let j = e - 1; j >= s; j--) {
    const h = w[oH + j];
    const l = w[oL + j];
    if (!(h > 0 && h < Infinity && l > 0 && l < Infinity)) bad++;
    const a = +(h > mh);
    mh = h * a + mh * (1 - a);
    w[oH + j] = mh;
    const b = +(l < ml);
    ml = l * b + ml * (1 - b);
    w[oL + j] = ml;
  }
  return bad;
}

/**
 * suffixSelect without the check, for the blocks after the head: the forward pass of each block
 * (fastKSelect and its siblings) checks the same highs and lows, so a bad value still sends the
 * chunk to the branchy path.
 */
function suffixSelectUnchecked(w: Float64Array, oH: number, oL: number, s: number, e: number): void {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  let mh = w[oH + e - 1];
  let ml = w[oL + e - 1];
  for (let j = e - 1; j >= s; j--) {
    const h = w[oH + j];
    const a = +(h > mh);
    mh = h * a + mh * (1 - a);
    w[oH + j] = mh;
    const l = w[oL + j];
    const b = +(l < ml);
    ml = l * b + ml * (1 - b);
    w[oL + j] = ml;
  }
}

/**
 * Forward half of van Herk over one block [s, e) (e - s ≤ p): the running extremes inside the
 * block against the previous block's suffix extremes at j - back (back = p-1; at j - back = s
 * that is this block's own raw first value, which the running extreme covers, so it never wins).
 * Writes the window's highest high into oHH, lowest low into oLL. chunkMax/chunkMin's comparisons.
 */
function blockBranchy(w: Float64Array, oH: number, oL: number, oHH: number, oLL: number, s: number, e: number, back: number): void {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  oHH &= 0x3fffffff;
  oLL &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  back &= 0x3fffffff;
  let ph = -Infinity;
  let pl = Infinity;
  for (let j = s; j < e; j++) {
    const h = w[oH + j];
    ph = h > ph ? h : ph;
    const l = w[oL + j];
    pl = l < pl ? l : pl;
    const sh = w[oH + j - back];
    w[oHH + j] = sh > ph ? sh : ph;
    const sl = w[oL + j - back];
    w[oLL + j] = sl < pl ? sl : pl;
  }
}

/** What a chunk computes from its window extremes (the `kind` of windowChunk). */
export const FAST_K = 0;
export const RSI_K = 1;
export const WILLR = 2;
export const DONCHIAN = 3;

/**
 * One chunk of `kind`: the high (oH) and low (oL) regions hold bars [lo-head, hi) and are
 * consumed; the close region oC bars [lo-head, hi) too (read from j = head). Window = head + 1
 * bars; writes j in [head, head + len) of oOut (FAST_K, RSI_K, WILLR) or of oHH, oLL and oM
 * (DONCHIAN's upper, lower, middle). Blocks of the window length start at the chunk's first bar;
 * the head is the first block's "previous block".
 *
 * fast: try the branch-free kernels (see suffixSelect), formula in the same loop. They are exact
 * when every high and low is positive and finite, which they check as they go (and that every
 * close is finite); returns false if not: the chunk may hold a NaN, and its high and low regions
 * are spent, so the caller finds the NaN, reloads them and calls again with fast = false, the
 * exact branchy extremes into oHH/oLL, then the formula.
 */
export function windowChunk(kind: number, f: Frame, oH: number, oL: number, oC: number, oHH: number, oLL: number, oOut: number, oM: number, len: number, fast: boolean): boolean {
  // one whole-chunk function per kind: a loop shared by several kinds would be compiled for
  // the first kind that ran it and deoptimised by the next (DONCHIAN before STOCH in the bench
  // measured STOCH at half speed)
  if (!fast) {
    branchyChunk(kind, f, oH, oL, oC, oHH, oLL, oOut, oM, len);
    return true;
  }
  if (kind === FAST_K) return fastKChunk(f, oH, oL, oC, oOut, len);
  if (kind === RSI_K) return rsiKChunk(f, oH, oL, oC, oOut, len);
  if (kind === WILLR) return willrChunk(f, oH, oL, oC, oOut, len);
  return donchianChunk(f, oH, oL, oHH, oLL, oM, len);
}

function branchyChunk(kind: number, f: Frame, oH: number, oL: number, oC: number, oHH: number, oLL: number, oOut: number, oM: number, len: number): void {
  const w = f.w;
  const head = f.head;
  const p = head + 1;
  const end = head + len;
  suffixBranchy(w, oH, oL, 0, head);
  for (let s = head; s < end; s += p) {
    const e = s + p < end ? s + p : end;
    blockBranchy(w, oH, oL, oHH, oLL, s, e, head);
    if (e < end) suffixBranchy(w, oH, oL, s, e);
  }
  if (kind === FAST_K) fastKFrame(w, oHH, oLL, oC, oOut, head, end);
  else if (kind === RSI_K) rsiKFrame(w, oHH, oLL, oC, oOut, head, end);
  else if (kind === WILLR) willrFrame(w, oHH, oLL, oC, oOut, head, end);
  else middleFrame(w, oHH, oLL, oM, head, end);
}

function fastKChunk(f: Frame, oH: number, oL: number, oC: number, oK: number, len: number): boolean {
  const w = f.w;
  const head = f.head;
  const end = head + len;
  let bad = head > 0 ? suffixSelect(w, oH, oL, 0, head) : 0;
  for (let s = head; s < end; s += head + 1) {
    const e = s + head + 1 < end ? s + head + 1 : end;
    bad += fastKSelect(w, oH, oL, oC, oK, s, e, head);
    if (e < end) suffixSelectUnchecked(w, oH, oL, s, e);
  }
  return bad === 0;
}

function rsiKChunk(f: Frame, oH: number, oL: number, oC: number, oK: number, len: number): boolean {
  const w = f.w;
  const head = f.head;
  const end = head + len;
  let bad = head > 0 ? suffixSelect(w, oH, oL, 0, head) : 0;
  for (let s = head; s < end; s += head + 1) {
    const e = s + head + 1 < end ? s + head + 1 : end;
    bad += rsiKSelect(w, oH, oL, oC, oK, s, e, head);
    if (e < end) suffixSelectUnchecked(w, oH, oL, s, e);
  }
  return bad === 0;
}

function willrChunk(f: Frame, oH: number, oL: number, oC: number, oR: number, len: number): boolean {
  const w = f.w;
  const head = f.head;
  const end = head + len;
  let bad = head > 0 ? suffixSelect(w, oH, oL, 0, head) : 0;
  for (let s = head; s < end; s += head + 1) {
    const e = s + head + 1 < end ? s + head + 1 : end;
    bad += willrSelect(w, oH, oL, oC, oR, s, e, head);
    if (e < end) suffixSelectUnchecked(w, oH, oL, s, e);
  }
  return bad === 0;
}

function donchianChunk(f: Frame, oH: number, oL: number, oHH: number, oLL: number, oM: number, len: number): boolean {
  const w = f.w;
  const head = f.head;
  const end = head + len;
  let bad = head > 0 ? suffixSelect(w, oH, oL, 0, head) : 0;
  for (let s = head; s < end; s += head + 1) {
    const e = s + head + 1 < end ? s + head + 1 : end;
    bad += donchianSelect(w, oH, oL, oHH, oLL, oM, s, e, head);
    if (e < end) suffixSelectUnchecked(w, oH, oL, s, e);
  }
  return bad === 0;
}

// The branch-free forward passes (blockBranchy's extremes, the running ones chosen as in
// suffixSelect; the comparison with the suffix is off that chain and flips about once a block,
// so it stays a branch), each with its formula in the same loop: one loop fewer per bar, and
// each its own function so V8 compiles each with exactly its formula.

function fastKSelect(w: Float64Array, oH: number, oL: number, oC: number, oK: number, s: number, e: number, back: number): number {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  oC &= 0x3fffffff;
  oK &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  back &= 0x3fffffff;
  let bad = 0;
  let ph = w[oH + s];
  let pl = w[oL + s];
  for (let j = s; j < e; j++) {
    const h = w[oH + j];
    const l = w[oL + j];
    const c = w[oC + j];
    if (!(h > 0 && h < Infinity && l > 0 && l < Infinity && c - c === 0)) bad++;
    const a = +(h > ph);
    ph = h * a + ph * (1 - a);
    const b = +(l < pl);
    pl = l * b + pl * (1 - b);
    const sh = w[oH + j - back];
    const hh = sh > ph ? sh : ph;
    const sl = w[oL + j - back];
    const ll = sl < pl ? sl : pl;
    const range = hh - ll;
    w[oK + j] = range !== 0 ? ((c - ll) * 100) / range : 0;
  }
  return bad;
}

function rsiKSelect(w: Float64Array, oH: number, oL: number, oC: number, oK: number, s: number, e: number, back: number): number {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  oC &= 0x3fffffff;
  oK &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  back &= 0x3fffffff;
  let bad = 0;
  let ph = w[oH + s];
  let pl = w[oL + s];
  for (let j = s; j < e; j++) {
    const h = w[oH + j];
    const l = w[oL + j];
    if (!(h > 0 && h < Infinity && l > 0 && l < Infinity)) bad++;
    const a = +(h > ph);
    ph = h * a + ph * (1 - a);
    const b = +(l < pl);
    pl = l * b + pl * (1 - b);
    const sh = w[oH + j - back];
    const hh = sh > ph ? sh : ph;
    const sl = w[oL + j - back];
    const ll = sl < pl ? sl : pl;
    const range = hh - ll;
    w[oK + j] = range < 1e-9 ? 0 : ((w[oC + j] - ll) * 100) / range;
  }
  return bad;
}

function willrSelect(w: Float64Array, oH: number, oL: number, oC: number, oR: number, s: number, e: number, back: number): number {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  oC &= 0x3fffffff;
  oR &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  back &= 0x3fffffff;
  let bad = 0;
  let ph = w[oH + s];
  let pl = w[oL + s];
  for (let j = s; j < e; j++) {
    const h = w[oH + j];
    const l = w[oL + j];
    const c = w[oC + j];
    if (!(h > 0 && h < Infinity && l > 0 && l < Infinity && c - c === 0)) bad++;
    const a = +(h > ph);
    ph = h * a + ph * (1 - a);
    const b = +(l < pl);
    pl = l * b + pl * (1 - b);
    const sh = w[oH + j - back];
    const hh = sh > ph ? sh : ph;
    const sl = w[oL + j - back];
    const diff = (hh - (sl < pl ? sl : pl)) * -0.01;
    w[oR + j] = diff !== 0 ? (hh - c) / diff : 0;
  }
  return bad;
}

function donchianSelect(w: Float64Array, oH: number, oL: number, oHH: number, oLL: number, oM: number, s: number, e: number, back: number): number {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oL &= 0x3fffffff;
  oHH &= 0x3fffffff;
  oLL &= 0x3fffffff;
  oM &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  back &= 0x3fffffff;
  let bad = 0;
  let ph = w[oH + s];
  let pl = w[oL + s];
  for (let j = s; j < e; j++) {
    const h = w[oH + j];
    const l = w[oL + j];
    if (!(h > 0 && h < Infinity && l > 0 && l < Infinity)) bad++;
    const a = +(h > ph);
    ph = h * a + ph * (1 - a);
    const b = +(l < pl);
    pl = l * b + pl * (1 - b);
    const sh = w[oH + j - back];
    const hh = sh > ph ? sh : ph;
    const sl = w[oL + j - back];
    const ll = sl < pl ? sl : pl;
    w[oHH + j] = hh;
    w[oLL + j] = ll;
    w[oM + j] = (hh + ll) / 2;
  }
  return bad;
}

/** TA-Lib's fast %K (fastK in stochastic.ts) from the extremes, j in [s, e). */
function fastKFrame(w: Float64Array, oHH: number, oLL: number, oC: number, oK: number, s: number, e: number): void {
  // see FRAME_INDEX
  oHH &= 0x3fffffff;
  oLL &= 0x3fffffff;
  oC &= 0x3fffffff;
  oK &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  for (let j = s; j < e; j++) {
    const ll = w[oLL + j];
    const range = w[oHH + j] - ll;
    w[oK + j] = range !== 0 ? ((w[oC + j] - ll) * 100) / range : 0;
  }
}

/** STOCHRSI's %K (rsiK in stochastic.ts): a range under 1e-9 is none. */
function rsiKFrame(w: Float64Array, oHH: number, oLL: number, oC: number, oK: number, s: number, e: number): void {
  // see FRAME_INDEX
  oHH &= 0x3fffffff;
  oLL &= 0x3fffffff;
  oC &= 0x3fffffff;
  oK &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  for (let j = s; j < e; j++) {
    const ll = w[oLL + j];
    const range = w[oHH + j] - ll;
    w[oK + j] = range < 1e-9 ? 0 : ((w[oC + j] - ll) * 100) / range;
  }
}

/** Williams %R, WillrStream's arithmetic. */
function willrFrame(w: Float64Array, oHH: number, oLL: number, oC: number, oR: number, s: number, e: number): void {
  // see FRAME_INDEX
  oHH &= 0x3fffffff;
  oLL &= 0x3fffffff;
  oC &= 0x3fffffff;
  oR &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  for (let j = s; j < e; j++) {
    const hh = w[oHH + j];
    const diff = (hh - w[oLL + j]) * -0.01;
    w[oR + j] = diff !== 0 ? (hh - w[oC + j]) / diff : 0;
  }
}

/** Donchian's middle line. */
function middleFrame(w: Float64Array, oHH: number, oLL: number, oM: number, s: number, e: number): void {
  // see FRAME_INDEX
  oHH &= 0x3fffffff;
  oLL &= 0x3fffffff;
  oM &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  for (let j = s; j < e; j++) w[oM + j] = (w[oHH + j] + w[oLL + j]) / 2;
}

/** Sum of w[o+s .. o+e) left to right from 0 (SmaStream's warm-up order). */
export function seedSum(w: Float64Array, o: number, s: number, e: number): number {
  let sum = 0;
  for (let j = s; j < e; j++) sum += w[o + j];
  return sum;
}

/**
 * SMA of period a from region src into dst for j in [s, e), the window's older values at
 * j - a + 1 (earlier in the chunk, or carried into the gap): out = (sum + v)/a;
 * sum += v - oldest, SmaStream's order. Returns the running sum for the next chunk.
 */
export function smaStage(w: Float64Array, src: number, dst: number, s: number, e: number, a: number, sum: number): number {
  // see FRAME_INDEX
  src &= 0x3fffffff;
  dst &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  const back = a - 1;
  for (let j = s; j < e; j++) {
    const v = w[src + j];
    w[dst + j] = (sum + v) / a;
    sum += v - w[src + j - back];
  }
  return sum;
}

/** Before the next chunk: the last `count` values of the region (ending at j = end) move to just before j = head. */
export function carry(f: Frame, off: number, end: number, count: number): void {
  if (count > 0) f.w.copyWithin(off + f.head - count, off + end - count, off + end);
}

/**
 * WILLR (cols high, low, close → out) or DONCHIAN (cols high, low → out = upper, out2 = lower,
 * out3 = middle) chunk by chunk over one frame, from bar p-1; each chunk's inputs checked for NaN
 * right before use. Returns end, the first NaN bar (or n): outputs from there are the caller's.
 */
export function windowPass(kind: number, cols: Float64Array[], p: number, out: Float64Array, out2: Float64Array | null, out3: Float64Array | null): number {
  const n = cols[0].length;
  const from = p - 1;
  const pre = firstNaNIn(cols, 0, from < n ? from : n);
  if (pre < from) return pre;
  const f = frame(from, 0, 6);
  const oH = region(f, 0);
  const oL = region(f, 1);
  const oC = region(f, 2);
  const oHH = region(f, 3);
  const oLL = region(f, 4);
  const oX = region(f, 5);
  const high = cols[0];
  const low = cols[1];
  const close = kind === WILLR ? cols[2] : null;
  for (let lo = from; lo < n; lo += SPAN) {
    const hi = lo + SPAN < n ? lo + SPAN : n;
    load(f, oH, high, lo, hi);
    load(f, oL, low, lo, hi);
    if (close !== null) load(f, oC, close, lo, hi);
    let cut = hi;
    if (!windowChunk(kind, f, oH, oL, oC, oHH, oLL, oX, oX, hi - lo, true)) {
      cut = firstNaNIn(cols, lo, hi);
      load(f, oH, high, lo, cut);
      load(f, oL, low, lo, cut);
      windowChunk(kind, f, oH, oL, oC, oHH, oLL, oX, oX, cut - lo, false);
    }
    if (kind === WILLR) store(f, oX, out, lo, lo, cut);
    else {
      store(f, oHH, out, lo, lo, cut);
      if (out2 !== null) store(f, oLL, out2, lo, lo, cut);
      if (out3 !== null) store(f, oX, out3, lo, lo, cut);
    }
    if (cut < hi) return cut;
  }
  return n;
}

/** AroonStream's arithmetic: j - hj is the bars since the highest high (frame indices, exact). */
function aroonOut(w: Float64Array, oUp: number, oDown: number, j: number, hj: number, lj: number, p: number, factor: number, osc: boolean): void {
  if (osc) w[oUp + j] = factor * (hj - lj);
  else {
    w[oUp + j] = factor * (p - (j - hj));
    w[oDown + j] = factor * (p - (j - lj));
  }
}

/**
 * Aroon's backward half (the suffix loops of windowArgMaxInto/windowArgMinInto: w[oH+j] becomes
 * the highest of w[oH+j .. oH+e) and w[oHI+j] its index, ties the later bar by `>`; likewise the
 * lowest low in oL/oLI), without a data-dependent branch: the index is chosen with integer masks
 * (j & -a | i & (a - 1), a = +(h > m) ∈ {0, 1}) and the value read back from the frame at that
 * index. A chosen value is always an input as it stands (position j, or the earlier choice, whose
 * slot now holds the suffix maximum, which is that same value), so this is exact for any
 * non-NaN values, with windowArgMaxInto's comparisons and ties. The running extreme of a random walk is
 * a chain of badly predictable comparisons; see suffixSelect.
 */
function argSuffix(w: Float64Array, oH: number, oHI: number, oL: number, oLI: number, s: number, e: number): void {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oHI &= 0x3fffffff;
  oL &= 0x3fffffff;
  oLI &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  let mhi = (e - 1) & 0x3fffffff;
  let mh = w[oH + mhi];
  let mli = mhi;
  let ml = w[oL + mli];
  for (let j = e - 1; j >= s; j--) {
    const a = +(w[oH + j] > mh);
    mhi = (j & -a) | (mhi & (a - 1));
    mh = w[oH + mhi];
    w[oH + j] = mh;
    w[oHI + j] = mhi;
    const b = +(w[oL + j] < ml);
    mli = (j & -b) | (mli & (b - 1));
    ml = w[oL + mli];
    w[oL + j] = ml;
    w[oLI + j] = mli;
  }
}

/**
 * Aroon's forward half over one block [s, e): the running arg-extremes (>= and <=: ties keep the
 * newer bar), chosen as in argSuffix (this block's slots still hold its inputs), against the
 * previous block's suffix at j - back, which wins only when strictly more extreme, as
 * windowArgMaxInto. Writes up and down (factor·(p - bars since)), or with osc
 * factor·(index of the high - index of the low) into oUp.
 */
function aroonBlock(w: Float64Array, oH: number, oHI: number, oL: number, oLI: number, oUp: number, oDown: number, s: number, e: number, back: number, factor: number, osc: boolean): void {
  // see FRAME_INDEX
  oH &= 0x3fffffff;
  oHI &= 0x3fffffff;
  oL &= 0x3fffffff;
  oLI &= 0x3fffffff;
  oUp &= 0x3fffffff;
  oDown &= 0x3fffffff;
  s &= 0x3fffffff;
  e &= 0x3fffffff;
  back &= 0x3fffffff;
  let phi = s;
  let ph = w[oH + phi];
  let pli = s;
  let pl = w[oL + pli];
  for (let j = s; j < e; j++) {
    const a = +(w[oH + j] >= ph);
    phi = (j & -a) | (phi & (a - 1));
    ph = w[oH + phi];
    const b = +(w[oL + j] <= pl);
    pli = (j & -b) | (pli & (b - 1));
    pl = w[oL + pli];
    const k = j - back;
    const hj = w[oH + k] > ph ? w[oHI + k] : phi;
    const lj = w[oL + k] < pl ? w[oLI + k] : pli;
    aroonOut(w, oUp, oDown, j, hj, lj, back, factor, osc);
  }
}

/**
 * One chunk of Aroon(p), window p+1 bars (head = p): oH/oL hold the highs/lows of bars
 * [lo-p, hi) (no NaN) and are consumed (oHI/oLI are work regions); writes j in [p, p + len) of
 * oUp/oDown (or the oscillator into oUp).
 */
export function aroonChunk(f: Frame, oH: number, oHI: number, oL: number, oLI: number, oUp: number, oDown: number, len: number, osc: boolean): void {
  const w = f.w;
  const p = f.head;
  const win = p + 1;
  const end = p + len;
  const factor = 100 / p;
  argSuffix(w, oH, oHI, oL, oLI, 0, p);
  for (let s = p; s < end; s += win) {
    const e = s + win < end ? s + win : end;
    aroonBlock(w, oH, oHI, oL, oLI, oUp, oDown, s, e, p, factor, osc);
    if (e < end) argSuffix(w, oH, oHI, oL, oLI, s, e);
  }
}

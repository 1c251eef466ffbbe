/** Rolling window extremes over a staged work array (see staging.ts). */

/**
 * w[out + k] = (max + min) / 2 of the p values ending at w[hi + k] and w[lo + k], for k in
 * [0, len); the p-1 values before w[hi] and w[lo] must be staged too. Van Herk / Gil-Werman in
 * blocks of p from k = 0, like kernels' chunkMax: a running extreme inside the block and the
 * previous block's suffix extremes (in w[suf .. suf+2p+2), highs then lows; entry p is the
 * window that is exactly this block). Exact: a max or min is one of its inputs.
 */
export function windowMidStaged(w: Float64Array, hi: number, lo: number, len: number, p: number, suf: number, out: number): void {
  const sh = suf;
  const sl = suf + p + 1;
  w[sh + p] = -Infinity;
  w[sl + p] = Infinity;
  suffixExtremes(w, hi, lo, 0, p, sh, sl);
  for (let s = 0; s < len; s += p) {
    const e = s + p < len ? s + p : len;
    let ph = -Infinity;
    let pl = Infinity;
    for (let k = s, r = 1; k < e; k++, r++) {
      const h = w[hi + k];
      ph = h > ph ? h : ph;
      const l = w[lo + k];
      pl = l < pl ? l : pl;
      const uh = w[sh + r];
      const ul = w[sl + r];
      w[out + k] = ((uh > ph ? uh : ph) + (ul < pl ? ul : pl)) / 2;
    }
    if (e === s + p) suffixExtremes(w, hi, lo, e, p, sh, sl);
  }
}

/** w[sh + q] / w[sl + q] = max / min of the values at [end-p+q, end) for q in [1, p). */
function suffixExtremes(w: Float64Array, hi: number, lo: number, end: number, p: number, sh: number, sl: number): void {
  let mh = -Infinity;
  let ml = Infinity;
  for (let q = p - 1, j = end - 1; q >= 1; q--, j--) {
    const h = w[hi + j];
    mh = h > mh ? h : mh;
    w[sh + q] = mh;
    const l = w[lo + j];
    ml = l < ml ? l : ml;
    w[sl + q] = ml;
  }
}


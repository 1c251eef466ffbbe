/** Median of a copy of `xs` (NaN when empty). */
export function median(xs: ArrayLike<number>): number {
  const a = Float64Array.from(xs).sort();
  const n = a.length;
  if (n === 0) return NaN;
  return n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/**
 * Robust z-scores (Iglewicz & Hoaglin): 0.6745 (x − median) / MAD. When more than half of the
 * values are equal the MAD is 0; the mean absolute deviation (× 1.2533, its ratio to σ for a
 * normal distribution, as 0.6745 is the MAD's) stands in, and with no spread at all every score is 0.
 */
export function robustZ(xs: ArrayLike<number>): { z: Float64Array; median: number; mad: number } {
  const med = median(xs);
  const dev = Float64Array.from(xs, (x) => Math.abs(x - med));
  const mad = median(dev);
  const z = new Float64Array(xs.length);
  if (mad > 0) {
    for (let i = 0; i < xs.length; i++) z[i] = (0.6745 * (xs[i] - med)) / mad;
  } else {
    let meanAd = 0;
    for (const d of dev) meanAd += d;
    meanAd /= dev.length || 1;
    if (meanAd > 0) for (let i = 0; i < xs.length; i++) z[i] = (xs[i] - med) / (1.2533 * meanAd);
  }
  return { z, median: med, mad };
}

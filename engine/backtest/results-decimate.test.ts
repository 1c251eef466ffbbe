import { describe, expect, it } from 'vitest';
import { decimate, decimateScaled } from './results';

/** The plain loops decimate() replaced: the reference. */
function reference(a: Float64Array, stride: number, keepLast = true): number[] {
  if (stride <= 1) return Array.from(a);
  const out: number[] = [];
  for (let i = 0; i < a.length; i += stride) out.push(a[i]);
  if (keepLast && (a.length - 1) % stride !== 0) out.push(a[a.length - 1]);
  return out;
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('curve decimation', () => {
  const series = (n: number) => Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? [NaN, -0, Infinity, 100_000][i % 4] : 1e5 + Math.sin(i) * 12.5));

  it('matches the plain loops: every stride, with and without the last value', () => {
    for (const n of [1, 2, 3, 10, 199, 200, 201, 400, 401, 10_007]) {
      const a = series(n);
      for (const stride of [1, 2, 3, 7, 200, 10_000]) {
        if (stride > 1 && n === 0) continue;
        for (const keepLast of [true, false]) expect(same(decimate(a, stride, keepLast), reference(a, stride, keepLast)), `n ${n} stride ${stride} ${keepLast}`).toBe(true);
      }
    }
    expect(decimate(new Float64Array(0), 1)).toEqual([]);
  });

  it('scales as the benchmark curve did: (capital × price) / first price', () => {
    for (const n of [0, 1, 2, 401, 10_007]) {
      const a = series(n);
      for (const stride of [1, 3, 200]) {
        if (stride > 1 && n === 0) continue;
        const want = reference(a, stride).map((x) => (100_000 * x) / 97.25);
        expect(same(decimateScaled(a, stride, 100_000, 97.25), want), `n ${n} stride ${stride}`).toBe(true);
      }
    }
  });

  it('starts from a plain array of numbers whatever the first value', () => {
    const out = decimate(Float64Array.from([100_000, 0.5, 7]), 1);
    expect(Array.isArray(out)).toBe(true);
    expect(JSON.stringify(out)).toBe('[100000,0.5,7]');
  });
});

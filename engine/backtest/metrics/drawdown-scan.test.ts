import { describe, expect, it } from 'vitest';
import { drawdown, type Drawdown } from './drawdown';

/** The definition step by step (the single loop drawdown() replaced): the reference for its spell-by-spell scan. */
function reference(ts: ArrayLike<number>, equity: ArrayLike<number>, stride = 1): Drawdown {
  const n = equity.length;
  const curve: number[] = [];
  let peak = -Infinity;
  let peakAt = 0;
  let below = false;
  let max = 0;
  let longestMs = 0;
  let longestSteps = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    sum += e;
    const point = i % stride === 0 || i === n - 1;
    if (e >= peak) {
      if (below) {
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

/** Same numbers bit for bit (Object.is: NaN equals NaN, 0 and −0 differ). */
function expectSame(a: Drawdown, b: Drawdown) {
  expect(a.curve.length).toBe(b.curve.length);
  const differs = a.curve.findIndex((x, i) => !Object.is(x, b.curve[i]));
  expect(differs, `curve[${differs}]: ${a.curve[differs]} vs ${b.curve[differs]}`).toBe(-1);
  for (const k of ['max', 'longestMs', 'longestSteps', 'sum'] as const) expect(Object.is(a[k], b[k]), `${k}: ${a[k]} vs ${b[k]}`).toBe(true);
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A walk with flat stretches (out of the market), noise and a few deep falls. */
function walk(n: number, seed: number, start = 100_000): { ts: Float64Array; eq: Float64Array } {
  const r = rng(seed);
  const ts = new Float64Array(n);
  const eq = new Float64Array(n);
  let e = start;
  for (let i = 0; i < n; i++) {
    ts[i] = 1.7e12 + i * 60_000 + (i > n / 2 ? 3_600_000 : 0);
    const u = r();
    if (u < 0.3) e += 0;
    else if (u < 0.995) e *= 1 + (r() - 0.5) * 0.002;
    else e *= 0.9;
    eq[i] = e;
  }
  return { ts, eq };
}

describe('drawdown scan matches the step-by-step definition', () => {
  it('on empty and one-step curves', () => {
    expectSame(drawdown([], []), reference([], []));
    expectSame(drawdown([5], [100]), reference([5], [100]));
    expectSame(drawdown([5], [NaN]), reference([5], [NaN]));
  });

  it('at chunk boundaries, with strides that do and do not divide them', () => {
    for (const n of [2047, 2048, 2049, 4095, 4096, 4097, 10_001]) {
      const { ts, eq } = walk(n, n);
      for (const stride of [1, 2, 3, 7, 200, 2048, 2049, 5000, n + 3]) expectSame(drawdown(ts, eq, stride), reference(ts, eq, stride));
    }
  });

  it('on long random curves', () => {
    for (const seed of [1, 2, 3]) {
      const { ts, eq } = walk(50_000, seed);
      expectSame(drawdown(ts, eq, 17), reference(ts, eq, 17));
    }
  });

  it('with NaN, infinite, zero and negative equity', () => {
    const ts = Array.from({ length: 12 }, (_, i) => i * 1000);
    const cases = [
      [NaN, NaN, 100, 90, NaN, 95, 100, NaN, 80, 85, NaN, 70],
      [100, 90, -Infinity, 95, 100, Infinity, 5, -Infinity, 1e308, Infinity, 3, 2],
      [-10, -20, -15, -5, -30, -6, -5, -4, -100, -50, -4.5, -4.25],
      [0, -1, -0.5, 0, -2, 1, 0.5, 0, -0, 1, -1e-300, 2],
      [-0, 0, -0, -1, 0, 0, -0, -5, -0, 3, -3, -0],
      [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
      [100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89],
      [100, -50, 80, -Infinity, 120, 60, NaN, -0, 130, 65, 0, -1],
      [100, 90, Infinity, 5, -Infinity, 1e300, Infinity, 2, NaN, 3, 4, 5],
      [100, 90, Infinity, 5, -Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity],
    ];
    for (const eq of cases) for (const stride of [1, 2, 5, 11, 20]) expectSame(drawdown(ts, eq, stride), reference(ts, eq, stride));
  });
});

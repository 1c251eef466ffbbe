import { describe, expect, it } from 'vitest';
import { dailyReturns, monthlyReturns, type PeriodReturns } from './returns';

const DAY = 86_400_000;

/** The periods found by bisection alone (what the guess-first search replaced): the reference. */
function reference(ts: ArrayLike<number>, equity: ArrayLike<number>, start: number, monthly: boolean): PeriodReturns {
  const startOf = monthly
    ? (t: number) => {
        const d = new Date(t);
        return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      }
    : (t: number) => Math.floor(t / DAY) * DAY;
  const endOf = monthly
    ? (s: number) => {
        const d = new Date(s);
        return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      }
    : (s: number) => s + DAY;
  const out: PeriodReturns = { ts: [], returns: [], end: [] };
  const n = ts.length;
  let prev = start;
  let i = 0;
  while (i < n) {
    const pStart = startOf(ts[i]);
    const pEnd = endOf(pStart);
    let lo = i;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid] < pEnd) lo = mid + 1;
      else hi = mid;
    }
    const cur = equity[lo - 1];
    out.ts.push(pStart);
    out.end.push(cur);
    out.returns.push(cur / prev - 1);
    prev = cur;
    i = lo;
  }
  return out;
}

function expectSame(a: PeriodReturns, b: PeriodReturns) {
  expect(a.ts).toEqual(b.ts);
  for (const k of ['returns', 'end'] as const) {
    expect(a[k].length).toBe(b[k].length);
    const differs = a[k].findIndex((x, i) => !Object.is(x, b[k][i]));
    expect(differs, `${k}[${differs}]`).toBe(-1);
  }
}

/** Steps at `spacing` ms with gaps: nights, weekends, a missing day, an odd half-day. */
function times(n: number, spacing: number, seed: number): number[] {
  const out: number[] = [];
  let t = Date.UTC(2023, 0, 30, 13, 7);
  let s = seed;
  while (out.length < n) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const d = new Date(t);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    if (!weekend && d.getUTCHours() >= 9 && d.getUTCHours() < 17 && s % 97 !== 0) out.push(t);
    t += s % 5003 === 0 ? 2 * DAY : spacing;
  }
  return out;
}

describe('period returns match bisection alone', () => {
  it('on empty and one-step curves', () => {
    for (const monthly of [false, true]) {
      expectSame((monthly ? monthlyReturns : dailyReturns)([], [], 100), reference([], [], 100, monthly));
      expectSame((monthly ? monthlyReturns : dailyReturns)([DAY + 5], [101], 100), reference([DAY + 5], [101], 100, monthly));
      expectSame((monthly ? monthlyReturns : dailyReturns)([DAY + 5], [NaN], 100), reference([DAY + 5], [NaN], 100, monthly));
    }
  });

  it('over regular bars, sessions with gaps and every spacing from a minute to two days', () => {
    const cases: number[][] = [
      Array.from({ length: 20_000 }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000),
      Array.from({ length: 5_000 }, (_, i) => Date.UTC(2024, 1, 27) + i * 3_600_000),
      Array.from({ length: 300 }, (_, i) => Date.UTC(2023, 11, 30) + i * 2 * DAY),
      Array.from({ length: 3_000 }, (_, i) => Date.UTC(2024, 0, 1) + i * 7 * 60_000 + (i > 1000 ? DAY : 0)),
      times(30_000, 60_000, 7),
      times(5_000, 900_000, 11),
    ];
    for (const ts of cases) {
      const eq = ts.map((_, i) => 1000 + Math.sin(i / 50) * 10 + i * 0.01);
      for (const monthly of [false, true]) expectSame((monthly ? monthlyReturns : dailyReturns)(ts, eq, 1000), reference(ts, eq, 1000, monthly));
    }
  });
});

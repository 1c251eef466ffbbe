import { describe, expect, it } from 'vitest';
import { aroonosc, AroonStream, computeIndicator, createStreaming, stochf, StochfStream, willr, WillrStream } from './index';
import { barAt, makeBars, type TestBars } from './testdata';

// The window-extreme indicators run chunk by chunk (frame.ts: 4096 bars) and carry window values
// and running sums from one chunk to the next; the other tests use a few hundred bars, one chunk.
// Here: long series, so chunk boundaries, carries and block alignment against them all occur,
// prices on a coarse grid (many ties between highs and lows), a NaN gap past the second chunk
// and leading NaNs. Batch must equal the stream to the bit.

function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (a === b && a === 0);
}

/** Prices rounded to 0.5: equal highs/lows within a window are common (ties, flat ranges). */
function coarse(b: TestBars): TestBars {
  const r = (x: Float64Array) => x.map((v) => Math.round(v * 2) / 2);
  return { ...b, open: r(b.open), high: r(b.high), low: r(b.low), close: r(b.close) };
}

function withNaN(b: TestBars, from: number, to: number, value = NaN): TestBars {
  const c = (x: Float64Array) => {
    const y = x.slice();
    y.fill(value, from, to);
    return y;
  };
  return { ...b, high: c(b.high), low: c(b.low), close: c(b.close) };
}

/** Prices moved down through zero, some exactly ±0: these chunks take the exact branchy path. */
function throughZero(b: TestBars): TestBars {
  const d = (x: Float64Array) =>
    x.map((v, i) => {
      if (i % 997 === 5) return -0;
      if (i % 991 === 7) return 0;
      return v - 100;
    });
  return { ...b, open: d(b.open), high: d(b.high), low: d(b.low), close: d(b.close) };
}

/** One high of +∞ (the window extremes stay exact; the chunk takes the branchy path). */
function infiniteHigh(b: TestBars, at: number): TestBars {
  const high = b.high.slice();
  high[at] = Infinity;
  return { ...b, high };
}

const N = 13_000;
const series: [string, TestBars][] = [
  ['smooth', makeBars(N, 5)],
  ['coarse', coarse(makeBars(N, 6))],
  ['gap after two chunks', withNaN(makeBars(N, 7), 9000, 9001)],
  ['leading NaN', withNaN(makeBars(N, 8), 0, 37)],
  ['through zero', throughZero(makeBars(N, 10))],
  ['an infinite high', infiniteHigh(makeBars(N, 12), 6000)],
];

const cases: [string, Record<string, number>][] = [
  ['STOCH', {}],
  ['STOCH', { kPeriod: 5, slowK: 7, slowD: 2 }],
  ['STOCH', { kPeriod: 1, slowK: 2, slowD: 9 }],
  ['STOCH', { kPeriod: 30, slowK: 1, slowD: 3 }],
  ['STOCH', { kPeriod: 9, slowK: 3, slowD: 3, slowKMaType: 1 }],
  ['STOCHF', {}],
  ['STOCHF', { kPeriod: 1000, fastD: 3 }],
  ['STOCHF', { kPeriod: 2, fastD: 1 }],
  ['STOCHF', { kPeriod: 20, fastD: 5, fastDMaType: 2 }],
  ['STOCHRSI', {}],
  ['STOCHRSI', { period: 5, kPeriod: 1, fastD: 6 }],
  ['STOCHRSI', { period: 9, kPeriod: 25, fastD: 3, fastDMaType: 1 }],
  ['WILLR', {}],
  ['WILLR', { period: 2 }],
  ['WILLR', { period: 1000 }],
  ['DONCHIAN', {}],
  ['DONCHIAN', { period: 1 }],
  ['DONCHIAN', { period: 77 }],
  ['AROON', {}],
  ['AROON', { period: 2 }],
  ['AROON', { period: 100 }],
  ['AROONOSC', {}],
  ['AROONOSC', { period: 999 }],
  ['CCI', {}],
  ['CCI', { period: 2 }],
  ['CCI', { period: 7 }],
  ['CCI', { period: 33 }],
];

describe('chunked window-extreme indicators equal their streams over many chunks', () => {
  for (const [label, bars] of series) {
    it(label, () => {
      for (const [name, params] of cases) {
        const batch = computeIndicator(name, bars, params);
        const s = createStreaming(name, params);
        let values = 0;
        for (let i = 0; i < N; i++) {
          const v = s.update(barAt(bars, i));
          for (const o of s.outputs) {
            const a = v[o];
            const b = batch[o][i];
            if (!sameNumber(a, b)) expect({ name, params, bar: i, output: o, stream: a, batch: b }).toEqual({ name, params, bar: i, output: o, stream: b, batch: b });
            if (a === a) values++;
          }
        }
        expect(values, `${name} ${JSON.stringify(params)}`).toBeGreaterThan(0);
      }
    });
  }
});

describe('windows longer than a chunk (direct calls; the registry caps periods at 1000)', () => {
  const b = makeBars(N, 9);
  const expectSame = (batch: Float64Array, next: (i: number) => number) => {
    for (let i = 0; i < N; i++) {
      const a = next(i);
      if (!sameNumber(a, batch[i])) expect({ bar: i, stream: a, batch: batch[i] }).toEqual({ bar: i, stream: batch[i], batch: batch[i] });
    }
  };
  it('STOCHF 5000', () => {
    const r = stochf(b.high, b.low, b.close, 5000, 3);
    const s = new StochfStream(5000, 3);
    expectSame(r.d, (i) => (s.next(b.high[i], b.low[i], b.close[i]), s.d));
  });
  it('WILLR 4500', () => {
    const s = new WillrStream(4500);
    expectSame(willr(b.high, b.low, b.close, 4500), (i) => s.next(b.high[i], b.low[i], b.close[i]));
  });
  it('AROONOSC 4200', () => {
    const s = new AroonStream(4200);
    expectSame(aroonosc(b.high, b.low, 4200), (i) => s.next(b.high[i], b.low[i]));
  });
});

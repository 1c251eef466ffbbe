import type { BarLike } from './types';

/**
 * Deterministic test bars for the indicator tests and benchmarks: a seeded PRNG (mulberry32)
 * drives a random walk with an up-trend, a down-trend, an overnight-style gap and a flat run
 * (high = low = close, so ranges and deviations hit zero).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TestBars {
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** A second instrument's close, partly correlated with `close` (for CORREL and BETA). */
  benchmark: Float64Array;
}

export function makeBars(n: number, seed = 42, withEvents = true): TestBars {
  const rnd = mulberry32(seed);
  const b: TestBars = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    benchmark: new Float64Array(n),
  };
  let bench = 50;
  const t0 = Date.UTC(2024, 0, 1);
  let price = 100;
  const gapAt = Math.floor(n * 0.45);
  const flatFrom = Math.floor(n * 0.6);
  const flatTo = flatFrom + Math.min(40, Math.floor(n * 0.1));
  for (let i = 0; i < n; i++) {
    const phase = i / n;
    const drift = phase < 0.25 ? 0.002 : phase < 0.4 ? -0.003 : phase > 0.8 ? 0.001 : 0;
    const open = withEvents && i === gapAt ? price * 1.08 : price; // a gap: opens 8% above the last close
    let close: number;
    let high: number;
    let low: number;
    let volume = Math.round(1000 + rnd() * 9000);
    if (withEvents && i >= flatFrom && i < flatTo) {
      close = open;
      high = open;
      low = open;
      if (i % 7 === 0) volume = 0;
    } else {
      close = Math.max(1, open + open * (drift + (rnd() - 0.5) * 0.02));
      high = Math.max(open, close) + open * rnd() * 0.01;
      low = Math.min(open, close) - open * rnd() * 0.01;
      if (rnd() < 0.03) high = Math.max(open, close); // some bars close at the high
    }
    b.ts[i] = t0 + i * 3_600_000;
    b.open[i] = open;
    b.high[i] = high;
    b.low[i] = Math.min(low, open, close);
    b.close[i] = close;
    b.volume[i] = volume;
    price = close;
    bench = Math.max(1, bench * (1 + 0.5 * (close / open - 1) + (rnd() - 0.5) * 0.01));
    b.benchmark[i] = bench;
  }
  return b;
}

export function barAt(b: TestBars, i: number): BarLike & { benchmark: number } {
  return { ts: b.ts[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i], benchmark: b.benchmark[i] };
}

import { describe, expect, it } from 'vitest';
import { pivots, PivotsStream, PIVOT_ANCHORS, type PivotAnchor } from '../chart-studies';
import { mulberry32 } from '../testdata';
import { pivotsWasm, usePivotsWasm } from './pivots-kernel';
import { PIVOTS_WASM } from './pivots.wasm';
// @ts-expect-error -- a plain .mjs script without type declarations
import { pivotsWasmBytes } from '../../../scripts/gen-pivots-wasm.mjs';

// PIVOTS' batch path (runs of one period, levels written with fill, period extremes by the
// WebAssembly kernel or the scalar loop) must give PivotsStream's numbers bit for bit, with the
// kernel and without: random walks, ties, zeros of both signs, NaN gaps in every column, leading
// NaN, lengths around the 4096-bar chunks, timestamps that are irregular, fractional, unordered,
// negative, beyond Date's range or near period boundaries, and every anchor.

const DAY = 86_400_000;
const LEVELS = ['pp', 'r1', 's1', 'r2', 's2', 'r3', 's3'] as const;
type Cols = { ts: Float64Array; h: Float64Array; l: Float64Array; c: Float64Array };

function streamed(d: Cols, anchor: PivotAnchor): Record<(typeof LEVELS)[number], Float64Array> {
  const n = d.ts.length;
  const s = new PivotsStream(anchor);
  const r = Object.fromEntries(LEVELS.map((k) => [k, new Float64Array(n)])) as Record<(typeof LEVELS)[number], Float64Array>;
  for (let i = 0; i < n; i++) {
    s.next(d.ts[i], d.h[i], d.l[i], d.c[i]);
    for (const k of LEVELS) r[k][i] = s[k];
  }
  return r;
}

function batch(d: Cols, anchor: PivotAnchor, wasm: boolean) {
  usePivotsWasm(wasm);
  try {
    return pivots(d.ts, d.h, d.l, d.c, anchor);
  } finally {
    usePivotsWasm(true);
  }
}

function check(d: Cols, what: string): void {
  for (const anchor of PIVOT_ANCHORS) {
    const want = streamed(d, anchor);
    for (const wasm of [true, false]) {
      const got = batch(d, anchor, wasm);
      for (const k of LEVELS) {
        const x = got[k];
        const y = want[k];
        expect(x.length).toBe(y.length);
        for (let i = 0; i < x.length; i++) {
          if (!Object.is(x[i], y[i])) expect.fail(`${what} ${anchor} wasm=${wasm}: ${k}[${i}] batch ${x[i]} stream ${y[i]}`);
        }
      }
    }
  }
}

type Shape = 'random' | 'coarse' | 'zeros' | 'flat' | 'signed';
function bars(n: number, seed: number, shape: Shape, step: () => number, start = Date.UTC(2020, 0, 1)): Cols {
  const rnd = mulberry32(seed);
  const d: Cols = { ts: new Float64Array(n), h: new Float64Array(n), l: new Float64Array(n), c: new Float64Array(n) };
  let p = shape === 'zeros' ? 0 : 100;
  let t = start;
  for (let i = 0; i < n; i++) {
    if (shape === 'zeros') p = Math.round(rnd() * 4 - 2) / 2;
    else if (shape !== 'flat' || (i >> 5) % 3 === 0) p += rnd() - 0.5;
    let hi = p + rnd();
    let lo = p - rnd();
    let c = lo + (hi - lo) * rnd();
    if (shape === 'coarse') {
      hi = Math.round(hi * 2) / 2;
      lo = Math.round(lo * 2) / 2;
      c = Math.round(c * 2) / 2;
    } else if (shape === 'flat') {
      hi = lo = c = p;
    } else if (shape === 'zeros') {
      hi = rnd() < 0.6 ? (rnd() < 0.5 ? -0 : 0) : Math.max(p, 0);
      lo = rnd() < 0.6 ? (rnd() < 0.5 ? -0 : 0) : Math.min(p, 0);
      c = rnd() < 0.5 ? (rnd() < 0.5 ? -0 : 0) : p;
    }
    if (shape === 'signed') {
      // the extremes are zeros of either sign, reached after a period's first bar (which is not)
      const z = () => (rnd() < 0.5 ? -0 : 0);
      hi = rnd() < 0.2 ? -1 : z();
      lo = rnd() < 0.2 ? 1 : z();
      c = z();
    }
    d.ts[i] = t;
    d.h[i] = hi;
    d.l[i] = lo;
    d.c[i] = c;
    t += step();
  }
  return d;
}

const minute = () => 60_000;

describe('PIVOTS batch runs and WebAssembly period extremes', () => {
  it('the committed module is what the generator emits, and it compiles here', () => {
    expect(Array.from(PIVOTS_WASM)).toEqual(Array.from(pivotsWasmBytes()));
    // Node 20 has WebAssembly SIMD: the fast path must really be under test
    expect(pivotsWasm()).not.toBeNull();
  });

  it('random walks, ties, flat runs and signed zeros at chunk-boundary lengths', () => {
    let seed = 1;
    for (const shape of ['random', 'coarse', 'flat', 'zeros', 'signed'] as Shape[]) {
      for (const n of [0, 1, 2, 3, 17, 1439, 1440, 1441, 4095, 4096, 4097, 8191, 8193, 12_500]) {
        check(bars(n, seed++, shape, minute), `${shape} n=${n}`);
      }
    }
  });

  it('bar spacings: seconds, hours, random gaps, weekends, fractional and unordered stamps', () => {
    const rnd = mulberry32(99);
    const steps: [string, () => number][] = [
      ['seconds', () => 1000],
      ['hours', () => 3_600_000],
      ['days', () => DAY],
      ['random gaps', () => (rnd() < 0.01 ? Math.floor(rnd() * 5 * DAY) : 60_000)],
      ['fractional', () => 59_999.75 + rnd() * 0.5],
      ['unordered', () => (rnd() < 0.05 ? -Math.floor(rnd() * 2 * DAY) : 300_000)],
      ['short runs', () => (rnd() < 0.5 ? DAY : 1)],
    ];
    let seed = 200;
    for (const [what, step] of steps) {
      for (const n of [4097, 9000]) {
        check(bars(n, seed++, 'random', step), `${what} n=${n}`);
        check(bars(n, seed++, 'signed', step), `${what} signed zeros n=${n}`);
      }
    }
  });

  it('timestamps near boundaries, negative, early years and beyond the Date range', () => {
    const cases: [string, number, () => number][] = [
      ['half-ms around midnight', DAY * 18_000 - 2000.5, () => 0.5],
      ['before 1970', -10 * DAY - 30_000, () => 3_600_000],
      ['year 50', Date.UTC(2000, 0, 1) - 1950 * 365.25 * DAY, () => 6 * 3_600_000],
      ['beyond Date', 8.64e15 - 20 * DAY, () => DAY / 4],
      ['huge', 1e300, () => 1e285],
    ];
    let seed = 400;
    for (const [what, start, step] of cases) check(bars(5000, seed++, 'random', step, start), what);
  });

  it('NaN gaps in every column, leading NaN, infinities', () => {
    let seed = 500;
    for (const col of ['ts', 'h', 'l', 'c'] as const) {
      for (const at of [0, 1, 15, 16, 1000, 4095, 4096, 4097, 6000, 8999]) {
        const d = bars(9000, seed++, 'random', minute);
        d[col][at] = NaN;
        check(d, `NaN ${col}[${at}]`);
      }
      const d = bars(9000, seed++, 'coarse', minute);
      for (let i = 0; i < 100; i++) d[col][i] = NaN;
      check(d, `leading NaN in ${col}`);
    }
    const d = bars(9000, seed++, 'random', minute);
    d.h[3000] = Infinity;
    d.l[3001] = -Infinity;
    d.h[7000] = 1e308;
    d.h[7001] = 1e308;
    d.c[7002] = 1e308;
    check(d, 'infinities and overflowing sums');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ichimoku } from '../trend';
import { mulberry32 } from '../testdata';
import { ichimokuWasmAvailable, useIchimokuWasm } from './ichimoku-kernel';
import { ICHIMOKU_WASM } from './ichimoku.wasm';
// @ts-expect-error -- a plain .mjs script without type declarations
import { ichimokuWasmBytes } from '../../../scripts/gen-ichimoku-wasm.mjs';

// The WebAssembly kernel must give exactly the JS kernel's numbers: same bits, -0 and +0 kept
// apart, NaN where NaN. Series long enough for several staged chunks (4096 bars + look-back),
// lengths around the chunk boundaries, ties and flat runs, zeros of both signs, NaN gaps and
// periods that do (composed path) and do not (each-window path) nest.

type Lines = ReturnType<typeof ichimoku>;

function run(on: boolean, h: Float64Array, l: Float64Array, c: Float64Array, periods: number[]): Lines {
  useIchimokuWasm(on);
  try {
    return ichimoku(h, l, c, ...periods);
  } finally {
    useIchimokuWasm(true);
  }
}

function expectSame(a: Lines, b: Lines, what: string): void {
  for (const k of ['tenkan', 'kijun', 'spanA', 'spanB', 'chikou'] as const) {
    const x = a[k];
    const y = b[k];
    expect(x.length, `${what} ${k} length`).toBe(y.length);
    for (let i = 0; i < x.length; i++) {
      if (!Object.is(x[i], y[i])) expect.fail(`${what}: ${k}[${i}] wasm ${x[i]} js ${y[i]}`);
    }
  }
}

function walk(n: number, seed: number, shape: 'random' | 'coarse' | 'flat' | 'zeros'): { h: Float64Array; l: Float64Array; c: Float64Array } {
  const rnd = mulberry32(seed);
  const h = new Float64Array(n);
  const l = new Float64Array(n);
  const c = new Float64Array(n);
  let p = shape === 'zeros' ? 0 : 100;
  for (let i = 0; i < n; i++) {
    if (shape === 'flat' && (i >> 6) % 3 !== 0) {
      // long runs of one price: every window extreme ties
    } else if (shape === 'zeros') {
      p = Math.round(rnd() * 4 - 2) / 2;
    } else p += rnd() - 0.5;
    let hi = p + rnd();
    let lo = p - rnd();
    if (shape === 'coarse') {
      hi = Math.round(hi * 2) / 2;
      lo = Math.round(lo * 2) / 2;
    } else if (shape === 'flat') {
      hi = p;
      lo = p;
    } else if (shape === 'zeros') {
      // exact zeros of both signs, often the window's extreme on both sides
      hi = rnd() < 0.5 ? (rnd() < 0.5 ? -0 : 0) : Math.max(p, 0);
      lo = rnd() < 0.5 ? (rnd() < 0.5 ? -0 : 0) : Math.min(p, 0);
    }
    h[i] = hi;
    l[i] = lo;
    c[i] = (hi + lo) / 2;
  }
  return { h, l, c };
}

describe('ICHIMOKU WebAssembly kernel', () => {
  afterEach(() => useIchimokuWasm(true));

  it('is the generator output', () => {
    expect(Array.from(ICHIMOKU_WASM)).toEqual(Array.from(ichimokuWasmBytes() as Uint8Array));
  });

  it('runs here (Node 20 has WebAssembly SIMD), so the tests below compare two paths', () => {
    expect(ichimokuWasmAvailable()).toBe(true);
  });

  const periodSets = [
    [9, 26, 52],
    [7, 22, 44],
    [5, 5, 5],
    [1, 1, 1],
    [1, 3, 9],
    [4, 12, 36],
    [10, 11, 30],
    [9, 30, 60], // kijun > 3 tenkan: does not nest
    [26, 9, 52], // tenkan > kijun
    [20, 60, 400], // long windows: longer chunks
  ];
  const lengths = [1, 8, 51, 52, 53, 200, 4095, 4096, 4097, 4147, 4148, 8191, 8192, 8243, 8244, 12345, 20000];

  for (const shape of ['random', 'coarse', 'flat', 'zeros'] as const) {
    it(`${shape} series, lengths around chunk boundaries, periods ${periodSets.map((p) => p.join('/')).join(' ')}`, () => {
      for (const n of lengths) {
        const { h, l, c } = walk(n, n * 7 + shape.length, shape);
        for (const periods of periodSets) expectSame(run(true, h, l, c, periods), run(false, h, l, c, periods), `${shape} n=${n} ${periods.join('/')}`);
      }
    });
  }

  it('NaN gaps and leading NaNs', () => {
    const n = 20000;
    for (const [from, to] of [
      [0, 10],
      [0, 4200],
      [60, 61],
      [4100, 4101],
      [4147, 4150],
      [8190, 9000],
      [15000, 20000],
    ]) {
      for (const col of [0, 1, 2]) {
        const { h, l, c } = walk(n, from + 31 * to + col, 'random');
        [h, l, c][col].fill(NaN, from, to);
        for (const periods of [
          [9, 26, 52],
          [9, 30, 60],
          [3, 8, 20],
        ]) {
          expectSame(run(true, h, l, c, periods), run(false, h, l, c, periods), `NaN [${from}, ${to}) in column ${col}, ${periods.join('/')}`);
        }
      }
    }
  });

  it('infinite prices', () => {
    const { h, l, c } = walk(9000, 5, 'random');
    h[5000] = Infinity;
    l[6000] = -Infinity;
    h[7000] = -Infinity;
    l[7001] = Infinity;
    expectSame(run(true, h, l, c, [9, 26, 52]), run(false, h, l, c, [9, 26, 52]), 'infinities');
  });
});

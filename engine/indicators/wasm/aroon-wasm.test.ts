import { describe, expect, it } from 'vitest';
import { aroon, aroonosc, AroonStream } from '../oscillators';
import { mulberry32 } from '../testdata';
import { aroonWasmAvailable, useAroonWasm } from './aroon-kernel';
import { AROON_WASM } from './aroon.wasm';
// @ts-expect-error -- a plain .mjs script without type declarations
import { aroonWasmBytes } from '../../../scripts/gen-aroon-wasm.mjs';

// The WebAssembly kernel must give exactly the JS kernel's numbers (frame.ts's argSuffix and
// aroonBlock): same bits, NaN where NaN. Random walks, ties (coarse prices, flat runs), zeros of
// both signs, NaN gaps and leading NaN, lengths around the 4096-bar chunks and the p+1 blocks,
// periods from 2 to beyond a chunk; and AroonStream as a third opinion on the defaults.

type Shape = 'random' | 'coarse' | 'flat' | 'zeros';
function walk(n: number, seed: number, shape: Shape): { h: Float64Array; l: Float64Array } {
  const rnd = mulberry32(seed);
  const h = new Float64Array(n);
  const l = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    if (shape === 'zeros') p = Math.round(rnd() * 4 - 2) / 2;
    else if (shape !== 'flat' || (i >> 5) % 3 === 0) p += rnd() - 0.5;
    let hi = p + rnd();
    let lo = p - rnd();
    if (shape === 'coarse') {
      hi = Math.round(hi * 2) / 2;
      lo = Math.round(lo * 2) / 2;
    } else if (shape === 'flat') {
      hi = lo = p;
    } else if (shape === 'zeros') {
      hi = rnd() < 0.5 ? (rnd() < 0.5 ? -0 : 0) : Math.max(p, 0);
      lo = rnd() < 0.5 ? (rnd() < 0.5 ? -0 : 0) : Math.min(p, 0);
    }
    h[i] = hi;
    l[i] = lo;
  }
  return { h, l };
}

function both(on: boolean, h: Float64Array, l: Float64Array, p: number) {
  useAroonWasm(on);
  try {
    return { ...aroon(h, l, p), osc: aroonosc(h, l, p) };
  } finally {
    useAroonWasm(true);
  }
}

function same(x: Float64Array, y: Float64Array, what: string): void {
  expect(x.length, what).toBe(y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) expect.fail(`${what}[${i}]: ${x[i]} vs ${y[i]}`);
}

function check(h: Float64Array, l: Float64Array, p: number, what: string): void {
  const w = both(true, h, l, p);
  const j = both(false, h, l, p);
  same(w.up, j.up, `${what} p=${p} up`);
  same(w.down, j.down, `${what} p=${p} down`);
  same(w.osc, j.osc, `${what} p=${p} osc`);
}

describe('AROON WebAssembly kernel', () => {
  it('the committed module is what the generator emits, and it runs here', () => {
    expect(Array.from(AROON_WASM)).toEqual(Array.from(aroonWasmBytes()));
    expect(aroonWasmAvailable()).toBe(true);
  });

  it('random walks, ties, flat runs and signed zeros; chunk and block boundary lengths; many periods', () => {
    let seed = 1;
    for (const shape of ['random', 'coarse', 'flat', 'zeros'] as Shape[]) {
      for (const p of [2, 3, 14, 25, 100, 4095, 4096, 5000]) {
        for (const n of [0, 1, p, p + 1, p + 2, 2 * p + 7, p + 4095, p + 4096, p + 4097, p + 8192 + 3, 12_345]) {
          const { h, l } = walk(n, seed++, shape);
          check(h, l, p, `${shape} n=${n}`);
        }
      }
    }
  });

  it('NaN gaps, leading NaN', () => {
    let seed = 100;
    for (const p of [2, 14, 50]) {
      for (const at of [0, 1, p, p + 1, 4095, 4096, 4096 + p, 4097 + p, 7000]) {
        for (const side of ['h', 'l'] as const) {
          const d = walk(9000, seed++, 'random');
          d[side][at] = NaN;
          check(d.h, d.l, p, `NaN ${side}[${at}]`);
          for (let i = 0; i <= at && i < 300; i++) d[side][i] = NaN;
          check(d.h, d.l, p, `leading NaN ${side} to ${at}`);
        }
      }
    }
  });

  it('AroonStream agrees (default period)', () => {
    const { h, l } = walk(9000, 7, 'coarse');
    const w = both(true, h, l, 14);
    const s = new AroonStream(14);
    for (let i = 0; i < h.length; i++) {
      const o = s.next(h[i], l[i]);
      const warm = i < 14;
      expect(Object.is(w.up[i], warm ? NaN : s.up), `up[${i}]`).toBe(true);
      expect(Object.is(w.down[i], warm ? NaN : s.down), `down[${i}]`).toBe(true);
      expect(Object.is(w.osc[i], warm ? NaN : o), `osc[${i}]`).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { cci, CciStream, mfi, MfiStream, stoch, StochStream, stochrsi, StochRsiStream } from './index';
import { makeBars, type TestBars } from './testdata';
import { cciWasmAvailable, useCciWasm } from './wasm/cci-kernel';
import { CCI_WASM } from './wasm/cci.wasm';

// The fused batch passes (MFI's pass with a per-bar NaN check, and the others in this
// file) against the streams they must equal to the bit: random walks of chunk-boundary lengths,
// NaN gaps, leading NaN, ±∞ inputs, non-default periods.

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (a === b && a === 0);
}

function expectSame(got: Float64Array, want: Float64Array, label: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!same(got[i], want[i])) expect(`${label}[${i}] = ${got[i]}`).toBe(`${label}[${i}] = ${want[i]}`);
}

function withValue(b: TestBars, from: number, to: number, value: number, cols: (keyof TestBars)[] = ['high', 'low', 'close']): TestBars {
  const c: TestBars = { ...b };
  for (const k of cols) {
    const y = (b[k] as Float64Array).slice();
    y.fill(value, from, to);
    (c as unknown as Record<string, Float64Array>)[k] = y;
  }
  return c;
}

const LENGTHS = [0, 1, 2, 13, 14, 15, 16, 17, 300, 4095, 4096, 4097, 4111, 8192 + 15, 20000];

function cases(): [string, TestBars][] {
  const out: [string, TestBars][] = [];
  for (const n of LENGTHS) out.push([`walk ${n}`, makeBars(n, 7 + n)]);
  const long = makeBars(12000, 99);
  out.push(['NaN gap', withValue(long, 9000, 9010, NaN)]);
  out.push(['NaN volume', withValue(long, 5000, 5001, NaN, ['volume'])]);
  out.push(['leading NaN', withValue(long, 0, 37, NaN, ['high', 'low', 'close', 'volume'])]);
  out.push(['NaN early', withValue(long, 5, 6, NaN)]);
  out.push(['infinity', withValue(withValue(long, 4200, 4201, Infinity, ['high']), 4200, 4201, -Infinity, ['low'])]);
  return out;
}

describe('fused batch passes equal the streams to the bit', () => {
  for (const [name, b] of cases()) {
    for (const period of [2, 14, 33]) {
      it(`MFI ${name} p=${period}`, () => expectMfiLikeStream(b, period));
    }
  }
  // MFI's pass runs STEP (256) bars a call after the p+1 warm-up bars: ends and NaN bars on and
  // next to those boundaries, and a period longer than a step
  const long = makeBars(3000, 11);
  for (const period of [14, 300]) {
    for (const n of [period, period + 1, period + 2, period + 256, period + 257, period + 258, period + 513]) {
      it(`MFI ${n} bars (step ends) p=${period}`, () => expectMfiLikeStream(makeBars(n, n), period));
    }
    for (const at of [period + 1, period + 256, period + 257, period + 512]) {
      it(`MFI NaN at bar ${at} (step starts) p=${period}`, () => expectMfiLikeStream(withValue(long, at, at + 1, NaN, ['close']), period));
    }
  }
});

function expectMfiLikeStream(b: TestBars, period: number): void {
  const got = mfi(b.high, b.low, b.close, b.volume, period);
  const s = new MfiStream(period);
  const want = new Float64Array(b.close.length);
  for (let i = 0; i < want.length; i++) want[i] = s.next(b.high[i], b.low[i], b.close[i], b.volume[i]);
  expectSame(got, want, 'mfi');
}

describe('CCI: WebAssembly kernel, JS kernel and CciStream agree to the bit', () => {
  it('the kernel is available here (Node 20)', () => {
    expect(cciWasmAvailable()).toBe(true);
  });
  it('the committed bytes are what scripts/gen-cci-wasm.mjs generates', async () => {
    // @ts-expect-error plain .mjs script without types
    const gen = (await import('../../scripts/gen-cci-wasm.mjs')) as { cciWasmBytes(): Uint8Array };
    expect(Array.from(gen.cciWasmBytes())).toEqual(Array.from(CCI_WASM));
  });
  const coarse = (b: TestBars): TestBars => {
    const r = (x: Float64Array) => x.map((v) => Math.round(v * 2) / 2);
    return { ...b, high: r(b.high), low: r(b.low), close: r(b.close) };
  };
  const all = [...cases(), ['coarse (ties, flat windows)', coarse(makeBars(9000, 5))] as [string, TestBars]];
  for (const [name, b] of all) {
    for (const period of [2, 3, 20, 41]) {
      it(`CCI ${name} p=${period}`, () => {
        const wasm = cci(b.high, b.low, b.close, period);
        useCciWasm(false);
        let js: Float64Array;
        try {
          js = cci(b.high, b.low, b.close, period);
        } finally {
          useCciWasm(true);
        }
        const s = new CciStream(period);
        const want = new Float64Array(b.close.length);
        for (let i = 0; i < want.length; i++) want[i] = s.next(b.high[i], b.low[i], b.close[i]);
        expectSame(js, want, 'cci js');
        expectSame(wasm, want, 'cci wasm');
      });
    }
  }
});

describe('STOCHRSI (RSI up to the first NaN, no scan before) equals StochRsiStream to the bit', () => {
  const series = (b: TestBars) => b.close;
  const extra: [string, Float64Array][] = [];
  const base = makeBars(12000, 3).close;
  const gap = base.slice();
  gap.fill(NaN, 7000, 7005);
  extra.push(['NaN gap', gap]);
  for (const at of [0, 3, 13, 14, 15, 27, 28, 29]) {
    const y = base.slice(0, 400);
    y[at] = NaN;
    extra.push([`NaN at ${at}`, y]);
  }
  const lead = base.slice();
  lead.fill(NaN, 0, 21);
  extra.push(['leading NaN', lead]);
  const all: [string, Float64Array][] = [...cases().map(([n, b]) => [n, series(b)] as [string, Float64Array]), ...extra];
  for (const [name, x] of all) {
    for (const [period, kPeriod, fastD] of [[14, 14, 3], [5, 9, 4], [2, 2, 1]]) {
      it(`STOCHRSI ${name} (${period}, ${kPeriod}, ${fastD})`, () => {
        const got = stochrsi(x, period, kPeriod, fastD);
        const s = new StochRsiStream(period, kPeriod, fastD);
        const k = new Float64Array(x.length);
        const d = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) {
          s.next(x[i]);
          k[i] = s.k;
          d[i] = s.d;
        }
        expectSame(got.k, k, 'k');
        expectSame(got.d, d, 'd');
      });
    }
  }
});

import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { parseOhlcvCsv } from './parse-ohlcv';
import { parseRowsFast, type FastRowsPlan } from './parse-rows-fast';

// The fast pass reads digits four bytes at a time (parse-rows-fast.ts); these compare what it makes of numbers
// with Number(text), bit for bit, and with the general row loop.

const PLAN: FastRowsPlan = { roleOf: Int8Array.from([0, 1, 2, 3, 4, 5]), need: 6, delim: 44, unit: 'ms', direction: 0, volumeScale: 1 };
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Seeded LCG so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Each text as open, high, low and close of its own row (a zero volume), read by the fast pass. */
function readAsPrices(texts: string[]): Float64Array {
  const body = texts.map((t, i) => `${1000 + i},${t},${t},${t},${t},0`).join('\n') + '\n';
  const fast = parseRowsFast(bytes(body), 0, PLAN);
  expect(fast, 'the fast pass takes plain numbers').not.toBeNull();
  for (const f of ['high', 'low', 'close'] as const) expect(Array.from(fast!.bars[f])).toEqual(Array.from(fast!.bars.open));
  return fast!.bars.open;
}

function expectLikeNumber(texts: string[]) {
  const got = readAsPrices(texts);
  texts.forEach((t, i) => {
    // Object.is tells -0 from 0; toBe would not catch a last-bit difference any better than this.
    if (!Object.is(got[i], Number(t))) expect.fail(`${t}: read ${got[i]}, Number() gives ${Number(t)}`);
  });
}

function resultOrError<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    return String(e);
  }
}

describe('the fast pass reads numbers exactly as Number() does', () => {
  it('random prices with 0 to 8 decimals, both signs', () => {
    const r = rng(3);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = (r() - 0.3) * 10 ** Math.floor(r() * 9 - 2);
      texts.push(x.toFixed(Math.floor(r() * 9)));
    }
    expectLikeNumber(texts);
  });

  it('integers of every length up to 2^53, and around it', () => {
    const texts: string[] = [];
    for (let len = 1; len <= 16; len++) for (let d = 1; d <= 9; d++) texts.push(String(d).repeat(len));
    const r = rng(5);
    for (let i = 0; i < 2000; i++) texts.push(String(Math.floor(r() * 2 ** 53)));
    texts.push('9007199254740991', '9007199254740992', '9007199254740993', '9007199254740995', '18014398509481985', '99999999999999999999');
    texts.push('900719925474099.1', '90071992547409.93', '9007199254740.993', '0.9007199254740993', '4503599627370497.5');
    expectLikeNumber(texts);
  });

  it('leading zeros, explicit signs, a dot at either end, negative zero', () => {
    expectLikeNumber(['0', '00', '0000', '00000', '007', '000123.4500', '0.000001', '00000000000000000001', '0.1', '.5', '5.', '+7', '+0.25', '-0', '-0.0', '-00.000', '-123.456789', '+1234.5678', '-9007199254740991']);
  });

  it('a sign only in front: -.5 and +.5 read, anything else with signs or dots out of place is not plain', () => {
    expectLikeNumber(['-.5', '+.5', '-5.', '+0', '-9.', '+00.10']);
    for (const bad of ['+-5', '--5', '-+5', '5-', '.-5', '-', '+', '.', '-.', '1.2.3', '1..2', '-e5', '.e1', '5+']) {
      const body = `1000,${bad},2,0.5,1.5,3\n`;
      expect(parseRowsFast(bytes(body), 0, PLAN), bad).toBeNull();
      const file = bytes(`ts,open,high,low,close,volume\n${body}`);
      expect(resultOrError(() => parseOhlcvCsv(file)), bad).toEqual(resultOrError(() => parseOhlcvCsv(file, { fastRows: false })));
    }
  });

  it('every digit count on either side of the dot (runs that end inside, at and after a four-byte word)', () => {
    const texts: string[] = [];
    for (let a = 0; a <= 12; a++)
      for (let b = 0; b <= 12; b++) {
        if (a + b === 0) continue;
        texts.push(`${'987654321098'.slice(0, a)}${b ? '.' : ''}${'123456789012'.slice(0, b)}`);
      }
    expectLikeNumber(texts);
  });

  it('more than 22 decimals and exponents go to the general parser and still match', () => {
    expectLikeNumber(['1.25e2', '1E-3', '-2.5e+1', `1.${'0'.repeat(25)}1`, `0.${'3'.repeat(30)}`]);
  });

  it('a generated file: the same columns bit for bit as the row loop, a scientific-notation row included', () => {
    const r = rng(9);
    const lines = ['ts,open,high,low,close,volume'];
    let price = 50;
    for (let i = 0; i < 5000; i++) {
      const o = price;
      price = Math.max(0.0001, price * (1 + (r() - 0.5) * 0.02));
      const dp = Math.floor(r() * 9);
      // High rounded up and low down, so rounding to few decimals cannot put high under low.
      const high = Math.ceil(Math.max(o, price) * 1.001 * 10 ** dp) / 10 ** dp;
      const low = Math.floor(Math.min(o, price) * 0.999 * 10 ** dp) / 10 ** dp;
      const row = [String(1_700_000_000_000 + i * 60_000), o.toFixed(dp), high.toFixed(dp + 1), low.toFixed(dp), price.toFixed(dp), String(Math.round(r() * 1e6))];
      if (i === 2500) row[5] = '1.5e3';
      lines.push(row.join(','));
    }
    const b = bytes(lines.join('\n') + '\n');
    const start = lines[0].length + 1;
    expect(parseRowsFast(b, start, { ...PLAN, direction: 1 }), 'the fast pass reads this file itself').not.toBeNull();
    const fast = parseOhlcvCsv(b);
    const slow = parseOhlcvCsv(b, { fastRows: false });
    expect(fast.bars.volume[2500]).toBe(1500);
    for (const f of BAR_FIELDS) expect(new Uint32Array(fast.bars[f].buffer), f).toEqual(new Uint32Array(slow.bars[f].buffer));
    expect({ ...fast, bars: null }).toEqual({ ...slow, bars: null });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { parseOhlcvCsv, type ParseCsvOptions } from './parse-ohlcv';
import { parseRowsFast, type FastRowsPlan } from './parse-rows-fast';

const FIXTURES = new URL('../../../tests/fixtures/csv/', import.meta.url);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The parse with the fast pass allowed and with the general row loop only: bars bit for bit, or the same error. */
function outcome(b: Uint8Array, opts: ParseCsvOptions = {}) {
  try {
    const p = parseOhlcvCsv(b, opts);
    return { ok: true, rows: p.rows, reversed: p.reversed, skipped: p.skipped, problems: p.problems, format: p.timestampFormat, bits: BAR_FIELDS.map((f) => Array.from(new Uint32Array(p.bars[f].slice().buffer))), exactBuffers: BAR_FIELDS.every((f) => p.bars[f].byteLength === p.bars[f].buffer.byteLength) };
  } catch (e) {
    return { ok: false, error: String((e as Error).message), details: (e as { details?: unknown }).details };
  }
}

function expectSame(b: Uint8Array, opts: ParseCsvOptions = {}) {
  const fast = outcome(b, opts);
  expect(fast).toEqual(outcome(b, { ...opts, fastRows: false }));
  return fast;
}

const PLAN: FastRowsPlan = { roleOf: Int8Array.from([0, 1, 2, 3, 4, 5]), need: 6, delim: 44, unit: 'ms', direction: 0, volumeScale: 1 };
const body = (s: string) => bytes(s);

/** Seeded LCG so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * A number in one of the spellings files use: plain, signed, exponent, many decimals, a leading
 * dot; `wild` adds mantissas past 2^53 (the general parser), which change the value, so only for volumes.
 * Every spelling stays within 0.5 of x, so high − low ≥ 1 keeps the rows valid.
 */
function spell(x: number, r: () => number, wild = false): string {
  const k = Math.floor(r() * (wild ? 9 : 8));
  if (k === 0) return x.toExponential(6 + Math.floor(r() * 8));
  if (k === 1) return x.toExponential(7).replace('e+', 'E');
  if (k === 2) return (x >= 0 ? '+' : '') + x.toFixed(4);
  if (k === 3) return x.toFixed(Math.floor(r() * 12));
  if (k === 4) return x.toPrecision(17);
  if (k === 5) return `${x.toFixed(2)}${'0'.repeat(24)}`; // more than 22 decimals: the general parser
  if (k === 6) return x >= 0 && x < 1 ? x.toFixed(5).slice(1) : String(x); // .12345
  if (k === 7) return String(x);
  return `${Math.round(Math.abs(x))}12345678901234567`;
}

describe('parseRowsFast gives exactly what the row loop gives', () => {
  it('on every fixture (same bars bit for bit, or the same line-numbered error)', () => {
    const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const b = new Uint8Array(readFileSync(new URL(name, FIXTURES)));
      expectSame(b);
      expectSame(b, { skipBadRows: true });
    }
  });

  it('on random files: negative, exponent, signed, long and empty fields, CRLF, extra columns, both orders, other delimiters', () => {
    const r = rng(7);
    let clean = 0;
    for (let file = 0; file < 300; file++) {
      const delim = [',', ';', '\t'][file % 3];
      const crlf = r() < 0.3;
      const newestFirst = r() < 0.2;
      const extra = r() < 0.3;
      const broken = r() < 0.25;
      const unit = [1, 1000, 1_000_000][Math.floor(r() * 3)];
      const n = 1 + Math.floor(r() * 60);
      const lines: string[] = [`ts${delim}open${delim}high${delim}low${delim}close${delim}volume${extra ? `${delim}trades${delim}note` : ''}`];
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const ts = (1_600_000_000 + i * 60) * unit;
        const low = (r() - 0.3) * 10 ** Math.floor(r() * 6 - 2);
        const high = low + 1 + r() * 5;
        const open = low + (high - low) * r();
        const close = low + (high - low) * r();
        const volume = r() < 0.1 ? 0 : r() * 1e6;
        const f = [String(ts), spell(open, r), spell(high, r), spell(low, r), spell(close, r), spell(volume, r, true)];
        if (extra) f.push(String(Math.floor(r() * 100)), 'x');
        rows.push(f.join(delim));
      }
      if (newestFirst) rows.reverse();
      if (broken) {
        const at = Math.floor(r() * rows.length);
        const cells = rows[at].split(delim);
        cells[1 + Math.floor(r() * 5)] = ['', ' ', '1..2', '-', 'nan', '1e', '"3"'][Math.floor(r() * 7)];
        rows[at] = cells.join(delim);
      }
      const text = lines.concat(rows).join(crlf ? '\r\n' : '\n') + (r() < 0.7 ? (crlf ? '\r\n' : '\n') : '');
      const got = expectSame(bytes(text));
      if (got.ok) clean++;
      if (got.ok && !broken) {
        // …and the fast pass itself read it (the comparison above is not between the row loop and itself).
        const start = text.indexOf('\n') + 1;
        const plan = { ...PLAN, delim: delim.charCodeAt(0), unit: (['s', 'ms', 'us'] as const)[[1, 1000, 1_000_000].indexOf(unit)] };
        expect(parseRowsFast(bytes(text).subarray(start), 0, plan)?.rows).toBe(n);
      }
    }
    // Most files are clean, so the comparison is about numbers, not only about errors.
    expect(clean).toBeGreaterThan(150);
  });

  it('takes the clean files itself and gives up on anything that is not plain', () => {
    const ok = parseRowsFast(body('1000,1,2,0.5,1.5,3\n2000,-1.5e2,2E1,-3e+2,.5,4.\n3000,+1,2,1,1,0'), 0, PLAN);
    expect(ok?.rows).toBe(3);
    expect(Array.from(ok!.bars.open)).toEqual([1, -150, 1]);
    expect(Array.from(ok!.bars.close)).toEqual([1.5, 0.5, 1]);
    for (const bad of ['1000,1,2,0.5,1.5,\n', '1000,"1",2,0.5,1.5,3\n', '1000, 1,2,0.5,1.5,3\n', '1000,1,0.5,2,1.5,3\n', '1000,1,2,0.5,1.5,-3\n', '1000,1,2,0.5\n', '2000,1,2,0.5,1.5,3\n1000,1,2,0.5,1.5,3\n3000,1,2,0.5,1.5,3\n', '1000,1,2,0.5,1.5,3\n1000,1,2,0.5,1.5,3\n', '1000,1e999,2,0.5,1.5,3\n']) {
      expect(parseRowsFast(body(bad), 0, PLAN), bad).toBeNull();
    }
  });

  it('a big clean file: the fast pass and the row loop agree, and progress reaches the total', () => {
    const r = rng(11);
    const lines = ['timestamp,open,high,low,close,volume'];
    let price = 100;
    for (let i = 0; i < 80_000; i++) {
      const o = price;
      price = Math.max(0.01, price * (1 + (r() - 0.5) * 0.01));
      lines.push(`${1_700_000_000_000 + i * 60_000},${o.toFixed(6)},${(Math.max(o, price) * 1.001).toFixed(6)},${(Math.min(o, price) * 0.999).toFixed(6)},${price.toFixed(6)},${Math.round(r() * 1000)}`);
    }
    const b = bytes(lines.join('\n') + '\n');
    const fast = expectSame(b);
    expect(fast.ok && fast.exactBuffers).toBe(true);
    const seen: number[] = [];
    parseOhlcvCsv(b, { onProgress: (done, total) => seen.push(done / total) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });
});

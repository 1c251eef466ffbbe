import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { csvRowsKernel, IN_CAP, ROWS_CAP, useCsvRowsKernel } from './csv-rows-kernel';
import * as layout from './csv-rows.wasm';
import { readRowsFast, rowsCapacity, type FastRowsPlan } from './parse-rows-fast';
// @ts-expect-error -- a plain .mjs script without type declarations
import { csvWasmBytes, IN_AT, IN_CAP as GEN_IN_CAP, MAX_FIELDS, OUT_AT, POW10_AT, ROLES_AT, ROWS_CAP as GEN_ROWS_CAP, STATE_AT } from '../../../scripts/gen-csv-wasm.mjs';

// The WebAssembly kernel must read exactly what the JS pass reads: the same rows, the same bits,
// the same direction, and null where the JS pass gives up. It takes only the plainest rows and
// hands every other row to the JS pass, so these files mix both, around its stage (IN_CAP bytes)
// and its batch (ROWS_CAP rows).

const enc = new TextEncoder();
const PLAN: FastRowsPlan = { roleOf: Int8Array.from([0, 1, 2, 3, 4, 5]), need: 6, delim: 44, unit: 'ms', direction: 0, volumeScale: 1 };

function read(b: Uint8Array, plan: FastRowsPlan, kernel: boolean) {
  useCsvRowsKernel(kernel);
  try {
    const raw = readRowsFast(b, 0, plan);
    if (!raw) return null;
    // A digest of the bits: big files would make a slow comparison of arrays.
    const hash = createHash('sha256');
    for (const f of BAR_FIELDS) hash.update(new Uint8Array(raw.out[f].buffer, raw.out[f].byteOffset, raw.n * 8));
    return { n: raw.n, rows: raw.rows, direction: raw.direction, bits: raw.n <= 4 ? BAR_FIELDS.map((f) => Array.from(raw.out[f].subarray(0, raw.n), (x) => (Object.is(x, -0) ? '-0' : x))) : hash.digest('hex') };
  } finally {
    useCsvRowsKernel(true);
  }
}

function expectSame(text: string | Uint8Array, plan: FastRowsPlan = PLAN) {
  const b = typeof text === 'string' ? enc.encode(text) : text;
  const got = read(b, plan, true);
  expect(got).toEqual(read(b, plan, false));
  return got;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Spellings the kernel takes and ones it leaves to the JS pass; all within 0.5 of x. */
function spell(x: number, r: () => number): string {
  const k = Math.floor(r() * 12);
  if (k === 0) return x.toExponential(5);
  if (k === 1) return (x >= 0 ? '+' : '') + x.toFixed(3);
  if (k === 2) return x.toFixed(Math.floor(r() * 13));
  if (k === 3) return x.toPrecision(17); // 18 or more characters: the JS pass
  if (k === 4) return x.toPrecision(14); // 15 or 16 characters: either side of the kernel's limit
  if (k === 5) return x >= 0 && x < 1 ? x.toFixed(6).slice(1) : x.toFixed(1);
  if (k === 6) return `${x.toFixed(0)}.`;
  if (k === 7) return `000${x.toFixed(2)}`.replace('000-', '-000');
  return x.toFixed(6);
}

describe('the CSV rows kernel', () => {
  it('is the module scripts/gen-csv-wasm.mjs generates, with its layout', () => {
    expect(Array.from(layout.CSV_ROWS_WASM)).toEqual(Array.from(csvWasmBytes()));
    expect({ IN_AT: layout.IN_AT, IN_CAP: layout.IN_CAP, MAX_FIELDS: layout.MAX_FIELDS, OUT_AT: layout.OUT_AT, POW10_AT: layout.POW10_AT, ROLES_AT: layout.ROLES_AT, ROWS_CAP: layout.ROWS_CAP, STATE_AT: layout.STATE_AT }).toEqual({ IN_AT, IN_CAP: GEN_IN_CAP, MAX_FIELDS, OUT_AT, POW10_AT, ROLES_AT, ROWS_CAP: GEN_ROWS_CAP, STATE_AT });
    expect(csvRowsKernel()).not.toBeNull();
  });

  it('empty, blank and one-row bodies, and every way a field can end', () => {
    for (const text of ['', '\n', '\r\n', '\n\n\r\n', '1,1,2,0,1,1', '1,1,2,0,1,1\n', '1,1,2,0,1,1\r\n', '1,1,2,0,1,1\r', '1,1,2,0,1,1,extra,"q"\n', '1,1,2,0,1,1,\n', '\n1,1,2,0,1,1\n\n2,1,2,0,1,1', '1,1,2,0,1,1\r\n\r\n2,1,2,0,1,1\r\n']) {
      expectSame(text);
    }
  });

  it('odd fields: signs, dots, zeros, empty, NaN and infinities, quotes, spaces, exponents, long mantissas', () => {
    const fields = ['0', '-0', '+0', '-0.0', '.5', '5.', '-.5', '+.5', '.', '-', '+', '', ' 1', '1 ', '"1"', '1..2', '1.2.3', '--1', '+-1', '1-', 'nan', 'NaN', 'inf', '-Infinity', '1e3', '1E-3', '1e', '1e999', '0x10', '00000000000001', '000000000000001', '0000000000000001', '123456789012345', '1234567890123456', '9007199254740991', '9007199254740992', '900719925474099.3', '12345678901234567890', '0.000000000000001', '0.0000000000000001', '99999999999999.9', '1.7976931348623157e308', '5e-324'];
    for (const f of fields) {
      for (let col = 1; col < 6; col++) {
        const cells = ['1000', '1', '2', '0', '1', '1'];
        cells[col] = f;
        // high and low must stay apart for most spellings to count
        if (col === 2) cells[3] = '-1e300';
        if (col === 3) cells[2] = '1e300';
        expectSame(`${cells.join(',')}\n2000,1,2,0,1,1\n`);
        expectSame(`500,1,2,0,1,1\n${cells.join(',')}\n`);
      }
      expectSame(`${f},1,2,0,1,1\n`);
    }
  });

  it('times in seconds, milliseconds and microseconds: rounding, halves, negative times, both orders', () => {
    const r = rng(3);
    for (const unit of ['s', 'ms', 'us'] as const) {
      const plan = { ...PLAN, unit };
      for (const t of ['0.0005', '-0.0005', '0.0015', '-0.0015', '0.0004999', '-0.0004', '1.0005', '-1.0005', '1600000000.0005', '1600000000.123456', '4503599627370.4955', '-0', '0', '123456789.987', '999999999999999', '1e3']) {
        expectSame(`${t},1,2,0,1,1\n`, plan);
      }
      for (let file = 0; file < 40; file++) {
        const n = 1 + Math.floor(r() * 30);
        const down = r() < 0.3;
        const rows: string[] = [];
        let t = (r() - 0.5) * 2e9;
        for (let i = 0; i < n; i++) {
          t += (down ? -1 : 1) * (r() < 0.05 ? 0 : r() * 100);
          rows.push(`${t.toFixed(Math.floor(r() * 7))},1,2,0,1,1`);
        }
        expectSame(rows.join('\n') + '\n', plan);
      }
    }
  });

  it('random files: other delimiters and column orders, ignored columns, CRLF, broken rows', () => {
    const r = rng(9);
    let taken = 0;
    for (let file = 0; file < 300; file++) {
      const delim = [',', ';', '\t'][file % 3];
      const crlf = r() < 0.3;
      // Columns in a shuffled order with ignored ones among them.
      const order = [0, 1, 2, 3, 4, 5, -1, -1].sort(() => r() - 0.5).slice(0, 6 + Math.floor(r() * 3));
      while (order.length > 0 && order[order.length - 1] < 0) order.pop();
      for (let role = 0; role < 6; role++) if (!order.includes(role)) order.push(role);
      const plan = { ...PLAN, delim: delim.charCodeAt(0), roleOf: Int8Array.from(order), need: order.length, unit: (['s', 'ms', 'us'] as const)[file % 3], volumeScale: r() < 0.2 ? 100 : 1 };
      const n = 1 + Math.floor(r() * 80);
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const low = (r() - 0.3) * 10 ** Math.floor(r() * 6 - 2);
        const high = low + 1 + r() * 5;
        const v = [String(1_600_000_000 + i * 60), spell(low + r(), r), spell(high, r), spell(low, r), spell(low + r(), r), r() < 0.1 ? '0' : spell(r() * 1e6, r)];
        rows.push(order.map((role) => (role < 0 ? (r() < 0.5 ? 'x y' : '') : v[role])).join(delim) + (r() < 0.2 ? `${delim}tail` : ''));
      }
      if (r() < 0.2) rows.reverse();
      if (r() < 0.2) {
        const at = Math.floor(r() * rows.length);
        rows[at] = rows[at].replace(/[0-9]/, ['', ' ', '"', 'e', '..', '-'][Math.floor(r() * 6)]);
      }
      const text = rows.join(crlf ? '\r\n' : '\n') + (r() < 0.7 ? (crlf ? '\r\n' : '\n') : '');
      if (expectSame(text, plan)) taken++;
    }
    expect(taken).toBeGreaterThan(150);
  });

  it('across stages and batches: more rows than a batch, lines across the stage end, a line longer than the stage, many rows left to the JS pass', () => {
    const r = rng(5);
    // Short rows: a stage holds more rows than a batch.
    const short: string[] = [];
    for (let i = 0; i < ROWS_CAP * 4; i++) short.push(`${i},1,2,0,1,${i % 10}`);
    const shortText = short.join('\n');
    expect(shortText.length).toBeGreaterThan(IN_CAP);
    expect(expectSame(shortText)?.n).toBe(ROWS_CAP * 4);
    // Rows of varying length so stage ends fall everywhere; some need the JS pass.
    const mixed: string[] = [];
    let t = 1_700_000_000_000;
    for (let i = 0; i < 60_000; i++) {
      t += 60_000;
      const p = 100 + r() * 10;
      mixed.push(`${t},${spell(p, r)},${(p + 1).toFixed(Math.floor(r() * 8))},${(p - 1).toFixed(4)},${p.toFixed(6)},${Math.round(r() * 1e4)}${r() < 0.1 ? ',' + 'x'.repeat(Math.floor(r() * 200)) : ''}`);
    }
    const mixedText = mixed.join('\r\n');
    expect(mixedText.length).toBeGreaterThan(2 * IN_CAP);
    expect(expectSame(mixedText)?.n).toBe(60_000);
    // A line longer than the stage, between plain ones.
    expect(expectSame(`1,1,2,0,1,1\n2,1,2,0,1,1,${'x'.repeat(IN_CAP + 10)}\n3,1,2,0,1,1\n`)?.n).toBe(3);
    // Exponents on every row: the JS pass reads most of the file.
    const exps: string[] = [];
    for (let i = 0; i < 5000; i++) exps.push(`${i},1e0,2,0,1,${i % 7}`);
    expect(expectSame(exps.join('\n'))?.n).toBe(5000);
    // A bad row after many good ones, in a later stage.
    const bad = short.slice();
    bad[ROWS_CAP * 3 + 5] = bad[ROWS_CAP * 3 + 5].replace(',2,', ',-2,');
    expect(expectSame(bad.join('\n'))).toBeNull();
  });

  it('counts the lines to size the columns: exactly the rows of a file without blank lines, so no copy trims them', () => {
    const lines: string[] = [];
    for (let i = 0; i < 70_000; i++) lines.push(`${i},1.5,2.25,0.125,1,${i % 10}`);
    for (const [text, rows] of [
      [lines.join('\n') + '\n', 70_000],
      [lines.join('\r\n'), 70_000],
      ['', 0],
      ['1,1,2,0,1,1', 1],
      ['1,1,2,0,1,1\n\n2,1,2,0,1,1\n', 3],
    ] as const) {
      const b = enc.encode(text);
      expect(rowsCapacity(b, 0, PLAN), text.slice(0, 30)).toBe(rows);
    }
    const b = enc.encode(lines.join('\n'));
    expect(b.length).toBeGreaterThan(IN_CAP);
    const raw = readRowsFast(b, 0, PLAN)!;
    expect(raw.n).toBe(70_000);
    expect(raw.out.ts.length).toBe(70_000);
  });
});

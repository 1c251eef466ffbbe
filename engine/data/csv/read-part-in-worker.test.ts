import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { useCsvRowsKernel } from './csv-rows-kernel';
import { parseMarketCsv, type ParsedMarketCsv } from './parse-market-csv';
import { SPLIT_MIN_BYTES } from './parse-split';
import { parseMarketCsvThreaded } from './read-part-in-worker';

// The CLI's parse: one pass with the WebAssembly rows kernel; without it, a big file's second half
// read by a csv-rows-worker thread (the built bundle in out/engine; run from source without one,
// the part is read here). Either way the one-pass result.

function bigFile(): Uint8Array {
  const lines = ['ts,open,high,low,close,volume'];
  let size = 0;
  let price = 100;
  for (let i = 0; size < SPLIT_MIN_BYTES + 4096; i++) {
    const o = price;
    price *= 1 + Math.sin(i * 0.37) * 0.002;
    const line = `${1_600_000_000_000 + i * 60_000},${o.toFixed(6)},${(Math.max(o, price) + 0.01).toFixed(6)},${(Math.min(o, price) - 0.01).toFixed(6)},${price.toFixed(6)},${i % 1000}`;
    lines.push(line);
    size += line.length + 1;
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const bits = (p: ParsedMarketCsv) => BAR_FIELDS.map((f) => Buffer.from(p.bars[f].buffer, p.bars[f].byteOffset, p.bars[f].byteLength).toString('base64'));

describe('parseMarketCsvThreaded', () => {
  it('with the rows kernel and without it (two threads): the one-pass bars, exact buffers', async () => {
    const b = bigFile();
    const one = parseMarketCsv(b);
    for (const kernel of [true, false]) {
      useCsvRowsKernel(kernel);
      try {
        const p = await parseMarketCsvThreaded(b, {});
        expect(p.bars.ts.length).toBe(one.bars.ts.length);
        expect(bits(p)).toEqual(bits(one));
        expect(BAR_FIELDS.every((f) => p.bars[f].byteLength === p.bars[f].buffer.byteLength)).toBe(true);
      } finally {
        useCsvRowsKernel(true);
      }
    }
  }, 30_000);

  it('a bad row: the one-pass error either way', async () => {
    const b = new TextEncoder().encode('ts,open,high,low,close,volume\n1000,1,2,0.5,1.5,3\n2000,1,0.5,2,1.5,3\n');
    for (const kernel of [true, false]) {
      useCsvRowsKernel(kernel);
      try {
        await expect(parseMarketCsvThreaded(b, {})).rejects.toThrow(/line 3: high < low/);
      } finally {
        useCsvRowsKernel(true);
      }
    }
  });
});

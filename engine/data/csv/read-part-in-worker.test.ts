import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { parseMarketCsv, type ParsedMarketCsv } from './parse-market-csv';
import { SPLIT_MIN_BYTES } from './parse-split';
import { parseMarketCsvThreaded, startCsvRowsThread } from './read-part-in-worker';

// The CLI's parse: a big file's second half read by a csv-rows-worker thread, started by the
// caller ahead of time or not. The thread runs the built bundle (out/engine); run from source
// without one, the part is read here, and these tests still compare the results.

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
  const b = bigFile();
  const one = parseMarketCsv(b);

  it('with a thread started ahead, with none: the one-pass bars, exact buffers', async () => {
    for (const thread of [startCsvRowsThread(), null]) {
      const p = await parseMarketCsvThreaded(b, {}, thread);
      expect(p.bars.ts.length).toBe(one.bars.ts.length);
      expect(bits(p)).toEqual(bits(one));
      expect(BAR_FIELDS.every((f) => p.bars[f].byteLength === p.bars[f].buffer.byteLength)).toBe(true);
    }
  }, 30_000);

  it('a thread started for a file that turns out small is ended, and the parse is the one pass', async () => {
    const thread = startCsvRowsThread();
    const small = new TextEncoder().encode('ts,open,high,low,close,volume\n1000,1,2,0.5,1.5,3\n');
    const p = await parseMarketCsvThreaded(small, {}, thread);
    expect(p.bars.ts.length).toBe(1);
    if (thread) {
      if (!thread.exited) await new Promise((resolve) => thread.worker.once('exit', resolve));
      expect(thread.exited).toBe(true);
    }
  });
});

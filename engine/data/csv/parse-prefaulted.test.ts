import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { useCsvRowsKernel } from './csv-rows-kernel';
import { parseMarketCsv, type ParsedMarketCsv } from './parse-market-csv';
import { parseMarketCsvPrefaulted } from './parse-prefaulted';

// The CLI's one pass with the columns faulted in by a pool thread: the file read in two parts into
// columns sized by its lines must give parseMarketCsv's result bit for bit, or its error.
// minBytes 0 so that small files take this path too.

const enc = new TextEncoder();

async function outcome(p: () => ParsedMarketCsv | Promise<ParsedMarketCsv>) {
  try {
    const r = await p();
    return { ok: true, meta: { ...r, bars: null }, bits: BAR_FIELDS.map((f) => Buffer.from(r.bars[f].buffer, r.bars[f].byteOffset, r.bars[f].byteLength).toString('base64')), exact: BAR_FIELDS.every((f) => r.bars[f].byteLength === r.bars[f].buffer.byteLength) };
  } catch (e) {
    return { ok: false, error: (e as Error).message, details: (e as { details?: unknown }).details };
  }
}

async function expectSame(text: string) {
  const b = enc.encode(text);
  const got = await outcome(() => parseMarketCsvPrefaulted(b, {}, 0));
  expect(got).toEqual(await outcome(() => parseMarketCsv(b)));
  return got;
}

function rows(n: number, t0 = 1_700_000_000_000): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = 100 + Math.sin(i) * 5;
    out.push(`${t0 + i * 60_000},${p.toFixed(6)},${(p + 1).toFixed(6)},${(p - 1).toFixed(6)},${(p + 0.5).toFixed(4)},${i * 7}`);
  }
  return out;
}

const HEADER = 'ts,open,high,low,close,volume';

describe('parseMarketCsvPrefaulted: the one-pass result', () => {
  it('clean files: LF, CRLF, no final newline, newest first, one row; exact buffers', async () => {
    const r = rows(5000);
    for (const text of [[HEADER, ...r].join('\n') + '\n', [HEADER, ...r].join('\r\n') + '\r\n', [HEADER, ...r].join('\n'), [HEADER, ...r.slice().reverse()].join('\n') + '\n', `${HEADER}\n${r[0]}\n`]) {
      const got = await expectSame(text);
      expect(got.ok && got.exact).toBe(true);
    }
  });

  it('blank lines before and after the cut, a big file of blank lines', async () => {
    const r = rows(4000);
    r.splice(3500, 0, '', '\r');
    r.splice(200, 0, '');
    await expectSame([HEADER, ...r].join('\n') + '\n\n\n');
    await expectSame(`${HEADER}\n${rows(3).join('\n')}\n${'\n'.repeat(100_000)}`);
  });

  it('rows the kernel leaves to the JS pass, and bad rows before and after the cut: the one-pass errors', async () => {
    const r = rows(4000);
    r[3000] = r[3000].replace(/,(\d+)$/, ',7e2');
    r[100] = r[100].replace(/^(\d+),([^,]+)/, '$1,+$2');
    expect((await expectSame([HEADER, ...r].join('\n'))).ok).toBe(true);
    for (const at of [50, 3900]) {
      const bad = rows(4000);
      bad[at] = bad[at].replace(/,(\d+)$/, ',-5');
      expect((await expectSame([HEADER, ...bad].join('\n'))).ok).toBe(false);
      const unordered = rows(4000);
      unordered[at] = rows(1, 1_600_000_000_000)[0];
      expect((await expectSame([HEADER, ...unordered].join('\n'))).ok).toBe(false);
    }
    expect((await expectSame(`${HEADER}\n`)).ok).toBe(false);
  });

  it('without the kernel: the one pass', async () => {
    useCsvRowsKernel(false);
    try {
      await expectSame([HEADER, ...rows(3000)].join('\n'));
    } finally {
      useCsvRowsKernel(true);
    }
  });
});

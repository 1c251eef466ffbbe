import { describe, expect, it } from 'vitest';
import { BAR_FIELDS } from '../../model/bars';
import { parseMarketCsv, type ParsedMarketCsv } from './parse-market-csv';
import { readRowsFast } from './parse-rows-fast';
import { cutAfterLine, parseMarketCsvSplit, type PartReader } from './parse-split';

// The two-part parse with the second part read here (the worker runs the same readRowsFast on a
// copy); minBytes 0 so small files split too.

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A reader that records the part it was given and reads it the way the worker does. */
function recordingReader() {
  const parts: string[] = [];
  const read: PartReader = async (part, plan) => {
    parts.push(new TextDecoder().decode(part));
    return readRowsFast(part.slice(), 0, plan);
  };
  return { parts, read };
}

function outcome(p: () => ParsedMarketCsv | Promise<ParsedMarketCsv>) {
  return Promise.resolve()
    .then(p)
    .then(
      (r) => ({ ok: true as const, meta: { ...r, bars: null }, bits: BAR_FIELDS.map((f) => Array.from(new Uint32Array(r.bars[f].slice().buffer))), exact: BAR_FIELDS.every((f) => r.bars[f].byteLength === r.bars[f].buffer.byteLength) }),
      (e: Error & { details?: unknown }) => ({ ok: false as const, error: e.message, details: e.details }),
    );
}

/** Split and one-pass outcomes are the same; returns the split's parts. */
async function expectSameAsOnePass(b: Uint8Array) {
  const { parts, read } = recordingReader();
  const split = await outcome(() => parseMarketCsvSplit(b, {}, read, 0));
  expect(split).toEqual(await outcome(() => parseMarketCsv(b)));
  return { split, parts };
}

function rows(n: number, opts: { crlf?: boolean; newestFirst?: boolean; t0?: number } = {}): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = 100 + Math.sin(i) * 5;
    out.push(`${(opts.t0 ?? 1_700_000_000_000) + i * 60_000},${p.toFixed(6)},${(p + 1).toFixed(6)},${(p - 1).toFixed(6)},${(p + 0.5).toFixed(4)},${i * 7}`);
  }
  return opts.newestFirst ? out.reverse() : out;
}

const file = (lines: string[], eol = '\n') => bytes(['ts,open,high,low,close,volume', ...lines].join(eol) + eol);

describe('parseMarketCsvSplit: two halves, the one-pass result', () => {
  it('a clean file: same bars bit for bit, same counts, exact buffers; the second part starts on a line', async () => {
    const { split, parts } = await expectSameAsOnePass(file(rows(1000)));
    expect(split.ok && split.exact).toBe(true);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatch(/^\d{13},/);
  });

  it('the second half really comes from the reader (so the comparisons above are not one pass against itself)', async () => {
    const b = file(rows(1000));
    const marked: PartReader = async (part, plan) => {
      const raw = readRowsFast(part.slice(), 0, plan);
      raw!.out.volume[0] = -1;
      return raw;
    };
    const split = await parseMarketCsvSplit(b, {}, marked, 0);
    const one = parseMarketCsv(b);
    const at = Array.from(split.bars.volume).indexOf(-1);
    expect(at).toBeGreaterThan(400);
    expect(at).toBeLessThan(600);
    expect(one.bars.volume[at]).not.toBe(-1);
  });

  it('CRLF line ends, and a last line without one', async () => {
    const { parts } = await expectSameAsOnePass(file(rows(999), '\r\n'));
    expect(parts[0]).toMatch(/^\d{13},/);
    expect(parts[0].endsWith('\r\n')).toBe(true);
    const text = new TextDecoder().decode(file(rows(999), '\r\n')).replace(/\r\n$/, '');
    await expectSameAsOnePass(bytes(text));
  });

  it('blank lines in both halves: the one-pass bars (columns sized by the lines, then trimmed)', async () => {
    const lines = rows(1000);
    lines.splice(900, 0, '', '');
    lines.splice(100, 0, '');
    const { split } = await expectSameAsOnePass(file(lines));
    expect(split.ok && split.exact).toBe(true);
  });

  it('newest first: reversed into time order as one pass does', async () => {
    const { split } = await expectSameAsOnePass(file(rows(1001, { newestFirst: true })));
    expect(split.ok && (split.meta as { reversed: boolean }).reversed).toBe(true);
  });

  it('the middle landing exactly on a row boundary: that row is read once, in the right half', async () => {
    // Pad the last row's volume with leading zeros until the middle falls on a '\n', then on the first byte of a row.
    for (const want of ['newline', 'row start'] as const) {
      let hit: Uint8Array | null = null;
      for (let pad = 0; pad < 200 && !hit; pad++) {
        const lines = rows(400);
        lines[399] = lines[399].replace(/,(\d+)$/, (_, v: string) => `,${'0'.repeat(pad)}${v}`);
        const b = file(lines);
        const start = 'ts,open,high,low,close,volume\n'.length;
        const mid = start + ((b.length - start) >> 1);
        if (want === 'newline' ? b[mid] === 10 : b[mid - 1] === 10) hit = b;
      }
      expect(hit, want).not.toBeNull();
      const { split, parts } = await expectSameAsOnePass(hit!);
      expect(split.ok).toBe(true);
      expect(parts[0]).toMatch(/^\d{13},/);
      const text = new TextDecoder().decode(hit!);
      // Nothing lost or doubled at the cut: the two parts are the file.
      expect(text.endsWith(parts[0])).toBe(true);
    }
  });

  it('a malformed row in the second half: the one-pass error, with its line number', async () => {
    const lines = rows(1000);
    lines[800] = lines[800].replace(/^(\d+,[^,]+,[^,]+,)[^,]+/, '$1oops');
    const { split } = await expectSameAsOnePass(file(lines));
    expect(split.ok).toBe(false);
    expect((split as { error: string }).error).toMatch(/line 802: malformed number in column "low": "oops"/);
  });

  it('a malformed row in the first half, CRLF: the one-pass error', async () => {
    const lines = rows(1000);
    lines[10] = lines[10].replace(/,\d+$/, ',-5');
    const { split } = await expectSameAsOnePass(file(lines, '\r\n'));
    expect((split as { error: string }).error).toMatch(/line 12: negative volume/);
  });

  it('rows out of order or repeated across the cut: the one-pass error', async () => {
    const b = file(rows(1000));
    const start = 'ts,open,high,low,close,volume\n'.length;
    const cut = cutAfterLine(b, start + ((b.length - start) >> 1));
    const text = new TextDecoder().decode(b);
    const first = text.slice(0, cut);
    const second = text.slice(cut).split('\n');
    const lastOfFirst = first.trimEnd().split('\n').at(-1)!;
    // The second part's first row repeats the first part's last time.
    second[0] = `${lastOfFirst.split(',')[0]},${second[0].split(',').slice(1).join(',')}`;
    const { split } = await expectSameAsOnePass(bytes(first + second.join('\n')));
    expect((split as { error: string }).error).toMatch(/duplicate time/);
    // …or goes back one minute before it.
    second[0] = `${Number(lastOfFirst.split(',')[0]) - 60_000},${second[0].split(',').slice(1).join(',')}`;
    const again = await expectSameAsOnePass(bytes(first + second.join('\n')));
    expect((again.split as { error: string }).error).toMatch(/out of order/);
  });

  it('a reader that fails or gives up: the one-pass result', async () => {
    const b = file(rows(500));
    const want = await outcome(() => parseMarketCsv(b));
    expect(await outcome(() => parseMarketCsvSplit(b, {}, async () => null, 0))).toEqual(want);
    expect(await outcome(() => parseMarketCsvSplit(b, {}, () => Promise.reject(new Error('thread died')), 0))).toEqual(want);
    const cannotStart: PartReader = () => {
      throw new Error('no threads');
    };
    expect(await outcome(() => parseMarketCsvSplit(b, {}, cannotStart, 0))).toEqual(want);
  });

  it('small files, files with dates and Yahoo files stay with the one pass', async () => {
    const { read, parts } = recordingReader();
    await parseMarketCsvSplit(file(rows(100)), {}, read);
    await parseMarketCsvSplit(bytes('date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,3\n2024-01-02,1,2,0.5,1.5,3\n'), {}, read, 0);
    await parseMarketCsvSplit(bytes('Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,1,2,0.5,1.5,1.4,3\n2024-01-02,1,2,0.5,1.5,1.4,3\n'), {}, read, 0);
    expect(parts).toEqual([]);
  });

  it('cutAfterLine: after the next newline, never an empty second part', () => {
    const b = bytes('ab\ncd\nef\n');
    expect(cutAfterLine(b, 0)).toBe(3);
    expect(cutAfterLine(b, 2)).toBe(3);
    expect(cutAfterLine(b, 3)).toBe(6);
    expect(cutAfterLine(b, 7)).toBe(-1);
    expect(cutAfterLine(bytes('abc'), 0)).toBe(-1);
  });
});

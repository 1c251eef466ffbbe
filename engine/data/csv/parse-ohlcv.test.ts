import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../core/errors';
import { parseOhlcvCsv, previewCsv, type ParsedCsv } from './parse-ohlcv';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/csv/${name}`, import.meta.url)));
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** An independent reading of a simple CSV with string splitting, Number() and Date.parse(). */
function reference(text: string, delimiter = ','): { ts: number; o: number; h: number; l: number; c: number; v: number }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = lines[0].split(delimiter).map((h) => h.replace(/"/g, '').trim().toLowerCase());
  const col = (names: string[]) => head.findIndex((h) => names.includes(h));
  const [ti, oi, hi, li, ci, vi] = [col(['ts', 'timestamp', 'date', 'datetime']), col(['open']), col(['high']), col(['low']), col(['close']), col(['volume'])];
  return lines.slice(1).map((line) => {
    const f = line.split(delimiter).map((x) => x.replace(/"/g, '').trim());
    const raw = f[ti];
    let ts: number;
    if (/^\d+$/.test(raw)) {
      const v = Number(raw);
      ts = v < 1e11 ? v * 1000 : v < 1e14 ? v : Math.floor(v / 1000);
    } else {
      const s = raw.replace(/\//g, '-').replace(' ', 'T');
      ts = Date.parse(/Z$|[+-]\d\d:\d\d$/.test(s) || s.length === 10 ? s : `${s}Z`);
    }
    return { ts, o: Number(f[oi]), h: Number(f[hi]), l: Number(f[li]), c: Number(f[ci]), v: Number(f[vi]) };
  });
}

function rowsOf(p: ParsedCsv) {
  return Array.from(p.bars.ts, (ts, i) => ({ ts, o: p.bars.open[i], h: p.bars.high[i], l: p.bars.low[i], c: p.bars.close[i], v: p.bars.volume[i] }));
}

function badData(fn: () => unknown): { message: string; details: { problems: { line: number; message: string }[]; problemCount: number } } {
  try {
    fn();
  } catch (e) {
    if (isEngineError(e) && e.code === 'BAD_DATA') return e as never;
    throw e;
  }
  throw new Error('expected BAD_DATA');
}

describe('parseOhlcvCsv: fixtures against an independent reading', () => {
  it('epoch milliseconds, oldest first', () => {
    const p = parseOhlcvCsv(fixture('btcusdt-1h-epoch-ms.csv'));
    expect(p.timestampFormat).toBe('ms');
    expect(p.reversed).toBe(false);
    expect(p.rows).toBe(48);
    expect(rowsOf(p)).toEqual(reference(readFileSync(new URL('../../../tests/fixtures/csv/btcusdt-1h-epoch-ms.csv', import.meta.url), 'utf8')));
    expect(p.bars.ts[0]).toBe(Date.UTC(2024, 0, 1));
    expect(p.bars.ts[1] - p.bars.ts[0]).toBe(3_600_000);
  });

  it('ISO dates, newest first: reversed into time order', () => {
    const text = readFileSync(new URL('../../../tests/fixtures/csv/ethusdt-1d-iso-newest-first.csv', import.meta.url), 'utf8');
    const p = parseOhlcvCsv(bytes(text));
    expect(p.timestampFormat).toBe('iso');
    expect(p.reversed).toBe(true);
    expect(p.bars.ts[0]).toBe(Date.UTC(2024, 0, 1));
    expect(p.bars.ts[29]).toBe(Date.UTC(2024, 0, 30));
    expect(rowsOf(p)).toEqual(reference(text).reverse());
  });

  it('epoch seconds, columns in another order, extra columns, semicolons', () => {
    const text = readFileSync(new URL('../../../tests/fixtures/csv/aapl-15m-epoch-s-reordered.csv', import.meta.url), 'utf8');
    const p = parseOhlcvCsv(bytes(text));
    expect(p.timestampFormat).toBe('s');
    expect(rowsOf(p)).toEqual(reference(text, ';'));
    expect(p.bars.open[0]).toBe(101.5);
    expect(p.bars.volume[0]).toBe(17.056);
  });

  it('epoch microseconds', () => {
    const p = parseOhlcvCsv(fixture('doge-1m-epoch-us.csv'));
    expect(p.timestampFormat).toBe('us');
    expect(p.bars.ts[0]).toBe(Date.UTC(2024, 0, 1));
    expect(p.bars.ts[9]).toBe(Date.UTC(2024, 0, 1, 0, 9));
    expect(p.bars.open[0]).toBe(0.5123);
  });

  it('ISO date-time shapes: T or space, seconds or not, fractions, Z, offsets, slashes', () => {
    const p = parseOhlcvCsv(fixture('iso-datetime-shapes.csv'));
    expect(p.timestampFormat).toBe('iso');
    expect(Array.from(p.bars.ts)).toEqual([0, 1, 2, 3, 4, 5].map((h) => Date.UTC(2024, 0, 1, h)));
  });

  it('separate Date and Time columns (MetaTrader export, dotted dates)', () => {
    const p = parseOhlcvCsv(fixture('eurusd-m1-metatrader-date-time.csv'));
    expect(p.timestampFormat).toBe('iso');
    expect(Array.from(p.bars.ts)).toEqual([0, 1, 2, 3].map((m) => Date.UTC(2024, 0, 2, 0, m)));
    expect(p.bars.open[0]).toBe(1.1042);
    expect(p.bars.volume[3]).toBe(351);
    const e = badData(() => parseOhlcvCsv(bytes('Date,Time,Open,High,Low,Close,Volume\n2024-01-02,00:00,1,2,0,1,1\n2024-01-02,25:00,1,2,0,1,1\n')));
    expect(e.details.problems).toEqual([{ line: 3, message: 'bad time in column "Date" + "Time": "2024-01-02" + "25:00" (the file\'s times are dates and times of day (HH:MM[:SS]))' }]);
    expect(previewCsv(fixture('eurusd-m1-metatrader-date-time.csv')).detected).toEqual({ timestampColumn: 'Date + Time', timestampFormat: 'iso' });
  });

  it('CRLF line ends, a BOM and quoted fields', () => {
    const text = readFileSync(new URL('../../../tests/fixtures/csv/crlf-bom-quoted.csv', import.meta.url), 'utf8');
    const p = parseOhlcvCsv(fixture('crlf-bom-quoted.csv'));
    expect(p.rows).toBe(5);
    expect(rowsOf(p)).toEqual(reference(text));
  });
});

describe('parseOhlcvCsv: problems', () => {
  it('reports duplicates, high < low, malformed numbers and out-of-order rows with their line numbers', () => {
    const e = badData(() => parseOhlcvCsv(fixture('bad-rows.csv')));
    expect(e.message).toBe('4 problems in the file; first: line 5: duplicate time 2024-01-01T02:00:00.000Z (also on line 4)');
    expect(e.details.problemCount).toBe(4);
    expect(e.details.problems.map((p) => p.line)).toEqual([5, 8, 10, 12]);
    expect(e.details.problems[1].message).toBe('high < low (high 41865.72, low 42365.37)');
    expect(e.details.problems[2].message).toBe('malformed number in column "high": "abc"');
    expect(e.details.problems[3].message).toMatch(/^out of order: 2024-01-01T01:01:00.000Z comes before 2024-01-01T09:00:00.000Z \(line 11\)/);
  });

  it('skipBadRows drops the bad rows and lists them', () => {
    const p = parseOhlcvCsv(fixture('bad-rows.csv'), { skipBadRows: true });
    expect(p.rows).toBe(12);
    expect(p.skipped).toBe(4);
    expect(p.bars.ts.length).toBe(8);
    expect(p.problems.map((x) => x.line)).toEqual([5, 8, 10, 12]);
    for (let i = 1; i < p.bars.ts.length; i++) expect(p.bars.ts[i]).toBeGreaterThan(p.bars.ts[i - 1]);
    // The first of two rows with the same time is kept.
    expect(p.bars.open[2]).toBe(42222.04);
    expect(Array.from(p.bars.open)).not.toContain(42082.23);
  });

  it('out of order in a newest-first file is judged against that order', () => {
    const csv = 'ts,open,high,low,close,volume\n4000,1,2,0,1,1\n3000,1,2,0,1,1\n3500,1,2,0,1,1\n1000,1,2,0,1,1\n';
    const e = badData(() => parseOhlcvCsv(bytes(csv)));
    expect(e.details.problems).toEqual([{ line: 4, message: expect.stringMatching(/^out of order: .* comes after .* \(line 3\) in a file sorted newest first$/) }]);
    const p = parseOhlcvCsv(bytes(csv), { skipBadRows: true });
    expect(p.reversed).toBe(true);
    expect(Array.from(p.bars.ts)).toEqual([1_000_000, 3_000_000, 4_000_000]);
  });

  it('a misplaced second row does not turn the whole file "out of order"', () => {
    const csv = 'ts,open,high,low,close,volume\n1000,1,2,0,1,1\n500,1,2,0,1,1\n2000,1,2,0,1,1\n3000,1,2,0,1,1\n';
    const e = badData(() => parseOhlcvCsv(bytes(csv)));
    expect(e.details.problems.map((p) => p.line)).toEqual([3]);
  });

  it('malformed numbers of every kind', () => {
    for (const bad of ['', '1.2.3', '1,5', 'NaN', 'inf', '0x10', '--1', '1e', '.', '12abc']) {
      const field = bad.includes(',') ? `"${bad}"` : bad;
      const e = badData(() => parseOhlcvCsv(bytes(`ts,open,high,low,close,volume\n1000,${field},2,0,1,1\n`)));
      expect(e.details.problems[0]).toEqual({ line: 2, message: `malformed number in column "open": "${bad}"` });
    }
  });

  it('numbers in other spellings still read exactly', () => {
    const p = parseOhlcvCsv(bytes('ts,open,high,low,close,volume\n1000, 1.5 ,"2",+0.25,1e2,3.0E-3\n2000,-0,123456789012345678,0.1,0.30000000000000004,.5\n'));
    expect(Array.from(p.bars.open)).toEqual([1.5, -0]);
    expect(Array.from(p.bars.high)).toEqual([2, 123456789012345678]);
    expect(Array.from(p.bars.low)).toEqual([0.25, 0.1]);
    expect(Array.from(p.bars.close)).toEqual([100, 0.30000000000000004]);
    expect(Array.from(p.bars.volume)).toEqual([0.003, 0.5]);
  });

  it('a decimal comma in semicolon- or tab-separated files', () => {
    const p = parseOhlcvCsv(bytes('Date;Open;High;Low;Close;Volume\n2024-01-02;1,5;2,25;1;1,75;1000\n2024-01-03;1,75;2;1,5;1,8;1,5e3\n'));
    expect(Array.from(p.bars.open)).toEqual([1.5, 1.75]);
    expect(Array.from(p.bars.high)).toEqual([2.25, 2]);
    expect(Array.from(p.bars.volume)).toEqual([1000, 1500]);
    const tabs = parseOhlcvCsv(bytes('date\topen\thigh\tlow\tclose\tvolume\n2024-01-02\t0,1\t0,3\t0,1\t0,2\t7\n'));
    expect(tabs.bars.high[0]).toBe(0.3);
  });

  it('a row with too few fields, a bad time, negative volume', () => {
    const e = badData(() => parseOhlcvCsv(bytes('ts,open,high,low,close,volume\n1000,1,2,0,1,1\n2000,1,2\n2024-13-01,1,2,0,1,1\n4000,1,2,0,1,-5\n')));
    expect(e.details.problems).toEqual([
      { line: 3, message: 'expected at least 6 fields, found 3' },
      { line: 4, message: 'bad time in column "ts": "2024-13-01" (the file\'s times are epoch seconds)' },
      { line: 5, message: 'negative volume (-5)' },
    ]);
  });

  it('an empty file, a header without rows, a missing column, no header at all', () => {
    expect(badData(() => parseOhlcvCsv(fixture('empty.csv'))).message).toBe('the file is empty');
    expect(badData(() => parseOhlcvCsv(bytes('\n  \n'))).message).toBe('the file is empty');
    expect(badData(() => parseOhlcvCsv(fixture('header-only.csv'))).message).toBe('the file has a header (line 1) but no rows');
    const missing = badData(() => parseOhlcvCsv(fixture('missing-volume.csv')));
    expect(missing.message).toMatch(/^the header has no volume column \(it has "timestamp", "open", "high", "low", "close"\)/);
    expect(badData(() => parseOhlcvCsv(bytes('open,close\n1,2\n'))).message).toMatch(/no ts \(or timestamp, date, datetime\), no high, no low, no volume column/);
    expect(badData(() => parseOhlcvCsv(bytes('1704067200000,1,2,0,1,1\n'))).message).toMatch(/^the first line must be a header/);
  });

  it('lines ending in a bare CR get a clear refusal', () => {
    expect(badData(() => parseOhlcvCsv(bytes('ts,open,high,low,close,volume\r1000,1,2,0,1,1\r'))).message).toMatch(/bare carriage return/);
  });

  it('blank lines are skipped and line numbers still count them', () => {
    const e = badData(() => parseOhlcvCsv(bytes('ts,open,high,low,close,volume\n\n1000,1,2,0,1,1\n\n2000,1,0,2,1,1\n\n')));
    expect(e.details.problems).toEqual([{ line: 5, message: 'high < low (high 0, low 2)' }]);
  });

  it('a file without a final newline, and one row', () => {
    const p = parseOhlcvCsv(bytes('timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10'));
    expect(p.bars.ts.length).toBe(1);
    expect(p.bars.volume[0]).toBe(10);
    expect(p.reversed).toBe(false);
  });

  it('all rows bad with skipBadRows: an error, not an empty import', () => {
    expect(badData(() => parseOhlcvCsv(bytes('ts,open,high,low,close,volume\n1000,x,2,0,1,1\n'), { skipBadRows: true })).message).toMatch(/^no usable rows/);
  });

  it('reports progress up to the total', () => {
    const lines = ['ts,open,high,low,close,volume'];
    for (let i = 0; i < 200_000; i++) lines.push(`${1_700_000_000_000 + i * 60_000},1,2,0.5,1.5,3`);
    const b = bytes(lines.join('\n'));
    const seen: number[] = [];
    const p = parseOhlcvCsv(b, { onProgress: (done, total) => seen.push(done / total) });
    expect(p.bars.ts.length).toBe(200_000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it('returns arrays of exactly the bar count (their buffers can be transferred whole)', () => {
    const p = parseOhlcvCsv(fixture('bad-rows.csv'), { skipBadRows: true });
    expect(p.bars.close.buffer.byteLength).toBe(8 * 8);
  });
});

describe('previewCsv', () => {
  it('shows the first rows and what was detected', () => {
    const r = previewCsv(fixture('crlf-bom-quoted.csv'), 2);
    expect(r.header).toEqual(['timestamp', 'open', 'high', 'low', 'close', 'volume']);
    expect(r.rows).toEqual([
      ['1704067200000', '250.25', '251.25', '249.47', '249.97', '23.9708'],
      ['1704070800000', '249.97', '251.73', '249.32', '250.96', '33.3907'],
    ]);
    expect(r.detected).toEqual({ timestampColumn: 'timestamp', timestampFormat: 'ms' });
  });

  it('says what is wrong with the header', () => {
    const r = previewCsv(fixture('missing-volume.csv'));
    expect(r.header).toEqual(['timestamp', 'open', 'high', 'low', 'close']);
    expect(r.detected).toEqual({ error: expect.stringMatching(/no volume column/) });
    expect(previewCsv(fixture('empty.csv')).detected).toEqual({ error: 'the file is empty' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { isEngineError } from '../../engine/core/errors';
import { allocBarColumns, barsFromObjects, type Bar, type BarColumns } from '../../engine/model/bars';
import { CHUNK_BARS } from '../../engine/store/candles';
import { openStores, type Stores } from '../../engine/store/open-stores';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const BTC = instrumentId('BTC/USDT', 'binance');
const ETH = instrumentId('ETH/USDT', 'csv');

/** n one-minute bars from `start`, every `step` minutes, with prices that identify the bar and the write. */
function bars(n: number, start = T0, step = 1, tag = 0): BarColumns {
  const out: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const ts = start + i * step * MIN;
    const k = (ts - T0) / MIN;
    out.push({ ts, open: 100 + k + tag, high: 101 + k + tag, low: 99 + k + tag, close: 100.5 + k + tag, volume: k * 0.25 + tag });
  }
  return barsFromObjects(out);
}
const toObjects = (c: BarColumns) => Array.from(c.ts, (ts, i) => ({ ts, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] }));
const tsOf = (c: BarColumns) => Array.from(c.ts);

let dir: string;
let s: Stores;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'qd-candles-'));
  s = await openStores(dir);
});
afterEach(() => {
  s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CandleRepository', () => {
  it('round-trips bars across several chunks, bit for bit, in arrays of exactly the right length', () => {
    const n = CHUNK_BARS * 3 + 123;
    const b = bars(n, T0 + 17 * MIN);
    expect(s.candles.write(BTC, '1m', b)).toEqual({ inserted: n, replaced: 0 });
    const r = s.candles.read(BTC, '1m');
    expect(r.ts.length).toBe(n);
    expect(r.ts.buffer.byteLength).toBe(n * 8);
    for (const f of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Buffer.from(r[f].buffer).equals(Buffer.from(b[f].buffer)), f).toBe(true);
    expect(s.marketDb.prepare('select count(*) from candle_chunk').pluck().get()).toBeGreaterThanOrEqual(4);
  });

  it('ranges are half-open [from, to), also across chunk boundaries and between bars', () => {
    const b = bars(CHUNK_BARS * 2 + 10);
    s.candles.write(BTC, '1m', b);
    const r = s.candles.read(BTC, '1m', { from: b.ts[100], to: b.ts[200] });
    expect(r.ts.length).toBe(100);
    expect(r.ts[0]).toBe(b.ts[100]);
    expect(r.ts[99]).toBe(b.ts[199]);
    // The first chunk boundary (chunks are fixed spans of time from the epoch).
    const span = CHUNK_BARS * MIN;
    const edge = (Math.ceil(T0 / span) * span - T0) / MIN;
    expect(edge).toBeGreaterThan(5);
    const across = s.candles.read(BTC, '1m', { from: b.ts[edge - 5], to: b.ts[edge + 5] });
    expect(tsOf(across)).toEqual(tsOf(b).slice(edge - 5, edge + 5));
    const between = s.candles.read(BTC, '1m', { from: b.ts[10] + 1, to: b.ts[13] + 1 });
    expect(tsOf(between)).toEqual([b.ts[11], b.ts[12], b.ts[13]]);
    expect(tsOf(s.candles.read(BTC, '1m', { from: b.ts[edge - 1] - 0.5, to: b.ts[edge] + 0.5 }))).toEqual([b.ts[edge - 1], b.ts[edge]]);
    expect(s.candles.read(BTC, '1m', { from: b.ts[5], to: b.ts[5] }).ts.length).toBe(0);
    expect(s.candles.read(BTC, '1m', { to: b.ts[0] }).ts.length).toBe(0);
    expect(s.candles.read(BTC, '1m', { from: b.ts.at(-1)! + 1 }).ts.length).toBe(0);
    expect(s.candles.read(BTC, '1m', { from: b.ts.at(-1)! }).ts.length).toBe(1);
    expect(s.candles.read(BTC, '1m', { from: T0 - 1e9, to: T0 + 1e12 }).ts.length).toBe(b.ts.length);
  });

  it('limit keeps the first N after from; latest keeps the last N before to', () => {
    const b = bars(CHUNK_BARS + 500);
    s.candles.write(BTC, '1m', b);
    expect(tsOf(s.candles.read(BTC, '1m', { from: b.ts[7], limit: 3 }))).toEqual(tsOf(b).slice(7, 10));
    expect(tsOf(s.candles.read(BTC, '1m', { latest: true, limit: 3 }))).toEqual(tsOf(b).slice(-3));
    expect(tsOf(s.candles.read(BTC, '1m', { latest: true, limit: 5, to: b.ts[CHUNK_BARS + 2] }))).toEqual(tsOf(b).slice(CHUNK_BARS - 3, CHUNK_BARS + 2));
    const many = s.candles.read(BTC, '1m', { latest: true, limit: 1000, to: b.ts[CHUNK_BARS + 100] });
    expect(tsOf(many)).toEqual(tsOf(b).slice(CHUNK_BARS + 100 - 1000, CHUNK_BARS + 100));
    expect(toObjects(many)[0]).toEqual(toObjects(b)[CHUNK_BARS - 900]);
    // More than there is: everything in range.
    expect(s.candles.read(BTC, '1m', { latest: true, limit: 50, from: b.ts[10], to: b.ts[20] }).ts.length).toBe(10);
  });

  it('merges into existing bars: equal times are replaced, new ones inserted, and the counts say which', () => {
    s.candles.write(BTC, '1m', bars(1000));
    const second = bars(1000, T0 + 500 * MIN, 1, 7);
    expect(s.candles.write(BTC, '1m', second)).toEqual({ inserted: 500, replaced: 500 });
    const r = s.candles.read(BTC, '1m');
    expect(r.ts.length).toBe(1500);
    expect(r.open[499]).toBe(100 + 499);
    expect(r.open[500]).toBe(100 + 500 + 7);
    expect(r.open[1499]).toBe(100 + 1499 + 7);
    expect(s.candles.listSeries()[0]).toMatchObject({ count: 1500, firstTs: T0, lastTs: T0 + 1499 * MIN });
  });

  it('interleaves writes of alternate bars into one sorted series', () => {
    expect(s.candles.write(BTC, '1m', bars(3000, T0, 2))).toEqual({ inserted: 3000, replaced: 0 });
    expect(s.candles.write(BTC, '1m', bars(3000, T0 + MIN, 2))).toEqual({ inserted: 3000, replaced: 0 });
    const r = s.candles.read(BTC, '1m');
    expect(tsOf(r)).toEqual(tsOf(bars(6000)));
    expect(toObjects(r)).toEqual(toObjects(bars(6000)));
  });

  it('keeps series apart and summarises them', () => {
    s.candles.write(BTC, '1m', bars(10));
    s.candles.write(BTC, '1h', bars(5, T0, 60));
    s.candles.write(ETH, '1m', bars(3, T0 + 5 * MIN), { synthetic: true });
    const list = s.candles.listSeries();
    expect(list.map((x) => [x.instrumentId, x.timeframe, x.count])).toEqual([
      ['BTC/USDT@binance', '1h', 5],
      ['BTC/USDT@binance', '1m', 10],
      ['ETH/USDT@csv', '1m', 3],
    ]);
    expect(list[2]).toMatchObject({ symbol: 'ETH/USDT', venue: 'csv', firstTs: T0 + 5 * MIN, lastTs: T0 + 7 * MIN, synthetic: true });
    expect(list[0].synthetic).toBe(false);
    expect(typeof list[0].updatedAt).toBe('number');
    // Real data written into a synthetic series makes it real.
    s.candles.write(ETH, '1m', bars(1, T0 + 100 * MIN));
    expect(s.candles.getSeries(ETH, '1m')).toMatchObject({ synthetic: false, count: 4 });
    expect(s.candles.read(BTC, '1h').ts.length).toBe(5);
  });

  it('deletes a series and its chunks', () => {
    s.candles.write(BTC, '1m', bars(CHUNK_BARS * 2));
    s.candles.write(ETH, '1m', bars(10));
    expect(s.candles.deleteSeries(BTC, '1m')).toBe(true);
    expect(s.candles.deleteSeries(BTC, '1m')).toBe(false);
    expect(s.candles.read(BTC, '1m').ts.length).toBe(0);
    expect(s.candles.listSeries().map((x) => x.instrumentId)).toEqual(['ETH/USDT@csv']);
    expect(s.marketDb.prepare('select count(*) from candle_chunk').pluck().get()).toBe(1);
  });

  it('an unknown series reads as no bars', () => {
    expect(s.candles.read(BTC, '5m').ts.length).toBe(0);
    expect(s.candles.getSeries(BTC, '5m')).toBeNull();
  });

  it('refuses unsorted, duplicate or ragged bars and writes nothing', () => {
    const b = bars(10);
    b.ts[5] = b.ts[4];
    expectInvalid(() => s.candles.write(BTC, '1m', b), /bar 5 .* does not come after bar 4/);
    const c = bars(10);
    c.ts[3] = NaN;
    expectInvalid(() => s.candles.write(BTC, '1m', c), /bar 3 has no valid timestamp/);
    const d = bars(10);
    d.close = d.close.subarray(0, 9);
    expectInvalid(() => s.candles.write(BTC, '1m', d), /differ in length/);
    expect(s.candles.listSeries()).toEqual([]);
    expect(s.candles.write(BTC, '1m', allocBarColumns(0))).toEqual({ inserted: 0, replaced: 0 });
  });

  it('is one transaction: a write that fails half-way leaves the series as it was', () => {
    s.candles.write(BTC, '1m', bars(100));
    const before = toObjects(s.candles.read(BTC, '1m'));
    const infoBefore = s.candles.getSeries(BTC, '1m');
    expect(() =>
      s.candles.write(BTC, '1m', bars(CHUNK_BARS * 3, T0, 1, 9), {
        onProgress: (done) => {
          if (done > CHUNK_BARS) throw new Error('stop');
        },
      }),
    ).toThrow('stop');
    expect(toObjects(s.candles.read(BTC, '1m'))).toEqual(before);
    expect(s.candles.getSeries(BTC, '1m')).toEqual(infoBefore);
  });

  it('reports write progress chunk by chunk up to the total', () => {
    const seen: [number, number][] = [];
    s.candles.write(BTC, '1m', bars(CHUNK_BARS * 2 + 1), { onProgress: (d, t) => seen.push([d, t]) });
    // Chunks are fixed spans of time, so the first one is partial unless the bars start on a boundary.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every(([, t]) => t === CHUNK_BARS * 2 + 1)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0] - seen[i - 1][0]).toBeLessThanOrEqual(CHUNK_BARS);
    expect(seen.at(-1)![0]).toBe(CHUNK_BARS * 2 + 1);
  });

  it('daily, weekly and monthly series, and times before 1970', () => {
    const days = barsFromObjects([Date.UTC(1969, 11, 30), Date.UTC(1969, 11, 31), Date.UTC(1970, 0, 1), Date.UTC(1970, 0, 2)].map((ts, i) => ({ ts, open: i, high: i + 1, low: i, close: i, volume: 1 })));
    s.candles.write(BTC, '1d', days);
    expect(tsOf(s.candles.read(BTC, '1d', { from: Date.UTC(1969, 11, 31), to: Date.UTC(1970, 0, 2) }))).toEqual([Date.UTC(1969, 11, 31), Date.UTC(1970, 0, 1)]);
    const months = barsFromObjects([0, 1, 2, 3].map((m) => ({ ts: Date.UTC(2024, m, 1), open: m, high: m, low: m, close: m, volume: m })));
    s.candles.write(BTC, '1M', months);
    expect(s.candles.read(BTC, '1M', { latest: true, limit: 2 }).open).toEqual(new Float64Array([2, 3]));
  });

  it('a read-only second connection (a pool worker) sees committed bars', async () => {
    s.candles.write(BTC, '1m', bars(CHUNK_BARS + 1));
    const reader = await openStores(dir, { readonly: true });
    try {
      expect(reader.candles.read(BTC, '1m').ts.length).toBe(CHUNK_BARS + 1);
      s.candles.write(BTC, '1m', bars(1, T0 + (CHUNK_BARS + 1) * MIN));
      expect(reader.candles.read(BTC, '1m').ts.length).toBe(CHUNK_BARS + 2);
    } finally {
      reader.close();
    }
  });
});

function expectInvalid(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(isEngineError(e) && e.code).toBe('INVALID_INPUT');
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected INVALID_INPUT');
}

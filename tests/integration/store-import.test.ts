import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../engine/core/errors';
import { parseOhlcvCsv } from '../../engine/data/csv/parse-ohlcv';
import { importCsvFile } from '../../engine/data/import-csv';
import { openStores, type Stores } from '../../engine/store/open-stores';
import { instrumentId } from '../../shared/ids';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));

let dir: string;
let s: Stores;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'qd-import-'));
  s = await openStores(dir);
});
afterEach(() => {
  s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}

const snapshot = (st: Stores) => ({
  series: st.candles.listSeries().map(({ updatedAt: _, ...x }) => x),
  chunks: st.marketDb.prepare('select series_id, bucket, n, hex(data) as data from candle_chunk order by series_id, bucket').all(),
});

describe('importCsvFile', () => {
  it('imports a file into SYMBOL@csv and stores exactly what the parser read', async () => {
    const phases: string[] = [];
    const r = await importCsvFile(s, fixture('btcusdt-1h-epoch-ms.csv'), {
      symbol: 'BTC/USDT',
      timeframe: '1h',
      onProgress: (phase, done, total) => {
        if (phases.at(-1) !== phase) phases.push(phase);
        expect(done).toBeLessThanOrEqual(total);
      },
    });
    expect(r).toEqual({
      instrumentId: 'BTC/USDT@csv',
      timeframe: '1h',
      bars: 48,
      inserted: 48,
      replaced: 0,
      problems: [],
      reversed: false,
      firstTs: Date.UTC(2024, 0, 1),
      lastTs: Date.UTC(2024, 0, 2, 23),
    });
    expect(phases).toEqual(['read', 'parse', 'write']);
    const expected = parseOhlcvCsv(new Uint8Array(readFileSync(fixture('btcusdt-1h-epoch-ms.csv')))).bars;
    expect(s.candles.read(r.instrumentId, '1h')).toEqual(expected);
    expect(s.candles.listSeries()[0]).toMatchObject({ instrumentId: 'BTC/USDT@csv', count: 48, synthetic: false });
  });

  it('a venue given is used (lower-cased); a file sorted newest first is stored oldest first', async () => {
    const r = await importCsvFile(s, fixture('ethusdt-1d-iso-newest-first.csv'), { symbol: 'ETH/USDT', venue: 'Binance', timeframe: '1d' });
    expect(r).toMatchObject({ instrumentId: 'ETH/USDT@binance', reversed: true, bars: 30, firstTs: Date.UTC(2024, 0, 1), lastTs: Date.UTC(2024, 0, 30) });
    const ts = s.candles.read(instrumentId('ETH/USDT', 'binance'), '1d').ts;
    expect(ts[0]).toBe(Date.UTC(2024, 0, 1));
    expect(ts[29]).toBe(Date.UTC(2024, 0, 30));
  });

  it('importing the same file again replaces every bar and adds none', async () => {
    await importCsvFile(s, fixture('aapl-15m-epoch-s-reordered.csv'), { symbol: 'AAPL', timeframe: '15m' });
    const again = await importCsvFile(s, fixture('aapl-15m-epoch-s-reordered.csv'), { symbol: 'AAPL', timeframe: '15m' });
    expect(again).toMatchObject({ inserted: 0, replaced: 20, bars: 20 });
    expect(s.candles.getSeries(instrumentId('AAPL', 'csv'), '15m')?.count).toBe(20);
  });

  it('a file with problems commits nothing, even into an existing series', async () => {
    await importCsvFile(s, fixture('btcusdt-1h-epoch-ms.csv'), { symbol: 'BTC/USDT', timeframe: '1h' });
    const before = snapshot(s);
    const e = await failure(importCsvFile(s, fixture('bad-rows.csv'), { symbol: 'BTC/USDT', timeframe: '1h' }));
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toBe('4 problems in the file; first: line 5: duplicate time 2024-01-01T02:00:00.000Z (also on line 4)');
    expect((e.details as { problems: { line: number }[] }).problems.map((p) => p.line)).toEqual([5, 8, 10, 12]);
    expect(snapshot(s)).toEqual(before);
  });

  it('skip bad rows: imports the good rows and lists the bad ones', async () => {
    const r = await importCsvFile(s, fixture('bad-rows.csv'), { symbol: 'BTC/USDT', timeframe: '1h', skipBadRows: true });
    expect(r.bars).toBe(8);
    expect(r.inserted).toBe(8);
    expect(r.problems.map((p) => p.line)).toEqual([5, 8, 10, 12]);
    expect(s.candles.read(r.instrumentId, '1h').ts.length).toBe(8);
  });

  it('clear errors for a missing column, an empty file, a missing file and a bad symbol', async () => {
    const missing = await failure(importCsvFile(s, fixture('missing-volume.csv'), { symbol: 'X', timeframe: '1m' }));
    expect(missing.code).toBe('BAD_DATA');
    expect(missing.message).toMatch(/no volume column/);
    expect((await failure(importCsvFile(s, fixture('empty.csv'), { symbol: 'X', timeframe: '1m' }))).message).toBe('the file is empty');
    expect((await failure(importCsvFile(s, fixture('header-only.csv'), { symbol: 'X', timeframe: '1m' }))).message).toMatch(/but no rows/);
    expect((await failure(importCsvFile(s, path.join(dir, 'nope.csv'), { symbol: 'X', timeframe: '1m' }))).code).toBe('NOT_FOUND');
    expect((await failure(importCsvFile(s, fixture('btcusdt-1h-epoch-ms.csv'), { symbol: 'BTC USDT', timeframe: '1h' }))).code).toBe('INVALID_INPUT');
    expect((await failure(importCsvFile(s, fixture('btcusdt-1h-epoch-ms.csv'), { symbol: 'BTC@X', timeframe: '1h' }))).code).toBe('INVALID_INPUT');
    expect(s.candles.listSeries()).toEqual([]);
  });

  it('a larger file with CRLF line ends round-trips through parse and store', async () => {
    const lines = ['Date,Open,High,Low,Close,Volume'];
    const t0 = Date.UTC(2020, 0, 1);
    for (let i = 0; i < 50_000; i++) {
      const p = (20_000 + Math.sin(i / 50) * 500).toFixed(2);
      lines.push(`${new Date(t0 + i * 60_000).toISOString()},${p},${(Number(p) + 10).toFixed(2)},${(Number(p) - 10).toFixed(2)},${p},${(i % 97) / 4}`);
    }
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const r = await importCsvFile(s, file, { symbol: 'BTCUSD', timeframe: '1m' });
    expect(r).toMatchObject({ bars: 50_000, inserted: 50_000, firstTs: t0, lastTs: t0 + 49_999 * 60_000 });
    const back = s.candles.read(r.instrumentId, '1m', { from: t0 + 1000 * 60_000, limit: 1 });
    expect(back.close[0]).toBe(Number((20_000 + Math.sin(1000 / 50) * 500).toFixed(2)));
    expect(back.volume[0]).toBe((1000 % 97) / 4);
  });
});

// Importing the CSV layouts traders have through the contract: detection, preview, adjustment
// factors applied when reading, and a bad file that leaves nothing behind.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { startTestEngine, type TestEngine } from '../support/test-engine';

const DIR = resolve(__dirname, '../fixtures/market-data');
const path = (name: string) => ({ kind: 'path' as const, path: join(DIR, name) });
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('market data import formats', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine('in-process');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('previews a headerless Binance dump under the header it is read with', async () => {
    const p = await t.client.call('data.preview', { source: path('binance-BTCUSDT-1h-2024-01-01.csv'), rows: 2 });
    expect(p.format).toBe('binance');
    expect(p.header.slice(0, 6)).toEqual(['open_time', 'open', 'high', 'low', 'close', 'volume']);
    expect(p.rows).toHaveLength(2);
    expect(p.detected).toEqual({ timestampColumn: 'open_time', timestampFormat: 'ms' });
  });

  it('imports Tushare bars (lots → shares) and factors; data.bars adjusts forward and backward on read', async () => {
    const bars = await t.client.job('data.import', { source: path('tushare-000001.SZ-daily.csv'), symbol: '000001.SZ', venue: 'szse', timeframe: '1d' });
    expect(bars).toMatchObject({ format: 'tushare', bars: 4, reversed: true, factors: 0, firstTs: day(2024, 1, 2) });
    const factors = await t.client.job('data.import', { source: path('tushare-000001.SZ-adj_factor.csv'), symbol: '000001.SZ', venue: 'szse', timeframe: '1d' });
    expect(factors).toMatchObject({ format: 'adj-factor', bars: 0, factors: 4 });

    const id = '000001.SZ@szse' as never;
    const raw = await t.client.call('data.bars', { instrumentId: id, timeframe: '1d' });
    expect(raw.close).toEqual([9.21, 9.2, 9.28, 9.33]);
    expect(raw.volume[3]).toBeCloseTo(158109306, 2);
    // Factors 100, 100, 110, 110: forward scales the first two by 100/110, backward the last two by 110/100.
    const fwd = await t.client.call('data.bars', { instrumentId: id, timeframe: '1d', adjust: 'forward' });
    expect(fwd.close.map((c) => +c.toFixed(6))).toEqual([+(9.21 / 1.1).toFixed(6), +(9.2 / 1.1).toFixed(6), 9.28, 9.33]);
    const bwd = await t.client.call('data.bars', { instrumentId: id, timeframe: '1d', adjust: 'backward' });
    expect(bwd.close.map((c) => +c.toFixed(6))).toEqual([9.21, 9.2, +(9.28 * 1.1).toFixed(6), +(9.33 * 1.1).toFixed(6)]);
    expect(bwd.volume).toEqual(raw.volume);
  });

  it('imports Yahoo, TradingView and akshare files, each recognised', async () => {
    const y = await t.client.job('data.import', { source: path('yahoo-AAPL-1d.csv'), symbol: 'AAPL', venue: 'yahoo', timeframe: '1d' });
    expect(y).toMatchObject({ format: 'yahoo', bars: 6, factors: 2 });
    const fwd = await t.client.call('data.bars', { instrumentId: 'AAPL@yahoo' as never, timeframe: '1d', adjust: 'forward', limit: 1 });
    expect(fwd.close[0]).toBeCloseTo(187.442627, 4);
    const tv = await t.client.job('data.import', { source: path('tradingview-NASDAQ_AAPL-1D.csv'), symbol: 'AAPL', venue: 'nasdaq', timeframe: '1d' });
    expect(tv).toMatchObject({ format: 'tradingview', bars: 3, firstTs: day(2024, 2, 2) });
    const ak = await t.client.job('data.import', { source: path('akshare-600519-daily.csv'), symbol: '600519', venue: 'sse', timeframe: '1d' });
    expect(ak).toMatchObject({ format: 'akshare', bars: 3, firstTs: day(2024, 1, 2), lastTs: day(2024, 1, 4) });
  });

  it('an unreadable file: BAD_DATA with line numbers, nothing imported', async () => {
    const before = await t.client.call('data.instruments', {});
    const e = await t.client
      .job('data.import', { source: path('binance-bad-row.csv'), symbol: 'BTC/USDT', venue: 'binance', timeframe: '1h' })
      .then(() => null, (err: unknown) => err as ContractCallError);
    expect(e?.code).toBe('BAD_DATA');
    expect((e?.details as { problems: { line: number; message: string }[] }).problems[0]).toEqual({ line: 2, message: 'malformed number in column "low": "oops"' });
    expect(await t.client.call('data.instruments', {})).toEqual(before);
  });
});

// Yahoo Finance downloads (v8 chart endpoint) against recorded responses served on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { startYahooFixtureServer, type YahooFixtureServer } from '../fixtures/market-data/yahoo-server';
import { startTestEngine, type TestEngine } from '../support/test-engine';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const AAPL = 'AAPL@yahoo' as never;

describe('data.download from Yahoo Finance', () => {
  let yahoo: YahooFixtureServer;
  let t: TestEngine;
  beforeAll(async () => {
    yahoo = await startYahooFixtureServer();
    t = await startTestEngine('in-process');
  });
  afterAll(async () => {
    await t?.close();
    await yahoo?.close();
  });

  it('downloads daily bars on their UTC dates, skips null rows, stores the dividend factor', async () => {
    const r = await t.client.job('data.download', { exchange: 'yahoo', symbol: 'AAPL', timeframe: '1d', from: day(2024, 2, 5), to: day(2024, 2, 13), baseUrl: yahoo.baseUrl });
    expect(r).toMatchObject({ instrumentId: 'AAPL@yahoo', fetched: 6, inserted: 6, requests: 1, unavailable: 2 }); // the weekend
    const req = yahoo.requests.at(-1)!;
    expect(req.pathname).toBe('/v8/finance/chart/AAPL');
    expect(Object.fromEntries(['period1', 'period2', 'interval'].map((k) => [k, req.searchParams.get(k)]))).toEqual({ period1: String(day(2024, 2, 5) / 1000), period2: String(day(2024, 2, 13) / 1000), interval: '1d' });

    const bars = await t.client.call('data.bars', { instrumentId: AAPL, timeframe: '1d' });
    expect(bars.ts).toEqual([day(2024, 2, 5), day(2024, 2, 6), day(2024, 2, 7), day(2024, 2, 8), day(2024, 2, 9), day(2024, 2, 12)]);
    expect(bars.close).toEqual([187.679993, 189.300003, 189.410004, 188.320007, 188.850006, 187.149994]);
    expect(bars.volume[0]).toBe(69668800);
    // Forward adjustment reproduces Yahoo's adjclose before the 2024-02-09 dividend.
    const fwd = await t.client.call('data.bars', { instrumentId: AAPL, timeframe: '1d', adjust: 'forward' });
    expect(fwd.close[0]).toBeCloseTo(187.442627, 4);
    expect(fwd.close[5]).toBe(187.149994);
  });

  it('asks again only for what is missing and waits out a 429', async () => {
    yahoo.rateLimit(1);
    const r = await t.client.job('data.download', { exchange: 'yahoo', symbol: 'AAPL', timeframe: '1d', from: day(2024, 2, 5), to: day(2024, 2, 13), baseUrl: yahoo.baseUrl });
    expect(r.missing).toEqual([{ from: day(2024, 2, 10), to: day(2024, 2, 12) }]);
    expect(r).toMatchObject({ inserted: 0, replaced: 0, retries: 1, requests: 2 });
  });

  it('an unknown symbol or timeframe is a clear error', async () => {
    const e = await t.client
      .job('data.download', { exchange: 'yahoo', symbol: 'NOPE', timeframe: '1d', from: day(2024, 2, 5), to: day(2024, 2, 13), baseUrl: yahoo.baseUrl })
      .then(() => null, (x: unknown) => x as ContractCallError);
    expect(e?.code).toBe('NOT_FOUND');
    expect(e?.message).toContain('No data found, symbol may be delisted');
    const tf = await t.client
      .job('data.download', { exchange: 'yahoo', symbol: 'AAPL', timeframe: '4h', from: day(2024, 2, 5), to: day(2024, 2, 13), baseUrl: yahoo.baseUrl })
      .then(() => null, (x: unknown) => x as ContractCallError);
    expect(tf?.code).toBe('INVALID_INPUT');
    expect((await t.client.call('market.exchanges', {})).at(-1)).toEqual({ id: 'yahoo', websocket: false });
  });
});

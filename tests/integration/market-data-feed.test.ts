// The live feed through the real ccxt (WebSocket) against the simulator: bars and tickers pushed
// as events, closed bars stored, and a dropped stream that reconnects and backfills without a gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';
import { makeTempDir, startTestEngine, type TestEngine } from '../support/test-engine';

const MIN = 60_000;

describe('live feed (simulator, WebSocket transport to the client)', () => {
  let sim: ExchangeSim;
  let t: TestEngine;
  const bars: EventPayload<'feed.bar'>[] = [];
  const tickers: EventPayload<'feed.ticker'>[] = [];
  const states: string[] = [];

  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 5, symbols: ['BTC/USDT'], historyBars: 200 });
    t = await startTestEngine('websocket');
    t.client.on('feed.bar', (b) => bars.push(b));
    t.client.on('feed.ticker', (x) => tickers.push(x));
    t.client.on('feed.status', (s) => states.push(s.state));
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const closedTs = () => [...new Set(bars.filter((b) => b.closed && b.instrumentId === 'BTC/USDT@binance').map((b) => b.ts))].sort((a, b) => a - b);

  it('streams the forming bar and closes bars as the market moves; closed bars are stored', async () => {
    const s = await t.client.call('feed.subscribeBars', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', baseUrl: sim.restUrl });
    expect(s).toMatchObject({ instrumentId: 'BTC/USDT@binance', kind: 'bars', timeframe: '1m', subscribers: 1 });
    await pollUntil(() => states.includes('live'));
    await pollUntil(() => closedTs().length >= 3, () => sim.stepTicks(1));
    const live = bars.filter((b) => !b.closed).at(-1)!;
    expect(live.high).toBeGreaterThanOrEqual(Math.max(live.open, live.close));
    const stored = await t.client.call('data.bars', { instrumentId: 'BTC/USDT@binance' as never, timeframe: '1m' });
    for (const ts of closedTs()) expect(stored.ts).toContain(ts);
    // The stored bar equals the venue's kline for that minute.
    const ts = closedTs()[1];
    const k = (await (await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${ts}&limit=1`)).json()) as string[][];
    const i = stored.ts.indexOf(ts);
    expect([stored.open[i], stored.high[i], stored.low[i], stored.close[i], stored.volume[i]]).toEqual(k[0].slice(1, 6).map(Number));
    expect(await t.client.call('feed.streams', {})).toHaveLength(1);
  });

  it('a dropped stream reconnects and backfills: no gap in the closed bars', async () => {
    const before = closedTs().length;
    states.length = 0;
    sim.faults.dropWebSockets();
    await pollUntil(() => states.includes('reconnecting'));
    sim.step(3); // bars that happen while we are away
    await pollUntil(() => states.includes('live'));
    await pollUntil(() => closedTs().length >= before + 4, () => sim.stepTicks(1));
    const ts = closedTs();
    for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBe(MIN);
  });

  it('streams tickers; unsubscribing the last subscriber stops a stream', async () => {
    const s = await t.client.call('feed.subscribeTicker', { exchange: 'binance', symbol: 'BTC/USDT', baseUrl: sim.restUrl });
    await pollUntil(() => tickers.length > 0, () => sim.stepTicks(1));
    expect(tickers.at(-1)!.last).toBeGreaterThan(0);
    expect(await t.client.call('feed.unsubscribe', { streamId: s.streamId })).toEqual({ unsubscribed: true });
    const streams = await t.client.call('feed.streams', {});
    expect(streams.map((x) => x.kind)).toEqual(['bars']);
    await t.client.call('feed.unsubscribe', { streamId: streams[0].streamId });
    expect(await t.client.call('feed.streams', {})).toEqual([]);
  });

  it('a client that goes away releases its streams (a closed window does not keep a venue stream alive)', async () => {
    const other = await t.connect();
    const req = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' as const, baseUrl: sim.restUrl };
    await other.call('feed.subscribeBars', req);
    await other.call('feed.subscribeBars', req); // two charts of one window on the same stream
    const mine = await t.client.call('feed.subscribeBars', req);
    expect(mine.subscribers).toBe(3);
    // an explicit unsubscribe by the other client is not released a second time when it closes
    await other.call('feed.unsubscribe', { streamId: mine.streamId });
    other.close();
    await pollUntil(async () => (await t.client.call('feed.streams', {}))[0]?.subscribers === 1);
    const left = await t.client.call('feed.streams', {});
    expect(left).toMatchObject([{ streamId: mine.streamId, subscribers: 1 }]);
    await t.client.call('feed.unsubscribe', { streamId: mine.streamId });
    expect(await t.client.call('feed.streams', {})).toEqual([]);
  });
});

describe('watchlist', () => {
  let sim: ExchangeSim;
  const temp = makeTempDir();
  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 9, symbols: ['BTC/USDT', 'ETH/USDT'], historyBars: 48 * 60 });
  });
  afterAll(async () => {
    await sim?.close();
    temp.cleanup();
  });

  it('adds checked markets, quotes last, 24h change and a sparkline, and survives a restart', async () => {
    const t = await startTestEngine('in-process', { dataDir: temp.dir });
    try {
      await t.client.call('watchlist.add', { exchange: 'binance', symbol: 'BTC/USDT', baseUrl: sim.restUrl });
      const list = await t.client.call('watchlist.add', { exchange: 'binance', symbol: 'ETH/USDT', baseUrl: sim.restUrl });
      expect(list.map((i) => [i.instrumentId, i.position])).toEqual([['BTC/USDT@binance', 0], ['ETH/USDT@binance', 1]]);
      const bad = await t.client.call('watchlist.add', { exchange: 'binance', symbol: 'ETH/USTD', baseUrl: sim.restUrl }).catch((e: { code: string; message: string }) => e);
      expect(bad).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('ETH/USDT') });
      const quotes = await t.client.call('watchlist.quotes', {});
      expect(quotes).toHaveLength(2);
      expect(quotes[0].last).toBe(sim.price('BTC/USDT'));
      expect(quotes[0].changePct).not.toBeNull();
      expect(quotes[0].sparkline.length).toBeGreaterThanOrEqual(23); // 24 hourly bars, one fewer when the clock sits on an hour boundary
      expect(quotes[0].sparkline.at(-1)).toBe(sim.price('BTC/USDT'));
      await t.client.call('watchlist.remove', { instrumentId: 'BTC/USDT@binance' as never });
    } finally {
      await t.close();
    }
    const again = await startTestEngine('in-process', { dataDir: temp.dir });
    try {
      expect((await again.client.call('watchlist.list', {})).map((i) => i.instrumentId)).toEqual(['ETH/USDT@binance']);
    } finally {
      await again.close();
    }
  });
});

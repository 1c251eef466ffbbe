// The exchange simulator against the real ccxt (4.5.84): market data over REST and WebSocket.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil, untilSettled } from '../fixtures/exchange-sim/testing';

const MINUTE = 60_000;
// A fixed start keeps every number below reproducible: seed 7, first live bar at this minute.
const START = Date.UTC(2026, 0, 5, 12, 0);
const HISTORY = 3_000;

describe('exchange-sim market data through ccxt', () => {
  let sim: ExchangeSim;
  let rest: InstanceType<typeof ccxt.binance>;
  let pro: InstanceType<typeof ccxt.pro.binance>;

  beforeAll(async () => {
    sim = await startExchangeSim({ seed: 7, symbols: ['BTC/USDT', 'ETH/USDT'], historyBars: HISTORY, startTime: START });
    rest = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
    pro = connectCcxt(ccxt.pro.binance, sim, { enableRateLimit: false });
  });

  afterAll(async () => {
    await pro?.close();
    await sim?.close();
  });

  it('loadMarkets returns the spot markets with their filters as precision and limits', async () => {
    const markets = await rest.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const btc = markets['BTC/USDT']!;
    expect(btc.id).toBe('BTCUSDT');
    expect(btc.spot).toBe(true);
    expect(btc.precision.price).toBe(0.01);
    expect(btc.precision.amount).toBe(0.00001);
    expect(btc.limits.cost?.min).toBe(5);
    expect(rest.currencies.USDT).toBeDefined();
  });

  it('fetchOHLCV pages through history: contiguous, no gaps or duplicates, ending at the live bar', async () => {
    const since = START - HISTORY * MINUTE;
    const all: number[][] = [];
    let cursor = since;
    for (let page = 0; page < 10; page++) {
      const rows = await rest.fetchOHLCV('BTC/USDT', '1m', cursor, 1000);
      if (rows.length === 0) break;
      all.push(...(rows as number[][]));
      cursor = Number(rows[rows.length - 1][0]) + MINUTE;
      if (rows.length < 1000) break;
    }
    expect(all.length).toBe(HISTORY);
    expect(all[0][0]).toBe(since);
    for (let i = 1; i < all.length; i++) {
      expect(all[i][0] - all[i - 1][0]).toBe(MINUTE);
      const [, open, high, low, close] = all[i];
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
    }
    // The last closed bar's close is the price the market stands at.
    expect(all[all.length - 1][4]).toBe(sim.price('BTC/USDT'));
  });

  it('aggregates 1m history into larger intervals consistently', async () => {
    const since = START - 240 * MINUTE;
    const minutes = (await rest.fetchOHLCV('ETH/USDT', '1m', since, 240)) as number[][];
    const hours = (await rest.fetchOHLCV('ETH/USDT', '1h', since, 4)) as number[][];
    expect(hours.length).toBe(4);
    for (let h = 0; h < 4; h++) {
      const slice = minutes.slice(h * 60, h * 60 + 60);
      expect(hours[h][0]).toBe(slice[0][0]);
      expect(hours[h][1]).toBe(slice[0][1]);
      expect(hours[h][2]).toBe(Math.max(...slice.map((r) => r[2])));
      expect(hours[h][3]).toBe(Math.min(...slice.map((r) => r[3])));
      expect(hours[h][4]).toBe(slice[59][4]);
    }
  });

  it('watchOHLCV streams the forming bar and the stored history agrees with what was streamed', async () => {
    const candles = (await untilSettled(pro.watchOHLCV('BTC/USDT', '1m'), () => sim.stepTicks(1))) as number[][];
    expect(candles.length).toBeGreaterThan(0);
    // Close the bar, then compare the streamed bar with the REST history.
    let last: number[] = candles[candles.length - 1];
    for (let i = 0; i < 8; i++) {
      const pending = pro.watchOHLCV('BTC/USDT', '1m');
      sim.stepTicks(1);
      const update = (await pending) as number[][];
      last = update.find((c) => c[0] === last[0]) ?? last;
    }
    const history = (await rest.fetchOHLCV('BTC/USDT', '1m', last[0], 1)) as number[][];
    expect(history[0]).toEqual(last);
  });

  it('watchTicker reports the last trade and 24h statistics (ccxt 4.5.84 subscribes to miniTicker)', async () => {
    const ticker = await untilSettled(pro.watchTicker('ETH/USDT'), () => sim.stepTicks(1));
    expect(ticker.symbol).toBe('ETH/USDT');
    const next = pro.watchTicker('ETH/USDT');
    sim.stepTicks(1);
    const updated = await next;
    expect(updated.last).toBe(sim.price('ETH/USDT'));
    expect(updated.high).toBeGreaterThanOrEqual(updated.low!);
    const rest24h = await rest.fetchTicker('ETH/USDT');
    expect(rest24h.last).toBe(updated.last);
    expect(rest24h.high).toBe(updated.high);
  });

  it('watchBidsAsks reports the book top from bookTicker', async () => {
    const quotes = await untilSettled(pro.watchBidsAsks(['BTC/USDT']), () => sim.stepTicks(1));
    const quote = quotes['BTC/USDT'];
    expect(quote.bid).toBeLessThan(quote.ask!);
  });

  it('watchOrderBook keeps a consistent book across diff updates', async () => {
    const book = await untilSettled(pro.watchOrderBook('BTC/USDT'), () => sim.stepTicks(1));
    expect(book.bids.length).toBeGreaterThan(10);
    for (let i = 0; i < 5; i++) {
      const pending = pro.watchOrderBook('BTC/USDT');
      sim.stepTicks(1);
      await pending;
    }
    // With the market still, the local book converges on the venue's.
    const venue = await rest.fetchOrderBook('BTC/USDT', 50);
    const local = await pollUntil(() => {
      const current = pro.orderbooks['BTC/USDT'];
      return current && current.nonce === venue.nonce ? current : undefined;
    });
    expect(local.bids.slice(0, 10)).toEqual(venue.bids.slice(0, 10));
    expect(local.asks.slice(0, 10)).toEqual(venue.asks.slice(0, 10));
  });

  it('watchTrades receives public trades', async () => {
    const trades = await untilSettled(pro.watchTrades('BTC/USDT'), () => sim.stepTicks(1));
    expect(trades.length).toBeGreaterThan(0);
    expect(trades[trades.length - 1].price).toBeGreaterThan(0);
  });
});

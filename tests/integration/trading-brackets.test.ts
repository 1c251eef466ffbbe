/**
 * Brackets, OCO, locally watched triggers and batches end to end: the exchange simulator with the
 * real ccxt, the trading service (account runtime, order manager, emulator), a real journal.db.
 * Prices for locally watched triggers come from a live feed of the simulator's public trades
 * (ccxt `watchTrades`), as the engine's feed gives them.
 */
import ccxt from 'ccxt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { TradingService, type MarketFeed } from '../../engine/live/trading-service';
import { CredentialService } from '../../engine/secrets/credentials';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { openStores, type Stores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { dec } from '../../engine/trading/decimal';
import { accountId, MANUAL_STRATEGY } from '../../engine/trading/identifiers';
import type { OrderSpec } from '../../engine/trading/order';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';

const KEY = 'bracket-key';
const SECRET = 'bracket-secret';
const BTC = instrumentId('BTC/USDT', 'binance');

let sim: ExchangeSim;
/** A second venue (its own account) for the account that keeps its stops off the venue. */
let sim2: ExchangeSim;
/** A third venue whose account holds no coins but those a bracket buys (fees taken in the coin bought). */
let bare: ExchangeSim;
let dir: string;
let stores: Stores;
let svc: TradingService;
const stops: (() => Promise<void>)[] = [];

/** Live prices: the simulator's public trades through ccxt pro, as 1m bars forming. */
const tradesFeed = (): MarketFeed => ({
  history: async () => [],
  subscribe: async (_ex, base, symbol, _tf, onBar) => {
    const pro = connectCcxt(ccxt.pro.binance, [sim, sim2, bare].find((x) => x.restUrl === base)!) as unknown as { watchTrades(s: string): Promise<Array<{ price: number; amount: number; timestamp: number }>>; close(): Promise<void> };
    let stop = false;
    void (async () => {
      while (!stop) {
        try {
          for (const t of await pro.watchTrades(symbol)) onBar({ ts: t.timestamp, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.amount, closed: false });
        } catch {
          if (!stop) await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
    const close = async () => {
      stop = true;
      await pro.close().catch(() => undefined);
    };
    stops.push(close);
    return () => void close();
  },
});

beforeAll(async () => {
  sim2 = await startExchangeSim({ port: 0, seed: 22, speed: 0, historyBars: 10, apiKey: KEY, secret: SECRET, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }] });
  sim = await startExchangeSim({ port: 0, seed: 21, speed: 0, historyBars: 10, apiKey: KEY, secret: SECRET, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }] });
  // a lot of 0.00001: 0.01 bought less its 0.1 % fee in BTC (0.00999) is on the grid
  bare = await startExchangeSim({ port: 0, seed: 23, speed: 0, historyBars: 10, apiKey: KEY, secret: SECRET, balances: { USDT: 100_000 }, fees: { maker: 0.001, taker: 0.001, asset: 'received' }, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.00001, minNotional: 5 }] });
  dir = mkdtempSync(path.join(tmpdir(), 'qd-brackets-'));
  stores = await openStores(dir);
  const journal = new TradingJournal(stores.journalDb, () => Date.now());
  const creds = new CredentialService(new MemorySecretStore());
  svc = new TradingService({ dataDir: dir, journal, credentials: creds, clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {} }, publish: () => {}, feed: tradesFeed() });
  await svc.addAccount({ id: 'sim', exchange: 'binance', paper: false, baseUrl: sim.restUrl });
  await creds.save('sim', 'binance', { apiKey: KEY, secret: SECRET });
  // the same venue account, with its stops kept off the venue (watched here)
  journal.upsertAccount({ id: accountId('hidden'), kind: 'exchange', venue: 'binance', label: 'hidden stops', sandbox: false, baseUrl: sim2.restUrl, maxOrderNotional: null, options: { localTriggers: true } });
  await creds.save('hidden', 'binance', { apiKey: KEY, secret: SECRET });
  await svc.addAccount({ id: 'bare', exchange: 'binance', paper: false, baseUrl: bare.restUrl });
  await creds.save('bare', 'binance', { apiKey: KEY, secret: SECRET });
});
afterAll(async () => {
  await svc?.close();
  for (const s of stops) await s();
  stores?.close();
  await sim?.close();
  await sim2?.close();
  await bare?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const venue = (cid: string) => sim.state().orders.filter((o) => o.clientOrderId === cid);
const venue2 = (cid: string) => sim2.state().orders.filter((o) => o.clientOrderId === cid);
const px = () => sim.price('BTC/USDT');
const round2 = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const market = (side: 'buy' | 'sell', qty: string): OrderSpec => ({ instrumentId: BTC, side, kind: 'market', quantity: dec(qty), timeInForce: 'IOC', reduceOnly: false });

describe('brackets and OCO against the simulator', () => {
  it('spot: a market entry fills; the take-profit rests at the venue sized to what the fee in BTC left, the stop-loss is watched here; the take-profit fills and the stop-loss is dropped', async () => {
    const rt = await svc.runtime('sim');
    expect(rt.status).toBe('ready');
    const p = px();
    const tp = round2(p * 1.01);
    const sl = round2(p * 0.99);
    const { entry, exits } = await rt.submitBracket(MANUAL_STRATEGY, market('buy', '0.01'), { takeProfit: dec(tp), stopLoss: dec(sl) }, { referencePrice: dec(String(p)) });
    expect(entry.status).toBe('filled');
    const [tpo, slo] = exits;
    await pollUntil(() => rt.oms.order(tpo.clientOrderId)!.status === 'accepted');
    // 0.01 bought, 0.00001 BTC fee: 0.00999 held, 0.0099 on this venue's lot of 0.0001
    expect(venue(tpo.clientOrderId).map((o) => [o.type, o.side, Number(o.origQty), Number(o.price)])).toEqual([['LIMIT', 'SELL', 0.0099, Number(tp)]]);
    expect([rt.oms.order(slo.clientOrderId)!.status, rt.oms.order(slo.clientOrderId)!.emulatedTrigger]).toEqual(['held', true]);
    expect(venue(slo.clientOrderId)).toHaveLength(0);

    sim.trade('BTC/USDT', Number(tp) + 5);
    await pollUntil(() => rt.oms.order(tpo.clientOrderId)!.status === 'filled' && rt.oms.order(slo.clientOrderId)!.status === 'canceled', () => sim.stepTicks(1));
    expect(rt.oms.order(slo.clientOrderId)!.reason).toBe(`OCO: ${tpo.clientOrderId} filled`);
    expect(venue(tpo.clientOrderId)).toHaveLength(1);
    expect(venue(slo.clientOrderId)).toHaveLength(0);
  });

  it('an entry canceled before any fill takes its held exits with it (nothing ever sent for them)', async () => {
    const rt = await svc.runtime('sim');
    const p = px();
    const { entry, exits } = await rt.submitBracket(MANUAL_STRATEGY, { instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('0.01'), price: dec(round2(p * 0.9)), timeInForce: 'GTC', reduceOnly: false }, { takeProfit: dec(round2(p * 1.1)), stopLoss: dec(round2(p * 0.8)) });
    expect(entry.status).toBe('accepted');
    expect(exits.map((x) => x.status)).toEqual(['held', 'held']);
    await rt.oms.cancel(entry.clientOrderId);
    await rt.oms.idle();
    expect(exits.map((x) => rt.oms.order(x.clientOrderId)!.status)).toEqual(['canceled', 'canceled']);
    for (const x of exits) expect(venue(x.clientOrderId)).toHaveLength(0);
  });

  it('a stop kept off the venue is watched on the live trades and sent once, as a market order, when crossed', async () => {
    const rt = await svc.runtime('hidden');
    expect(rt.status).toBe('ready');
    const p = sim2.price('BTC/USDT');
    const trigger = round2(p * 0.98);
    const stop = await rt.submit(MANUAL_STRATEGY, { instrumentId: BTC, side: 'sell', kind: 'stop-market', quantity: dec('0.01'), triggerPrice: dec(trigger), timeInForce: 'GTC', reduceOnly: false }, { referencePrice: dec(String(p)) });
    expect([stop.status, stop.emulatedTrigger]).toEqual(['held', true]);
    expect(venue2(stop.clientOrderId)).toHaveLength(0);
    // the feed is live once a price has arrived
    await pollUntil(() => rt.oms.lastPrice(BTC), () => sim2.stepTicks(1));
    sim2.trade('BTC/USDT', Number(trigger) + 50);
    await pollUntil(() => rt.oms.lastPrice(BTC)?.eq(dec(round2(Number(trigger) + 50))), () => undefined);
    expect(venue2(stop.clientOrderId)).toHaveLength(0);
    sim2.trade('BTC/USDT', Number(trigger) - 20);
    await pollUntil(() => rt.oms.order(stop.clientOrderId)!.status === 'filled', () => sim2.stepTicks(1));
    // prices keep crossing: still one order
    for (let i = 0; i < 3; i++) sim2.trade('BTC/USDT', Number(trigger) - 30 - i);
    await new Promise((r) => setTimeout(r, 300));
    await rt.oms.idle();
    expect(venue2(stop.clientOrderId).map((o) => [o.type, o.side, o.status])).toEqual([['MARKET', 'SELL', 'FILLED']]);
  });

  it('a batch: all journaled and checked before the first is sent (one refused by the check, the others placed)', async () => {
    const rt = await svc.runtime('sim');
    const p = px();
    const limit = (k: number): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec('0.01'), price: dec(round2(p * (0.9 - k * 0.01))), timeInForce: 'GTC', reduceOnly: false });
    const offGrid: OrderSpec = { ...limit(3), price: dec('1000.001') };
    const out = await rt.submitBatch(MANUAL_STRATEGY, [limit(0), offGrid, limit(1)]);
    expect(out.map((o) => o.status)).toEqual(['accepted', 'denied', 'accepted']);
    expect(venue(out[1].clientOrderId)).toHaveLength(0);
    for (const o of [out[0], out[2]]) expect(venue(o.clientOrderId)).toHaveLength(1);
    await rt.oms.cancelAll({ instrumentId: BTC });
  });
});

describe('spot brackets on an account holding only the bracket\'s coins (fees in the coin bought)', () => {
  const bareVenue = (cid: string) => bare.state().orders.filter((o) => o.clientOrderId === cid);
  const btc = () => bare.state().balances.BTC as { free: string; locked: string } | undefined;
  const held = () => Number(btc()?.free ?? 0) + Number(btc()?.locked ?? 0);

  it('the take-profit fills: flat, one exit filled, the stop never at the venue', async () => {
    const rt = await svc.runtime('bare');
    expect(rt.status).toBe('ready');
    expect(held()).toBe(0);
    const p = bare.price('BTC/USDT');
    const tp = round2(p * 1.01);
    const { entry, exits } = await rt.submitBracket(MANUAL_STRATEGY, market('buy', '0.01'), { takeProfit: dec(tp), stopLoss: dec(round2(p * 0.95)) }, { referencePrice: dec(String(p)) });
    expect(entry.status).toBe('filled');
    const [tpo, slo] = exits;
    await pollUntil(() => rt.oms.order(tpo.clientOrderId)!.status === 'accepted');
    expect(held()).toBeCloseTo(0.00999, 10);
    expect(bareVenue(tpo.clientOrderId).map((o) => [o.type, Number(o.origQty)])).toEqual([['LIMIT', 0.00999]]);
    bare.trade('BTC/USDT', Number(tp) + 5);
    await pollUntil(() => rt.oms.order(tpo.clientOrderId)!.status === 'filled' && rt.oms.order(slo.clientOrderId)!.status === 'canceled', () => bare.stepTicks(1));
    expect(bareVenue(slo.clientOrderId)).toHaveLength(0);
    expect(held()).toBe(0);
  });

  it('the stop-loss crosses: the resting take-profit is canceled first, then the stop sells what is held at market: flat, one exit filled', async () => {
    const rt = await svc.runtime('bare');
    const p = bare.price('BTC/USDT');
    const sl = round2(p * 0.99);
    const { entry, exits } = await rt.submitBracket(MANUAL_STRATEGY, market('buy', '0.01'), { takeProfit: dec(round2(p * 1.05)), stopLoss: dec(sl) }, { referencePrice: dec(String(p)) });
    expect(entry.status).toBe('filled');
    const [tpo, slo] = exits;
    await pollUntil(() => rt.oms.order(tpo.clientOrderId)!.status === 'accepted');
    // the live feed is running once a price has arrived
    await pollUntil(() => rt.oms.lastPrice(BTC), () => bare.stepTicks(1));
    bare.trade('BTC/USDT', Number(sl) - 20);
    await pollUntil(() => rt.oms.order(slo.clientOrderId)!.status === 'filled', () => bare.stepTicks(1));
    expect(rt.oms.order(tpo.clientOrderId)!.status).toBe('canceled');
    expect(bareVenue(tpo.clientOrderId).map((o) => o.status)).toEqual(['CANCELED']);
    expect(bareVenue(slo.clientOrderId).map((o) => [o.type, o.side, Number(o.origQty), o.status])).toEqual([['MARKET', 'SELL', 0.00999, 'FILLED']]);
    // prices keep falling: nothing more is sent
    for (let i = 0; i < 3; i++) bare.trade('BTC/USDT', Number(sl) - 30 - i);
    await new Promise((r) => setTimeout(r, 300));
    await rt.oms.idle();
    expect(bareVenue(slo.clientOrderId)).toHaveLength(1);
    expect(held()).toBe(0);
  });
});

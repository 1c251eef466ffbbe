/**
 * The kill switch and orders kept here rather than at the venue: a spot bracket rests its
 * take-profit at the venue and watches its stop-loss locally (status `held`). A halt must cancel
 * both — a held stop left behind would trade the moment the price crosses after the release.
 * The exchange simulator with the real ccxt, the account runtime, a real journal.db.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { TradingService } from '../../engine/live/trading-service';
import { CredentialService } from '../../engine/secrets/credentials';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { openStores, type Stores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { dec } from '../../engine/trading/decimal';
import { MANUAL_STRATEGY } from '../../engine/trading/identifiers';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';

let sim: ExchangeSim;
let dir: string;
let stores: Stores;
let svc: TradingService;

beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 31, speed: 0, historyBars: 10, apiKey: 'k-held', secret: 's-held', symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }] });
  dir = mkdtempSync(path.join(tmpdir(), 'qd-kill-held-'));
  stores = await openStores(dir);
  const creds = new CredentialService(new MemorySecretStore());
  svc = new TradingService({ dataDir: dir, journal: new TradingJournal(stores.journalDb, () => Date.now()), credentials: creds, clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {} }, publish: () => {}, feed: { history: async () => [], subscribe: async () => () => undefined } });
  await svc.addAccount({ id: 'sim', exchange: 'binance', paper: false, baseUrl: sim.restUrl });
  await creds.save('sim', 'binance', { apiKey: 'k-held', secret: 's-held' });
});
afterAll(async () => {
  await svc?.close();
  stores?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kill switch', () => {
  it('cancels a held stop-loss as well as the orders resting at the venue', async () => {
    const rt = await svc.runtime('sim');
    expect(rt.status).toBe('ready');
    const p = sim.price('BTC/USDT');
    const r = await rt.submitBracket(MANUAL_STRATEGY, { instrumentId: instrumentId('BTC/USDT', 'binance'), side: 'buy', kind: 'market', quantity: dec('0.01'), timeInForce: 'IOC', reduceOnly: false }, { takeProfit: dec((p * 1.3).toFixed(2)), stopLoss: dec((p * 0.7).toFixed(2)) }, { referencePrice: dec(p.toFixed(2)) });
    await pollUntil(() => rt.oms.heldOrders().length === 1 && rt.oms.openOrders().length === 1);
    const [stop] = rt.oms.heldOrders();
    expect(stop.spec.kind).toBe('stop-market');
    void r;

    const k = await svc.kill({ accountId: 'sim', actor: 'test' });
    expect(k.canceled).toBe(2);
    expect(rt.oms.heldOrders()).toEqual([]);
    expect(rt.oms.openOrders()).toEqual([]);
    expect(rt.oms.order(stop.clientOrderId)!.status).toBe('canceled');
    expect(sim.state().orders.filter((o) => o.status === 'NEW')).toEqual([]);
    svc.release({ accountId: 'sim', actor: 'test' });
  });
});

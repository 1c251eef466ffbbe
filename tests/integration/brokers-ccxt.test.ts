/**
 * The ccxt broker against the exchange simulator with the real ccxt, the real order manager and a
 * real journal.db: hung creates, duplicated fills, 429s and dropped streams.
 */
import ccxt from 'ccxt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { CcxtBroker } from '../../engine/brokers/ccxt/ccxt-broker';
import type { CcxtTradingExchange } from '../../engine/brokers/ccxt/ccxt-types';
import { openStores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { dec } from '../../engine/trading/decimal';
import { accountId, ClientOrderIdFactory, strategyId } from '../../engine/trading/identifiers';
import { OrderManager } from '../../engine/trading/order-manager';
import type { OrderSpec } from '../../engine/trading/order';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';
import { pollUntil } from '../fixtures/exchange-sim/testing';

const ACC = accountId('sim');
const S = strategyId('s1');
const BTC = instrumentId('BTC/USDT', 'binance');
const clock = { now: () => Date.now() };

let sim: ExchangeSim;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 5, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, historyBars: 10 });
});
afterAll(async () => {
  await sim?.close();
});

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function world(opts: { timeoutMs?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qd-brokers-'));
  const stores = await openStores(dir);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => stores.close());
  const journal = new TradingJournal(stores.journalDb, () => Date.now());
  journal.upsertAccount({ id: ACC, kind: 'exchange', venue: 'binance', label: 'sim', sandbox: false, baseUrl: sim.restUrl, maxOrderNotional: null, options: null });
  const ex = connectCcxt(ccxt.pro.binance, sim, { enableRateLimit: false }) as unknown as CcxtTradingExchange;
  const broker = new CcxtBroker({ accountId: ACC, exchange: ex, venue: 'binance', clock, symbols: ['BTC/USDT'], timeoutMs: opts.timeoutMs ?? 3000, backoff: { initialMs: 20, maxMs: 200 }, log: process.env.QD_DEBUG ? { info: console.log, warn: console.log, error: console.log } : undefined });
  cleanup.push(() => broker.close());
  const oms = new OrderManager({ accountId: ACC, client: broker, journal, clock, ids: new ClientOrderIdFactory(() => Date.now()) });
  const seen = { applied: 0, duplicate: 0, connections: [] as boolean[] };
  const unsub = broker.subscribe({
    orderUpdated: (r) => void oms.onOrderReport(r),
    filled: (f) => {
      const r = oms.onFill(f);
      if (r === 'applied') seen.applied++;
      if (r === 'duplicate') seen.duplicate++;
    },
    connectionChanged: (up) => seen.connections.push(up),
  });
  cleanup.push(unsub);
  return { journal, broker, oms, seen, stores };
}

const limitBuy = (qty: string, px: string): OrderSpec => ({ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: dec(qty), price: dec(px), timeInForce: 'GTC', reduceOnly: false });
const venueOrdersWith = (cid: string) => sim.state().orders.filter((o) => o.clientOrderId === cid);

describe('ccxt broker against the simulator', () => {
  it('places, streams the fill once although the venue sends it twice, and the journal has one fill', async () => {
    const { oms, seen, journal } = await world();
    await pollUntil(() => sim.userStreamSubscribers() > 0);
    const px = Math.round(sim.price('BTC/USDT') * 0.99 * 100) / 100;
    const o = await oms.submit(S, limitBuy('0.01', px.toFixed(2)));
    expect(o.status).toBe('accepted');
    sim.faults.duplicateFills(2);
    sim.trade('BTC/USDT', px - 10);
    await pollUntil(() => oms.order(o.clientOrderId)!.status === 'filled', () => sim.stepTicks(1));
    const venueTrades = sim.state().trades.filter((t) => t.clientOrderId === o.clientOrderId);
    // let the second copies arrive, then count
    for (let i = 0; i < 10; i++) {
      sim.stepTicks(1);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(journal.fillCount(ACC)).toBe(venueTrades.length);
    expect(seen.applied).toBeLessThanOrEqual(venueTrades.length);
    expect(oms.order(o.clientOrderId)!.filledQty.toPlainString()).toBe('0.01');
  });

  it('refuses an amount off the venue grid and below the minimum notional before sending', async () => {
    const { oms } = await world();
    const before = sim.state().orders.length;
    const off = await oms.submit(S, limitBuy('0.00001', '40000'));
    expect(off.status).toBe('rejected');
    expect(off.reason).toMatch(/grid/);
    const tiny = await oms.submit(S, limitBuy('0.0001', '40000'));
    expect(tiny.status).toBe('rejected');
    expect(tiny.reason).toMatch(/minimum/);
    expect(sim.state().orders.length).toBe(before);
  });

  it('a hung create leaves exactly one order at the venue, and the journal resolves it', async () => {
    const { oms, journal } = await world({ timeoutMs: 800 });
    sim.faults.hang();
    const o = await oms.submit(S, limitBuy('0.01', '30000.00'));
    expect(o.status).toBe('unknown');
    expect(oms.isBlocked(S)).toBe(true);
    expect(venueOrdersWith(o.clientOrderId)).toHaveLength(1);
    const r = await oms.resolveUnknown(S);
    expect(r.unresolved).toEqual([]);
    expect(oms.order(o.clientOrderId)!.status).toBe('accepted');
    expect(journal.orders(ACC, { statuses: ['accepted'] }).some((x) => x.client_order_id === o.clientOrderId)).toBe(true);
    expect(venueOrdersWith(o.clientOrderId)).toHaveLength(1);
    await oms.cancel(o.clientOrderId);
    expect(oms.order(o.clientOrderId)!.status).toBe('canceled');
  });

  it('a 429 on a read backs off and retries; on a create it is a rejection (nothing placed)', async () => {
    const { broker, oms } = await world();
    sim.faults.rateLimit(2, 0, { method: 'GET', path: '/api/v3/openOrders' });
    const open = await broker.openOrders(BTC);
    expect(Array.isArray(open)).toBe(true);
    sim.faults.rateLimit(1, 0, { method: 'POST', path: '/api/v3/order' });
    const o = await oms.submit(S, limitBuy('0.01', '30000.00'));
    expect(o.status).toBe('rejected');
    expect(o.reason).toMatch(/rate-limited/);
    expect(venueOrdersWith(o.clientOrderId)).toHaveLength(0);
  });

  it('a dropped stream resubscribes and fetches the fills missed while it was down', async () => {
    const { oms, seen, broker } = await world();
    await pollUntil(() => sim.userStreamSubscribers() > 0);
    const px = Math.round(sim.price('BTC/USDT') * 0.99 * 100) / 100;
    const o = await oms.submit(S, limitBuy('0.01', px.toFixed(2)));
    sim.faults.dropWebSockets();
    sim.trade('BTC/USDT', px - 10); // fills while no user stream is connected
    await pollUntil(() => oms.order(o.clientOrderId)!.status === 'filled', () => sim.stepTicks(1));
    expect(seen.connections).toContain(false);
    expect(oms.order(o.clientOrderId)!.filledQty.toPlainString()).toBe('0.01');
    // the streams are back: the next fill arrives on them
    const px2 = Math.round(sim.price('BTC/USDT') * 0.99 * 100) / 100;
    const o2 = await oms.submit(S, limitBuy('0.01', px2.toFixed(2)));
    sim.trade('BTC/USDT', px2 - 10);
    await pollUntil(() => oms.order(o2.clientOrderId)!.status === 'filled', () => sim.stepTicks(1));
    await pollUntil(() => broker.reconnects > 0 || undefined, () => sim.stepTicks(1));
  });
});

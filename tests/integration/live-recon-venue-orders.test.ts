/**
 * Orders placed at the venue outside the app (by hand on the exchange), met by reconciliation when
 * the app starts: the engine in-process through the contract, the exchange simulator with the real
 * ccxt, a real journal.db, the key from the environment. Adopting journals the order as the
 * account's (manual strategy) and the account resumes; cancel sends a cancel; until every
 * difference has a decision the account takes no order.
 */
import ccxt from 'ccxt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../shared/client';
import { inProcessTransport, startHost } from '../../engine/host';
import { connectCcxt, startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';

const KEY = 'recon-venue-key';
const SECRET = 'recon-venue-secret';

let sim: ExchangeSim;
let dir: string;
const env = process.env;

beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 17, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 20 });
  dir = mkdtempSync(join(tmpdir(), 'qd-recon-venue-'));
  process.env = { ...env, QUANTDESK_SIM_API_KEY: KEY, QUANTDESK_SIM_SECRET: SECRET };
});
afterAll(async () => {
  process.env = env;
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The app: an engine on the data folder, talked to through the contract. */
async function app<T>(fn: (c: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const host = await startHost({ dataDir: dir, shell: 'cli', engine: 'inline', poolThreads: 0 });
  const client = createClient(inProcessTransport(host));
  try {
    return await fn(client);
  } finally {
    client.close();
    await host.close();
  }
}

/** A limit buy placed at the venue by hand (its own client id, as the exchange's web page would). */
async function placeByHand(clientOrderId: string, price: number) {
  const ex = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
  return ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, price, { clientOrderId });
}

/** A limit buy at the best ask for more than the first level holds: it fills in part and rests the rest. */
async function placeMarketableByHand(clientOrderId: string) {
  const ex = connectCcxt(ccxt.binance, sim, { enableRateLimit: false });
  const book = await ex.fetchOrderBook('BTC/USDT');
  const [price, size] = book.asks[0] as [number, number];
  const qty = Math.round((size + 0.01) * 1e4) / 1e4;
  const placed = await ex.createOrder('BTC/USDT', 'limit', 'buy', qty, price, { clientOrderId });
  expect(placed.filled).toBeGreaterThan(0);
  expect(placed.filled).toBeLessThan(qty);
  return { qty, placed };
}

describe('reconciliation meets orders placed at the venue outside the app', () => {
  it('first start: the account is added and reconciles clean', async () => {
    await app(async (c) => {
      await c.call('accounts.add', { id: 'sim', exchange: 'binance', baseUrl: sim.restUrl });
      const r = await c.call('reconcile.run', { accountId: 'sim' });
      expect(r.outcome).toBe('clean');
    });
  });

  it('adopt: the venue-only order becomes the account\'s (manual), the account resumes with it open', async () => {
    const px = Math.round(sim.price('BTC/USDT') * 0.9 * 100) / 100;
    const placed = await placeByHand('byhand1', px);
    await app(async (c) => {
      const r = await c.call('reconcile.run', { accountId: 'sim' });
      expect(r.status).toBe('needs-decision');
      expect(r.items).toHaveLength(1);
      const item = r.items[0];
      expect(item.kind).toBe('order-unknown-locally');
      expect(item.choices).toEqual(['adopt-venue', 'cancel']);
      expect(item.summary).toContain(String(placed.id));
      expect(item.summary).toContain('byhand1');
      // nothing trades until it is settled
      await expect(c.call('orders.submit', { accountId: 'sim', instrumentId: 'BTC/USDT@binance' as never, side: 'buy', kind: 'limit', quantity: '0.01', price: String(px), timeInForce: 'GTC', reduceOnly: false })).rejects.toMatchObject({ code: 'CONFLICT' });

      const after = await c.call('reconcile.resolve', { accountId: 'sim', decisions: [{ item: 0, choice: 'adopt-venue' }] });
      expect(after.outcome).toBe('clean');
      expect(after.status).toBe('ready');
      const open = await c.call('orders.list', { accountId: 'sim', open: true });
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ clientOrderId: 'byhand1', strategyId: 'manual', status: 'accepted', venueOrderId: String(placed.id), quantity: '0.01', price: String(px) });
      // its reservation is the account's now: 0.01 × px of USDT
      const usdt = (await c.call('trading.balances', { accountId: 'sim' })).find((b) => b.currency === 'USDT')!;
      expect(Number(usdt.reserved)).toBeCloseTo(0.01 * px, 8);
    });
    // after a restart the adopted order is simply ours: clean, and the app can cancel it
    await app(async (c) => {
      expect((await c.call('reconcile.run', { accountId: 'sim' })).outcome).toBe('clean');
      const canceled = await c.call('orders.cancel', { accountId: 'sim', clientOrderId: 'byhand1' as never });
      expect(canceled.status).toBe('canceled');
      expect(sim.state().orders.find((o) => o.clientOrderId === 'byhand1')!.status).toBe('CANCELED');
    });
  });

  it('cancel: the choice sends a cancel to the venue, and nothing enters the journal', async () => {
    const px = Math.round(sim.price('BTC/USDT') * 0.9 * 100) / 100;
    await placeByHand('byhand2', px);
    await app(async (c) => {
      const r = await c.call('reconcile.run', { accountId: 'sim' });
      expect(r.items.map((i) => i.kind)).toEqual(['order-unknown-locally']);
      const after = await c.call('reconcile.resolve', { accountId: 'sim', decisions: [{ item: 0, choice: 'cancel' }] });
      expect(after.outcome).toBe('clean');
      expect(sim.state().orders.find((o) => o.clientOrderId === 'byhand2')!.status).toBe('CANCELED');
      const all = await c.call('orders.list', { accountId: 'sim' });
      expect(all.some((o) => o.clientOrderId === 'byhand2')).toBe(false);
    });
  });

  it('adopt with fills: a by-hand order that filled in part is booked with its fills; positions and balances agree', async () => {
    const { qty, placed } = await placeMarketableByHand('byhand4');
    await app(async (c) => {
      const r = await c.call('reconcile.run', { accountId: 'sim' });
      const order = r.items.find((i) => i.kind === 'order-unknown-locally')!;
      expect(order.choices).toEqual(['adopt-venue', 'cancel', 'flatten']);
      // the same fills show as missing, and the balances they moved
      expect(r.items.some((i) => i.kind === 'fill-missing-locally')).toBe(true);
      expect(r.items.filter((i) => i.kind === 'balance-mismatch').map((i) => i.summary.split(':')[0]).sort()).toEqual(['BTC', 'USDT']);
      // what the dialog sends by default: the first choice of each
      const after = await c.call('reconcile.resolve', { accountId: 'sim', decisions: r.items.map((i) => ({ item: i.index, choice: i.choices[0] })) });
      expect(after.items).toEqual([]);
      expect(after.outcome).toBe('clean');
      const open = await c.call('orders.list', { accountId: 'sim', open: true });
      const mine = open.find((o) => o.clientOrderId === 'byhand4')!;
      expect(mine).toMatchObject({ strategyId: 'manual', status: 'partially-filled', venueOrderId: String(placed.id) });
      // the manual position is what the fills brought in, less the fee the venue kept in BTC
      const venueTrades = sim.state().trades.filter((t) => t.clientOrderId === 'byhand4');
      const filled = venueTrades.reduce((a, t) => a + Number(t.qty), 0);
      const fee = venueTrades.reduce((a, t) => a + Number(t.commission), 0);
      expect(Number(mine.filledQty)).toBeCloseTo(filled, 10);
      expect(filled).toBeLessThan(qty);
      const pos = (await c.call('trading.positions', { accountId: 'sim' })).find((p) => p.strategyId === 'manual')!;
      expect(Number(pos.quantity)).toBeCloseTo(filled - fee, 10);
      // and a second comparison finds nothing (the journal's balances are the venue's)
      expect((await c.call('reconcile.run', { accountId: 'sim' })).outcome).toBe('clean');
      await c.call('orders.cancel', { accountId: 'sim', clientOrderId: 'byhand4' as never });
    });
  });

  it('flatten: the by-hand order is booked, its rest canceled, and what it bought sold back', async () => {
    await placeMarketableByHand('byhand5');
    await app(async (c) => {
      const r = await c.call('reconcile.run', { accountId: 'sim' });
      const decisions = r.items.map((i) => ({ item: i.index, choice: i.kind === 'order-unknown-locally' ? ('flatten' as const) : i.choices[0] }));
      const after = await c.call('reconcile.resolve', { accountId: 'sim', decisions });
      expect(after.outcome).toBe('clean');
      expect(sim.state().orders.find((o) => o.clientOrderId === 'byhand5')!.status).toBe('CANCELED');
      const all = await c.call('orders.list', { accountId: 'sim' });
      const adopted = all.find((o) => o.clientOrderId === 'byhand5')!;
      expect(adopted.status).toBe('canceled');
      const sellBack = all.find((o) => o.strategyId === 'manual' && o.side === 'sell' && o.tsInit >= adopted.tsInit)!;
      expect(sellBack, sellBack?.reason ?? '').toMatchObject({ kind: 'market', status: 'filled' });
      // sold what the order bought less the BTC fee, on the 0.0001 lot
      const fee = sim.state().trades.filter((t) => t.clientOrderId === 'byhand5').reduce((a, t) => a + Number(t.commission), 0);
      expect(Number(sellBack.quantity)).toBeCloseTo(Math.floor((Number(adopted.filledQty) - fee) * 1e4) / 1e4, 10);
    });
  });

  it('a choice the difference does not offer is refused, and the account stays stopped', async () => {
    const px = Math.round(sim.price('BTC/USDT') * 0.9 * 100) / 100;
    await placeByHand('byhand3', px);
    await app(async (c) => {
      await c.call('reconcile.run', { accountId: 'sim' });
      // nothing filled yet: flatten is not offered
      await expect(c.call('reconcile.resolve', { accountId: 'sim', decisions: [{ item: 0, choice: 'flatten' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect((await c.call('reconcile.get', { accountId: 'sim' })).status).toBe('needs-decision');
      // an empty decision list settles nothing
      expect((await c.call('reconcile.resolve', { accountId: 'sim', decisions: [] })).status).toBe('needs-decision');
      await c.call('reconcile.resolve', { accountId: 'sim', decisions: [{ item: 0, choice: 'cancel' }] });
    });
  });
});

/**
 * A fee the venue takes in the base currency (Binance without BNB), end to end: the exchange
 * simulator (fees in the asset received) with the real ccxt, the account runtime, a real journal.db.
 * A strategy buys, the fee leaves it a little less than it bought, and its sell of "the whole
 * position" sells what it holds: exactly flat on a fine lot, dust below one lot on a coarse one —
 * never a short — and the journal's balances equal the venue's afterwards.
 */
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
import { strategyId } from '../../engine/trading/identifiers';
import { positionSide } from '../../engine/trading/position';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';

const KEY = 'fee-test-key';
const SECRET = 'fee-test-secret';
const noFeed: MarketFeed = {
  history: async () => [],
  subscribe: async () => () => undefined,
};

let sim: ExchangeSim;
let dir: string;
let stores: Stores;
let svc: TradingService;

beforeAll(async () => {
  sim = await startExchangeSim({
    port: 0,
    seed: 3,
    speed: 0,
    historyBars: 10,
    apiKey: KEY,
    secret: SECRET,
    fees: { maker: 0.001, taker: 0.001, asset: 'received' },
    symbols: [
      // a lot of 0.000001: 0.000999 is on the grid
      { symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.000001, minNotional: 5 },
      // a lot of 0.0001: 0.00999 is not, 0.0099 is sold and 0.00009 stays behind
      { symbol: 'ETH/USDT', startPrice: 2_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 },
    ],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'qd-fee-base-'));
  stores = await openStores(dir);
  const journal = new TradingJournal(stores.journalDb, () => Date.now());
  const creds = new CredentialService(new MemorySecretStore());
  svc = new TradingService({ dataDir: dir, journal, credentials: creds, clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {} }, publish: () => {}, feed: noFeed });
  await svc.addAccount({ id: 'sim', exchange: 'binance', paper: false, baseUrl: sim.restUrl });
  await creds.save('sim', 'binance', { apiKey: KEY, secret: SECRET });
});
afterAll(async () => {
  await svc?.close();
  stores?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const S = strategyId('dep-fee');

async function roundTrip(symbol: string, buyQty: string) {
  const rt = await svc.runtime('sim');
  expect(rt.status).toBe('ready');
  const id = instrumentId(symbol, 'binance');
  const ref = dec(String(sim.price(symbol)));
  const buy = await rt.submit(S, { instrumentId: id, side: 'buy', kind: 'market', quantity: dec(buyQty), timeInForce: 'IOC', reduceOnly: false }, { referencePrice: ref });
  expect(buy.status).toBe('filled');
  const afterBuy = rt.portfolio.position(rt.accountId, S, id);
  // the strategy sells what its replay says it bought; the runtime holds it to what the strategy has
  const sell = await rt.submit(S, { instrumentId: id, side: 'sell', kind: 'market', quantity: dec(buyQty), timeInForce: 'IOC', reduceOnly: false }, { referencePrice: ref });
  expect(sell.status).toBe('filled');
  const spec = await rt.spec(id);
  return { rt, id, buy, sell, afterBuy, after: rt.portfolio.position(rt.accountId, S, id), step: spec.amountStep };
}

describe('fee in the base currency, against the simulator', () => {
  it('buy 0.001 BTC pays 0.000001 BTC; the sell sells 0.000999 and leaves exactly 0', async () => {
    const { rt, buy, sell, afterBuy, after, step } = await roundTrip('BTC/USDT', '0.001');
    const venueFill = sim.state().trades.find((t) => t.clientOrderId === buy.clientOrderId)!;
    expect(venueFill.commissionAsset).toBe('BTC');
    // 0.001 × 0.1 % = 0.000001
    expect(buy.fee.toPlainString()).toBe('0.000001');
    expect(afterBuy.quantity.toPlainString()).toBe('0.000999');
    expect(sell.spec.quantity.toPlainString()).toBe('0.000999');
    expect(after.quantity.isZero()).toBe(true);
    expect(positionSide(after.quantity, step)).toBe('flat');
    const outcome = await rt.reconcile();
    expect(outcome).toEqual({ status: 'clean' });
  });

  it('on a 0.0001 lot: buy 0.01 ETH (fee 0.00001 ETH), sell 0.0099, 0.00009 ETH of dust — not a short', async () => {
    const { rt, buy, sell, afterBuy, after, step } = await roundTrip('ETH/USDT', '0.01');
    expect(buy.fee.toPlainString()).toBe('0.00001');
    expect(afterBuy.quantity.toPlainString()).toBe('0.00999');
    // 0.00999 rounded down to the 0.0001 grid
    expect(sell.spec.quantity.toPlainString()).toBe('0.0099');
    expect(after.quantity.toPlainString()).toBe('0.00009');
    expect(positionSide(after.quantity, step)).toBe('dust');
    // the venue and the journal agree on every balance (the dust is at the venue too)
    expect(await rt.reconcile()).toEqual({ status: 'clean' });
    // one more sell of the replay's quantity has nothing on the grid to sell: refused before sending
    const before = sim.state().orders.length;
    await expect(rt.submit(S, { instrumentId: instrumentId('ETH/USDT', 'binance'), side: 'sell', kind: 'market', quantity: dec('0.01'), timeInForce: 'IOC', reduceOnly: false }, { referencePrice: dec('2000') })).rejects.toThrow(/dust/);
    expect(sim.state().orders.length).toBe(before);
  });
});

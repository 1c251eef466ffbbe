/**
 * Deposits and withdrawals of a paper account through the contract (`accounts.transfer`), the
 * ledger (`trading.ledger`) and reconciliation: the paper venue and the journal book each transfer
 * once per ref, so the account stays clean across retries and restarts; a withdrawal above the free
 * balance is refused; an exchange account refuses. Real engine, real SQLite, the paper account's
 * market is the exchange simulator over real ccxt.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../shared/client';
import { inProcessTransport, startHost } from '../../engine/host';
import { startExchangeSim, type ExchangeSim } from '../fixtures/exchange-sim';

let sim: ExchangeSim;
let dir: string;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 3, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }], speed: 0, apiKey: 'k', secret: 's', historyBars: 30 });
  dir = mkdtempSync(join(tmpdir(), 'qd-paper-transfer-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withEngine<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const host = await startHost({ dataDir: dir, shell: 'cli', engine: 'inline', poolThreads: 0 });
  const client = createClient(inProcessTransport(host));
  try {
    return await fn(client);
  } finally {
    client.close();
    await host.close();
  }
}

const refusal = (p: Promise<unknown>) => p.then(() => ({ code: 'none', message: '' }), (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));
const usdt = async (c: Client) => (await c.call('trading.balances', { accountId: 'pap' })).find((b) => b.currency === 'USDT');

describe('paper deposits and withdrawals', () => {
  it('books once per ref at the venue and in the ledger; reconciliation stays clean', async () => {
    await withEngine(async (c) => {
      await c.call('accounts.add', { id: 'pap', exchange: 'binance', paper: true, baseUrl: sim.restUrl, startingBalances: { USDT: '1000' } });
      expect((await c.call('reconcile.run', { accountId: 'pap' })).outcome).toBe('clean');

      const dep = { accountId: 'pap', currency: 'USDT', amount: '500.25', direction: 'deposit' as const, ref: 'dep-0001' };
      const first = await c.call('accounts.transfer', dep);
      expect(first).toMatchObject({ booked: true, balance: { total: '1500.25', free: '1500.25' }, entry: { kind: 'deposit', amount: '500.25', currency: 'USDT' } });
      // the same request again (a retry after a lost answer): nothing more is booked
      const retry = await c.call('accounts.transfer', dep);
      expect(retry).toMatchObject({ booked: false, balance: { total: '1500.25' } });
      // the ref cannot be reused for another amount or the other direction
      expect(await refusal(c.call('accounts.transfer', { ...dep, amount: '1' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/booked for 500.25 USDT/) });
      expect(await refusal(c.call('accounts.transfer', { ...dep, direction: 'withdrawal' }))).toMatchObject({ code: 'CONFLICT' });

      // an open limit buy holds 0.01 × 30000 = 300: 1200.25 is free
      const held = await c.call('orders.submit', { accountId: 'pap', instrumentId: 'BTC/USDT@binance', side: 'buy', kind: 'limit', quantity: '0.01', price: '30000', timeInForce: 'GTC', reduceOnly: false });
      expect(held.order.status).toBe('accepted');
      const tooMuch = await refusal(c.call('accounts.transfer', { accountId: 'pap', currency: 'USDT', amount: '1200.26', direction: 'withdrawal', ref: 'wd-0001' }));
      expect(tooMuch).toEqual({ code: 'INSUFFICIENT_FUNDS', message: 'cannot withdraw 1200.26 USDT from pap: 1200.25 is free (300 held by open orders)' });
      expect(await refusal(c.call('accounts.transfer', { accountId: 'pap', currency: 'BTC', amount: '1', direction: 'withdrawal', ref: 'wd-0002' }))).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      const wd = await c.call('accounts.transfer', { accountId: 'pap', currency: 'USDT', amount: '200', direction: 'withdrawal', ref: 'wd-0001' });
      expect(wd).toMatchObject({ booked: true, balance: { total: '1300.25', reserved: '300', free: '1000.25' }, entry: { kind: 'withdrawal', amount: '-200' } });
      await c.call('orders.cancel', { accountId: 'pap', clientOrderId: held.order.clientOrderId });

      // the venue and the journal agree
      expect(await c.call('reconcile.run', { accountId: 'pap' })).toMatchObject({ outcome: 'clean', items: [] });
      // newest first: the withdrawal, the deposit, the opening balance the first reconciliation booked
      const ledger = await c.call('trading.ledger', { accountId: 'pap', currency: 'USDT' });
      expect(ledger.map((r) => [r.kind, r.amount, r.ref])).toEqual([
        ['withdrawal', '-200', 'transfer-wd-0001'],
        ['deposit', '500.25', 'transfer-dep-0001'],
        ['adjustment', '1000', 'opening-balance'],
      ]);
      expect(await c.call('trading.ledger', { accountId: 'pap', limit: 1 })).toHaveLength(1);
      expect(await c.call('trading.dailyPnl', { accountId: 'pap' })).toEqual([]); // no position yet
      expect((await usdt(c))?.total).toBe('1300.25');
    });
  }, 60_000);

  it('after a restart the account reconciles clean; a transfer the venue booked before the process died is completed by its retry', async () => {
    // the venue (the paper account's saved state) booked a deposit; the journal never heard of it
    const file = join(dir, 'paper', 'pap.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as { ledger: Array<Record<string, unknown>> };
    state.ledger.push({ ts: Date.now(), currency: 'USDT', amount: '50', kind: 'deposit', ref: 'transfer-dep-0002' });
    writeFileSync(file, JSON.stringify(state));
    await withEngine(async (c) => {
      const before = await c.call('reconcile.run', { accountId: 'pap' });
      expect(before.outcome).toBe('needs-decision');
      expect(before.items.map((i) => i.summary)).toEqual(['USDT: journal 1300.25, venue 1350.25']);
      // the client retries the request it never got an answer to: only the missing side is booked
      const r = await c.call('accounts.transfer', { accountId: 'pap', currency: 'USDT', amount: '50', direction: 'deposit', ref: 'dep-0002' });
      expect(r).toMatchObject({ booked: true, balance: { total: '1350.25' } });
      expect(JSON.parse(readFileSync(file, 'utf8')).ledger.filter((x: { ref: string }) => x.ref === 'transfer-dep-0002')).toHaveLength(1);
      expect(await c.call('reconcile.run', { accountId: 'pap' })).toMatchObject({ outcome: 'clean', items: [] });
    });
    await withEngine(async (c) => {
      expect(await c.call('reconcile.run', { accountId: 'pap' })).toMatchObject({ outcome: 'clean' });
      expect((await usdt(c))?.total).toBe('1350.25');
    });
  }, 60_000);

  it('an exchange account refuses: money moves at the exchange', async () => {
    await withEngine(async (c) => {
      await c.call('accounts.add', { id: 'live1', exchange: 'binance', baseUrl: sim.restUrl });
      const r = await refusal(c.call('accounts.transfer', { accountId: 'live1', currency: 'USDT', amount: '10', direction: 'deposit', ref: 'dep-live1' }));
      expect(r.code).toBe('INVALID_INPUT');
      expect(r.message).toMatch(/live1 is an exchange account: money moves at binance/);
      expect(await refusal(c.call('accounts.transfer', { accountId: 'pap', currency: 'USDT', amount: '-5', direction: 'deposit', ref: 'dep-neg1' }))).toMatchObject({ code: 'INVALID_INPUT' });
    });
  }, 60_000);
});

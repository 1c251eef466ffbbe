/**
 * A planted fake key goes through everything that touches credentials and trading — saving,
 * loading, logging, a broker error that quotes it, the journal — and is then searched for, byte by
 * byte, in every file of the data directory (journal.db with its WAL, logs) and in what a screen
 * would receive. It must be nowhere. The second test drives every trading method of the contract
 * through the engine, against the exchange simulator with the real ccxt, and their error paths
 * (the venue refusing the key with a message that quotes it; a key the venue does not know).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ccxt from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../shared/client';
import type { ServerMessage } from '../../shared/contract/envelope';
import { tradingMethods } from '../../shared/contract/trading';
import { instrumentId } from '../../shared/ids';
import type { Transport } from '../../shared/transport';
import { inProcessTransport, startHost } from '../../engine/host';
import { ManualClock } from '../../engine/core/clock';
import { toContractError } from '../../engine/core/errors';
import { createFileLogger } from '../../engine/host/log';
import { CredentialService } from '../../engine/secrets/credentials';
import { KeychainSecretStore } from '../../engine/secrets/keychain-store';
import { MemorySecretStore, type SecretStore } from '../../engine/secrets/secret-store';
import { openStores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';
import { dec } from '../../engine/trading/decimal';
import { FakeExecutionClient } from '../../engine/trading/fake-execution-client';
import { accountId, ClientOrderIdFactory, strategyId } from '../../engine/trading/identifiers';
import { OrderManager } from '../../engine/trading/order-manager';
import { connectCcxt, startExchangeSim } from '../fixtures/exchange-sim';

const FAKE_KEY = 'PLANTEDkey0x7a1c93e5d2b4f6089';
const FAKE_SECRET = 'PLANTEDsecret0x51f0c2a9e7d3b8';
/** A second pair: the key of an account the venue does not know. */
const OTHER_KEY = 'PLANTEDotherKey0x3e9b1d77c2';
const OTHER_SECRET = 'PLANTEDotherSecret0x08aa4f61';
/** A third pair, typed into Settings (accounts.setKeys). */
const TYPED_KEY = 'PLANTEDtypedKey0x6612fe09ab';
const TYPED_SECRET = 'PLANTEDtypedSecret0x4d2c7b90';
const PLANTED = [FAKE_KEY, FAKE_SECRET, OTHER_KEY, OTHER_SECRET, TYPED_KEY, TYPED_SECRET];
const ACC = accountId('binance-main');

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

async function secretStore(): Promise<{ store: SecretStore; kind: string }> {
  const keychain = new KeychainSecretStore({ service: `QuantdeskTest-planted-${process.pid}` });
  try {
    await keychain.ensureAvailable();
    return { store: keychain, kind: 'keychain' };
  } catch (e) {
    if (process.env.QUANTDESK_TEST_KEYRING === '1') throw e;
    // what is checked here is where a key must not end up; the store it comes from does not change that
    return { store: new MemorySecretStore(), kind: 'memory' };
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('a planted key', () => {
  it('is found nowhere in journal.db, its WAL, the logs or what the renderer gets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qd-planted-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const { store } = await secretStore();
    const creds = new CredentialService(store);
    const log = createFileLogger(path.join(dir, 'logs', 'engine.log'));
    const stores = await openStores(dir);
    try {
      const clock = new ManualClock(1_700_000_000_000);
      const journal = new TradingJournal(stores.journalDb, () => clock.now());

      // Settings: add the key; the screen learns set / not set
      const status = await creds.save(ACC, 'binance', { apiKey: FAKE_KEY, secret: FAKE_SECRET });
      const rendererTraffic = [JSON.stringify(status), JSON.stringify(await creds.status(ACC, 'binance'))];

      // an account row, and a careless attempt to put the key in its options
      journal.upsertAccount({ id: ACC, kind: 'exchange', venue: 'binance', label: 'Binance', sandbox: true, baseUrl: null, maxOrderNotional: null, options: null });
      expect(() => journal.upsertAccount({ id: ACC, kind: 'exchange', venue: 'binance', label: 'B', sandbox: true, baseUrl: null, maxOrderNotional: null, options: { auth: { secret: FAKE_SECRET } } })).toThrow();

      // the broker loads them and logs carelessly
      const loaded = await creds.load(ACC, 'binance');
      expect(loaded.forCcxt().apiKey).toBe(FAKE_KEY);
      log.info('broker starting', { account: ACC, credentials: loaded, config: { apiKey: FAKE_KEY, secret: FAKE_SECRET, nested: { password: FAKE_SECRET } } });
      log.error('broker failed', { error: String(loaded), json: JSON.parse(JSON.stringify({ loaded })) });

      // a library error that quotes the signed request reaches the OMS and the contract boundary
      const client = new FakeExecutionClient(ACC, () => clock.now());
      client.submit = async () => {
        throw new Error(`binance POST /api/v3/order?apiKey=${FAKE_KEY}&signature=${FAKE_SECRET} failed`);
      };
      const oms = new OrderManager({ accountId: ACC, client, journal, clock, ids: new ClientOrderIdFactory(() => clock.now(), Math.random), log });
      const o = await oms.submit(strategyId('s1'), { instrumentId: instrumentId('BTC/USDT', 'binance'), side: 'buy', kind: 'market', quantity: dec('0.001'), timeInForce: 'IOC', reduceOnly: false });
      expect(o.status).toBe('unknown');
      const contractError = toContractError(new Error(`auth failed for ${FAKE_KEY}`));
      rendererTraffic.push(JSON.stringify(contractError), JSON.stringify(o));
      stores.journalDb.pragma('wal_checkpoint(PASSIVE)');

      for (const t of rendererTraffic) {
        expect(t).not.toContain(FAKE_KEY);
        expect(t).not.toContain(FAKE_SECRET);
      }
    } finally {
      stores.close();
      await creds.remove(ACC).catch(() => 0);
    }

    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('journal.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('engine.log'))).toBe(true);
    expect(existsSync(path.join(dir, 'logs', 'engine.log'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const planted of [FAKE_KEY, FAKE_SECRET]) {
        expect(bytes.includes(Buffer.from(planted, 'utf8')), `${planted} in ${path.relative(dir, f)}`).toBe(false);
        expect(bytes.includes(Buffer.from(planted, 'utf16le')), `${planted} (utf-16) in ${path.relative(dir, f)}`).toBe(false);
      }
    }
    // the log did get written (the check above is not vacuous)
    expect(readFileSync(path.join(dir, 'logs', 'engine.log'), 'utf8')).toMatch(/broker starting[\s\S]*\[redacted\]/);
  }, 60_000);

  it('is nowhere after every trading method of the contract and their error paths (simulator, real ccxt)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qd-planted-all-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const sim = await startExchangeSim({ port: 0, seed: 29, speed: 0, historyBars: 120, apiKey: FAKE_KEY, secret: FAKE_SECRET, symbols: [{ symbol: 'BTC/USDT', startPrice: 50_000, tickSize: 0.01, stepSize: 0.0001, minNotional: 5 }] });
    const env = process.env;
    // the engine reads keys from the environment (EnvSecretStore) for `sim` and `stranger`
    process.env = { ...env, QUANTDESK_SIM_API_KEY: FAKE_KEY, QUANTDESK_SIM_SECRET: FAKE_SECRET, QUANTDESK_STRANGER_API_KEY: OTHER_KEY, QUANTDESK_STRANGER_SECRET: OTHER_SECRET };
    const host = await startHost({ dataDir: dir, shell: 'cli', engine: 'inline', poolThreads: 0 });
    // everything the renderer would receive (replies, errors, events) and send, as the envelopes travel
    const traffic: string[] = [];
    const sent: string[] = [];
    const inner = inProcessTransport(host);
    const spy: Transport = {
      send: (m) => (sent.push(JSON.stringify(m)), inner.send(m)),
      onMessage: (h) => inner.onMessage((m: ServerMessage) => (traffic.push(JSON.stringify(m)), h(m))),
      onClose: inner.onClose,
      close: inner.close,
    };
    const client = createClient(spy);
    const called = new Set<string>();
    const errorCodes: Record<string, string[]> = {};
    type M = keyof typeof tradingMethods;
    /** Calls a method; an error is recorded (its envelope is in the traffic) and returned, not thrown. */
    const call = async (method: M, input: unknown): Promise<any> => {
      called.add(method);
      try {
        return await (client.call as (m: string, i: unknown) => Promise<unknown>)(method, input);
      } catch (e) {
        (errorCodes[method] ??= []).push((e as { code?: string }).code ?? String(e));
        return { error: e };
      }
    };
    /** A method only some versions of the contract have (another change is adding it). */
    const maybe = async (m: string, input: unknown) => (m in tradingMethods ? call(m as M, input) : undefined);
    const BTC = 'BTC/USDT@binance';
    const below = () => (Math.round(sim.price('BTC/USDT') * 0.8 * 100) / 100).toFixed(2);
    try {
      // ---- accounts and keys
      await call('accounts.add', { id: 'sim', exchange: 'binance', baseUrl: sim.restUrl });
      await call('accounts.add', { id: 'stranger', exchange: 'binance', baseUrl: sim.restUrl });
      await call('accounts.add', { id: 'typed', exchange: 'binance', baseUrl: sim.restUrl });
      await call('accounts.add', { id: 'pap', exchange: 'binance', paper: true, baseUrl: sim.restUrl });
      await call('accounts.list', {});
      await call('accounts.keyStatus', { accountId: 'sim' });
      expect(await call('accounts.testKeys', { accountId: 'sim' })).toMatchObject({ ok: true });
      // typed into Settings: the keychain (UNAVAILABLE without one — the refusal must not quote the key either)
      await call('accounts.setKeys', { accountId: 'typed', values: { apiKey: TYPED_KEY, secret: TYPED_SECRET } });
      await call('accounts.testKeys', { accountId: 'typed' });
      await call('accounts.removeKeys', { accountId: 'typed' });
      await call('accounts.remove', { accountId: 'typed' });

      // ---- orders, portfolio
      expect((await call('reconcile.run', { accountId: 'sim' })).outcome).toBe('clean');
      const ticket = { accountId: 'sim', instrumentId: BTC, side: 'buy', kind: 'limit', quantity: '0.01', price: below(), timeInForce: 'GTC', reduceOnly: false };
      await call('orders.preview', ticket);
      const placed = await call('orders.submit', ticket);
      expect(placed.order.status).toBe('accepted');
      await call('orders.modify', { accountId: 'sim', clientOrderId: placed.order.clientOrderId, price: (Number(ticket.price) - 1).toFixed(2) });
      await call('orders.cancel', { accountId: 'sim', clientOrderId: placed.order.clientOrderId });
      await call('orders.submit', { ...ticket, price: below() });
      await maybe('orders.submitBatch', { accountId: 'sim', orders: [{ instrumentId: BTC, side: 'buy', kind: 'limit', quantity: '0.01', price: below(), timeInForce: 'GTC', reduceOnly: false }] });
      await call('orders.cancelAll', { accountId: 'sim' });
      await call('orders.submit', { accountId: 'sim', instrumentId: BTC, side: 'buy', kind: 'market', quantity: '0.001', referencePrice: String(sim.price('BTC/USDT')), timeInForce: 'IOC', reduceOnly: false });
      await call('orders.list', { accountId: 'sim' });
      await call('trading.positions', { accountId: 'sim' });
      await call('trading.balances', { accountId: 'sim' });
      await call('trading.fills', { accountId: 'sim' });
      await call('trading.ledger', { accountId: 'sim' });
      await call('trading.dailyPnl', { accountId: 'sim' });
      // money of an exchange account moves at the exchange; a paper account books it
      expect((await call('accounts.transfer', { accountId: 'sim', currency: 'USDT', amount: '10', direction: 'deposit', ref: 'planted-1' })).error?.code).toBe('INVALID_INPUT');
      expect((await call('accounts.transfer', { accountId: 'pap', currency: 'USDT', amount: '10', direction: 'deposit', ref: 'planted-2' })).booked).toBe(true);
      // methods another change is adding
      await maybe('trading.ledger', { accountId: 'sim' });
      await maybe('trading.dailyPnl', { accountId: 'sim' });
      await maybe('accounts.transfer', { accountId: 'pap', currency: 'USDT', amount: '100', direction: 'deposit', ref: 'planted-dep-1' });

      // ---- deployments
      const dep = await call('deployments.start', { accountId: 'sim', strategy: 'sma-cross', symbols: ['BTC/USDT'], timeframe: '1m', params: { fast: 3, slow: 8, size: 0.001 } });
      await call('deployments.list', { accountId: 'sim' });
      await call('deployments.logs', { deploymentId: dep.id ?? 'none' });
      await call('deployments.stop', { deploymentId: dep.id ?? 'none' });

      // ---- reconciliation: an order placed by hand at the venue, adopted
      await connectCcxt(ccxt.binance, sim, { enableRateLimit: false }).createOrder('BTC/USDT', 'limit', 'buy', 0.01, Number(below()), { clientOrderId: 'plantedByHand' });
      const recon = await call('reconcile.run', { accountId: 'sim' });
      expect(recon.items.map((i: { kind: string }) => i.kind)).toContain('order-unknown-locally');
      await call('reconcile.get', { accountId: 'sim' });
      await call('reconcile.resolve', { accountId: 'sim', decisions: recon.items.map((i: { index: number; choices: string[] }) => ({ item: i.index, choice: i.choices[0] })) });

      // ---- kill switch (with flatten), released
      await call('kill.engage', { accountId: 'sim', flatten: true, reason: 'planted-key test' });
      await call('kill.status', {});
      await call('kill.release', { accountId: 'sim' });

      // ---- error paths: the venue refuses the key and quotes it back
      const resting = await call('orders.submit', { ...ticket, price: below() });
      sim.faults.authFailure(1_000);
      const refusedTest = await call('accounts.testKeys', { accountId: 'sim' });
      expect(refusedTest.error?.code ?? 'ok').toBe('AUTH_FAILED');
      const refusedOrder = await call('orders.submit', { ...ticket, price: below() });
      expect(refusedOrder.order.status).toBe('rejected');
      // ccxt reports Binance's -2015 after an earlier successful private call as DDoSProtection (see the simulator's README)
      expect(refusedOrder.order.reason).toMatch(/failed \((AuthenticationError|DDoSProtection)\)/);
      await call('orders.modify', { accountId: 'sim', clientOrderId: resting.order.clientOrderId, price: below() });
      await call('orders.cancel', { accountId: 'sim', clientOrderId: resting.order.clientOrderId });
      await call('orders.cancelAll', { accountId: 'sim' });
      await call('orders.preview', ticket);
      const halted = await call('reconcile.run', { accountId: 'sim' });
      expect(halted.outcome).toBe('halted');
      await call('reconcile.resolve', { accountId: 'sim', decisions: [{ item: 0, choice: 'adopt-venue' }] });
      await call('deployments.start', { accountId: 'sim', strategy: 'sma-cross', symbols: ['BTC/USDT'], timeframe: '1m', params: { fast: 3, slow: 8, size: 0.001 } });
      await call('kill.engage', { accountId: 'sim', flatten: true });
      await call('kill.release', {});
      await call('trading.balances', { accountId: 'sim' });
      expect(sim.faults.summary().armed.some((a) => a.kind === 'authFailure')).toBe(true);
      sim.faults.clear();
      // a key the venue never knew (its standard refusal)
      await call('accounts.testKeys', { accountId: 'stranger' });
      await call('reconcile.run', { accountId: 'stranger' });
      await call('orders.submit', { ...ticket, accountId: 'stranger' });
      await call('trading.positions', { accountId: 'stranger' });
      await call('accounts.remove', { accountId: 'stranger' });
      await call('accounts.remove', { accountId: 'pap' });

      // every trading method of the contract went through here (a new one must be added above)
      expect([...Object.keys(tradingMethods)].filter((m) => !called.has(m))).toEqual([]);
      // the error paths did fail (the checks below are not vacuous)
      expect(errorCodes['accounts.testKeys']).toContain('AUTH_FAILED');
      expect(Object.keys(errorCodes).length).toBeGreaterThan(3);
      expect(traffic.length).toBeGreaterThan(50);
      for (const t of traffic) for (const planted of PLANTED) expect(t.includes(planted), `${planted} in ${t.slice(0, 300)}`).toBe(false);
      // the only request that carries a key is the one that typed it into Settings
      expect(sent.filter((t) => PLANTED.some((k) => t.includes(k))).map((t) => JSON.parse(t).method)).toEqual(['accounts.setKeys']);
    } finally {
      client.close();
      await host.close();
      process.env = env;
      await sim.close();
      await new CredentialService(new KeychainSecretStore()).remove('typed').catch(() => 0);
    }
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('journal.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('engine.log'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const planted of PLANTED) {
        expect(bytes.includes(Buffer.from(planted, 'utf8')), `${planted} in ${path.relative(dir, f)}`).toBe(false);
        expect(bytes.includes(Buffer.from(planted, 'utf16le')), `${planted} (utf-16) in ${path.relative(dir, f)}`).toBe(false);
      }
    }
    // the engine did log the refusals (so the log was not empty)
    expect(readFileSync(path.join(dir, 'logs', 'engine.log'), 'utf8').length).toBeGreaterThan(100);
  }, 180_000);
});

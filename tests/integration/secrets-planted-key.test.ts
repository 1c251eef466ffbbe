/**
 * A planted fake key goes through everything that touches credentials and trading — saving,
 * loading, logging, a broker error that quotes it, the journal — and is then searched for, byte by
 * byte, in every file of the data directory (journal.db with its WAL, logs) and in what a screen
 * would receive. It must be nowhere.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
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

const FAKE_KEY = 'PLANTEDkey0x7a1c93e5d2b4f6089';
const FAKE_SECRET = 'PLANTEDsecret0x51f0c2a9e7d3b8';
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
});

/** "Test key" against the local exchange simulator (Binance-compatible, 127.0.0.1) with the real ccxt. */
import ccxt from 'ccxt';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialService } from '../../engine/secrets/credentials';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import type { ExchangeFactory } from '../../engine/secrets/verify-credentials';
import { binanceUrlsFor, pointCcxtAt, startExchangeSim, type BaseUrls, type ExchangeSim } from '../fixtures/exchange-sim';

const KEY = 'PLANTEDsimKey0x4471';
const SECRET = 'PLANTEDsimSecret0x9a0e';

let sim: ExchangeSim;
beforeAll(async () => {
  sim = await startExchangeSim({ port: 0, seed: 3, symbols: ['BTC/USDT'], speed: 0, apiKey: KEY, secret: SECRET, historyBars: 10 });
});
afterAll(async () => {
  await sim?.close();
});

/** How the ccxt broker will build its exchange: the base-URL override pointed at the simulator. */
const simFactory = (urls: () => BaseUrls): ExchangeFactory => async (_id, config) => {
  const { sandbox: _sandbox, ...rest } = config;
  return pointCcxtAt(new ccxt.binance({ ...rest, httpAgent: new Agent() }), urls());
};

describe('CredentialService.test (key check at the venue)', () => {
  it('the right key passes', async () => {
    const svc = new CredentialService(new MemorySecretStore());
    await svc.save('sim-main', 'binance', { apiKey: KEY, secret: SECRET });
    const r = await svc.test('sim-main', 'binance', { factory: simFactory(() => binanceUrlsFor(sim)) });
    expect(r.ok).toBe(true);
    expect(r.currencies).toBeGreaterThan(0);
  });

  it('a wrong secret is AUTH_FAILED, and the message carries neither key nor secret', async () => {
    const svc = new CredentialService(new MemorySecretStore());
    await svc.save('sim-bad', 'binance', { apiKey: KEY, secret: SECRET + 'x' });
    const err = await svc.test('sim-bad', 'binance', { factory: simFactory(() => binanceUrlsFor(sim)) }).catch((e) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect(err.message).toMatch(/binance refused the key \(AuthenticationError\)/);
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(KEY);
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(SECRET);
  });

  it('a venue that cannot be reached is UNAVAILABLE', async () => {
    const svc = new CredentialService(new MemorySecretStore());
    await svc.save('sim-down', 'binance', { apiKey: KEY, secret: SECRET });
    const err = await svc.test('sim-down', 'binance', { timeoutMs: 3000, factory: simFactory(() => ({ rest: 'http://127.0.0.1:9', ws: 'ws://127.0.0.1:9' })) }).catch((e) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect(err.message).not.toContain(KEY);
  });
});

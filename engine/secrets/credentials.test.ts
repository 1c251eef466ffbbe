import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../core/redact';
import { CredentialService, Credentials, describeCredentials } from './credentials';
import { MemorySecretStore } from './secret-store';

const FAKE = 'sk-planted-7f3a9c';

describe('describeCredentials (ccxt requiredCredentials)', () => {
  it('binance, gate and htx want a key and a secret; okx also a passphrase', async () => {
    const fields = async (id: string) => (await describeCredentials(id)).map((f) => f.field);
    expect(await fields('binance')).toEqual(['apiKey', 'secret']);
    expect(await fields('gate')).toEqual(['apiKey', 'secret']);
    expect(await fields('htx')).toEqual(['apiKey', 'secret']);
    expect(await fields('okx')).toEqual(['apiKey', 'secret', 'password']);
    expect((await describeCredentials('okx'))[2]).toEqual({ field: 'password', label: 'Passphrase', secret: true });
    expect(await describeCredentials('paper')).toEqual([]);
    await expect(describeCredentials('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);
});

describe('Credentials', () => {
  it('never prints its values', () => {
    const c = new Credentials({ apiKey: FAKE, secret: FAKE + 's' });
    expect(JSON.stringify({ c })).not.toContain(FAKE);
    expect(String(c)).not.toContain(FAKE);
    expect(`${c}`).not.toContain(FAKE);
    expect(inspect(c, { depth: 5, showHidden: true })).not.toContain(FAKE);
    expect(JSON.stringify(redactSecrets({ c }))).not.toContain(FAKE);
    expect(Object.values(c)).toEqual([]);
    expect(c.forCcxt()).toEqual({ apiKey: FAKE, secret: FAKE + 's' });
  });
});

describe('CredentialService', () => {
  const describe3 = async (id: string) =>
    id === 'okx'
      ? [
          { field: 'apiKey' as const, label: 'API key', secret: true },
          { field: 'secret' as const, label: 'Secret', secret: true },
          { field: 'password' as const, label: 'Passphrase', secret: true },
        ]
      : [];

  it('saves, reports only set / not set, loads, and removes', async () => {
    const store = new MemorySecretStore();
    const svc = new CredentialService(store, describe3);
    expect((await svc.status('okx-1', 'okx')).map((s) => s.set)).toEqual([false, false, false]);
    await expect(svc.save('okx-1', 'okx', { apiKey: FAKE, secret: 's' })).rejects.toThrow(/needs Passphrase/);
    await expect(svc.save('okx-1', 'okx', { apiKey: FAKE, secret: 's', password: 'p', uid: 'u' })).rejects.toThrow(/does not take uid/);
    const status = await svc.save('okx-1', 'okx', { apiKey: ` ${FAKE} `, secret: 's', password: 'p' });
    expect(status).toEqual([
      { field: 'apiKey', label: 'API key', set: true },
      { field: 'secret', label: 'Secret', set: true },
      { field: 'password', label: 'Passphrase', set: true },
    ]);
    expect(JSON.stringify(status)).not.toContain(FAKE);
    expect((await svc.load('okx-1', 'okx')).forCcxt()).toEqual({ apiKey: FAKE, secret: 's', password: 'p' });
    expect(await svc.remove('okx-1')).toBe(3);
    const err = await svc.load('okx-1', 'okx').catch((e) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect(err.message).toMatch(/no API key, Secret, Passphrase set/);
  });

  it('error messages name fields, never values', async () => {
    const store = new MemorySecretStore();
    await store.set('okx-1', 'apiKey', FAKE);
    const svc = new CredentialService(store, describe3);
    const err = await svc.load('okx-1', 'okx').catch((e) => e);
    expect(err.message).not.toContain(FAKE);
    expect(JSON.stringify(err.details)).not.toContain(FAKE);
  });
});

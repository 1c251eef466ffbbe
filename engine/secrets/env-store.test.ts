import { describe, expect, it } from 'vitest';
import { EnvSecretStore, envVarName, LayeredSecretStore } from './env-store';
import { MemorySecretStore } from './secret-store';

describe('EnvSecretStore', () => {
  it('names variables QUANTDESK_<ACCOUNT>_<FIELD>', () => {
    expect(envVarName('binance-main', 'apiKey')).toBe('QUANTDESK_BINANCE_MAIN_API_KEY');
    expect(envVarName('okx', 'password')).toBe('QUANTDESK_OKX_PASSWORD');
    expect(envVarName('x1', 'uid')).toBe('QUANTDESK_X1_UID');
    expect(envVarName('x1', 'secret')).toBe('QUANTDESK_X1_SECRET');
  });

  it('reads, treats empty as not set, and refuses writes', async () => {
    const s = new EnvSecretStore({ QUANTDESK_OKX_API_KEY: 'k', QUANTDESK_OKX_SECRET: '' });
    expect(await s.get('okx', 'apiKey')).toBe('k');
    expect(await s.get('okx', 'secret')).toBeNull();
    await expect(s.set('okx', 'apiKey')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(s.delete('okx', 'apiKey')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(s.writable).toBe(false);
  });

  it('layered: an account named in the environment takes every field from it; others use the keychain', async () => {
    const keychain = new MemorySecretStore();
    await keychain.set('okx', 'secret', 'from-keychain');
    await keychain.set('gate', 'apiKey', 'g');
    const s = new LayeredSecretStore(new EnvSecretStore({ QUANTDESK_OKX_API_KEY: 'from-env' }), keychain);
    expect(await s.get('okx', 'apiKey')).toBe('from-env');
    expect(await s.get('okx', 'secret')).toBeNull(); // not mixed with the keychain
    expect(await s.get('gate', 'apiKey')).toBe('g');
    await expect(s.set('okx', 'secret', 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.set('gate', 'secret', 'gs');
    expect(await keychain.get('gate', 'secret')).toBe('gs');
  });
});

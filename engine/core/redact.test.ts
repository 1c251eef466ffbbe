import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('replaces secret-looking fields at any depth and keeps the rest', () => {
    const input = { account: 'main', apiKey: 'AKIA123', nested: { secret: 's', password: 'p', list: [{ passphrase: 'x', n: 1 }] }, token: '', signature: 'sig' };
    expect(redactSecrets(input)).toEqual({
      account: 'main',
      apiKey: '[redacted]',
      nested: { secret: '[redacted]', password: '[redacted]', list: [{ passphrase: '[redacted]', n: 1 }] },
      token: '',
      signature: '[redacted]',
    });
  });
});

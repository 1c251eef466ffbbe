/**
 * Where exchange credentials live. The keychain store (`keychain-store.ts`) is the only writable
 * one; the environment store (`env-store.ts`) serves headless runs read-only. No store ever falls
 * back to a file or to `journal.db`: a keychain that is locked or missing is an UNAVAILABLE error.
 * Values never appear in errors or logs; callers show people only "set" / "not set".
 */

/** ccxt's credential names (`exchange.requiredCredentials`). `password` is what OKX calls a passphrase. */
export const CREDENTIAL_FIELDS = ['apiKey', 'secret', 'password', 'uid', 'login', 'accountId', 'privateKey', 'walletAddress', 'token', 'twofa'] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

export function isCredentialField(s: string): s is CredentialField {
  return (CREDENTIAL_FIELDS as readonly string[]).includes(s);
}

export interface SecretStore {
  /** `keychain`, `env`, `memory`: for messages ("set in the environment"). */
  readonly kind: string;
  readonly writable: boolean;
  /** The value, or null when it is not set. Throws UNAVAILABLE when the store cannot be read. */
  get(account: string, field: CredentialField): Promise<string | null>;
  set(account: string, field: CredentialField, value: string): Promise<void>;
  /** True when something was removed. */
  delete(account: string, field: CredentialField): Promise<boolean>;
}

/** For tests and throwaway runs: never used as a fallback for a failing keychain. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly writable = true;
  private readonly values = new Map<string, string>();
  async get(account: string, field: CredentialField): Promise<string | null> {
    return this.values.get(`${account}:${field}`) ?? null;
  }
  async set(account: string, field: CredentialField, value: string): Promise<void> {
    this.values.set(`${account}:${field}`, value);
  }
  async delete(account: string, field: CredentialField): Promise<boolean> {
    return this.values.delete(`${account}:${field}`);
  }
}

/**
 * Read-only credentials from the environment for headless runs (servers, CI):
 * `QUANTDESK_<ACCOUNT>_API_KEY`, `_SECRET`, `_PASSWORD`, `_UID` (and the other ccxt fields in the
 * same style), where `<ACCOUNT>` is the account id upper-cased with `-` as `_`.
 */
import { EngineError } from '../core/errors';
import type { CredentialField, SecretStore } from './secret-store';

const SUFFIX: Record<CredentialField, string> = {
  apiKey: 'API_KEY',
  secret: 'SECRET',
  password: 'PASSWORD',
  uid: 'UID',
  login: 'LOGIN',
  accountId: 'ACCOUNT_ID',
  privateKey: 'PRIVATE_KEY',
  walletAddress: 'WALLET_ADDRESS',
  token: 'TOKEN',
  twofa: 'TWOFA',
};

export function envVarName(account: string, field: CredentialField): string {
  return `QUANTDESK_${account.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${SUFFIX[field]}`;
}

export class EnvSecretStore implements SecretStore {
  readonly kind = 'env';
  readonly writable = false;
  constructor(private readonly env: Record<string, string | undefined>) {}

  async get(account: string, field: CredentialField): Promise<string | null> {
    const v = this.env[envVarName(account, field)];
    return v === undefined || v === '' ? null : v;
  }
  async set(account: string, field: CredentialField): Promise<void> {
    throw new EngineError('CONFLICT', `credentials from the environment are read-only (${envVarName(account, field)}); change the variable instead`);
  }
  async delete(account: string, field: CredentialField): Promise<boolean> {
    throw new EngineError('CONFLICT', `credentials from the environment are read-only (${envVarName(account, field)}); unset the variable instead`);
  }
  /** Whether any variable for the account is set (then the environment wins for that account). */
  hasAccount(account: string): boolean {
    return (Object.keys(SUFFIX) as CredentialField[]).some((f) => !!this.env[envVarName(account, f)]);
  }
}

/**
 * The environment for accounts it names, the keychain for the rest. An account with any env
 * variable takes all its fields from the environment (a half-env, half-keychain key pair would be
 * a confusing accident); writes go to the keychain and are refused for env accounts.
 */
export class LayeredSecretStore implements SecretStore {
  readonly kind = 'env+keychain';
  readonly writable = true;
  constructor(
    private readonly env: EnvSecretStore,
    private readonly keychain: SecretStore,
  ) {}
  sourceOf(account: string): SecretStore {
    return this.env.hasAccount(account) ? this.env : this.keychain;
  }
  get(account: string, field: CredentialField): Promise<string | null> {
    return this.sourceOf(account).get(account, field);
  }
  set(account: string, field: CredentialField, value: string): Promise<void> {
    return this.sourceOf(account).set(account, field, value);
  }
  delete(account: string, field: CredentialField): Promise<boolean> {
    return this.sourceOf(account).delete(account, field);
  }
}

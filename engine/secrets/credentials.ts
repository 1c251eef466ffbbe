/**
 * Exchange credentials for one account: which fields a venue needs (from ccxt's
 * `requiredCredentials`), whether each is set (all a screen may learn), and the values for the
 * ccxt broker, wrapped so that logging, JSON or an error detail can never print them.
 */
import { EngineError } from '../core/errors';
import { isCredentialField, type CredentialField, type SecretStore } from './secret-store';
import { verifyCredentials, type VerifyOptions, type VerifyResult } from './verify-credentials';

export interface CredentialFieldInfo {
  field: CredentialField;
  /** English label; the renderer translates by `field`. */
  label: string;
  secret: boolean;
}

const LABELS: Record<CredentialField, string> = {
  apiKey: 'API key',
  secret: 'Secret',
  password: 'Passphrase',
  uid: 'UID',
  login: 'Login',
  accountId: 'Account ID',
  privateKey: 'Private key',
  walletAddress: 'Wallet address',
  token: 'Token',
  twofa: '2FA secret',
};
const NOT_SECRET = new Set<CredentialField>(['uid', 'login', 'accountId', 'walletAddress']);

type CcxtModule = { exchanges: string[] } & Record<string, unknown>;
let ccxtModule: Promise<CcxtModule> | null = null;
/** ccxt is big: loaded on first use only. */
function loadCcxt(): Promise<CcxtModule> {
  ccxtModule ??= import('ccxt').then((m) => ((m as { default?: CcxtModule }).default ?? (m as unknown as CcxtModule)));
  return ccxtModule;
}

/** What a venue asks for, in ccxt's order (`paper` needs nothing). NOT_FOUND for an unknown exchange. */
export async function describeCredentials(exchangeId: string): Promise<CredentialFieldInfo[]> {
  if (exchangeId === 'paper') return [];
  const ccxt = await loadCcxt();
  if (!ccxt.exchanges.includes(exchangeId)) throw new EngineError('NOT_FOUND', `ccxt does not know the exchange ${JSON.stringify(exchangeId.slice(0, 40))}`);
  const Ctor = ccxt[exchangeId] as new (o?: object) => { requiredCredentials: Record<string, boolean> };
  const required = new Ctor().requiredCredentials;
  return Object.entries(required)
    .filter(([k, v]) => v && isCredentialField(k))
    .map(([k]) => ({ field: k as CredentialField, label: LABELS[k as CredentialField], secret: !NOT_SECRET.has(k as CredentialField) }));
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Credential values that print as `[redacted]` everywhere; `forCcxt()` hands them over at the point of use. */
export class Credentials {
  readonly #values: Partial<Record<CredentialField, string>>;
  constructor(values: Partial<Record<CredentialField, string>>) {
    this.#values = { ...values };
    Object.freeze(this);
  }
  get fields(): CredentialField[] {
    return Object.keys(this.#values) as CredentialField[];
  }
  /** The config fields ccxt's exchange constructor takes (`apiKey`, `secret`, `password`, `uid`…). */
  forCcxt(): Partial<Record<CredentialField, string>> {
    return { ...this.#values };
  }
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.fields.map((f) => [f, '[redacted]']));
  }
  toString(): string {
    return `[Credentials ${this.fields.join(', ')}: redacted]`;
  }
  [INSPECT](): string {
    return this.toString();
  }
}

export interface CredentialStatus {
  field: CredentialField;
  label: string;
  set: boolean;
}

/** Add, inspect and remove an account's key through a `SecretStore`. */
export class CredentialService {
  constructor(
    private readonly store: SecretStore,
    private readonly describe: (exchangeId: string) => Promise<CredentialFieldInfo[]> = describeCredentials,
  ) {}

  /** Set / not set per required field — the only thing the renderer ever learns. */
  async status(account: string, exchangeId: string): Promise<CredentialStatus[]> {
    const fields = await this.describe(exchangeId);
    const out: CredentialStatus[] = [];
    for (const f of fields) out.push({ field: f.field, label: f.label, set: (await this.store.get(account, f.field)) !== null });
    return out;
  }

  /** Stores every required field (all are needed; extra fields are refused). */
  async save(account: string, exchangeId: string, values: Partial<Record<string, string>>): Promise<CredentialStatus[]> {
    const fields = await this.describe(exchangeId);
    const allowed = new Set<string>(fields.map((f) => f.field));
    const extra = Object.keys(values).filter((k) => !allowed.has(k));
    if (extra.length) throw new EngineError('INVALID_INPUT', `${exchangeId} does not take ${extra.join(', ')}`);
    const missing = fields.filter((f) => !values[f.field]?.trim()).map((f) => f.label);
    if (missing.length) throw new EngineError('INVALID_INPUT', `${exchangeId} needs ${missing.join(', ')}`);
    if (!this.store.writable) throw new EngineError('CONFLICT', `credentials come from the ${this.store.kind} and are read-only`);
    for (const f of fields) await this.store.set(account, f.field, values[f.field]!.trim());
    return this.status(account, exchangeId);
  }

  /** The values for the broker. NOT_FOUND names the missing fields, never a value. */
  async load(account: string, exchangeId: string): Promise<Credentials> {
    const fields = await this.describe(exchangeId);
    const values: Partial<Record<CredentialField, string>> = {};
    const missing: string[] = [];
    for (const f of fields) {
      const v = await this.store.get(account, f.field);
      if (v === null) missing.push(f.label);
      else values[f.field] = v;
    }
    if (missing.length) throw new EngineError('NOT_FOUND', `account ${account} has no ${missing.join(', ')} set (Settings → Accounts, or QUANTDESK_<ACCOUNT>_… for headless use)`, { missing });
    return new Credentials(values);
  }

  /** "Test key": one private read at the venue with the stored credentials (see `verifyCredentials`). */
  async test(account: string, exchangeId: string, o: VerifyOptions = {}): Promise<VerifyResult> {
    return verifyCredentials(exchangeId, await this.load(account, exchangeId), o);
  }

  /** Removes every credential field of the account (not only the venue's current list). */
  async remove(account: string): Promise<number> {
    let n = 0;
    for (const f of Object.keys(LABELS) as CredentialField[]) if (await this.store.delete(account, f)) n++;
    return n;
  }
}

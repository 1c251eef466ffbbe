/**
 * Credentials in the OS keychain through `@napi-rs/keyring` (macOS Keychain, Windows Credential
 * Manager, the Secret Service on Linux — gnome-keyring or KWallet). One entry per field: service
 * `Quantdesk`, account `<account-name>:<field>`.
 *
 * Every call first checks that the keychain is usable (cached for a few seconds), because on
 * Linux the library misleads in two ways: it reads an unreachable Secret Service as "no entry"
 * (null), and it falls back to the kernel keyring (keyutils: memory only, gone after a reboot) when
 * there is no Secret Service. So on Linux the Secret Service must answer a search (keyutils cannot
 * search) before anything is read or written, and a probe entry must write, read back and delete
 * (a locked collection fails here). A locked or missing keychain is an UNAVAILABLE error — never
 * "not set", never a silent fallback, never plain text.
 */
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { EngineError } from '../core/errors';
import type { CredentialField, SecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'Quantdesk';
const PROBE_ACCOUNT = '__quantdesk_probe__';
/** A successful probe is trusted this long (a keychain can be locked later). */
const PROBE_TTL_MS = 10_000;

export interface KeychainOptions {
  /** Another service name (tests use their own so they never touch a real `Quantdesk` entry). */
  service?: string;
  now?: () => number;
  /** `process.platform` unless a test says otherwise. */
  platform?: string;
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly writable = true;
  private readonly service: string;
  private readonly now: () => number;
  private readonly platform: string;
  private probedAt = -Infinity;

  constructor(o: KeychainOptions = {}) {
    this.service = o.service ?? KEYCHAIN_SERVICE;
    this.now = o.now ?? Date.now;
    this.platform = o.platform ?? process.platform;
  }

  async get(account: string, field: CredentialField): Promise<string | null> {
    await this.ensureAvailable();
    try {
      return (await this.entry(account, field).getPassword()) ?? null;
    } catch (e) {
      throw unavailable('read', e);
    }
  }

  async set(account: string, field: CredentialField, value: string): Promise<void> {
    if (value.length === 0) throw new EngineError('INVALID_INPUT', `an empty ${field} cannot be stored`);
    await this.ensureAvailable();
    try {
      await this.entry(account, field).setPassword(value);
    } catch (e) {
      throw unavailable('write to', e);
    }
    // read back: some backends accept a write they cannot keep (a locked collection)
    let back: string | null | undefined;
    try {
      back = await this.entry(account, field).getPassword();
    } catch (e) {
      throw unavailable('read', e);
    }
    if (back !== value) throw new EngineError('UNAVAILABLE', 'the OS keychain did not keep the credential (is it locked?); nothing was stored anywhere else');
  }

  async delete(account: string, field: CredentialField): Promise<boolean> {
    // the library reports "deleted" even when it could not reach the keychain: hence the check
    await this.ensureAvailable();
    try {
      return Boolean(await this.entry(account, field).deleteCredential());
    } catch (e) {
      throw unavailable('delete from', e);
    }
  }

  /** Throws UNAVAILABLE unless a probe entry can be written, read back and deleted. */
  async ensureAvailable(): Promise<void> {
    if (this.now() - this.probedAt < PROBE_TTL_MS) return;
    if (this.platform === 'linux') {
      try {
        await findCredentialsAsync(this.service);
      } catch (e) {
        this.probedAt = -Infinity;
        throw unavailable('reach', e);
      }
    }
    const probe = new AsyncEntry(this.service, PROBE_ACCOUNT);
    const token = `probe-${this.now()}`;
    try {
      await probe.setPassword(token);
      const back = await probe.getPassword();
      await probe.deleteCredential();
      if (back !== token) throw new Error('the probe entry did not read back');
    } catch (e) {
      this.probedAt = -Infinity;
      throw unavailable('use', e);
    }
    this.probedAt = this.now();
  }

  private entry(account: string, field: CredentialField): AsyncEntry {
    return new AsyncEntry(this.service, `${account}:${field}`);
  }
}

/**
 * A clear UNAVAILABLE error. The library's message is reduced to its first line (it appends a
 * native backtrace); it names the platform failure, never a value.
 */
function unavailable(what: string, e: unknown): EngineError {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
  return new EngineError(
    'UNAVAILABLE',
    `cannot ${what} the OS keychain (${first}). Unlock it or start a Secret Service (gnome-keyring, KWallet) and try again; ` +
      'for headless use, set QUANTDESK_<ACCOUNT>_API_KEY / _SECRET / _PASSWORD / _UID. Credentials are never stored in plain text.',
  );
}

/**
 * "Test key" in Settings: build the venue's ccxt exchange with the stored credentials, make one
 * private read (`fetchBalance`) and say whether the venue took the key. What the library says is
 * reduced to a category — its messages can quote the signed request — so the answer never
 * carries a key.
 */
import { EngineError } from '../core/errors';
import type { Credentials } from './credentials';

/** The part of a ccxt exchange this needs. */
export interface PrivateReader {
  fetchBalance(): Promise<unknown>;
  close?(): Promise<unknown> | unknown;
}

/**
 * Builds an exchange from ccxt config fields (credentials included). The ccxt broker passes its own
 * (sandbox flag, base-URL override, http agent); the default handles the sandbox flag only.
 */
export type ExchangeFactory = (exchangeId: string, config: Record<string, unknown>) => Promise<PrivateReader>;

export interface VerifyOptions {
  sandbox?: boolean;
  /** ms for the request (ccxt `timeout`). */
  timeoutMs?: number;
  factory?: ExchangeFactory;
}

export interface VerifyResult {
  ok: true;
  /** How many currencies the balance listed (a sign of life, not a value). */
  currencies: number;
}

export const defaultExchangeFactory: ExchangeFactory = async (exchangeId, config) => {
  const m = (await import('ccxt')) as unknown as { default?: Record<string, unknown> } & Record<string, unknown>;
  const ccxt = (m.default ?? m) as Record<string, unknown> & { exchanges: string[] };
  if (!ccxt.exchanges.includes(exchangeId)) throw new EngineError('NOT_FOUND', `ccxt does not know the exchange ${JSON.stringify(exchangeId.slice(0, 40))}`);
  const Ctor = ccxt[exchangeId] as new (c: Record<string, unknown>) => PrivateReader & { setSandboxMode(on: boolean): void };
  const { sandbox, ...rest } = config;
  const ex = new Ctor(rest);
  if (sandbox) ex.setSandboxMode(true);
  return ex;
};

const AUTH = new Set(['AuthenticationError', 'PermissionDenied', 'AccountSuspended', 'AccountNotEnabled']);
const NETWORK = new Set(['NetworkError', 'RequestTimeout', 'ExchangeNotAvailable', 'OnMaintenance', 'DDoSProtection', 'RateLimitExceeded']);

export async function verifyCredentials(exchangeId: string, credentials: Credentials, o: VerifyOptions = {}): Promise<VerifyResult> {
  const factory = o.factory ?? defaultExchangeFactory;
  const ex = await factory(exchangeId, { ...credentials.forCcxt(), enableRateLimit: true, timeout: o.timeoutMs ?? 10_000, sandbox: o.sandbox ?? false });
  try {
    const balance = (await ex.fetchBalance()) as { total?: Record<string, unknown> } | null;
    return { ok: true, currencies: Object.keys(balance?.total ?? {}).length };
  } catch (e) {
    throw classify(exchangeId, e);
  } finally {
    try {
      await ex.close?.();
    } catch {
      // closing sockets of a failed check is best effort
    }
  }
}

/** ccxt errors are classes named after what happened; the chain of names is all that is kept. */
function classify(exchangeId: string, e: unknown): EngineError {
  const names = errorNames(e);
  if (names.some((n) => AUTH.has(n))) return new EngineError('AUTH_FAILED', `${exchangeId} refused the key (${names[0]}): check the key, its permissions and IP whitelist`);
  if (names.some((n) => NETWORK.has(n))) return new EngineError('UNAVAILABLE', `${exchangeId} could not be reached to check the key (${names[0]}); try again later`);
  if (e instanceof EngineError) return e;
  return new EngineError('INTERNAL', `checking the key with ${exchangeId} failed (${names[0] ?? 'unknown error'})`);
}

function errorNames(e: unknown): string[] {
  const out: string[] = [];
  if (typeof e !== 'object' || e === null) return out;
  for (let p = Object.getPrototypeOf(e); p && p !== Object.prototype && out.length < 8; p = Object.getPrototypeOf(p)) {
    const n = (p.constructor as { name?: string } | undefined)?.name;
    if (n && n !== 'Error' && n !== 'BaseError') out.push(n);
  }
  return out;
}

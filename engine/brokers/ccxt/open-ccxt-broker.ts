/**
 * Builds the ccxt broker of an account: the exchange comes from the data layer's
 * `createExchange` (rate limiter on, base-URL override, http agent for plain ws://), then gets the
 * account's keys and, without a base URL, the venue's sandbox URLs.
 */
import type { Clock } from '../../core/clock';
import { EngineError } from '../../core/errors';
import { createExchange } from '../../data/ccxt/open-exchange';
import type { Credentials } from '../../secrets/credentials';
import type { AccountId } from '../../trading/identifiers';
import type { TradingLog } from '../../trading/order-manager';
import { CcxtBroker } from './ccxt-broker';
import type { CcxtTradingExchange } from './ccxt-types';

export interface OpenCcxtBrokerOptions {
  accountId: AccountId;
  exchange: string;
  credentials: Credentials;
  sandbox: boolean;
  baseUrl: string | null;
  clock: Clock;
  symbols?: string[];
  timeoutMs?: number;
  log?: TradingLog;
  /** Watch stop/take-profit triggers here even where the venue has them (`CcxtBrokerOptions.localTriggers`). */
  localTriggers?: boolean;
}

export async function openCcxtBroker(o: OpenCcxtBrokerOptions): Promise<CcxtBroker> {
  const ex = (await createExchange({ exchange: o.exchange, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}) })) as unknown as CcxtTradingExchange & Record<string, unknown>;
  if (o.sandbox && !o.baseUrl) {
    if (!ex.setSandboxMode) throw new EngineError('INVALID_INPUT', `${o.exchange} has no sandbox in ccxt`);
    try {
      ex.setSandboxMode(true);
    } catch {
      throw new EngineError('INVALID_INPUT', `${o.exchange} has no sandbox (testnet) URLs in ccxt`);
    }
  }
  // ccxt reads the key fields at signing time; they live on the instance only
  Object.assign(ex, o.credentials.forCcxt());
  return new CcxtBroker({ accountId: o.accountId, exchange: ex, venue: ex.id, clock: o.clock, symbols: o.symbols, timeoutMs: o.timeoutMs ?? 10_000, log: o.log, localTriggers: o.localTriggers });
}

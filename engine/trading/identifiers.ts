/**
 * Identifiers of the trading domain, branded so that an account id is never passed where a venue
 * order id belongs. `ClientOrderId` (ours, created before a request is sent) lives in
 * `shared/ids.ts` because the contract carries it too.
 */
import { EngineError } from '../core/errors';
import type { ClientOrderId } from '../../shared/ids';

type Brand<T, B extends string> = T & { readonly __brand: B };

/** One account per exchange key, plus paper accounts: `binance-main`, `paper-1`. */
export type AccountId = Brand<string, 'AccountId'>;
/** A deployed strategy (or `manual` for the order ticket). */
export type StrategyId = Brand<string, 'StrategyId'>;
/** The venue's id for an order; known only once the venue has answered. */
export type VenueOrderId = Brand<string, 'VenueOrderId'>;
/** The venue's id for one execution; unique per account, which makes fills idempotent. */
export type TradeId = Brand<string, 'TradeId'>;

const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,47}$/;
const STRATEGY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Lower-case letters, digits, `-` and `_` (it becomes part of keychain entries and env names). */
export function accountId(s: string): AccountId {
  if (!ACCOUNT_ID.test(s)) throw new EngineError('INVALID_INPUT', `an account id is 1-48 lower-case letters, digits, - or _ (starting with a letter or digit), got ${JSON.stringify(s.slice(0, 60))}`);
  return s as AccountId;
}
export function strategyId(s: string): StrategyId {
  if (!STRATEGY_ID.test(s)) throw new EngineError('INVALID_INPUT', `a strategy id is 1-64 letters, digits, _ . : or -, got ${JSON.stringify(s.slice(0, 80))}`);
  return s as StrategyId;
}
export function venueOrderId(s: string): VenueOrderId {
  if (s.length === 0) throw new EngineError('INVALID_INPUT', 'a venue order id is not empty');
  return s as VenueOrderId;
}
export function tradeId(s: string): TradeId {
  if (s.length === 0) throw new EngineError('INVALID_INPUT', 'a trade id is not empty');
  return s as TradeId;
}
export function clientOrderId(s: string): ClientOrderId {
  if (typeof s !== 'string' || s.length < 1 || s.length > 36) throw new EngineError('INVALID_INPUT', 'a client order id is 1 to 36 characters');
  return s as ClientOrderId;
}

/** The strategy id of orders from the manual order ticket. */
export const MANUAL_STRATEGY = 'manual' as StrategyId;

/**
 * Creates client order ids that stay unique across restarts without reading anything: the clock
 * (ms, base 36) plus a per-process counter plus a random tag. Venues cap the length (Binance: 36,
 * OKX: 32, alphanumeric only), so ids are `q` + at most 31 lower-case alphanumerics.
 */
export class ClientOrderIdFactory {
  private seq = 0;
  private lastTs = -1;
  constructor(
    private readonly now: () => number,
    /** A random source in [0, 1); tests pass a fixed one. */
    private readonly random: () => number = Math.random,
  ) {}
  next(): ClientOrderId {
    const ts = this.now();
    if (ts !== this.lastTs) {
      this.lastTs = ts;
      this.seq = 0;
    }
    const tag = Math.floor(this.random() * 36 ** 4).toString(36).padStart(4, '0');
    return clientOrderId(`q${ts.toString(36)}${(this.seq++).toString(36).padStart(3, '0')}${tag}`);
  }
}

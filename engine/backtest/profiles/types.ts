import type { CommissionSpec } from '../config';

/**
 * What a market imposes on a backtest. The engine asks the profile; it never branches on a
 * market's name, so adding a market is adding a sibling file.
 */
export interface MarketProfile {
  id: string;
  /** Trading days per year for annualising daily returns: 365 (24/7) or 252 (session markets). */
  annualDays: number;
  /** Default lot when the instrument does not give one (undefined = fractional sizes). */
  lotSize?: number;
  /** Default tick when the instrument does not give one. */
  tickSize?: number;
  allowShort: boolean;
  commission: CommissionSpec;
  /** T+1: units bought on an exchange day can be sold from the next exchange day. */
  tPlusOne: boolean;
  /** Exchange time − UTC in ms, for the exchange day of T+1 and price limits. */
  exchangeDayOffsetMs: number;
  /** Daily price limit as a fraction of the previous exchange day's close (undefined = none). */
  priceLimit?: number;
  /** Sells may leave odd lots only when they close the whole position (A-shares). */
  oddLotSellOnlyToClose: boolean;
  /** Whether a bar opening at `ts` is in the regular session (fills happen only in session bars). Undefined = always. */
  inSession?: (ts: number) => boolean;
}

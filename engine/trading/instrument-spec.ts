/**
 * A venue's rules for one instrument, in decimals: what ccxt's market `precision` and `limits`
 * say (the ccxt broker fills this in from `loadMarkets`; the paper broker from its config).
 */
import type { InstrumentId } from '../../shared/ids';
import type { Decimal } from './decimal';

export interface InstrumentSpec {
  instrumentId: InstrumentId;
  base: string;
  quote: string;
  /** Price grid (ccxt `precision.price` as a tick size). */
  priceTick: Decimal;
  /** Amount grid (ccxt `precision.amount` as a step). */
  amountStep: Decimal;
  minAmount?: Decimal;
  maxAmount?: Decimal;
  /** Minimum price × amount (ccxt `limits.cost.min`). */
  minNotional?: Decimal;
  maxNotional?: Decimal;
  /** Spot: a position is what the balances say, and shorting is refused. */
  spot: boolean;
}

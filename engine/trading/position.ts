/**
 * A position of one strategy in one instrument of one account, in decimals. Average price moves
 * only when the position grows; a partial close realises (fill price − average) × closed quantity
 * (sign-adjusted for shorts); a flip opens the rest at the fill price. Fees are kept apart so
 * gross and net PnL are both visible.
 */
import type { InstrumentId } from '../../shared/ids';
import { Decimal } from './decimal';
import type { AccountId, StrategyId } from './identifiers';
import type { OrderSide } from './order';

/** Digits kept for an average price (it is a quotient; everything else is exact). */
export const AVG_PRICE_SCALE = 18;

export interface PositionState {
  accountId: AccountId;
  strategyId: StrategyId;
  instrumentId: InstrumentId;
  /** Signed: + long, − short. */
  quantity: Decimal;
  /** Zero when flat. */
  avgPrice: Decimal;
  /** Gross realised PnL in the quote currency. */
  realizedPnl: Decimal;
  /** Fees in the quote currency (base-currency fees valued at the fill price). Net PnL = realised − fees. */
  fees: Decimal;
  tsLast: number;
}

export function flatPosition(accountId: AccountId, strategyId: StrategyId, instrumentId: InstrumentId): PositionState {
  return { accountId, strategyId, instrumentId, quantity: Decimal.ZERO, avgPrice: Decimal.ZERO, realizedPnl: Decimal.ZERO, fees: Decimal.ZERO, tsLast: 0 };
}

export interface PositionFill {
  side: OrderSide;
  quantity: Decimal;
  price: Decimal;
  /** Fee in the quote currency (already converted). */
  feeQuote: Decimal;
  /** Base currency kept back as a fee (spot buys on some venues): the position receives less. */
  feeBase?: Decimal;
  tsEvent: number;
}

export function applyFillToPosition(p: PositionState, f: PositionFill): PositionState {
  const signed = f.side === 'buy' ? f.quantity : f.quantity.neg();
  let qty = p.quantity;
  let avg = p.avgPrice;
  let realized = p.realizedPnl;
  if (qty.isZero() || qty.sign() === signed.sign()) {
    // growing: weighted average of the old and the new
    const newQty = qty.add(signed);
    avg = qty.abs().mul(avg).add(f.quantity.mul(f.price)).div(newQty.abs(), AVG_PRICE_SCALE, 'half-even');
    qty = newQty;
  } else {
    const closing = Decimal.min(f.quantity, qty.abs());
    // long: (px − avg) × closed; short: (avg − px) × closed
    const perUnit = qty.isPositive() ? f.price.sub(avg) : avg.sub(f.price);
    realized = realized.add(perUnit.mul(closing));
    const newQty = qty.add(signed);
    if (newQty.isZero()) avg = Decimal.ZERO;
    else if (newQty.sign() !== qty.sign()) avg = f.price; // flipped: the rest opens at the fill price
    qty = newQty;
  }
  let fees = p.fees.add(f.feeQuote);
  if (f.feeBase && !f.feeBase.isZero()) {
    qty = qty.sub(f.feeBase);
    fees = fees.add(f.feeBase.mul(f.price));
    if (qty.isZero()) avg = Decimal.ZERO;
  }
  return { ...p, quantity: qty, avgPrice: avg, realizedPnl: realized, fees, tsLast: Math.max(p.tsLast, f.tsEvent) };
}

/** (mark − average) × quantity: positive when a long is above its average or a short below it. */
export function unrealizedPnl(p: PositionState, mark: Decimal): Decimal {
  return p.quantity.isZero() ? Decimal.ZERO : mark.sub(p.avgPrice).mul(p.quantity);
}

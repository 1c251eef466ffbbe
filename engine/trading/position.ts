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
  /** Fees paid in a third currency (BNB on Binance), per currency: they have no price here, so they are not in `fees`. */
  feesOther: Readonly<Record<string, Decimal>>;
  tsLast: number;
}

export function flatPosition(accountId: AccountId, strategyId: StrategyId, instrumentId: InstrumentId): PositionState {
  return { accountId, strategyId, instrumentId, quantity: Decimal.ZERO, avgPrice: Decimal.ZERO, realizedPnl: Decimal.ZERO, fees: Decimal.ZERO, feesOther: {}, tsLast: 0 };
}

export interface PositionFill {
  side: OrderSide;
  quantity: Decimal;
  price: Decimal;
  /** Fee in the quote currency (already converted). */
  feeQuote: Decimal;
  /** Base currency kept back as a fee (spot buys on some venues): the position receives less. */
  feeBase?: Decimal;
  /** A fee in neither base nor quote (BNB): kept per currency, it moves neither quantity nor `fees`. */
  feeOther?: { currency: string; amount: Decimal };
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
  let feesOther = p.feesOther;
  if (f.feeOther && !f.feeOther.amount.isZero()) {
    const c = f.feeOther.currency;
    feesOther = { ...feesOther, [c]: (feesOther[c] ?? Decimal.ZERO).add(f.feeOther.amount) };
  }
  return { ...p, quantity: qty, avgPrice: avg, realizedPnl: realized, fees, feesOther, tsLast: Math.max(p.tsLast, f.tsEvent) };
}

export type PositionSide = 'flat' | 'long' | 'short' | 'dust';

/**
 * What a quantity means on a venue with lot `step`: below one lot (either sign) it is dust — what a
 * base-currency fee and amount rounding leave behind, which no order can close — never a short.
 */
export function positionSide(quantity: Decimal, step: Decimal | null): PositionSide {
  if (quantity.isZero()) return 'flat';
  if (step && step.isPositive() && quantity.abs().lt(step)) return 'dust';
  return quantity.isPositive() ? 'long' : 'short';
}

/**
 * The quantity that closes a position on the lot grid (rounded towards zero) and the dust it leaves.
 * A long of 0.000999 on a 0.00001 grid sells 0.00099 and leaves 0.000009.
 */
export function closingQuantity(quantity: Decimal, step: Decimal | null): { quantity: Decimal; dust: Decimal } {
  const abs = quantity.abs();
  const q = step && step.isPositive() ? abs.roundToStep(step, 'down') : abs;
  return { quantity: q, dust: abs.sub(q) };
}

/** (mark − average) × quantity: positive when a long is above its average or a short below it. */
export function unrealizedPnl(p: PositionState, mark: Decimal): Decimal {
  return p.quantity.isZero() ? Decimal.ZERO : mark.sub(p.avgPrice).mul(p.quantity);
}

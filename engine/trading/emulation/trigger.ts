/**
 * When a locally watched trigger fires. The rule is the venues' (and the simulator's): a
 * stop-loss sell and a take-profit buy fire on a fall to the trigger, a stop buy and a
 * take-profit sell on a rise to it. The last trade price is what is compared.
 */
import type { Decimal } from '../decimal';
import type { OrderSpec } from '../order';

export function firesOnFall(spec: Pick<OrderSpec, 'kind' | 'side'>): boolean {
  return (spec.kind === 'take-profit') === (spec.side === 'buy');
}

/** Whether `price` has reached the order's trigger (an order without a trigger is always "crossed"). */
export function triggerCrossed(spec: Pick<OrderSpec, 'kind' | 'side' | 'triggerPrice'>, price: Decimal | undefined): boolean {
  const t = spec.triggerPrice;
  if (!t) return true;
  if (!price) return false;
  return firesOnFall(spec) ? price.lte(t) : price.gte(t);
}

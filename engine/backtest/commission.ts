import type { Liquidity, OrderSide } from '../model/orders';
import type { CommissionSpec } from './config';

/**
 * Fees of one fill in quote currency (float64):
 *   max(minimum, rate × notional + perUnit × size) + perOrder (first fill only) + sellTax × notional (sells)
 * where rate is `maker` or `taker` by liquidity when given, else `percent`.
 */
export class CommissionModel {
  private readonly maker: number;
  private readonly taker: number;
  private readonly perUnit: number;
  private readonly perOrder: number;
  private readonly minimum: number;
  private readonly sellTax: number;

  constructor(spec: CommissionSpec) {
    const pct = spec.percent ?? 0;
    this.maker = spec.maker ?? pct;
    this.taker = spec.taker ?? pct;
    this.perUnit = spec.perUnit ?? 0;
    this.perOrder = spec.perOrder ?? 0;
    this.minimum = spec.minimum ?? 0;
    this.sellTax = spec.sellTax ?? 0;
  }

  fee(side: OrderSide, size: number, price: number, liquidity: Liquidity, firstFillOfOrder: boolean, multiplier = 1): number {
    const notional = size * price * multiplier;
    const rate = liquidity === 'maker' ? this.maker : this.taker;
    let fee = Math.max(this.minimum, rate * notional + this.perUnit * size);
    if (firstFillOfOrder) fee += this.perOrder;
    if (side === 'sell') fee += this.sellTax * notional;
    return fee;
  }
}

/** Profile defaults with the run's overrides on top (field by field). */
export function mergeCommission(profile: CommissionSpec, override: CommissionSpec | undefined): CommissionSpec {
  return { ...profile, ...(override ?? {}) };
}

import type { OrderSide } from '../model/orders';
import type { SlippageSpec } from './config';

/**
 * Adverse price move applied to fills that take liquidity (market and stop orders, also when
 * they gap): bps × price + ticks × tick + volumeImpact × price × (size / bar volume).
 * The slipped price is kept inside the bar's [low, high]: a fill cannot happen at a price that did not trade.
 */
export class SlippageModel {
  private readonly bps: number;
  private readonly ticks: number;
  private readonly impact: number;
  readonly active: boolean;

  constructor(spec: SlippageSpec | undefined) {
    this.bps = spec?.bps ?? 0;
    this.ticks = spec?.ticks ?? 0;
    this.impact = spec?.volumeImpact ?? 0;
    this.active = this.bps > 0 || this.ticks > 0 || this.impact > 0;
  }

  apply(side: OrderSide, price: number, size: number, barVolume: number, tick: number | undefined, low: number, high: number): number {
    if (!this.active) return price;
    let move = price * this.bps * 1e-4 + this.ticks * (tick ?? 0);
    if (this.impact > 0 && barVolume > 0) move += price * this.impact * (size / barVolume);
    return side === 'buy' ? Math.min(high, price + move) : Math.max(low, price - move);
  }
}

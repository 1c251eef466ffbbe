/**
 * What the engine needs to know about an instrument to trade it. Every field is optional except
 * the id: a missing rule is not enforced (fractional sizes, any price, no minimum).
 */
export interface InstrumentSpec {
  id: string;
  /** Smallest price increment. */
  tickSize?: number;
  /** Sizes are multiples of this (100 for A-shares, 1 for US equities, e.g. 0.00001 for BTC). */
  lotSize?: number;
  /** Smallest size of one order. */
  minSize?: number;
  /** Smallest notional (size × price) of one order, in quote currency. */
  minNotional?: number;
  /** Value of one unit per point of price (1 for spot; e.g. 50 for an index future). */
  multiplier?: number;
}

/**
 * `n` increments as a number. Decimal increments (0.01, 0.1) divide by their inverse so the result is
 * the nearest double to the decimal (23 / 10 = 2.3, where 23 × 0.1 = 2.3000000000000003).
 */
function times(n: number, step: number): number {
  if (step < 1) {
    const inv = Math.round(1 / step);
    if (Math.abs(inv * step - 1) < 1e-12) return n / inv;
  }
  return n * step;
}

/** Rounds a size down to a whole number of lots (with a small tolerance for float noise). */
export function roundToLot(size: number, lot: number | undefined): number {
  if (!lot || lot <= 0) return size;
  return times(Math.floor(size / lot + 1e-9), lot);
}

/** Rounds a price to the nearest tick. */
export function roundToTick(price: number, tick: number | undefined): number {
  if (!tick || tick <= 0) return price;
  return times(Math.round(price / tick), tick);
}

import { describe, expect, it } from 'vitest';
import { CommissionModel } from './commission';

describe('CommissionModel', () => {
  it('percent of notional', () => {
    // 100 × 99.447989 × 0.001 = 9.9447989 (the backtrader reference's first fill)
    expect(new CommissionModel({ percent: 0.001 }).fee('buy', 100, 99.447989, 'taker', true)).toBeCloseTo(9.9447989, 10);
  });
  it('maker and taker rates by liquidity', () => {
    const c = new CommissionModel({ maker: 0.0002, taker: 0.0005 });
    expect(c.fee('buy', 2, 1000, 'maker', true)).toBeCloseTo(0.4, 12); // 2000 × 0.0002
    expect(c.fee('buy', 2, 1000, 'taker', true)).toBeCloseTo(1.0, 12); // 2000 × 0.0005
  });
  it('per unit, per order on the first fill only, and a minimum', () => {
    const c = new CommissionModel({ perUnit: 0.005, perOrder: 1, minimum: 1.5 });
    expect(c.fee('buy', 100, 50, 'taker', true)).toBeCloseTo(1.5 + 1, 12); // max(1.5, 0.5) + 1
    expect(c.fee('buy', 1000, 50, 'taker', false)).toBeCloseTo(5, 12); // max(1.5, 5), not first fill
  });
  it('sell tax on sells only, on top of the minimum (A-share stamp duty)', () => {
    const c = new CommissionModel({ percent: 0.00025, minimum: 5, sellTax: 0.0005 });
    // Buy 1000 @ 10: 10,000 × 0.00025 = 2.5 → minimum 5.
    expect(c.fee('buy', 1000, 10, 'taker', true)).toBeCloseTo(5, 12);
    // Sell 1000 @ 10: 5 + 10,000 × 0.0005 = 10.
    expect(c.fee('sell', 1000, 10, 'taker', true)).toBeCloseTo(10, 12);
    // Sell 100,000 @ 10: 1,000,000 × 0.00025 = 250 + 500 = 750.
    expect(c.fee('sell', 100_000, 10, 'taker', true)).toBeCloseTo(750, 9);
  });
  it('multiplier scales the notional', () => {
    expect(new CommissionModel({ percent: 0.001 }).fee('buy', 1, 4000, 'taker', true, 50)).toBeCloseTo(200, 9);
  });
});

import { describe, expect, it } from 'vitest';
import { SlippageModel } from './slippage';

describe('SlippageModel', () => {
  it('is a no-op by default', () => {
    expect(new SlippageModel(undefined).apply('buy', 100, 1, 1000, 0.01, 90, 110)).toBe(100);
  });
  it('basis points against the trader', () => {
    const s = new SlippageModel({ bps: 10 });
    expect(s.apply('buy', 100, 1, 1000, undefined, 90, 110)).toBeCloseTo(100.1, 12);
    expect(s.apply('sell', 100, 1, 1000, undefined, 90, 110)).toBeCloseTo(99.9, 12);
  });
  it('ticks', () => {
    expect(new SlippageModel({ ticks: 2 }).apply('buy', 100, 1, 1000, 0.05, 90, 110)).toBeCloseTo(100.1, 12);
  });
  it('volume impact: fraction of price per unit of participation', () => {
    // 0.1 × (50 / 1000) = 0.5% of 100 = 0.5
    expect(new SlippageModel({ volumeImpact: 0.1 }).apply('buy', 100, 50, 1000, undefined, 90, 110)).toBeCloseTo(100.5, 12);
  });
  it('never leaves the bar range', () => {
    expect(new SlippageModel({ bps: 500 }).apply('buy', 100, 1, 1000, undefined, 90, 101)).toBe(101);
    expect(new SlippageModel({ bps: 500 }).apply('sell', 100, 1, 1000, undefined, 99, 110)).toBe(99);
  });
});

import { describe, expect, it } from 'vitest';
import { alignToTimeframe, nextBarOpen } from './timeframe';

describe('timeframe alignment', () => {
  it('aligns weeks to Monday 00:00 UTC', () => {
    // 2024-01-03 is a Wednesday; its week opens Monday 2024-01-01.
    expect(alignToTimeframe(Date.UTC(2024, 0, 3, 15, 30), '1w')).toBe(Date.UTC(2024, 0, 1));
    expect(alignToTimeframe(Date.UTC(2024, 0, 1), '1w')).toBe(Date.UTC(2024, 0, 1));
    expect(alignToTimeframe(Date.UTC(2023, 11, 31, 23, 59), '1w')).toBe(Date.UTC(2023, 11, 25));
  });
  it('aligns hours, days and months to UTC boundaries', () => {
    expect(alignToTimeframe(Date.UTC(2024, 1, 29, 13, 59, 59), '4h')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(alignToTimeframe(Date.UTC(2024, 1, 29, 13), '1d')).toBe(Date.UTC(2024, 1, 29));
    expect(alignToTimeframe(Date.UTC(2024, 1, 29, 13), '1M')).toBe(Date.UTC(2024, 1, 1));
    expect(nextBarOpen(Date.UTC(2024, 1, 1), '1M')).toBe(Date.UTC(2024, 2, 1));
  });
});

import { describe, expect, it } from 'vitest';
import { barsIn, missingRanges } from './missing-ranges';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

describe('missingRanges', () => {
  it('is the whole range when nothing is stored', () => {
    expect(missingRanges([], T0, T0 + 10 * H, '1h')).toEqual([{ from: T0, to: T0 + 10 * H }]);
  });
  it('finds the head, the holes and the tail', () => {
    const stored = [2, 3, 4, 6, 7].map((i) => T0 + i * H);
    expect(missingRanges(stored, T0, T0 + 10 * H, '1h')).toEqual([
      { from: T0, to: T0 + 2 * H },
      { from: T0 + 5 * H, to: T0 + 6 * H },
      { from: T0 + 8 * H, to: T0 + 10 * H },
    ]);
  });
  it('is empty when everything is there, and ignores bars outside the range', () => {
    const stored = Array.from({ length: 12 }, (_, i) => T0 + (i - 1) * H);
    expect(missingRanges(stored, T0, T0 + 10 * H, '1h')).toEqual([]);
  });
  it('starts at the first whole bar of an unaligned from', () => {
    expect(missingRanges([], T0 + 30 * 60_000, T0 + 3 * H, '1h')).toEqual([{ from: T0 + H, to: T0 + 3 * H }]);
  });
  it('treats skipped (marked) gaps as covered', () => {
    expect(missingRanges([], T0, T0 + 10 * H, '1h', [{ from: T0 + 2 * H, to: T0 + 4 * H }])).toEqual([
      { from: T0, to: T0 + 2 * H },
      { from: T0 + 4 * H, to: T0 + 10 * H },
    ]);
  });
  it('counts bars, months included', () => {
    expect(barsIn({ from: T0, to: T0 + 10 * H }, '1h')).toBe(10);
    expect(barsIn({ from: T0, to: Date.UTC(2024, 3, 1) }, '1M')).toBe(3);
    expect(barsIn({ from: T0 + 1, to: T0 + H }, '1h')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { BarAssembler } from './bar-assembler';
import type { FeedBar } from './types';

describe('BarAssembler', () => {
  it('passes forming-bar updates, closes a bar when a later one opens, drops repeats and older bars', () => {
    const out: FeedBar[] = [];
    const a = new BarAssembler((b) => out.push(b));
    a.push([[60, 1, 2, 1, 2, 5]]);
    a.push([[60, 1, 2, 1, 2, 5]]); // unchanged: nothing
    a.push([[60, 1, 3, 1, 3, 6]]);
    // A backfill after a reconnect: the old forming bar (final values) and two missed bars.
    a.push([[0, 9, 9, 9, 9, 9], [60, 1, 3, 0.5, 2.5, 8], [120, 2.5, 4, 2, 3, 1], [180, 3, 3, 3, 3, 1]]);
    expect(out.map((b) => [b.ts, b.close, b.closed])).toEqual([
      [60, 2, false],
      [60, 3, false],
      [60, 2.5, false],
      [60, 2.5, true],
      [120, 3, false],
      [120, 3, true],
      [180, 3, false],
    ]);
    expect(a.since).toBe(180);
  });
});

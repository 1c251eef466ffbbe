import { describe, expect, it } from 'vitest';
import { bestIndex, paramsTable } from './compare';

describe('run comparison', () => {
  it('lines params up by name and marks the ones that differ', () => {
    expect(paramsTable([{ params: { fast: 10, slow: 30 } }, { params: { fast: 12, slow: 30 } }, { params: { fast: 10, slow: 30, extra: true } }])).toEqual([
      { name: 'extra', values: [undefined, undefined, true], same: false },
      { name: 'fast', values: [10, 12, 10], same: false },
      { name: 'slow', values: [30, 30, 30], same: true },
    ]);
  });
  it('finds the best run for a metric either way', () => {
    expect(bestIndex([0.1, null, 0.3], true)).toBe(2);
    expect(bestIndex([0.1, null, 0.3], false)).toBe(0);
    expect(bestIndex([null, undefined], true)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { buildFeeds } from './feeds';
import { flatBars } from './testing';

describe('feed checks', () => {
  it('names the first bar whose time does not increase, wherever it is', () => {
    for (const n of [2, 3, 5, 9, 10, 11, 1000]) {
      for (const at of [1, 2, 3, 4, 5, Math.floor(n / 2), n - 2, n - 1].filter((i) => i >= 1 && i < n)) {
        for (const bad of ['equal', 'earlier', 'nan'] as const) {
          const bars = flatBars(new Array<number>(n).fill(100));
          bars.ts[at] = bad === 'equal' ? bars.ts[at - 1] : bad === 'earlier' ? bars.ts[at - 1] - 1 : Number.NaN;
          expect(() => buildFeeds([{ symbol: 'X@csv', timeframe: '1m', bars }]), `n=${n} at=${at} ${bad}`).toThrow(expect.objectContaining({ code: 'BAD_DATA', details: { bar: at } }));
        }
      }
      expect(() => buildFeeds([{ symbol: 'X@csv', timeframe: '1m', bars: flatBars(new Array<number>(n).fill(100)) }])).not.toThrow();
    }
  });

  it('takes the caller`s word for increasing times only when it gives it (stored bars); column checks still run', () => {
    const bars = flatBars([100, 100, 100]);
    bars.ts[2] = bars.ts[1];
    expect(() => buildFeeds([{ symbol: 'X@csv', timeframe: '1m', bars }])).toThrow(expect.objectContaining({ code: 'BAD_DATA' }));
    expect(() => buildFeeds([{ symbol: 'X@csv', timeframe: '1m', bars, timesIncrease: true }])).not.toThrow();
    const short = { ...bars, close: bars.close.subarray(0, 2) };
    expect(() => buildFeeds([{ symbol: 'X@csv', timeframe: '1m', bars: short, timesIncrease: true }])).toThrow(expect.objectContaining({ code: 'BAD_DATA' }));
  });
});

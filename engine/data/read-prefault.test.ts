import { describe, expect, it } from 'vitest';
import { allocBarColumns, BAR_FIELDS, sliceBars } from '../model/bars';
import { prefaultTail } from './read-prefault';

describe('prefaultTail', () => {
  it('leaves fresh columns all zero, at every size and start, and later writes stay', async () => {
    for (const n of [0, 1, 511, 512, 513, 4096 * 3 + 7, 100_000]) {
      for (const start of [0, 1, Math.floor(n / 3), n - 1, n, n + 5]) {
        const c = allocBarColumns(n);
        await prefaultTail(c, start);
        for (const f of BAR_FIELDS) {
          expect(c[f].length, `${n} ${start} ${f}`).toBe(n);
          expect(c[f].every((v) => v === 0), `${n} ${start} ${f}`).toBe(true);
        }
        for (const f of BAR_FIELDS) for (let i = 0; i < n; i++) c[f][i] = i + 0.5;
        await new Promise((r) => setTimeout(r, 1));
        for (const f of BAR_FIELDS) expect(c[f].every((v, i) => v === i + 0.5), `${n} ${start} ${f}`).toBe(true);
      }
    }
  });

  it('writes nothing before start nor outside column views', async () => {
    const whole = allocBarColumns(20_000);
    for (const f of BAR_FIELDS) whole[f].fill(Number.NaN);
    const view = sliceBars(whole, 3, 19_990);
    for (const f of BAR_FIELDS) view[f].fill(0, 5000);
    await prefaultTail(view, 5000);
    for (const f of BAR_FIELDS) {
      expect([...whole[f].subarray(0, 5003), ...whole[f].subarray(19_990)].every(Number.isNaN), f).toBe(true);
      expect(view[f].subarray(5000).every((v) => v === 0), f).toBe(true);
    }
  });
});

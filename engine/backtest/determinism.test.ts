import { describe, expect, it } from 'vitest';
import { runBacktest } from './engine';
import { barsOf } from './testing';
import { fingerprintBars } from '../model/fingerprint';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';

/** A seeded random walk, so the test data is the same on every machine. */
function walk(n: number, seed: number) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  let p = 100;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = Math.max(1, o * (1 + (rnd() - 0.5) * 0.02));
    rows.push([o, Math.max(o, c) * (1 + rnd() * 0.005), Math.min(o, c) * (1 - rnd() * 0.005), c, 100 + rnd() * 1000]);
    p = c;
  }
  return barsOf(rows, '1h');
}

describe('determinism', () => {
  const feeds = [
    { symbol: 'A@test', timeframe: '1h' as const, bars: walk(3000, 1) },
    { symbol: 'B@test', timeframe: '1h' as const, bars: walk(3000, 2) },
  ];

  for (const [id, strategy] of Object.entries(BUILTIN_STRATEGIES)) {
    it(`${id}: the same inputs give byte-identical JSON results`, () => {
      const config = { initialCapital: 100_000, commission: { percent: 0.001 }, slippage: { bps: 2 } };
      const a = JSON.stringify(runBacktest({ strategy, feeds, config }));
      const b = JSON.stringify(runBacktest({ strategy, feeds, config }));
      expect(a).toBe(b);
      const parsed = JSON.parse(a);
      expect(parsed.fills.length).toBeGreaterThan(0); // the template actually trades on this data
      expect(parsed.strategy.id).toBe(id);
    });
  }

  it('the data fingerprint is stable and changes with any value', () => {
    const bars = walk(100, 3);
    const f = fingerprintBars(bars);
    expect(f).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintBars(walk(100, 3))).toBe(f);
    bars.volume[50] += 1e-9;
    expect(fingerprintBars(bars)).not.toBe(f);
  });
});

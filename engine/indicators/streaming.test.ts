import { describe, expect, it } from 'vitest';
import { computeIndicator, createStreaming, INDICATORS } from './index';
import { barAt, makeBars } from './testdata';

// The streaming form must give the batch numbers, bar by bar, on the same data: to the last bit
// (or within 1e-12 relative where a stream composes its kernels differently).
const bars = makeBars(500, 11);
const n = bars.close.length;

function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

describe('streaming equals batch', () => {
  for (const def of Object.values(INDICATORS)) {
    it(def.name, () => {
      const batch = computeIndicator(def.name, bars, {});
      const s = createStreaming(def.name, {});
      expect([...s.outputs]).toEqual(def.outputs.map((o) => o.name));
      let exact = 0;
      for (let i = 0; i < n; i++) {
        const v = s.update(barAt(bars, i));
        for (const o of s.outputs) {
          const a = v[o];
          const b = batch[o][i];
          if (!sameNumber(a, b)) expect({ bar: i, output: o, stream: a, batch: b }).toEqual({ bar: i, output: o, stream: b, batch: b });
          if (Object.is(a, b)) exact++;
        }
      }
      expect(exact).toBeGreaterThan(0);
    });
  }

  it('non-default parameters too (SMA 7, EMA 9, RSI 5, BBANDS 10/1.5/2.5 EMA)', () => {
    const cases: [string, Record<string, number | string>][] = [
      ['SMA', { period: 7 }],
      ['EMA', { period: 9, source: 'hlc3' }],
      ['RSI', { period: 5 }],
      ['BBANDS', { period: 10, nbdevUp: 1.5, nbdevDn: 2.5, maType: 1 }],
      ['WMA', { period: 1 }],
    ];
    for (const [name, params] of cases) {
      const batch = computeIndicator(name, bars, params);
      const s = createStreaming(name, params);
      for (let i = 0; i < n; i++) {
        const v = s.update(barAt(bars, i));
        for (const o of s.outputs) expect(sameNumber(v[o], batch[o][i]), `${name}.${o} at ${i}`).toBe(true);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { computeIndicator, INDICATORS } from './index';
import { makeBars } from './testdata';

// No look-ahead: the value at bar t may use bars up to t only, so computing on a prefix of the
// bars must give exactly the same numbers as computing on all of them and cutting.
const bars = makeBars(400, 5);
const cuts = [1, 30, 117, 260, 399];

function prefix(m: number) {
  return Object.fromEntries(Object.entries(bars).map(([k, v]) => [k, (v as Float64Array).subarray(0, m)]));
}

describe('no look-ahead', () => {
  for (const def of Object.values(INDICATORS)) {
    it(def.name, () => {
      const full = computeIndicator(def.name, bars, {});
      for (const m of cuts) {
        const part = computeIndicator(def.name, prefix(m), {});
        for (const o of def.outputs) {
          for (let i = 0; i < m; i++) {
            if (!Object.is(part[o.name][i], full[o.name][i])) {
              expect({ output: o.name, bar: i, prefix: m, value: part[o.name][i] }).toEqual({ output: o.name, bar: i, prefix: m, value: full[o.name][i] });
            }
          }
        }
      }
    });
  }

  it('shifted drawing is metadata, not data: Ichimoku spans carry plotShift, ZigZag marks its provisional outputs', () => {
    const ich = INDICATORS.ICHIMOKU.outputs;
    expect(ich.find((o) => o.name === 'spanA')?.plotShift).toBe(26);
    expect(ich.find((o) => o.name === 'chikou')?.plotShift).toBe(-26);
    const zz = INDICATORS.ZIGZAG.outputs;
    expect(zz.filter((o) => o.repaints).map((o) => o.name)).toEqual(['extreme', 'extremeBar']);
    expect(zz.find((o) => o.name === 'pivot')?.repaints).toBeUndefined();
  });
});

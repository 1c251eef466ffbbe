import { afterAll, describe, expect, it } from 'vitest';
import { poisonUninitialized } from './alloc';
import { computeIndicator, INDICATORS } from './index';
import { makeBars } from './testdata';

// Outputs are allocated without zero-filling (alloc.ts), so a kernel that skips an element would
// hand back whatever the memory held. Filled with a marker first, every output must still equal
// the one computed on clean memory, element for element — on plain bars, bars whose first values
// are missing (the padded path) and bars with a gap in the middle.
const N = 3000; // above alloc.ts's small-array cut-off, so the unsafe path is the one tested
const MARK = -7.25e77;

function withGap(kind: 'lead' | 'middle') {
  const b = makeBars(N, 9) as unknown as Record<string, Float64Array>;
  const out: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(b)) {
    const c = v.slice();
    if (k !== 'ts') {
      if (kind === 'lead') c.fill(NaN, 0, 40);
      else c.fill(NaN, 1500, 1510);
    }
    out[k] = c;
  }
  return out;
}
const inputs = { plain: makeBars(N, 9) as unknown as Record<string, Float64Array>, lead: withGap('lead'), middle: withGap('middle') };

afterAll(() => poisonUninitialized(undefined));

describe('outputs on uninitialized memory: every element is written', () => {
  for (const def of Object.values(INDICATORS)) {
    it(def.name, () => {
      for (const [label, bars] of Object.entries(inputs)) {
        poisonUninitialized(undefined);
        const clean = computeIndicator(def.name, bars, {});
        poisonUninitialized(MARK);
        const dirty = computeIndicator(def.name, bars, {});
        for (const o of def.outputs) {
          const a = clean[o.name];
          const b = dirty[o.name];
          for (let i = 0; i < N; i++) {
            if (!Object.is(a[i], b[i])) expect({ input: label, output: o.name, bar: i, value: b[i] }).toEqual({ input: label, output: o.name, bar: i, value: a[i] });
          }
          expect(b.includes(MARK)).toBe(false);
        }
      }
    });
  }
});

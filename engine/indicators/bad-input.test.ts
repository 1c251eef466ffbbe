import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../core/errors';
import { computeIndicator, createStreaming, indicatorWarmup, INDICATORS, sma, rsi, atr, SmaStream } from './index';
import { barAt, makeBars } from './testdata';

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('INVALID_INPUT');
    return;
  }
  throw new Error('expected INVALID_INPUT');
}

const bars = makeBars(300, 3);

describe('bad input is refused with INVALID_INPUT', () => {
  it('period ≤ 0, non-integer or absurd periods', () => {
    const x = bars.close;
    expectInvalid(() => sma(x, 0));
    expectInvalid(() => sma(x, -3));
    expectInvalid(() => sma(x, 2.5));
    expectInvalid(() => sma(x, NaN));
    expectInvalid(() => rsi(x, 1));
    expectInvalid(() => new SmaStream(0));
    expectInvalid(() => computeIndicator('SMA', bars, { period: 1.5 }));
    expectInvalid(() => computeIndicator('SMA', bars, { period: 0 }));
    expectInvalid(() => createStreaming('RSI', { period: -1 }));
  });

  it('every indicator rejects a non-integer value of each integer parameter', () => {
    for (const def of Object.values(INDICATORS)) {
      for (const p of def.params) {
        if (p.type !== 'int') continue;
        expectInvalid(() => computeIndicator(def.name, bars, { [p.name]: p.default + 0.5 }));
        expectInvalid(() => createStreaming(def.name, { [p.name]: p.min - 1 }));
      }
    }
  });

  it('inputs of different lengths', () => {
    expectInvalid(() => atr(bars.high, bars.low.subarray(1), bars.close, 14));
    expectInvalid(() => computeIndicator('ATR', { high: bars.high, low: bars.low, close: bars.close.subarray(5) }, {}));
  });

  it('a missing input, an unknown parameter, an unknown indicator, a bad enum value', () => {
    expectInvalid(() => computeIndicator('ATR', { high: bars.high, close: bars.close }, {}));
    expectInvalid(() => computeIndicator('SMA', bars, { length: 5 }));
    expectInvalid(() => computeIndicator('NOPE', bars, {}));
    expectInvalid(() => computeIndicator('SMA', bars, { source: 'vwap' }));
    expectInvalid(() => computeIndicator('BBANDS', bars, { maType: 7 }));
  });

  it('an out array of the wrong length or aliasing the input is refused', () => {
    const x = bars.close;
    expectInvalid(() => sma(x, 5, new Float64Array(3)));
    expectInvalid(() => sma(x, 5, x));
    expectInvalid(() => rsi(x, 5, x));
    const out = new Float64Array(x.length).fill(7);
    expect(sma(x, 5, out)).toBe(out);
    expect(out[3]).toBeNaN();
    expect(out[4]).toBeCloseTo((x[0] + x[1] + x[2] + x[3] + x[4]) / 5, 12);
  });

  it('plain arrays instead of Float64Array are refused, not misread', () => {
    expectInvalid(() => sma([1, 2, 3] as unknown as Float64Array, 2));
  });
});

describe('short inputs and NaN', () => {
  it('fewer bars than the warm-up give all-NaN outputs of the input length', () => {
    for (const def of Object.values(INDICATORS)) {
      const w = indicatorWarmup(def.name, {});
      const cut = Math.max(0, Math.min(w, 3));
      const short = {
        benchmark: bars.benchmark.subarray(0, cut),
        ts: bars.ts.subarray(0, cut),
        open: bars.open.subarray(0, cut),
        high: bars.high.subarray(0, cut),
        low: bars.low.subarray(0, cut),
        close: bars.close.subarray(0, cut),
        volume: bars.volume.subarray(0, cut),
      };
      const out = computeIndicator(def.name, short, {});
      for (const o of def.outputs) expect(out[o.name].length, def.name).toBe(cut);
      // the warm-up is that of the first output (ICHIMOKU's chikou, the close itself, has none)
      const first = def.outputs[0].name;
      if (w > 0) for (const v of out[first]) expect(v, `${def.name}.${first}`).toBeNaN();
    }
  });

  it('a NaN input makes that bar and every later output NaN, batch and streaming alike; earlier bars are unchanged', () => {
    const k = 150;
    for (const def of Object.values(INDICATORS)) {
      const clean = computeIndicator(def.name, bars, {});
      for (const input of def.inputs) {
        if (input === 'ts') continue;
        const col = Float64Array.from(bars[input]);
        col[k] = NaN;
        const dirty = { ...bars, [input]: col };
        const out = computeIndicator(def.name, dirty, {});
        const s = createStreaming(def.name, {});
        for (let i = 0; i < bars.close.length; i++) {
          const v = s.update(barAt(dirty, i));
          for (const o of def.outputs) {
            if (i < k) {
              expect(Object.is(out[o.name][i], clean[o.name][i]), `${def.name}.${o.name} batch before NaN at ${i}`).toBe(true);
            } else {
              expect(out[o.name][i], `${def.name}.${o.name} batch after NaN in ${input} at ${i}`).toBeNaN();
              expect(v[o.name], `${def.name}.${o.name} stream after NaN in ${input} at ${i}`).toBeNaN();
            }
          }
        }
      }
    }
  });
});

describe('leading NaNs (an input that is itself an indicator in warm-up)', () => {
  // e.g. an SMA of an RSI: the first bars are NaN by construction. They are a gap, not data: the
  // indicator starts at the first bar where every input is defined, in batch and streaming alike.
  const k = 37;
  const tail = Object.fromEntries(Object.entries(bars).map(([name, col]) => [name, (col as Float64Array).subarray(k)])) as unknown as typeof bars;
  for (const which of ['all', 'one'] as const) {
    it(`${which === 'all' ? 'every input' : 'one input'} NaN for the first ${k} bars: NaN there, then the indicator of the rest`, () => {
      for (const def of Object.values(INDICATORS)) {
        const inputs = def.inputs.filter((i) => i !== 'ts');
        const dirty = { ...bars } as Record<string, Float64Array>;
        for (const input of which === 'all' ? inputs : inputs.slice(-1)) {
          const col = Float64Array.from(bars[input as keyof typeof bars]);
          col.fill(NaN, 0, k);
          dirty[input] = col;
        }
        const ref = computeIndicator(def.name, tail, {});
        const out = computeIndicator(def.name, dirty, {});
        const s = createStreaming(def.name, {});
        for (let i = 0; i < bars.close.length; i++) {
          const v = s.update(barAt(dirty as unknown as typeof bars, i));
          for (const o of def.outputs) {
            // ZigZag's bar indices count from the input's first bar
            const shift = o.name.endsWith('Bar') ? k : 0;
            const want = i < k ? NaN : shift ? ref[o.name][i - k] + shift : ref[o.name][i - k];
            expect(Object.is(out[o.name][i], want), `${def.name}.${o.name} batch at ${i}`).toBe(true);
            expect(Object.is(v[o.name], want), `${def.name}.${o.name} stream at ${i}`).toBe(true);
          }
        }
      }
    });
  }

  it('an SMA of an RSI is defined after both warm-ups', () => {
    const r = rsi(bars.close, 14);
    const s = sma(r, 5);
    expect(s[14 + 3]).toBeNaN();
    expect(s[14 + 4]).toBeCloseTo((r[14] + r[15] + r[16] + r[17] + r[18]) / 5, 12);
  });
});

describe('metadata', () => {
  it('docs/indicators.md lists every indicator', () => {
    const doc = readFileSync(new URL('../../docs/indicators.md', import.meta.url), 'utf8');
    const missing = Object.keys(INDICATORS).filter((name) => !doc.includes(`| ${name} |`));
    expect(missing).toEqual([]);
  });

  it('is JSON-serialisable and complete', async () => {
    const { listIndicators } = await import('./index');
    const list = listIndicators();
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
    for (const m of list) {
      expect(m.outputs.length).toBeGreaterThan(0);
      expect(m.inputs.length).toBeGreaterThan(0);
      for (const p of m.params) {
        if (p.type !== 'enum') {
          expect(p.default).toBeGreaterThanOrEqual(p.min);
          expect(p.default).toBeLessThanOrEqual(p.max);
        } else expect(p.options).toContain(p.default);
      }
    }
  });
});

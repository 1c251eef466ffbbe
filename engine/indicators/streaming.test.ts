import { describe, expect, it } from 'vitest';
import { computeIndicator, createStreaming, INDICATORS } from './index';
import { barAt, makeBars } from './testdata';

// The streaming form must give the batch numbers, bar by bar, on the same data: to the last bit
// (Object.is, or 0 and -0).
const bars = makeBars(500, 11);
const n = bars.close.length;

// Every batch form does its stream's arithmetic in the same order, so the bar is exact equality.
function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (a === b && a === 0);
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

  it('non-default parameters too', () => {
    const cases: [string, Record<string, number | string>][] = [
      ['SMA', { period: 7 }],
      ['EMA', { period: 9, source: 'hlc3' }],
      ['RSI', { period: 5 }],
      ['BBANDS', { period: 10, nbdevUp: 1.5, nbdevDn: 2.5, maType: 1 }],
      ['WMA', { period: 1 }],
      ['TRIMA', { period: 10 }],
      ['KAMA', { period: 10 }],
      ['T3', { period: 7, vfactor: 0.5 }],
      ['HMA', { period: 16 }],
      ['MACD', { fast: 5, slow: 13, signal: 4 }],
      ['PPO', { fast: 5, slow: 20, maType: 1 }],
      ['APO', { fast: 4, slow: 9, maType: 3 }],
      ['STOCH', { kPeriod: 5, slowK: 3, slowD: 4, slowKMaType: 1, slowDMaType: 2 }],
      ['STOCH', { kPeriod: 9, slowK: 5, slowD: 3, slowKMaType: 6, slowDMaType: 8 }],
      ['STOCHF', { kPeriod: 9, fastD: 1 }],
      ['STOCHRSI', { period: 9, kPeriod: 5, fastD: 3, fastDMaType: 4 }],
      ['ULTOSC', { period1: 20, period2: 5, period3: 9 }],
      ['VWAP', { anchor: 'week' }],
      ['VWAP', { anchor: 'none' }],
      ['PIVOTS', { anchor: 'week' }],
      ['PIVOTS', { anchor: 'month' }],
      ['ZIGZAG', { deviation: 2 }],
      ['SAR', { acceleration: 0.05, maximum: 0.3 }],
      ['ADX', { period: 5 }],
      ['ADXR', { period: 3 }],
      ['LINEARREG_ANGLE', { period: 7, source: 'ohlc4' }],
      ['CCI', { period: 7 }],
      ['ICHIMOKU', { tenkan: 3, kijun: 7, spanB: 11 }],
      ['SUPERTREND', { period: 3, multiplier: 1 }],
      ['KELTNER', { period: 5, multiplier: 1, atrPeriod: 8 }],
      ['TSI', { long: 7, short: 3 }],
      ['BETA', { period: 12 }],
      ['CORREL', { period: 4 }],
      ['DONCHIAN', { period: 1 }],
      ['AROON', { period: 3 }],
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

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { computeIndicator, indicatorWarmup, INDICATORS } from './index';
import type { Params } from './types';
import { makeBars, type TestBars } from './testdata';

// TA-Lib's own output is the reference: every indicator it has is compared after its warm-up to
// |ours - talib| ≤ 1e-9·max(1, |talib|), on bars with trends, a gap and a flat run.
const talib = createRequire(import.meta.url)('talib') as {
  execute(args: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]>; error?: string };
};

interface Case {
  ours: string;
  params?: Params;
  talib: string;
  opts?: Record<string, number>;
  /** our output name → TA-Lib output name */
  outputs?: Record<string, string>;
  /** TA-Lib's first value is later than ours (e.g. MACD's line); our warm-up is checked ≤ begIndex. */
  earlier?: boolean;
  /**
   * Bars where TA-Lib's value is amplified rounding noise and ours is a documented 0 instead:
   * returns, per our output, the set of bar indices to check as "ours = 0" (k) or skip (d).
   */
  noise?: (b: TestBars) => { zero: Set<number>; skip: Set<number> };
}

/**
 * STOCHRSI on a flat run: RSI holds still up to ~1e-13 of rounding noise, and TA-Lib's %K of that
 * noise jumps between 0 and 100. Ours treats an RSI range under 1e-9 as none (0); %D averages
 * those. The bars are found from TA-Lib's own RSI.
 */
function stochRsiNoise(period: number, kPeriod: number, fastD: number) {
  return (b: TestBars) => {
    const r = runTalib('RSI', b, { optInTimePeriod: period });
    const rsiAt = (i: number) => r.result.outReal[i - r.begIndex];
    const zero = new Set<number>();
    const skip = new Set<number>();
    for (let i = r.begIndex + kPeriod - 1; i < b.close.length; i++) {
      let hi = -Infinity;
      let lo = Infinity;
      for (let j = i - kPeriod + 1; j <= i; j++) ((hi = Math.max(hi, rsiAt(j))), (lo = Math.min(lo, rsiAt(j))));
      if (hi - lo < 1e-9) {
        zero.add(i);
        for (let j = i; j < i + fastD; j++) skip.add(j);
      }
    }
    return { zero, skip };
  };
}

const DATASETS: [string, TestBars][] = [
  ['seed 42, 600 bars', makeBars(600, 42)],
  ['seed 7, 400 bars', makeBars(400, 7)],
];

function runTalib(name: string, b: TestBars, opts: Record<string, number>, extra: Record<string, number[]> = {}) {
  const plain = (a: Float64Array) => Array.from(a); // the binding needs plain arrays
  const r = talib.execute({
    name,
    startIdx: 0,
    endIdx: b.close.length - 1,
    inReal: plain(b.close),
    inReal0: plain(b.benchmark),
    inReal1: plain(b.close),
    open: plain(b.open),
    high: plain(b.high),
    low: plain(b.low),
    close: plain(b.close),
    volume: plain(b.volume),
    ...extra,
    ...opts,
  });
  if (r.error) throw new Error(`talib ${name}: ${r.error}`);
  return r;
}

export function expectClose(ours: Float64Array, ref: number[], begIndex: number, label: string, zero = new Set<number>(), skip = new Set<number>()): void {
  let worst = 0;
  let worstAt = -1;
  for (let j = 0; j < ref.length; j++) {
    if (skip.has(begIndex + j)) continue;
    const t = zero.has(begIndex + j) ? 0 : ref[j];
    const o = ours[begIndex + j];
    const err = Math.abs(o - t) / Math.max(1, Math.abs(t));
    if (!(err <= 1e-9)) {
      if (!(err > worst)) worst = Infinity; // NaN
      else worst = err;
      worstAt = begIndex + j;
      break;
    }
  }
  expect({ label, firstBadIndex: worstAt, ours: worstAt >= 0 ? ours[worstAt] : null, talib: worstAt >= 0 ? ref[worstAt - begIndex] : null }).toEqual({
    label,
    firstBadIndex: -1,
    ours: null,
    talib: null,
  });
}

export const CASES: Case[] = [
  { ours: 'SMA', params: { period: 20 }, talib: 'SMA', opts: { optInTimePeriod: 20 } },
  { ours: 'EMA', params: { period: 12 }, talib: 'EMA', opts: { optInTimePeriod: 12 } },
  { ours: 'WMA', params: { period: 10 }, talib: 'WMA', opts: { optInTimePeriod: 10 } },
  { ours: 'WMA', params: { period: 2 }, talib: 'WMA', opts: { optInTimePeriod: 2 } },
  { ours: 'DEMA', params: { period: 10 }, talib: 'DEMA', opts: { optInTimePeriod: 10 } },
  { ours: 'TEMA', params: { period: 10 }, talib: 'TEMA', opts: { optInTimePeriod: 10 } },
  { ours: 'TRIMA', params: { period: 10 }, talib: 'TRIMA', opts: { optInTimePeriod: 10 } },
  { ours: 'TRIMA', params: { period: 11 }, talib: 'TRIMA', opts: { optInTimePeriod: 11 } },
  { ours: 'KAMA', params: { period: 10 }, talib: 'KAMA', opts: { optInTimePeriod: 10 } },
  { ours: 'T3', params: { period: 5, vfactor: 0.7 }, talib: 'T3', opts: { optInTimePeriod: 5, optInVFactor: 0.7 } },
  { ours: 'T3', params: { period: 8, vfactor: 0.5 }, talib: 'T3', opts: { optInTimePeriod: 8, optInVFactor: 0.5 } },
  { ours: 'BBANDS', params: { period: 20, nbdevUp: 2, nbdevDn: 2 }, talib: 'BBANDS', opts: { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 }, outputs: { upper: 'outRealUpperBand', middle: 'outRealMiddleBand', lower: 'outRealLowerBand' } },
  { ours: 'BBANDS', params: { period: 10, nbdevUp: 1.5, nbdevDn: 2.5, maType: 1 }, talib: 'BBANDS', opts: { optInTimePeriod: 10, optInNbDevUp: 1.5, optInNbDevDn: 2.5, optInMAType: 1 }, outputs: { upper: 'outRealUpperBand', middle: 'outRealMiddleBand', lower: 'outRealLowerBand' } },
  { ours: 'RSI', params: { period: 14 }, talib: 'RSI', opts: { optInTimePeriod: 14 } },
  { ours: 'RSI', params: { period: 2 }, talib: 'RSI', opts: { optInTimePeriod: 2 } },
  { ours: 'ROC', params: { period: 10 }, talib: 'ROC', opts: { optInTimePeriod: 10 } },
  { ours: 'MOM', params: { period: 10 }, talib: 'MOM', opts: { optInTimePeriod: 10 } },
  { ours: 'ADX', params: { period: 14 }, talib: 'ADX', opts: { optInTimePeriod: 14 } },
  { ours: 'ADX', params: { period: 5 }, talib: 'ADX', opts: { optInTimePeriod: 5 } },
  { ours: 'ADXR', params: { period: 14 }, talib: 'ADXR', opts: { optInTimePeriod: 14 } },
  { ours: 'DX', params: { period: 14 }, talib: 'DX', opts: { optInTimePeriod: 14 } },
  { ours: 'PLUS_DI', params: { period: 14 }, talib: 'PLUS_DI', opts: { optInTimePeriod: 14 } },
  { ours: 'MINUS_DI', params: { period: 14 }, talib: 'MINUS_DI', opts: { optInTimePeriod: 14 } },
  { ours: 'ATR', params: { period: 14 }, talib: 'ATR', opts: { optInTimePeriod: 14 } },
  { ours: 'ATR', params: { period: 1 }, talib: 'ATR', opts: { optInTimePeriod: 1 } },
  { ours: 'NATR', params: { period: 14 }, talib: 'NATR', opts: { optInTimePeriod: 14 } },
  { ours: 'TRANGE', talib: 'TRANGE' },
  { ours: 'STDDEV', params: { period: 20, nbdev: 1 }, talib: 'STDDEV', opts: { optInTimePeriod: 20, optInNbDev: 1 } },
  { ours: 'STDDEV', params: { period: 5, nbdev: 2 }, talib: 'STDDEV', opts: { optInTimePeriod: 5, optInNbDev: 2 } },
  { ours: 'VAR', params: { period: 5 }, talib: 'VAR', opts: { optInTimePeriod: 5, optInNbDev: 1 } },
  { ours: 'STOCH', params: { kPeriod: 14, slowK: 3, slowD: 3 }, talib: 'STOCH', opts: { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 }, outputs: { k: 'outSlowK', d: 'outSlowD' }, earlier: true },
  { ours: 'STOCH', params: { kPeriod: 5, slowK: 3, slowD: 4, slowKMaType: 1, slowDMaType: 2 }, talib: 'STOCH', opts: { optInFastK_Period: 5, optInSlowK_Period: 3, optInSlowK_MAType: 1, optInSlowD_Period: 4, optInSlowD_MAType: 2 }, outputs: { k: 'outSlowK', d: 'outSlowD' }, earlier: true },
  { ours: 'STOCHF', params: { kPeriod: 14, fastD: 3 }, talib: 'STOCHF', opts: { optInFastK_Period: 14, optInFastD_Period: 3, optInFastD_MAType: 0 }, outputs: { k: 'outFastK', d: 'outFastD' }, earlier: true },
  { ours: 'STOCHRSI', params: { period: 14, kPeriod: 5, fastD: 3 }, talib: 'STOCHRSI', opts: { optInTimePeriod: 14, optInFastK_Period: 5, optInFastD_Period: 3, optInFastD_MAType: 0 }, outputs: { k: 'outFastK', d: 'outFastD' }, earlier: true, noise: stochRsiNoise(14, 5, 3) },
  { ours: 'STOCHRSI', params: { period: 9, kPeriod: 14, fastD: 4 }, talib: 'STOCHRSI', opts: { optInTimePeriod: 9, optInFastK_Period: 14, optInFastD_Period: 4, optInFastD_MAType: 0 }, outputs: { k: 'outFastK', d: 'outFastD' }, earlier: true, noise: stochRsiNoise(9, 14, 4) },
  { ours: 'MACD', params: { fast: 12, slow: 26, signal: 9 }, talib: 'MACD', opts: { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, outputs: { macd: 'outMACD', signal: 'outMACDSignal', hist: 'outMACDHist' }, earlier: true },
  { ours: 'MACD', params: { fast: 5, slow: 13, signal: 4 }, talib: 'MACD', opts: { optInFastPeriod: 5, optInSlowPeriod: 13, optInSignalPeriod: 4 }, outputs: { macd: 'outMACD', signal: 'outMACDSignal', hist: 'outMACDHist' }, earlier: true },
  { ours: 'PPO', params: { fast: 12, slow: 26 }, talib: 'PPO', opts: { optInFastPeriod: 12, optInSlowPeriod: 26, optInMAType: 0 } },
  { ours: 'PPO', params: { fast: 5, slow: 20, maType: 1 }, talib: 'PPO', opts: { optInFastPeriod: 5, optInSlowPeriod: 20, optInMAType: 1 } },
  { ours: 'APO', params: { fast: 12, slow: 26 }, talib: 'APO', opts: { optInFastPeriod: 12, optInSlowPeriod: 26, optInMAType: 0 } },
  { ours: 'APO', params: { fast: 3, slow: 10, maType: 1 }, talib: 'APO', opts: { optInFastPeriod: 3, optInSlowPeriod: 10, optInMAType: 1 } },
  { ours: 'CCI', params: { period: 20 }, talib: 'CCI', opts: { optInTimePeriod: 20 } },
  { ours: 'CMO', params: { period: 14 }, talib: 'CMO', opts: { optInTimePeriod: 14 } },
  { ours: 'WILLR', params: { period: 14 }, talib: 'WILLR', opts: { optInTimePeriod: 14 } },
  { ours: 'MFI', params: { period: 14 }, talib: 'MFI', opts: { optInTimePeriod: 14 } },
  { ours: 'ULTOSC', params: { period1: 7, period2: 14, period3: 28 }, talib: 'ULTOSC', opts: { optInTimePeriod1: 7, optInTimePeriod2: 14, optInTimePeriod3: 28 } },
  { ours: 'ULTOSC', params: { period1: 20, period2: 5, period3: 9 }, talib: 'ULTOSC', opts: { optInTimePeriod1: 20, optInTimePeriod2: 5, optInTimePeriod3: 9 } },
  { ours: 'TRIX', params: { period: 15 }, talib: 'TRIX', opts: { optInTimePeriod: 15 } },
  { ours: 'BOP', talib: 'BOP' },
  { ours: 'AROON', params: { period: 14 }, talib: 'AROON', opts: { optInTimePeriod: 14 }, outputs: { up: 'outAroonUp', down: 'outAroonDown' } },
  { ours: 'AROONOSC', params: { period: 14 }, talib: 'AROONOSC', opts: { optInTimePeriod: 14 } },
  { ours: 'OBV', talib: 'OBV' },
  { ours: 'AD', talib: 'AD' },
  { ours: 'ADOSC', params: { fast: 3, slow: 10 }, talib: 'ADOSC', opts: { optInFastPeriod: 3, optInSlowPeriod: 10 } },
  { ours: 'SAR', params: { acceleration: 0.02, maximum: 0.2 }, talib: 'SAR', opts: { optInAcceleration: 0.02, optInMaximum: 0.2 } },
  { ours: 'SAR', params: { acceleration: 0.05, maximum: 0.3 }, talib: 'SAR', opts: { optInAcceleration: 0.05, optInMaximum: 0.3 } },
  { ours: 'LINEARREG', params: { period: 14 }, talib: 'LINEARREG', opts: { optInTimePeriod: 14 } },
  { ours: 'LINEARREG_SLOPE', params: { period: 14 }, talib: 'LINEARREG_SLOPE', opts: { optInTimePeriod: 14 } },
  { ours: 'LINEARREG_INTERCEPT', params: { period: 14 }, talib: 'LINEARREG_INTERCEPT', opts: { optInTimePeriod: 14 } },
  { ours: 'LINEARREG_ANGLE', params: { period: 14 }, talib: 'LINEARREG_ANGLE', opts: { optInTimePeriod: 14 } },
  { ours: 'CORREL', params: { period: 30 }, talib: 'CORREL', opts: { optInTimePeriod: 30 } },
  { ours: 'BETA', params: { period: 5 }, talib: 'BETA', opts: { optInTimePeriod: 5 } },
  { ours: 'BETA', params: { period: 20 }, talib: 'BETA', opts: { optInTimePeriod: 20 } },
];

describe('indicators match TA-Lib', () => {
  for (const [dataName, bars] of DATASETS) {
    for (const c of CASES) {
      it(`${c.ours} ${JSON.stringify(c.params ?? {})} vs TA-Lib ${c.talib} (${dataName})`, () => {
        const ours = computeIndicator(c.ours, bars, c.params ?? {});
        const r = runTalib(c.talib, bars, c.opts ?? {});
        const map = c.outputs ?? { value: 'outReal' };
        expect(r.nbElement).toBeGreaterThan(0);
        const noise = c.noise?.(bars);
        for (const [o, t] of Object.entries(map)) {
          expect(r.result[t], `TA-Lib output ${t}`).toBeDefined();
          if (noise && o === 'k') expectClose(ours[o], r.result[t], r.begIndex, `${c.ours}.${o}`, noise.zero);
          else if (noise) expectClose(ours[o], r.result[t], r.begIndex, `${c.ours}.${o}`, undefined, noise.skip);
          else expectClose(ours[o], r.result[t], r.begIndex, `${c.ours}.${o}`);
        }
        // our warm-up: NaN before, a value at the documented index
        const first = Object.keys(map)[0];
        const w = indicatorWarmup(c.ours, c.params ?? {});
        if (c.earlier) expect(w).toBeLessThanOrEqual(r.begIndex);
        else expect(w).toBe(r.begIndex);
        for (let i = 0; i < w; i++) expect(ours[first][i]).toBeNaN();
        expect(Number.isNaN(ours[first][w])).toBe(false);
      });
    }
  }

  it('every TA-Lib indicator in the registry has a TA-Lib case', () => {
    const covered = new Set(CASES.map((c) => c.ours));
    const missing = Object.values(INDICATORS)
      .filter((d) => d.talib && !covered.has(d.name))
      .map((d) => d.name);
    expect(missing).toEqual([]);
  });
});

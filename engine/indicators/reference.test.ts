import { describe, expect, it } from 'vitest';
import { computeIndicator, zigzagPivots } from './index';
import type { InputColumns, Params } from './types';

// Indicators TA-Lib does not have, checked against small cases worked out by hand from their
// published definitions (the arithmetic is written out here, not produced by our code).

const f = (xs: number[]) => Float64Array.from(xs);
function run(name: string, inputs: Record<string, number[]>, params: Params): Record<string, number[]> {
  const cols: InputColumns = {};
  for (const [k, v] of Object.entries(inputs)) (cols as Record<string, Float64Array>)[k] = f(v);
  const out = computeIndicator(name, cols, params);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Array.from(v)]));
}
function expectSeries(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a, `index ${i}`).toBeNaN();
    else expect(a, `index ${i}`).toBeCloseTo(expected[i], 12);
  });
}
const N = NaN;

describe('hand-computed references', () => {
  it('HMA: WMA(2·WMA(x, p/2) - WMA(x, p), √p); reproduces a straight line exactly', () => {
    expectSeries(run('HMA', { close: [1, 2, 3, 4, 5, 6] }, { period: 4 }).value, [N, N, N, N, 5, 6]);
    // x = 1,3,2,5,4, p = 4: raw₃ = 2·(2+2·5)/3 - (1+2·3+3·2+4·5)/10, raw₄ = 2·(5+2·4)/3 - (3+2·2+3·5+4·4)/10
    const raw3 = (2 * (2 + 2 * 5)) / 3 - (1 + 2 * 3 + 3 * 2 + 4 * 5) / 10;
    const raw4 = (2 * (5 + 2 * 4)) / 3 - (3 + 2 * 2 + 3 * 5 + 4 * 4) / 10;
    expectSeries(run('HMA', { close: [1, 3, 2, 5, 4] }, { period: 4 }).value, [N, N, N, N, (raw3 + 2 * raw4) / 3]);
  });

  it('VWMA: Σ(c·v)/Σv; a window without volume falls back to the mean', () => {
    const r = run('VWMA', { close: [10, 11, 12, 13, 14], volume: [1, 2, 3, 0, 0] }, { period: 3 });
    expectSeries(r.value, [N, N, (10 + 22 + 36) / 6, (22 + 36) / 5, 36 / 3]);
    expectSeries(run('VWMA', { close: [1, 2, 3], volume: [0, 0, 0] }, { period: 2 }).value, [N, 1.5, 2.5]);
  });

  it('VWAP: Σ(tp·v)/Σv, reset at the UTC day (or never)', () => {
    const H = 3_600_000;
    const t0 = Date.UTC(2024, 0, 1, 22);
    const bars = { ts: [t0, t0 + H, t0 + 2 * H], high: [11, 12, 20], low: [9, 10, 18], close: [10, 11, 19], volume: [100, 300, 50] };
    expectSeries(run('VWAP', bars, { anchor: 'day' }).value, [10, (10 * 100 + 11 * 300) / 400, 19]);
    expectSeries(run('VWAP', bars, { anchor: 'none' }).value, [10, 4300 / 400, (4300 + 950) / 450]);
    expectSeries(run('VWAP', { ...bars, volume: [0, 0, 5] }, { anchor: 'day' }).value, [10, 11, 19]);
  });

  it('TSI: double-smoothed momentum over double-smoothed |momentum| (EMAs seeded with SMAs)', () => {
    // Δc = 1, 2, -1, 2; EMA₂ (k = 2/3) of Δc: 1.5, -1/6, 23/18; of |Δc|: 1.5, 7/6, 31/18
    // second EMA₂: num 2/3 then 2/3 + (2/3)(23/18 - 2/3) = 29/27; den 4/3 then 43/27
    expectSeries(run('TSI', { close: [1, 2, 4, 3, 5] }, { long: 2, short: 2 }).value, [N, N, N, 50, (100 * 29) / 43]);
  });

  const hlc = { high: [10, 11, 12, 12, 13, 11], low: [8, 9, 10, 9, 11, 8], close: [9, 10, 11, 10, 12, 8.5] };

  it('KELTNER: EMA(close) ± m·ATR (Wilder ATR seeded with the mean true range)', () => {
    // ATR₂: TR = 2, 2 → 2 at bar 2; TR₃ = 3 → 2.5. EMA₂: 9.5, 10.5, 10.5 - 1/3
    const r = run('KELTNER', { high: hlc.high.slice(0, 4), low: hlc.low.slice(0, 4), close: hlc.close.slice(0, 4) }, { period: 2, multiplier: 2, atrPeriod: 2 });
    expectSeries(r.middle, [N, N, 10.5, 10.5 - 1 / 3]);
    expectSeries(r.upper, [N, N, 14.5, 10.5 - 1 / 3 + 5]);
    expectSeries(r.lower, [N, N, 6.5, 10.5 - 1 / 3 - 5]);
  });

  it('SUPERTREND: ratcheting hl2 ± m·ATR bands, flips on a close through the band', () => {
    // ATR₂ = 2, 2.5, 2.75, 3.375 at bars 2..5; bands worked out in the comment of each bar:
    // 2: up 9, dn 13 → up-trend 9; 3: up max(8, 9) = 9; 4: up max(9.25, 9) = 9.25;
    // 5: close 8.5 < 9.25 → down-trend, dn = min(12.875, 13) = 12.875
    const r = run('SUPERTREND', hlc, { period: 2, multiplier: 1 });
    expectSeries(r.value, [N, N, 9, 9, 9.25, 12.875]);
    expectSeries(r.direction, [N, N, 1, 1, 1, -1]);
  });

  it('DONCHIAN: highest high, lowest low and their mid over p bars', () => {
    const r = run('DONCHIAN', { high: [1, 3, 2, 5, 4], low: [0, 2, 1, 1, 3] }, { period: 3 });
    expectSeries(r.upper, [N, N, 3, 5, 5]);
    expectSeries(r.lower, [N, N, 0, 1, 1]);
    expectSeries(r.middle, [N, N, 1.5, 3, 3]);
  });

  it('ICHIMOKU: range midpoints; spans as known at t (drawn shifted by metadata)', () => {
    const r = run('ICHIMOKU', { high: [5, 6, 7, 6, 5], low: [3, 4, 5, 4, 2], close: [4, 5, 6, 5, 3] }, { tenkan: 2, kijun: 3, spanB: 4 });
    expectSeries(r.tenkan, [N, 4.5, 5.5, 5.5, 4]);
    expectSeries(r.kijun, [N, N, 5, 5.5, 4.5]);
    expectSeries(r.spanA, [N, N, 5.25, 5.5, 4.25]);
    expectSeries(r.spanB, [N, N, N, 5, 4.5]);
    expectSeries(r.chikou, [4, 5, 6, 5, 3]);
  });

  const hlcv = { high: [10, 11, 12], low: [8, 9, 10], close: [9, 11, 10.5], volume: [100, 200, 100] };

  it('CMF: Σ((c-l)-(h-c))/(h-l)·v / Σv', () => {
    // money-flow volume: 0, 200, -50
    expectSeries(run('CMF', hlcv, { period: 2 }).value, [N, 200 / 300, 150 / 300]);
  });

  it('FORCE: EMA((c - c₋₁)·v)', () => {
    // raw 200, -50, 450; EMA₂ seeded (200-50)/2 = 75, then 75 + (2/3)(450-75) = 325
    expectSeries(run('FORCE', { close: [10, 11, 10.5, 12], volume: [100, 200, 100, 300] }, { period: 2 }).value, [N, N, 75, 325]);
  });

  it('EOM: SMA of Δmid·(h-l)·divisor/v', () => {
    // mids 9, 11, 10.5: emv₁ = 2·2/200, emv₂ = -0.5·3/300
    expectSeries(run('EOM', { high: [10, 12, 12], low: [8, 10, 9], volume: [100, 200, 300] }, { period: 2, divisor: 1 }).value, [N, N, (4 / 200 - 1.5 / 300) / 2]);
  });

  it('ZSCORE: (x - mean)/σ with the population σ; 0 on a flat window', () => {
    // [1,2,3]: σ² = 2/3; [2,3,10]: mean 5, σ² = 38/3; [3,10,10]: mean 23/3, σ² = 98/9; then flat
    expectSeries(run('ZSCORE', { close: [1, 2, 3, 10, 10, 10, 10] }, { period: 3 }).value, [N, N, 1 / Math.sqrt(2 / 3), 5 / Math.sqrt(38 / 3), 7 / 3 / (Math.sqrt(98) / 3), 0, 0]);
  });

  it('HEIKIN_ASHI', () => {
    const r = run('HEIKIN_ASHI', { open: [10, 11], high: [12, 13], low: [9, 10], close: [11, 12] }, {});
    expectSeries(r.close, [10.5, 11.5]);
    expectSeries(r.open, [10.5, 10.5]);
    expectSeries(r.high, [12, 13]);
    expectSeries(r.low, [9, 10]);
  });

  it('PIVOTS: classic levels of the previous UTC day', () => {
    const H = 3_600_000;
    const d1 = Date.UTC(2024, 0, 1);
    const d2 = Date.UTC(2024, 0, 2);
    const r = run('PIVOTS', { ts: [d1, d1 + H, d2, d2 + H], high: [11, 12, 30, 31], low: [8, 9, 25, 20], close: [9, 10, 28, 22] }, { anchor: 'day' });
    // day 1: H 12, L 8, C 10 → P 10, R1 12, S1 8, R2 14, S2 6, R3 16, S3 4
    expectSeries(r.pp, [N, N, 10, 10]);
    expectSeries(r.r1, [N, N, 12, 12]);
    expectSeries(r.s1, [N, N, 8, 8]);
    expectSeries(r.r2, [N, N, 14, 14]);
    expectSeries(r.s2, [N, N, 6, 6]);
    expectSeries(r.r3, [N, N, 16, 16]);
    expectSeries(r.s3, [N, N, 4, 4]);
  });

  it('ZIGZAG: swings confirmed on the bar that reverses by the threshold; the last leg is provisional', () => {
    const high = [100, 105, 110, 104, 100, 105];
    const low = [99, 104, 108, 98, 95, 103];
    const r = run('ZIGZAG', { high, low }, { deviation: 10 });
    // bar 2: 110 ≥ 99·1.1 confirms the low 99@0; bar 3: 98 ≤ 110·0.9 confirms the high 110@2;
    // bar 5: 105 ≥ 95·1.1 confirms the low 95@4
    expectSeries(r.pivot, [N, N, 99, 110, 110, 95]);
    expectSeries(r.pivotBar, [N, N, 0, 2, 2, 4]);
    expectSeries(r.direction, [0, 0, 1, -1, -1, 1]);
    expectSeries(r.extreme, [N, N, 110, 98, 95, 105]);
    expect(zigzagPivots(f(high), f(low), 10)).toEqual([
      { bar: 0, price: 99, kind: 'low', confirmedAt: 2, provisional: false },
      { bar: 2, price: 110, kind: 'high', confirmedAt: 3, provisional: false },
      { bar: 4, price: 95, kind: 'low', confirmedAt: 5, provisional: false },
      { bar: 5, price: 105, kind: 'high', provisional: true },
    ]);
  });

  it('AO: SMA(hl2, fast) - SMA(hl2, slow)', () => {
    // hl2 = 1, 2, 4, 3
    expectSeries(run('AO', { high: [2, 3, 5, 4], low: [0, 1, 3, 2] }, { fast: 2, slow: 3 }).value, [N, N, 3 - 7 / 3, 3.5 - 3]);
  });
});

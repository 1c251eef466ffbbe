import { describe, expect, it } from 'vitest';
import type { BarColumns } from '../model/bars';
import { canResample, resampleBars } from './resample';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function cols(rows: number[][]): BarColumns {
  const f = (k: number) => Float64Array.from(rows.map((r) => r[k]));
  return { ts: f(0), open: f(1), high: f(2), low: f(3), close: f(4), volume: f(5) };
}
const rowsOf = (b: BarColumns) => Array.from(b.ts, (_, i) => [b.ts[i], b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]]);

describe('resampleBars', () => {
  const T = Date.UTC(2024, 0, 1, 9, 0); // a Monday
  // Seven 1m bars from 09:00 to 09:06.
  const oneMinute = cols([
    [T + 0 * MIN, 10, 12, 9, 11, 1],
    [T + 1 * MIN, 11, 13, 10, 12, 2],
    [T + 2 * MIN, 12, 12.5, 8, 9, 3],
    [T + 3 * MIN, 9, 10, 9, 10, 4],
    [T + 4 * MIN, 10, 15, 10, 14, 5],
    [T + 5 * MIN, 14, 14, 13, 13, 6],
    [T + 6 * MIN, 13, 16, 12, 15, 7],
  ]);

  it('1m → 5m: first open, max high, min low, last close, summed volume; the partial last bar is marked', () => {
    const r = resampleBars(oneMinute, '1m', '5m');
    // Hand-computed: 09:00–09:04 → O10 H15 L8 C14 V15; 09:05–09:06 → O14 H16 L12 C15 V13.
    expect(rowsOf(r.bars)).toEqual([
      [T, 10, 15, 8, 14, 15],
      [T + 5 * MIN, 14, 16, 12, 15, 13],
    ]);
    expect(r.incompleteLast).toBe(true);
  });

  it('a last bucket covered to its end is complete unless now is still inside it', () => {
    const five = cols(rowsOf(oneMinute).slice(0, 5));
    expect(resampleBars(five, '1m', '5m').incompleteLast).toBe(false);
    expect(resampleBars(five, '1m', '5m', { now: T + 4 * MIN + 30_000 }).incompleteLast).toBe(true);
  });

  it('aligns to UTC boundaries, not to the first bar: 09:03 starts inside the 09:00 15m bucket', () => {
    const late = cols(rowsOf(oneMinute).slice(3));
    expect(rowsOf(resampleBars(late, '1m', '15m').bars)).toEqual([[T, 9, 16, 9, 15, 22]]);
  });

  it('1h → 4h and 1d; a gap leaves its bucket out', () => {
    const d = Date.UTC(2024, 0, 2);
    const hours = cols([
      [d + 0 * HOUR, 1, 2, 0.5, 1.5, 10],
      [d + 3 * HOUR, 1.5, 3, 1, 2, 20],
      [d + 9 * HOUR, 2, 2.5, 1.8, 2.2, 5], // 04:00–07:59 is missing
      [d + 23 * HOUR, 2.2, 2.4, 2.1, 2.3, 1],
    ]);
    expect(rowsOf(resampleBars(hours, '1h', '4h').bars)).toEqual([
      [d, 1, 3, 0.5, 2, 30],
      [d + 8 * HOUR, 2, 2.5, 1.8, 2.2, 5],
      [d + 20 * HOUR, 2.2, 2.4, 2.1, 2.3, 1],
    ]);
    const daily = resampleBars(hours, '1h', '1d');
    expect(rowsOf(daily.bars)).toEqual([[d, 1, 3, 0.5, 2.3, 36]]);
    expect(daily.incompleteLast).toBe(false);
  });

  it('1d → 1w: weeks open on Monday 00:00 UTC', () => {
    // Sat 2024-01-06, Sun 01-07 belong to the week of Mon 01-01; Mon 01-08 opens the next.
    const days = cols([
      [Date.UTC(2024, 0, 6), 5, 6, 4, 5.5, 1],
      [Date.UTC(2024, 0, 7), 5.5, 7, 5, 6, 2],
      [Date.UTC(2024, 0, 8), 6, 6.5, 3, 4, 3],
    ]);
    expect(rowsOf(resampleBars(days, '1d', '1w').bars)).toEqual([
      [Date.UTC(2024, 0, 1), 5, 7, 4, 6, 3],
      [Date.UTC(2024, 0, 8), 6, 6.5, 3, 4, 3],
    ]);
  });

  it('1d → 1M on calendar months', () => {
    const days = cols([
      [Date.UTC(2024, 0, 31), 1, 2, 1, 2, 1],
      [Date.UTC(2024, 1, 1), 2, 3, 2, 3, 1],
      [Date.UTC(2024, 1, 29), 3, 4, 1, 1, 1],
    ]);
    const r = resampleBars(days, '1d', '1M');
    expect(rowsOf(r.bars)).toEqual([
      [Date.UTC(2024, 0, 1), 1, 2, 1, 2, 1],
      [Date.UTC(2024, 1, 1), 2, 4, 1, 1, 2],
    ]);
    expect(r.incompleteLast).toBe(false); // 2024-02-29 is February's last day
  });

  it('refuses targets that are not whole multiples', () => {
    expect(canResample('1m', '5m')).toBe(true);
    expect(canResample('3d', '1w')).toBe(false);
    expect(canResample('1w', '1M')).toBe(false);
    expect(canResample('1h', '1m')).toBe(false);
    expect(() => resampleBars(oneMinute, '5m', '1m')).toThrow(/cannot be resampled/);
    expect(DAY).toBe(86_400_000);
  });
});

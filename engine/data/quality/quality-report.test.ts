import { describe, expect, it } from 'vitest';
import type { BarColumns } from '../../model/bars';
import { qualityReport } from './quality-report';
import { median, robustZ } from './robust-z';

const H = 3_600_000;
const T = Date.UTC(2024, 0, 1);

function cols(rows: number[][]): BarColumns {
  const f = (k: number) => Float64Array.from(rows.map((r) => r[k]));
  return { ts: f(0), open: f(1), high: f(2), low: f(3), close: f(4), volume: f(5) };
}
const bar = (i: number, c: number, v = 1) => [T + i * H, c, c, c, c, v];

describe('robustZ', () => {
  it('matches a hand computation', () => {
    // xs = 1,2,3,4,100: median 3; |dev| = 2,1,0,1,97 → MAD 1; z(100) = 0.6745 × 97 = 65.4265.
    const { z, median: m, mad } = robustZ([1, 2, 3, 4, 100]);
    expect(m).toBe(3);
    expect(mad).toBe(1);
    expect(z[4]).toBeCloseTo(65.4265, 10);
    expect(z[0]).toBeCloseTo(-1.349, 10);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    // median 0, |dev| = 0,0,0,0,5 → MAD 0, mean AD 1; z(5) = 5 / 1.2533.
    expect(robustZ([0, 0, 0, 0, 5]).z[4]).toBeCloseTo(5 / 1.2533, 10);
    expect(Array.from(robustZ([2, 2, 2]).z)).toEqual([0, 0, 0]);
  });
});

describe('qualityReport', () => {
  it('finds nothing in a clean series', () => {
    const r = qualityReport(cols(Array.from({ length: 20 }, (_, i) => bar(i, 100 + (i % 2)))), '1h');
    expect(r).toMatchObject({ bars: 20, gaps: { count: 0 }, duplicates: { count: 0 }, ohlc: { count: 0 }, prices: { count: 0 }, outliers: { count: 0 } });
  });

  it('reports gaps against the timeframe with their missing bar counts; marked gaps apart', () => {
    const rows = [bar(0, 100), bar(1, 101), bar(4, 102), bar(5, 101), bar(9, 100)];
    const r = qualityReport(cols(rows), '1h');
    expect(r.gaps).toEqual({
      count: 2,
      missingBars: 5,
      marked: 0,
      items: [
        { from: T + 2 * H, to: T + 4 * H, bars: 2 },
        { from: T + 6 * H, to: T + 9 * H, bars: 3 },
      ],
    });
    const m = qualityReport(cols(rows), '1h', { marked: [{ from: T + 6 * H, to: T + 9 * H }] });
    expect(m.gaps).toMatchObject({ count: 1, missingBars: 2, marked: 1 });
  });

  it('reports duplicates, out-of-order and misaligned timestamps', () => {
    const r = qualityReport(cols([bar(0, 100), bar(1, 100), bar(1, 100), bar(0, 100), [T + 2 * H + 60_000, 1, 1, 1, 1, 1]]), '1h');
    expect(r.duplicates).toEqual({ count: 1, items: [T + H] });
    expect(r.unsorted).toEqual({ count: 1, items: [T] });
    expect(r.misaligned).toEqual({ count: 1, items: [T + 2 * H + 60_000] });
  });

  it('reports inconsistent OHLC, bad prices and volumes', () => {
    const r = qualityReport(
      cols([
        [T, 10, 9, 8, 9.5, 1], // high 9 < open 10
        [T + H, 10, 11, 10.5, 10, 0], // low 10.5 > open/close 10; zero volume
        [T + 2 * H, 0, 1, 0, 1, 5], // open and low 0
        [T + 3 * H, 1, 1, 1, 1, -2], // negative volume
        [T + 4 * H, 1, 1, 1, NaN, NaN], // missing close and volume
      ]),
      '1h',
    );
    expect(r.ohlc.items).toEqual([
      { ts: T, problem: 'high below open, close or low' },
      { ts: T + H, problem: 'low above open, close or high' },
    ]);
    expect(r.prices).toEqual({ count: 2, items: [{ ts: T + 2 * H, problem: 'price ≤ 0' }, { ts: T + 4 * H, problem: 'missing price' }] });
    expect(r.volumes).toEqual({ zero: 1, negative: 2, items: [{ ts: T + 3 * H, problem: 'negative volume' }, { ts: T + 4 * H, problem: 'missing volume' }] });
  });

  it('flags an outlier return by robust z-score (hand-computed)', () => {
    // Closes alternate 100, 101 (returns ±ln 1.01), then one jump to 150 and back.
    const closes = [100, 101, 100, 101, 100, 101, 100, 150, 100, 101, 100];
    const r = qualityReport(cols(closes.map((c, i) => bar(i, c))), '1h', { outlierZ: 5 });
    // Returns: ±0.00995 (8 of them) plus ln(1.5) and ln(100/150). median 0.00995 or −0.00995 →
    // sorted returns: -0.405, -0.00995×4, 0.00995×4, 0.405 → median 0; |dev| median 0.00995 = MAD.
    const up = Math.log(1.5);
    expect(r.outliers.median).toBeCloseTo(0, 12);
    expect(r.outliers.mad).toBeCloseTo(Math.log(1.01), 12);
    expect(r.outliers.count).toBe(2);
    expect(r.outliers.items[0].ts).toBe(T + 8 * H); // ln(100/150) is the larger move
    expect(r.outliers.items[1]).toEqual({ ts: T + 7 * H, ret: up, z: expect.closeTo((0.6745 * up) / Math.log(1.01), 9) });
  });
});

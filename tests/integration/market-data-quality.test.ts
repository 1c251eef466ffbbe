// Quality report, gap marks and resampling through the contract, on bars imported from a CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityReportSchema, ResampledBarsSchema } from '../../shared/contract';
import { startTestEngine, type TestEngine } from '../support/test-engine';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 9, 0);
const ID = 'ETH/USDT@csv' as never;

// 1m bars 09:00–09:11 with 09:04–09:05 missing, a spike at 09:08 and a broken high at 09:10.
const rows: [number, number, number, number, number, number][] = [
  [0, 100, 101, 99, 100.5, 10],
  [1, 100.5, 101.5, 100, 101, 11],
  [2, 101, 101.2, 100.4, 100.6, 12],
  [3, 100.6, 100.9, 100.1, 100.2, 13],
  [6, 100.2, 100.8, 99.9, 100.7, 14],
  [7, 100.7, 101, 100.3, 100.4, 15],
  [8, 100.4, 140, 100.4, 139, 16],
  [9, 139, 139, 100, 100.9, 17],
  [10, 100.9, 100.5, 100.2, 100.3, 0],
  [11, 100.3, 100.8, 100.1, 100.6, 19],
];
const csv = ['ts,open,high,low,close,volume', ...rows.map(([i, ...v]) => [T0 + i * MIN, ...v].join(','))].join('\n');

describe('data.quality, data.markGaps and data.resample', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine('in-process');
    await t.client.job('data.import', { source: { kind: 'content', name: 'eth.csv', content: csv }, symbol: 'ETH/USDT', timeframe: '1m' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports the gap, the inconsistent bar, the zero volume and the outlier returns', async () => {
    const r = QualityReportSchema.parse(await t.client.call('data.quality', { instrumentId: ID, timeframe: '1m', outlierZ: 8 }));
    expect(r.bars).toBe(10);
    expect(r.gaps).toEqual({ count: 1, missingBars: 2, marked: 0, items: [{ from: T0 + 4 * MIN, to: T0 + 6 * MIN, bars: 2 }] });
    expect(r.ohlc.items).toEqual([{ ts: T0 + 10 * MIN, problem: 'high below open, close or low' }]);
    expect(r.volumes.zero).toBe(1);
    expect(r.outliers.items.map((o) => o.ts).sort()).toEqual([T0 + 8 * MIN, T0 + 9 * MIN]);
    expect(r.duplicates.count + r.unsorted.count + r.misaligned.count + r.prices.count).toBe(0);
  });

  it('a marked gap is listed apart and no longer counted as a problem; it can be unmarked', async () => {
    expect(await t.client.call('data.markGaps', { instrumentId: ID, timeframe: '1m', ranges: [{ from: T0 + 4 * MIN, to: T0 + 6 * MIN }], note: 'venue outage' })).toEqual({ marked: 1 });
    const r = await t.client.call('data.quality', { instrumentId: ID, timeframe: '1m' });
    expect(r.gaps).toMatchObject({ count: 0, marked: 1 });
    expect(r.markedGaps).toEqual([{ id: expect.any(Number), from: T0 + 4 * MIN, to: T0 + 6 * MIN, note: 'venue outage' }]);
    expect(await t.client.call('data.unmarkGap', { instrumentId: ID, timeframe: '1m', id: r.markedGaps[0].id })).toEqual({ removed: true });
    expect((await t.client.call('data.quality', { instrumentId: ID, timeframe: '1m' })).gaps.count).toBe(1);
  });

  it('resamples to 5m on UTC boundaries, marking the partial last bar', async () => {
    const r = ResampledBarsSchema.parse(await t.client.call('data.resample', { instrumentId: ID, timeframe: '1m', target: '5m' }));
    // By hand: 09:00 [0..3] O100 H101.5 L99 C100.2 V46; 09:05 [6..9] O100.2 H140 L99.9 C100.9 V62; 09:10 [10,11] O100.9 H100.8 L100.1 C100.6 V19.
    expect(r.ts).toEqual([T0, T0 + 5 * MIN, T0 + 10 * MIN]);
    expect(r.open).toEqual([100, 100.2, 100.9]);
    expect(r.high).toEqual([101.5, 140, 100.8]);
    expect(r.low).toEqual([99, 99.9, 100.1]);
    expect(r.close).toEqual([100.2, 100.9, 100.6]);
    expect(r.volume).toEqual([46, 62, 19]);
    expect(r).toMatchObject({ timeframe: '5m', source: '1m', incompleteLast: true });
  });
});

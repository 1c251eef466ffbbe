import { describe, expect, it } from 'vitest';
import type { IndicatorComputeResult } from '../../../../../shared/contract/indicators';
import { drawnSeries, indicatorLabel, shiftedPoints, zigzagSeries } from './indicator-series';
import { loadIndicators } from './chart-indicators-store';

const H = 3_600_000;
const ts = [0, 1, 2, 3, 4].map((i) => 1_700_000_000_000 + i * H);

describe('indicator series for the chart', () => {
  it('draws a value computed at bar i at bar i+shift, past the last bar on the bar spacing', () => {
    const pts = shiftedPoints(ts, [1, 2, 3, 4, 5], 2, ts[0]);
    expect(pts.map((p) => p.time * 1000)).toEqual([ts[2], ts[3], ts[4], ts[4] + H, ts[4] + 2 * H]);
    expect(pts.map((p) => p.value)).toEqual([1, 2, 3, 4, 5]);
    const back = shiftedPoints(ts, [1, 2, 3, 4, 5], -2, ts[0]);
    expect(back).toEqual([
      { time: ts[0] / 1000, value: 3 },
      { time: ts[1] / 1000, value: 4 },
      { time: ts[2] / 1000, value: 5 },
    ]);
  });

  it('skips nulls (warm-up) and bars before the first candle', () => {
    expect(shiftedPoints(ts, [null, null, 3, 4, 5], 0, ts[3]).map((p) => p.value)).toEqual([4, 5]);
  });

  it('draws ZigZag through its confirmed swings and a dashed provisional leg to the current extreme', () => {
    const r = {
      name: 'ZIGZAG',
      ts,
      outputs: [
        { name: 'pivot', values: [null, null, 10, 10, 8], plotShift: 0, repaints: false },
        { name: 'pivotBar', values: [null, null, 0, 0, 2], plotShift: 0, repaints: false },
        { name: 'direction', values: [0, 0, -1, -1, 1], plotShift: 0, repaints: false },
        { name: 'extreme', values: [null, 8, 8, 9, 12], plotShift: 0, repaints: true },
        { name: 'extremeBar', values: [null, 1, 2, 3, 4], plotShift: 0, repaints: true },
      ],
    } as unknown as IndicatorComputeResult;
    const [swings, leg] = zigzagSeries(r, ts[0]);
    expect(swings.points).toEqual([
      { time: ts[0] / 1000, value: 10 },
      { time: ts[2] / 1000, value: 8 },
    ]);
    expect(leg).toMatchObject({ dashed: true, points: [{ time: ts[2] / 1000, value: 8 }, { time: ts[4] / 1000, value: 12 }] });
    expect(drawnSeries(r, ts[0]).map((d) => d.key)).toEqual(['swings', 'provisional']);
  });

  it('labels with the params, hiding the default source; a corrupt stored list is ignored', () => {
    expect(indicatorLabel('SMA', { source: 'close', period: 20 })).toBe('SMA(20)');
    expect(indicatorLabel('SMA', { source: 'hl2', period: 20 })).toBe('SMA(hl2, 20)');
    expect(loadIndicators('x', { getItem: () => '{not json' })).toEqual([]);
    expect(loadIndicators('x', { getItem: () => JSON.stringify([{ id: 'a', name: 'RSI', params: { period: 14 }, placement: 'pane' }, { id: 1 }]) })).toHaveLength(1);
  });
});

describe('Ichimoku cloud points', () => {
  it('joins the two spans by time, keeping only times where both have a value', async () => {
    const { cloudPoints } = await import('./cloud-series');
    const a = [{ time: 1, value: 10 }, { time: 2, value: 11 }, { time: 3, value: 12 }];
    const b = [{ time: 2, value: 13 }, { time: 3, value: 9 }, { time: 4, value: 8 }];
    expect(cloudPoints(a, b)).toEqual([{ time: 2, a: 11, b: 13 }, { time: 3, a: 12, b: 9 }]);
  });
});

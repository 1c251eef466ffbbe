import { describe, expect, it } from 'vitest';
import type { Bars } from '../../../../shared/contract/data';
import type { InstrumentId } from '../../../../shared/ids';
import { indexOfTs, legendBar, toCandles, toVolumes } from './chart-data';

const bars: Bars = {
  instrumentId: 'BTC/USDT@sample' as InstrumentId,
  timeframe: '1h',
  ts: [1_700_000_000_000, 1_700_003_600_000, 1_700_007_200_000],
  open: [100, 102, 101],
  high: [103, 104, 102],
  low: [99, 100, 97],
  close: [102, 101, 98],
  volume: [10, 20, 30],
};

describe('chart data', () => {
  it('turns ms columns into second-stamped candles', () => {
    expect(toCandles(bars)[1]).toEqual({ time: 1_700_003_600, open: 102, high: 104, low: 100, close: 101 });
  });
  it('colours volume by candle direction', () => {
    const v = toVolumes(bars, { upVolume: 'up', downVolume: 'down' });
    expect(v.map((x) => x.color)).toEqual(['up', 'down', 'down']);
    expect(v[2]).toMatchObject({ time: 1_700_007_200, value: 30 });
  });
  it('computes the legend change from the previous close', () => {
    expect(legendBar(bars, 0)!.changePct).toBeNull();
    expect(legendBar(bars, 2)!.changePct).toBeCloseTo(((98 - 101) / 101) * 100, 12);
    expect(legendBar(bars, 3)).toBeNull();
  });
  it('finds bars by timestamp', () => {
    expect(indexOfTs(bars.ts, 1_700_003_600_000)).toBe(1);
    expect(indexOfTs(bars.ts, 1_700_000_000_001)).toBe(-1);
    expect(indexOfTs([], 5)).toBe(-1);
  });
});

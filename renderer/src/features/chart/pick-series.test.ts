import { describe, expect, it } from 'vitest';
import type { SeriesInfo } from '../../../../shared/contract/data';
import type { InstrumentId } from '../../../../shared/ids';
import type { Timeframe } from '../../../../shared/timeframe';
import { instrumentsOf, pickSeries, timeframesOf } from './pick-series';

const s = (id: string, timeframe: Timeframe, synthetic = false): SeriesInfo => ({
  instrumentId: id as InstrumentId,
  symbol: id.split('@')[0],
  venue: id.split('@')[1],
  timeframe,
  firstTs: 0,
  lastTs: 1,
  count: 2,
  updatedAt: 0,
  synthetic,
});

const all = [s('BTC/USDT@sample', '1h', true), s('ETH/USDT@csv', '1d'), s('ETH/USDT@csv', '1h')];

describe('pickSeries', () => {
  it('keeps the wanted series when it exists', () => {
    expect(pickSeries(all, { instrumentId: 'ETH/USDT@csv' as InstrumentId, timeframe: '1h' })).toBe(all[2]);
  });
  it('falls back to another timeframe of the instrument, then to the first series', () => {
    expect(pickSeries(all, { instrumentId: 'ETH/USDT@csv' as InstrumentId, timeframe: '4h' })).toBe(all[1]);
    expect(pickSeries(all, { instrumentId: 'XRP/USDT@csv' as InstrumentId, timeframe: '1h' })).toBe(all[0]);
    expect(pickSeries(all, null)).toBe(all[0]);
    expect(pickSeries([], null)).toBeNull();
  });
  it('lists instruments once and their timeframes', () => {
    expect(instrumentsOf(all)).toEqual([
      { instrumentId: 'BTC/USDT@sample', synthetic: true },
      { instrumentId: 'ETH/USDT@csv', synthetic: false },
    ]);
    expect(timeframesOf(all, 'ETH/USDT@csv' as InstrumentId).map((x) => x.timeframe)).toEqual(['1d', '1h']);
  });
});

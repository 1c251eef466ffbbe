import { describe, expect, it } from 'vitest';
import { runBacktest } from '../engine';
import { scripted } from '../testing';
import { allocBarColumns } from '../../model/bars';
import type { StrategyContext } from '../../strategy/api';
import type { BacktestConfigInput } from '../config';
import { priceLimits } from './cn-ashares';
import { inUsSession } from './us-equities';

const H = 3_600_000;
const D = Date.UTC(2024, 2, 4); // Monday 2024-03-04 00:00 UTC

/** Bars at explicit times: [ts, open, high, low, close]. */
function barsAt(rows: [number, number, number, number, number][]) {
  const c = allocBarColumns(rows.length);
  rows.forEach(([t, o, h, l, cl], i) => {
    c.ts[i] = t;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
    c.volume[i] = 1e6;
  });
  return c;
}

const run = (rows: [number, number, number, number, number][], script: Record<number, (c: StrategyContext) => void>, config: BacktestConfigInput) => {
  const { strategy } = scripted(script);
  return runBacktest({ strategy, feeds: [{ symbol: '600000.SH@sse', timeframe: '1h', bars: barsAt(rows) }], config: { initialCapital: 100_000, ...config } });
};

describe('China A-shares profile', () => {
  // 02:00 and 03:00 UTC are 10:00 and 11:00 in Shanghai (UTC+8).
  const day1 = D + 2 * H;
  const day2 = D + 24 * H + 2 * H;

  it('T+1: shares bought today can be sold from the next exchange day', () => {
    const r = run(
      [
        [day1, 10, 10, 10, 10],
        [day1 + H, 10, 10, 10, 10], // buy fills here
        [day1 + 2 * H, 10.2, 10.2, 10.2, 10.2], // a sell placed on bar 1 cannot fill today
        [day2, 10.5, 10.5, 10.5, 10.5], // fills here
      ],
      { 0: (c) => c.buy(100), 1: (c) => c.sell(100) },
      { profile: 'cn-ashares' },
    );
    expect(r.fills.map((f) => [f.side, f.barIndex, f.price])).toEqual([
      ['buy', 1, 10],
      ['sell', 3, 10.5],
    ]);
  });

  it('lots of 100, 5 CNY minimum commission, stamp duty on sells', () => {
    const r = run(
      [
        [day1, 10, 10, 10, 10],
        [day1 + H, 10, 10, 10, 10],
        [day2, 11, 11, 11, 11],
        [day2 + H, 11, 11, 11, 11],
      ],
      { 0: (c) => c.buy(150), 2: (c) => c.closePosition() },
      { profile: 'cn-ashares' },
    );
    expect(r.fills[0]).toMatchObject({ side: 'buy', size: 100, price: 10 });
    // 1,000 × 0.025% = 0.25 → minimum 5
    expect(r.fills[0].commission).toBeCloseTo(5, 12);
    // 1,100 × 0.025% = 0.275 → 5, plus stamp duty 1,100 × 0.05% = 0.55
    expect(r.fills[1].commission).toBeCloseTo(5.55, 12);
    expect(r.final.equity).toBeCloseTo(100_000 + 100 - 10.55, 9);
  });

  it('no buying at limit-up, no selling at limit-down, no shorting', () => {
    const r = run(
      [
        [day1, 10, 10, 10, 10], // previous close 10 → limits 11.00 / 9.00 tomorrow
        [day2, 11, 11, 11, 11], // locked limit-up: the buy waits
        [day2 + H, 10.9, 10.95, 10.8, 10.9], // fills here
      ],
      { 0: (c) => (c.buy(100), c.sell(100)) },
      { profile: 'cn-ashares' },
    );
    expect(r.orders[1]).toMatchObject({ status: 'rejected', reason: 'short selling is not allowed in this market' });
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ barIndex: 2, price: 10.9 });

    const day3 = day2 + 24 * H;
    const down = run(
      [
        [day1, 10, 10, 10, 10],
        [day1 + H, 10, 10, 10, 10], // buy fills
        [day2, 9, 9, 9, 9], // locked limit-down: the sell waits
        [day3, 9.1, 9.2, 9, 9.1], // new day: previous close 9 → limit-down 8.10, sell fills at 9.1
      ],
      { 0: (c) => c.buy(100), 1: (c) => c.closePosition() },
      { profile: 'cn-ashares' },
    );
    expect(down.fills.map((f) => [f.side, f.barIndex, f.price])).toEqual([
      ['buy', 1, 10],
      ['sell', 3, 9.1],
    ]);
  });

  it('limit prices round to the fen', () => {
    expect(priceLimits(10, 0.1)).toEqual({ up: 11, down: 9 });
    expect(priceLimits(10.05, 0.1)).toEqual({ up: 11.06, down: 9.05 }); // 11.055 → 11.06, 9.045 → 9.05
    expect(priceLimits(25.37, 0.2)).toEqual({ up: 30.44, down: 20.3 }); // 30.444, 20.296
  });
});

describe('US equities profile', () => {
  it('regular session in New York time, with daylight saving', () => {
    expect(inUsSession(Date.UTC(2024, 0, 2, 14, 30))).toBe(true); // 09:30 EST
    expect(inUsSession(Date.UTC(2024, 0, 2, 13, 30))).toBe(false); // 08:30 EST
    expect(inUsSession(Date.UTC(2024, 6, 1, 13, 30))).toBe(true); // 09:30 EDT
    expect(inUsSession(Date.UTC(2024, 6, 1, 20, 0))).toBe(false); // 16:00 EDT
    expect(inUsSession(Date.UTC(2024, 0, 6, 15, 0))).toBe(false); // Saturday
  });

  it('intraday fills only happen in session bars; sizes are whole shares', () => {
    const t = Date.UTC(2024, 0, 2, 13, 0); // 08:00 EST
    const { strategy } = scripted({ 0: (c) => c.buy(10.7) });
    const r = runBacktest({
      strategy,
      feeds: [
        {
          symbol: 'AAPL@nasdaq',
          timeframe: '1h',
          bars: barsAt([
            [t, 100, 100, 100, 100],
            [t + H, 101, 101, 101, 101], // 09:00: pre-market
            [t + 2 * H, 102, 102, 102, 102], // 10:00: in session
          ]),
        },
      ],
      config: { profile: 'us-equities' },
    });
    expect(r.fills[0]).toMatchObject({ size: 10, price: 102, barIndex: 2 });
    expect(r.metrics.annualDays).toBe(252);
  });
});

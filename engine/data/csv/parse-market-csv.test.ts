import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjustBars } from '../adjust';
import { parseMarketCsv } from './parse-market-csv';

const dir = join(__dirname, '../../../tests/fixtures/market-data');
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const H = 3_600_000;

describe('parseMarketCsv recognises the formats traders have', () => {
  it('Binance kline dumps without a header, open time in ms', () => {
    const p = parseMarketCsv(file('binance-BTCUSDT-1h-2024-01-01.csv'));
    expect(p.format).toBe('binance');
    expect(p.bars.ts.length).toBe(5);
    expect(Array.from(p.bars.ts)).toEqual([0, 1, 2, 3, 4].map((i) => day(2024, 1, 1) + i * H));
    expect([p.bars.open[0], p.bars.high[0], p.bars.low[0], p.bars.close[0], p.bars.volume[0]]).toEqual([42283.58, 42532.54, 42242.51, 42475.23, 1271.68]);
  });

  it('Binance kline dumps in microseconds (2025 onwards)', () => {
    const p = parseMarketCsv(file('binance-BTCUSDT-1m-2025-01-01-us.csv'));
    expect(p.format).toBe('binance');
    expect(p.timestampFormat).toBe('us');
    expect(Array.from(p.bars.ts)).toEqual([0, 1, 2].map((i) => day(2025, 1, 1) + i * 60_000));
    expect(p.bars.volume[2]).toBe(14.345);
  });

  it('a bad row in a headerless dump is reported with its line number', () => {
    expect(() => parseMarketCsv(file('binance-bad-row.csv'))).toThrow(/line 2: malformed number in column "low": "oops"/);
  });

  it('Yahoo Finance: raw Close kept, Adj Close ÷ Close kept as factor change points', () => {
    const p = parseMarketCsv(file('yahoo-AAPL-1d.csv'));
    expect(p.format).toBe('yahoo');
    expect(p.bars.ts[0]).toBe(day(2024, 2, 5));
    expect(p.bars.close[0]).toBe(187.679993);
    expect(p.bars.volume[0]).toBe(69668800);
    // Ex-dividend 2024-02-09 ($0.24): before it Adj Close / Close = 187.442627 / 187.679993.
    expect(p.factors.length).toBe(2);
    expect(p.factors[0].ts).toBe(day(2024, 2, 5));
    expect(p.factors[0].factor).toBeCloseTo(187.442627 / 187.679993, 9);
    expect(p.factors[1]).toEqual({ ts: day(2024, 2, 9), factor: 1 });
    // Forward adjustment reproduces Yahoo's Adj Close column.
    const fwd = adjustBars(p.bars, p.factors, 'forward');
    expect(fwd.close[1]).toBeCloseTo(189.060577, 4); // Yahoo rounds its columns to 6 decimals
    expect(fwd.close[4]).toBe(188.850006);
  });

  it('TradingView chart exports: extra columns ignored, session-open stamps snapped to the UTC date', () => {
    const p = parseMarketCsv(file('tradingview-NASDAQ_AAPL-1D.csv'), { timeframe: '1d' });
    expect(p.format).toBe('tradingview');
    expect(Array.from(p.bars.ts)).toEqual([day(2024, 2, 2), day(2024, 2, 5), day(2024, 2, 6)]);
    expect(p.bars.close[0]).toBe(185.85);
    // Intraday timeframes keep the exact times.
    expect(parseMarketCsv(file('tradingview-NASDAQ_AAPL-1D.csv'), { timeframe: '1h' }).bars.ts[0]).toBe(1706884200_000);
  });

  it('Tushare daily: YYYYMMDD dates, newest first, vol in lots of 100 stored as shares', () => {
    const p = parseMarketCsv(file('tushare-000001.SZ-daily.csv'));
    expect(p.format).toBe('tushare');
    expect(p.reversed).toBe(true);
    expect(Array.from(p.bars.ts)).toEqual([day(2024, 1, 2), day(2024, 1, 3), day(2024, 1, 4), day(2024, 1, 5)]);
    expect(Array.from(p.bars.close)).toEqual([9.21, 9.2, 9.28, 9.33]);
    expect(p.bars.volume[0]).toBeCloseTo(115836645, 3); // 1158366.45 lots × 100
  });

  it('Tushare adjustment factors', () => {
    const p = parseMarketCsv(file('tushare-000001.SZ-adj_factor.csv'));
    expect(p.format).toBe('adj-factor');
    expect(p.bars.ts.length).toBe(0);
    expect(p.factors).toEqual([
      { ts: day(2024, 1, 2), factor: 100 },
      { ts: day(2024, 1, 3), factor: 100 },
      { ts: day(2024, 1, 4), factor: 110 },
      { ts: day(2024, 1, 5), factor: 110 },
    ]);
  });

  it('akshare: Chinese headers in their own column order', () => {
    const p = parseMarketCsv(file('akshare-600519-daily.csv'));
    expect(p.format).toBe('akshare');
    expect(Array.from(p.bars.ts)).toEqual([day(2024, 1, 2), day(2024, 1, 3), day(2024, 1, 4)]);
    // 日期,开盘,收盘,最高,最低: open 1715, close 1685.01, high 1718.19, low 1678.10. 成交量 32155 is
    // in lots: 成交额 5,449,988,880 ÷ 1685.01 ≈ 3.23M shares traded, so it is stored as 3,215,500 shares.
    expect([p.bars.open[0], p.bars.high[0], p.bars.low[0], p.bars.close[0], p.bars.volume[0]]).toEqual([1715, 1718.19, 1678.1, 1685.01, 3_215_500]);
  });

  it('akshare: volume already in shares (turnover ÷ (volume × close) ≈ 1) is stored as written', () => {
    const text = '日期,开盘,收盘,最高,最低,成交量,成交额\n2024-01-02,10.00,10.20,10.30,9.90,1000000,10150000.00\n2024-01-03,10.20,10.10,10.25,10.00,800000,8120000.00\n';
    const p = parseMarketCsv(new TextEncoder().encode(text));
    expect(Array.from(p.bars.volume)).toEqual([1_000_000, 800_000]);
  });

  it('akshare: without a turnover column the volume is stored as written', () => {
    const p = parseMarketCsv(new TextEncoder().encode('日期,开盘,收盘,最高,最低,成交量\n2024-01-02,10,10.2,10.3,9.9,32155\n'));
    expect(p.bars.volume[0]).toBe(32155);
  });
});

describe('adjustBars', () => {
  it('forward keeps the latest prices, backward the first (A-share factors, hand-computed)', () => {
    const bars = { ts: Float64Array.from([1, 2, 3]), open: Float64Array.from([10, 10, 10]), high: Float64Array.from([11, 11, 11]), low: Float64Array.from([9, 9, 9]), close: Float64Array.from([10, 10, 10]), volume: Float64Array.from([5, 5, 5]) };
    const factors = [{ ts: 1, factor: 100 }, { ts: 3, factor: 110 }];
    expect(Array.from(adjustBars(bars, factors, 'forward').close)).toEqual([10 * (100 / 110), 10 * (100 / 110), 10]);
    expect(Array.from(adjustBars(bars, factors, 'backward').close)).toEqual([10, 10, 11]);
    expect(Array.from(adjustBars(bars, factors, 'backward').volume)).toEqual([5, 5, 5]);
    expect(adjustBars(bars, factors, 'none')).toBe(bars);
  });
});

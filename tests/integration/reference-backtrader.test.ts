// The shared reference case: sma-cross (10/30, 100 units, 0.1% commission, 1,000,000 cash) over
// 100k one-minute bars, run through backtrader 1.9.78 (see ../shared/reference/README.md).
// Every fill, the total commission and the final value must match the independent run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../engine/backtest/engine';
import { allocBarColumns } from '../../engine/model/bars';
import smaCross from '../../engine/strategy/builtins/sma-cross';

const dir = join(process.cwd(), '..', 'shared', 'reference');

function loadBars() {
  const lines = readFileSync(join(dir, 'sma-cross-100k.csv'), 'utf8').trim().split('\n').slice(1);
  const c = allocBarColumns(lines.length);
  lines.forEach((line, i) => {
    const f = line.split(',');
    c.ts[i] = Number(f[0]) * 1000;
    c.open[i] = Number(f[2]);
    c.high[i] = Number(f[3]);
    c.low[i] = Number(f[4]);
    c.close[i] = Number(f[5]);
    c.volume[i] = Number(f[6]);
  });
  return c;
}

function loadFills() {
  return readFileSync(join(dir, 'sma-cross-100k.fills.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [signal, fill, side, size, price, commission] = line.split(',');
      return { signal: Date.parse(signal.replace(' ', 'T') + 'Z'), fill: Date.parse(fill.replace(' ', 'T') + 'Z'), side: side.toLowerCase(), size: Math.abs(Number(size)), price: Number(price), commission: Number(commission) };
    });
}

describe('sma-cross reproduces the backtrader reference run', () => {
  const bars = loadBars();
  const expected = loadFills();
  const result = runBacktest({
    strategy: smaCross,
    feeds: [{ symbol: 'SYN@csv', timeframe: '1m', bars }],
    config: { initialCapital: 1_000_000, commission: { percent: 0.001 }, params: { fast: 10, slow: 30, size: 100 } },
  });

  it('has 100,000 bars and 3,844 fills', () => {
    expect(bars.ts.length).toBe(100_000);
    expect(expected.length).toBe(3844);
    expect(result.fills.length).toBe(3844);
  });

  it('matches every fill (bar, side, size, price, commission)', () => {
    const n = Math.min(result.fills.length, expected.length);
    for (let i = 0; i < n; i++) {
      const got = result.fills[i];
      const want = expected[i];
      const where = `fill ${i} (${new Date(want.fill).toISOString()})`;
      expect(new Date(got.ts).toISOString(), where).toBe(new Date(want.fill).toISOString());
      expect(got.side, where).toBe(want.side);
      expect(got.size, where).toBe(want.size);
      expect(got.price, where).toBe(want.price);
      expect(got.commission, where).toBeCloseTo(want.commission, 9);
      // The signal bar is the one before the fill bar.
      expect(got.ts - 60_000, where).toBe(want.signal);
    }
  });

  it('matches the total commission and the final value, flat at the end', () => {
    expect(Math.abs(result.final.totalCommission / 30224.094868300035 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(result.final.equity / 968496.725231697 - 1)).toBeLessThan(1e-6);
    expect(result.final.positions[0].size).toBe(0);
    expect(result.trades.filter((t) => !t.open).length).toBe(1922);
  });
});

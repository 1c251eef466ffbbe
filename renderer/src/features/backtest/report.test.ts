import { describe, expect, it } from 'vitest';
import { formatMetric, formatPrice, monthlyGrid } from './metric-defs';
import { htmlReport, tradesCsv } from './report';
import type { RunWithResult } from './result-store';

const trade = { id: 1, symbol: 'BTC/USDT@csv', direction: 'long' as const, size: 2, entryTs: Date.UTC(2024, 0, 2), entryBar: 5, entryPrice: 100, exitTs: null, exitBar: null, exitPrice: null, grossPnl: 10, fees: 1, netPnl: 9, returnPct: 0.045, mae: -1, mfe: 12, barsHeld: 3, open: true };

describe('result exports', () => {
  it('write trades as CSV with ISO UTC times and empty cells for an open trade', () => {
    const csv = tradesCsv([trade]).split('\n');
    expect(csv[0]).toBe('id,symbol,direction,size,entryTs,entryPrice,exitTs,exitPrice,grossPnl,fees,netPnl,returnPct,mae,mfe,barsHeld,open');
    expect(csv[1]).toBe('1,BTC/USDT@csv,long,2,2024-01-02T00:00:00.000Z,100,,,10,1,9,0.045,-1,12,3,true');
  });

  it('write an HTML report without scripts and with escaped names', () => {
    const r = {
      run: { id: 'bt_1' },
      result: { strategy: { name: '<b>x</b>', params: { fast: 1 } }, symbols: ['A'], timeframe: '1h', from: 0, to: 1, metrics: { totalReturn: 0.1 }, monthlyReturns: [], trades: [trade], curve: { equity: [1, 2], benchmark: [1, 1.5] } },
    } as unknown as RunWithResult;
    const html = htmlReport(r, { title: 'Report', metric: (k) => k });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('10.00%');
    expect(html).toContain('<polyline');
  });
});

describe('metric formatting and the monthly grid', () => {
  it('formats percentages, ratios and missing values', () => {
    expect(formatMetric(0.12345, 'pct')).toBe('12.35%');
    expect(formatMetric(null, 'ratio')).toBe('—');
    expect(formatMetric(1234.5, 'money')).toBe('1,234.50');
    // A zero drawdown is negated for display; it must not read "-0.00%".
    expect(formatMetric(-0, 'pct')).toBe('0.00%');
    expect(formatMetric(-0.00001, 'pct')).toBe('0.00%');
    expect(formatMetric(-0.0001, 'pct')).toBe('-0.01%');
    expect(formatMetric(-0.001, 'ratio')).toBe('0.00');
    expect(formatPrice(13721.285194000001)).toBe('13721.29');
    expect(formatPrice(12752.3)).toBe('12752.30');
    expect(formatPrice(1.23456789)).toBe('1.2346');
    expect(formatPrice(2)).toBe('2.00');
    expect(formatPrice(0.000123456789)).toBe('0.00012346');
    expect(formatPrice(null)).toBe('—');
  });
  it('lays months out by year and compounds the year total', () => {
    const g = monthlyGrid([
      { month: '2024-11', return: 0.1 },
      { month: '2024-12', return: -0.1 },
      { month: '2025-01', return: 0.05 },
    ]);
    expect(g.map((r) => r.year)).toEqual([2024, 2025]);
    expect(g[0].months[10]).toBe(0.1);
    expect(g[0].months[0]).toBeNull();
    expect(g[0].total).toBeCloseTo(1.1 * 0.9 - 1, 12);
  });
});

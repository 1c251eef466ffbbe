// Metrics against values worked out by hand from the published formulas (docs/metrics.md),
// on series small enough to check on paper.
import { describe, expect, it } from 'vitest';
import type { Trade } from '../trades';
import { drawdown } from './drawdown';
import { computeMetrics } from './index';
import { alphaBeta, cagr, conditionalVaR, sharpe, sortino, valueAtRisk, volatility } from './performance';
import { dailyReturns, monthlyReturns } from './returns';
import { quantile } from './stats';
import { tradeStats } from './trade-stats';

// r: mean 0.006; deviations .004 −.026 .024 −.016 .014; Σd² = 0.00172; sample sd = √(0.00172/4) = √0.00043.
const r = [0.01, -0.02, 0.03, -0.01, 0.02];
const SD = Math.sqrt(0.00043);

describe('return-based ratios', () => {
  it('volatility = sample sd × √annualDays', () => {
    expect(volatility(r, 365)).toBeCloseTo(SD * Math.sqrt(365), 12); // 0.396169…
    expect(volatility(r, 252)).toBeCloseTo(SD * Math.sqrt(252), 12);
  });
  it('Sharpe = mean / sd × √annualDays (rf 0), and with a risk-free rate per day of rf/annualDays', () => {
    expect(sharpe(r, 365)).toBeCloseTo((0.006 / SD) * Math.sqrt(365), 10); // 5.52794…
    expect(sharpe(r, 365)).toBeCloseTo(5.527941708708922, 9);
    // rf 3.65% a year = 0.0001 a day: excess mean 0.0059, sd unchanged.
    expect(sharpe(r, 365, 0.0365)).toBeCloseTo((0.0059 / SD) * Math.sqrt(365), 10);
  });
  it('Sortino = mean / downside deviation × √annualDays, downside over all days', () => {
    // negatives: −0.02, −0.01 → (0.0004 + 0.0001) / 5 = 0.0001 → DD 0.01; 0.006 / 0.01 = 0.6
    expect(sortino(r, 365)).toBeCloseTo(0.6 * Math.sqrt(365), 10); // 11.46298…
  });
  it('historical VaR and CVaR at 95% as positive losses', () => {
    // sorted −.02 −.01 .01 .02 .03; type-7 quantile at 5%: h = 4 × .05 = .2 → −.02 + .2 × .01 = −.018
    expect(quantile(r, 0.05)).toBeCloseTo(-0.018, 12);
    expect(valueAtRisk(r, 0.95)).toBeCloseTo(0.018, 12);
    // days at or below −.018: only −.02
    expect(conditionalVaR(r, 0.95)).toBeCloseTo(0.02, 12);
  });
  it('beta = cov / var; alpha = (mean − β·mean_b) × annualDays', () => {
    const rb = [0.02, -0.01, 0.01, 0, 0.01];
    // mean_b .006; cov = 0.00072/4 = 0.00018; var_b = 0.00052/4 = 0.00013 → β = 18/13
    const { alpha, beta } = alphaBeta(r, rb, 365);
    expect(beta).toBeCloseTo(18 / 13, 12);
    expect(alpha).toBeCloseTo((0.006 - (18 / 13) * 0.006) * 365, 12); // −0.842307…
  });
  it('CAGR over calendar years', () => {
    expect(cagr(100, 121, 2)).toBeCloseTo(0.1, 12);
    expect(cagr(100, 50, 1)).toBeCloseTo(-0.5, 12);
  });
});

describe('drawdown', () => {
  it('max drawdown and the longest time under water', () => {
    const eq = [100, 120, 90, 110, 80, 130, 125];
    const ts = eq.map((_, i) => i * 1000);
    const dd = drawdown(ts, eq);
    expect(dd.max).toBeCloseTo(1 - 80 / 120, 12); // 1/3
    // Peak 120 at step 1, back above it at step 5: 4 steps, 4 s.
    expect(dd.longestSteps).toBe(4);
    expect(dd.longestMs).toBe(4000);
    expect(dd.curve).toEqual([0, 0, 90 / 120 - 1, 110 / 120 - 1, 80 / 120 - 1, 0, 125 / 130 - 1]);
    expect(drawdown(ts, eq, 3).curve).toEqual([0, 110 / 120 - 1, 125 / 130 - 1]); // steps 0, 3 and the last
  });
  it('a drawdown still open at the end lasts until the end', () => {
    const dd = drawdown([0, 1, 2, 3], [100, 90, 95, 99]);
    expect(dd.longestSteps).toBe(3);
  });
});

describe('period returns', () => {
  const DAY = 86_400_000;
  it('daily (UTC) returns from the last value of each day, the first against the start', () => {
    const ts = [0, 3_600_000, DAY + 5, DAY + 7, 3 * DAY];
    const eq = [101, 102, 99, 100, 110];
    const d = dailyReturns(ts, eq, 100);
    expect(d.ts).toEqual([0, DAY, 3 * DAY]);
    expect(d.returns[0]).toBeCloseTo(0.02, 12); // 102 / 100
    expect(d.returns[1]).toBeCloseTo(100 / 102 - 1, 12);
    expect(d.returns[2]).toBeCloseTo(0.1, 12);
  });
  it('monthly returns by calendar month', () => {
    const ts = [Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 31, 23), Date.UTC(2024, 1, 29), Date.UTC(2024, 2, 1)];
    const m = monthlyReturns(ts, [105, 110, 99, 108.9], 100);
    expect(m.returns.map((x) => +x.toFixed(12))).toEqual([0.1, -0.1, 0.1]);
  });
});

describe('trade statistics', () => {
  const t = (netPnl: number): Trade => ({ netPnl, open: false }) as Trade;
  it('win rate, profit factor, payoff, expectancy, averages and streaks', () => {
    const s = tradeStats([10, 20, -5, -10, -1, 0, 5].map(t));
    expect(s.tradeCount).toBe(7);
    expect(s.winRate).toBeCloseTo(3 / 7, 12);
    expect(s.profitFactor).toBeCloseTo(35 / 16, 12);
    expect(s.avgWin).toBeCloseTo(35 / 3, 12);
    expect(s.avgLoss).toBeCloseTo(-16 / 3, 12);
    expect(s.payoffRatio).toBeCloseTo(35 / 16, 12);
    expect(s.expectancy).toBeCloseTo(19 / 7, 12);
    expect(s.longestWinStreak).toBe(2);
    expect(s.longestLossStreak).toBe(3);
  });
  it('open trades do not count; no losses leaves profit factor undefined', () => {
    const s = tradeStats([t(5), { netPnl: -100, open: true } as Trade]);
    expect(s.tradeCount).toBe(1);
    expect(Number.isNaN(s.profitFactor)).toBe(true);
  });
});

describe('computeMetrics', () => {
  it('puts it together on a daily curve and leaves undefined values null', () => {
    const DAY = 86_400_000;
    const eq = [101, 98.98, 101.9494, 100.929906, 102.94850412];
    const ts = eq.map((_, i) => i * DAY);
    const { metrics } = computeMetrics({
      ts,
      equity: eq,
      benchmark: [100, 100, 100, 100, 100],
      exposure: { stepsInMarket: 5, sum: 5 },
      from: 0,
      to: 5 * DAY,
      initialCapital: 100,
      annualDays: 365,
      riskFreeRate: 0,
      trades: [],
      tradedNotional: 300,
      totalCommission: 1,
    });
    // The curve compounds r exactly: the same figures as above.
    expect(metrics.sharpe).toBeCloseTo(5.527941708708922, 8);
    expect(metrics.totalReturn).toBeCloseTo(0.0294850412, 12);
    expect(metrics.maxDrawdown).toBeCloseTo(0.02, 12);
    expect(metrics.beta).toBeNull(); // flat benchmark: var 0
    expect(metrics.winRate).toBeNull();
    expect(metrics.exposureTime).toBe(1);
    expect(metrics.turnover).toBeCloseTo(300 / (eq.reduce((a, b) => a + b) / 5), 12);
    expect(JSON.parse(JSON.stringify(metrics))).toEqual(metrics);
  });
});

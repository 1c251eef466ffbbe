import type { Trade } from '../trades';
import { drawdown } from './drawdown';
import { alphaBeta, cagr, conditionalVaR, sharpe, sortino, valueAtRisk, volatility } from './performance';
import { dayPeriods, monthPeriods, periodReturns } from './returns';
import { finite } from './stats';
import { closedTradeStats, tradeStats } from './trade-stats';

const YEAR_MS = 365.25 * 86_400_000;

/** Every metric of a run; null where a value is undefined (no trades, no losing day, …). Definitions: docs/metrics.md. */
export interface Metrics {
  initialCapital: number;
  finalEquity: number;
  totalReturn: number | null;
  cagr: number | null;
  benchmarkReturn: number | null;
  excessReturn: number | null;
  alpha: number | null;
  beta: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdown: number;
  maxDrawdownDurationMs: number;
  maxDrawdownDurationBars: number;
  var95: number | null;
  cvar95: number | null;
  winRate: number | null;
  profitFactor: number | null;
  payoffRatio: number | null;
  expectancy: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  tradeCount: number;
  longestWinStreak: number;
  longestLossStreak: number;
  totalCommission: number;
  /** Traded notional / average equity (times over the run). */
  turnover: number | null;
  /** Share of steps with an open position. */
  exposureTime: number | null;
  /** Mean of gross exposure / equity. */
  avgExposure: number | null;
  annualDays: number;
  days: number;
}

export interface MetricsInput {
  /** Step open times (UTC ms), equity and the benchmark's price at each step's close. */
  ts: ArrayLike<number>;
  equity: ArrayLike<number>;
  benchmark: ArrayLike<number>;
  /** Keep every `stride`-th point (and the last) of the drawdown curve. */
  stride?: number;
  /** Steps with an open position, and Σ gross exposure / equity over steps. */
  exposure: { stepsInMarket: number; sum: number };
  /** Start and end of the period (UTC ms), for CAGR. */
  from: number;
  to: number;
  initialCapital: number;
  annualDays: number;
  riskFreeRate: number;
  /** The round trips; or, instead, `closedNetPnl`: the closed ones' net PnL in trade order (what the figures use). */
  trades?: readonly Trade[];
  closedNetPnl?: ArrayLike<number>;
  tradedNotional: number;
  totalCommission: number;
}

export function computeMetrics(m: MetricsInput): { metrics: Metrics; monthly: { month: string; return: number }[]; drawdownCurve: number[] } {
  const n = m.equity.length;
  const final = n ? m.equity[n - 1] : m.initialCapital;
  const benchStart = n ? m.benchmark[0] : NaN;
  const benchFinal = n ? m.benchmark[n - 1] : NaN;
  // The days are found once for the strategy's curve and the benchmark's.
  const days = dayPeriods(m.ts);
  const daily = periodReturns(days, m.equity, m.initialCapital);
  const benchDaily = periodReturns(days, m.benchmark, benchStart);
  const r = daily.returns;
  const dd = drawdown(m.ts, m.equity, m.stride ?? 1);
  const totalReturn = final / m.initialCapital - 1;
  const benchmarkReturn = benchFinal / benchStart - 1;
  const growth = cagr(m.initialCapital, final, (m.to - m.from) / YEAR_MS);
  const ab = alphaBeta(r, benchDaily.returns, m.annualDays, m.riskFreeRate);
  const ts = m.closedNetPnl ? closedTradeStats(m.closedNetPnl) : tradeStats(m.trades ?? []);
  const eqSum = dd.sum;
  const monthly = periodReturns(monthPeriods(m.ts), m.equity, m.initialCapital);
  const metrics: Metrics = {
    initialCapital: m.initialCapital,
    finalEquity: final,
    totalReturn: finite(totalReturn),
    cagr: finite(growth),
    benchmarkReturn: finite(benchmarkReturn),
    excessReturn: finite(totalReturn - benchmarkReturn),
    alpha: finite(ab.alpha),
    beta: finite(ab.beta),
    volatility: finite(volatility(r, m.annualDays)),
    sharpe: finite(sharpe(r, m.annualDays, m.riskFreeRate)),
    sortino: finite(sortino(r, m.annualDays, m.riskFreeRate)),
    calmar: finite(growth / dd.max),
    maxDrawdown: dd.max,
    maxDrawdownDurationMs: dd.longestMs,
    maxDrawdownDurationBars: dd.longestSteps,
    var95: finite(valueAtRisk(r, 0.95)),
    cvar95: finite(conditionalVaR(r, 0.95)),
    winRate: finite(ts.winRate),
    profitFactor: finite(ts.profitFactor),
    payoffRatio: finite(ts.payoffRatio),
    expectancy: finite(ts.expectancy),
    avgWin: finite(ts.avgWin),
    avgLoss: finite(ts.avgLoss),
    tradeCount: ts.tradeCount,
    longestWinStreak: ts.longestWinStreak,
    longestLossStreak: ts.longestLossStreak,
    totalCommission: m.totalCommission,
    turnover: finite(n ? m.tradedNotional / (eqSum / n) : NaN),
    exposureTime: finite(n ? m.exposure.stepsInMarket / n : NaN),
    avgExposure: finite(n ? m.exposure.sum / n : NaN),
    annualDays: m.annualDays,
    days: r.length,
  };
  const monthlyOut = monthly.ts.map((t, i) => ({ month: new Date(t).toISOString().slice(0, 7), return: monthly.returns[i] }));
  return { metrics, monthly: monthlyOut, drawdownCurve: dd.curve };
}

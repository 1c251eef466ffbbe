import { covariance, mean, quantile, stdev } from './stats';

/** Ratios from daily returns (see docs/metrics.md for each formula). `annualDays` is 365 or 252. */

/** Per-day risk-free rate from an annual one: rf / annualDays. */
export const dailyRiskFree = (annualRate: number, annualDays: number): number => annualRate / annualDays;

export function volatility(r: ArrayLike<number>, annualDays: number): number {
  return stdev(r) * Math.sqrt(annualDays);
}

function excess(r: ArrayLike<number>, rfDaily: number): Float64Array {
  const out = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = r[i] - rfDaily;
  return out;
}

export function sharpe(r: ArrayLike<number>, annualDays: number, rfAnnual = 0): number {
  const x = excess(r, dailyRiskFree(rfAnnual, annualDays));
  return (mean(x) / stdev(x)) * Math.sqrt(annualDays);
}

/** Downside deviation: root mean square of the negative excess returns over all days. */
export function sortino(r: ArrayLike<number>, annualDays: number, rfAnnual = 0): number {
  const x = excess(r, dailyRiskFree(rfAnnual, annualDays));
  if (x.length === 0) return NaN;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (x[i] < 0) ss += x[i] * x[i];
  const dd = Math.sqrt(ss / x.length);
  return (mean(x) / dd) * Math.sqrt(annualDays);
}

/** Historical Value at Risk: the loss not exceeded on (1 − alpha) of days, as a positive number. */
export function valueAtRisk(r: ArrayLike<number>, confidence = 0.95): number {
  return -quantile(r, 1 - confidence);
}

/** Conditional VaR (expected shortfall): the mean loss on days at or beyond the VaR, positive. */
export function conditionalVaR(r: ArrayLike<number>, confidence = 0.95): number {
  const q = quantile(r, 1 - confidence);
  let s = 0;
  let n = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] <= q) {
      s += r[i];
      n++;
    }
  }
  return n === 0 ? NaN : -s / n;
}

/** Beta and annualised Jensen's alpha against a benchmark's daily returns (same days). */
export function alphaBeta(r: ArrayLike<number>, rb: ArrayLike<number>, annualDays: number, rfAnnual = 0): { alpha: number; beta: number } {
  const rf = dailyRiskFree(rfAnnual, annualDays);
  const beta = covariance(r, rb) / covariance(rb, rb);
  const alpha = (mean(r) - rf - beta * (mean(rb) - rf)) * annualDays;
  return { alpha, beta };
}

/** Compound annual growth over `years` (calendar years of 365.25 days). */
export function cagr(start: number, end: number, years: number): number {
  if (!(years > 0) || !(start > 0)) return NaN;
  if (end <= 0) return -1;
  return Math.pow(end / start, 1 / years) - 1;
}

const DAY = 86_400_000;

export interface PeriodReturns {
  /** Period start (UTC ms): the day's 00:00, or the month's first day. */
  ts: number[];
  returns: number[];
  /** Equity at the end of each period. */
  end: number[];
}

/** Where a curve's periods fall: period `j` starts at `start[j]` (UTC ms) and its last step is `last[j]`. */
export interface Periods {
  start: number[];
  last: number[];
}

const dayStart = (t: number): number => Math.floor(t / DAY) * DAY;
const dayEnd = (start: number): number => start + DAY;
const monthStart = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const monthEnd = (start: number): number => {
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** The UTC days of increasing step times (days without steps do not appear). */
export const dayPeriods = (ts: ArrayLike<number>): Periods => periods(ts, dayStart, dayEnd);

/** The UTC calendar months of increasing step times. */
export const monthPeriods = (ts: ArrayLike<number>): Periods => periods(ts, monthStart, monthEnd);

/**
 * Returns over periods: a period's value is the curve at its last step; the first period is
 * measured from `start` (the initial capital, or the benchmark's first price).
 */
export function periodReturns(p: Periods, values: ArrayLike<number>, start: number): PeriodReturns {
  const k = p.last.length;
  const out: PeriodReturns = { ts: p.start.slice(), returns: [], end: [] };
  let prev = start;
  for (let j = 0; j < k; j++) {
    const cur = values[p.last[j]];
    out.end.push(cur);
    out.returns.push(cur / prev - 1);
    prev = cur;
  }
  return out;
}

/** Daily (UTC) returns of an equity curve, measured as periodReturns says. */
export function dailyReturns(ts: ArrayLike<number>, equity: ArrayLike<number>, start: number): PeriodReturns {
  return periodReturns(dayPeriods(ts), equity, start);
}

/** Monthly (UTC calendar month) returns, measured the same way. */
export function monthlyReturns(ts: ArrayLike<number>, equity: ArrayLike<number>, start: number): PeriodReturns {
  return periodReturns(monthPeriods(ts), equity, start);
}

function periods(ts: ArrayLike<number>, startOf: (t: number) => number, endOf: (s: number) => number): Periods {
  const out: Periods = { start: [], last: [] };
  const n = ts.length;
  let i = 0;
  // Steps a period: bars at a fixed spacing make most periods as long as the one before, so that
  // guess is checked first (two reads) and bisection is left for the rest (gaps, month lengths).
  let span = 1;
  while (i < n) {
    const pStart = startOf(ts[i]);
    const pEnd = endOf(pStart);
    // The period's end: the first step at or past pEnd (n if none).
    let lo = i + span;
    if (!(lo <= n && ts[lo - 1] < pEnd && (lo === n || ts[lo] >= pEnd))) {
      lo = i;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ts[mid] < pEnd) lo = mid + 1;
        else hi = mid;
      }
    }
    out.start.push(pStart);
    out.last.push(lo - 1);
    span = lo - i;
    i = lo;
  }
  return out;
}

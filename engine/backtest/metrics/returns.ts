const DAY = 86_400_000;

export interface PeriodReturns {
  /** Period start (UTC ms): the day's 00:00, or the month's first day. */
  ts: number[];
  returns: number[];
  /** Equity at the end of each period. */
  end: number[];
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

/**
 * Daily (UTC) returns of an equity curve: a day's value is the equity at its last step; the
 * first day is measured from `start` (the initial capital). Days without bars do not appear.
 */
export function dailyReturns(ts: ArrayLike<number>, equity: ArrayLike<number>, start: number): PeriodReturns {
  return periodReturns(ts, equity, start, dayStart, dayEnd);
}

/** Monthly (UTC calendar month) returns, measured the same way. */
export function monthlyReturns(ts: ArrayLike<number>, equity: ArrayLike<number>, start: number): PeriodReturns {
  return periodReturns(ts, equity, start, monthStart, monthEnd);
}

function periodReturns(ts: ArrayLike<number>, equity: ArrayLike<number>, start: number, startOf: (t: number) => number, endOf: (s: number) => number): PeriodReturns {
  const out: PeriodReturns = { ts: [], returns: [], end: [] };
  const n = ts.length;
  let prev = start;
  let i = 0;
  while (i < n) {
    const pStart = startOf(ts[i]);
    const pEnd = endOf(pStart);
    // Times are increasing: the period's last step is found by bisection, not by walking every step.
    let lo = i;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid] < pEnd) lo = mid + 1;
      else hi = mid;
    }
    const cur = equity[lo - 1];
    out.ts.push(pStart);
    out.end.push(cur);
    out.returns.push(cur / prev - 1);
    prev = cur;
    i = lo;
  }
  return out;
}

import { alignToTimeframe, nextBarOpen, type Timeframe } from '../../../shared/timeframe';
import type { BarColumns } from '../../model/bars';
import { barsIn, type TimeRange } from '../download/missing-ranges';
import { robustZ } from './robust-z';

export interface QualityOptions {
  /** |robust z| of a close-to-close log return above this is an outlier (default 10: crypto tails are fat). */
  outlierZ?: number;
  /** Longest list of items per check (the counts are always complete). */
  maxItems?: number;
  /** Gaps the user marked as known (exchange outage, market holiday): reported apart, not as problems. */
  marked?: readonly TimeRange[];
}

export interface Gap extends TimeRange {
  bars: number;
}

export interface QualityReport {
  bars: number;
  firstTs: number | null;
  lastTs: number | null;
  gaps: { count: number; missingBars: number; items: Gap[]; marked: number };
  duplicates: { count: number; items: number[] };
  unsorted: { count: number; items: number[] };
  misaligned: { count: number; items: number[] };
  ohlc: { count: number; items: { ts: number; problem: string }[] };
  prices: { count: number; items: { ts: number; problem: string }[] };
  volumes: { zero: number; negative: number; items: { ts: number; problem: string }[] };
  outliers: { count: number; threshold: number; median: number | null; mad: number | null; items: { ts: number; ret: number; z: number }[] };
}

const push = <T>(list: T[], max: number, item: T) => {
  if (list.length < max) list.push(item);
};

/**
 * Checks one series against its timeframe: gaps, duplicate and out-of-order timestamps, bars off
 * the timeframe's boundaries, OHLC that contradict each other, non-positive or missing prices,
 * zero or negative volumes, and outlier returns by robust z-score (median/MAD). Works on any
 * columns, also unsorted ones from a file about to be imported.
 */
export function qualityReport(b: BarColumns, tf: Timeframe, o: QualityOptions = {}): QualityReport {
  const max = o.maxItems ?? 200;
  const threshold = o.outlierZ ?? 10;
  const n = b.ts.length;
  const r: QualityReport = {
    bars: n,
    firstTs: n ? b.ts[0] : null,
    lastTs: n ? b.ts[n - 1] : null,
    gaps: { count: 0, missingBars: 0, items: [], marked: 0 },
    duplicates: { count: 0, items: [] },
    unsorted: { count: 0, items: [] },
    misaligned: { count: 0, items: [] },
    ohlc: { count: 0, items: [] },
    prices: { count: 0, items: [] },
    volumes: { zero: 0, negative: 0, items: [] },
    outliers: { count: 0, threshold, median: null, mad: null, items: [] },
  };
  const marked = o.marked ?? [];
  const isMarked = (g: TimeRange) => marked.some((m) => m.from <= g.from && m.to >= g.to);

  for (let i = 0; i < n; i++) {
    const t = b.ts[i];
    if (i > 0) {
      const prev = b.ts[i - 1];
      if (t === prev) {
        r.duplicates.count++;
        push(r.duplicates.items, max, t);
      } else if (t < prev) {
        r.unsorted.count++;
        push(r.unsorted.items, max, t);
      } else {
        const expected = nextBarOpen(alignToTimeframe(prev, tf), tf);
        if (t > expected) {
          const gap = { from: expected, to: alignToTimeframe(t, tf) };
          const bars = barsIn(gap, tf);
          if (bars > 0) {
            if (isMarked(gap)) r.gaps.marked++;
            else {
              r.gaps.count++;
              r.gaps.missingBars += bars;
              push(r.gaps.items, max, { ...gap, bars });
            }
          }
        }
      }
    }
    if (alignToTimeframe(t, tf) !== t) {
      r.misaligned.count++;
      push(r.misaligned.items, max, t);
    }
    const op = b.open[i];
    const hi = b.high[i];
    const lo = b.low[i];
    const cl = b.close[i];
    const v = b.volume[i];
    const bad = [op, hi, lo, cl].filter((p) => !(p > 0)); // also NaN
    if (bad.length) {
      r.prices.count++;
      push(r.prices.items, max, { ts: t, problem: bad.some((p) => Number.isNaN(p)) ? 'missing price' : 'price ≤ 0' });
    }
    const problems: string[] = [];
    if (hi < Math.max(op, cl, lo)) problems.push('high below open, close or low');
    if (lo > Math.min(op, cl, hi)) problems.push('low above open, close or high');
    if (problems.length) {
      r.ohlc.count++;
      push(r.ohlc.items, max, { ts: t, problem: problems.join('; ') });
    }
    if (v === 0) r.volumes.zero++;
    else if (!(v > 0)) {
      r.volumes.negative++;
      push(r.volumes.items, max, { ts: t, problem: Number.isNaN(v) ? 'missing volume' : 'negative volume' });
    }
  }

  // Close-to-close log returns between usable neighbours.
  const rets: number[] = [];
  const at: number[] = [];
  for (let i = 1; i < n; i++) {
    const a = b.close[i - 1];
    const c = b.close[i];
    if (a > 0 && c > 0 && b.ts[i] > b.ts[i - 1]) {
      rets.push(Math.log(c / a));
      at.push(b.ts[i]);
    }
  }
  if (rets.length >= 3) {
    const { z, median, mad } = robustZ(rets);
    r.outliers.median = median;
    r.outliers.mad = mad;
    const hits: { ts: number; ret: number; z: number }[] = [];
    for (let k = 0; k < z.length; k++) if (Math.abs(z[k]) > threshold) hits.push({ ts: at[k], ret: rets[k], z: z[k] });
    r.outliers.count = hits.length;
    r.outliers.items = hits.sort((x, y) => Math.abs(y.z) - Math.abs(x.z)).slice(0, max);
  }
  return r;
}

import { alignToTimeframe, nextBarOpen, timeframeMs, type Timeframe } from '../../../shared/timeframe';

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * The half-open ranges of bar opens in [from, to) that `stored` (ascending bar opens) does not
 * cover: what an incremental download still has to fetch. `skip` ranges (gaps marked as known,
 * e.g. an exchange outage) count as covered.
 */
export function missingRanges(stored: ArrayLike<number>, from: number, to: number, tf: Timeframe, skip: readonly TimeRange[] = []): TimeRange[] {
  const out: TimeRange[] = [];
  let cursor = alignToTimeframe(from, tf);
  if (cursor < from) cursor = nextBarOpen(cursor, tf);
  const add = (a: number, b: number) => {
    if (a >= b) return;
    // Subtract the skipped ranges.
    let pieces: TimeRange[] = [{ from: a, to: b }];
    for (const s of skip) {
      pieces = pieces.flatMap((p) => (s.to <= p.from || s.from >= p.to ? [p] : [{ from: p.from, to: s.from }, { from: s.to, to: p.to }].filter((q) => q.from < q.to)));
    }
    for (const p of pieces) {
      const last = out[out.length - 1];
      if (last && last.to === p.from) last.to = p.to;
      else out.push(p);
    }
  };
  for (let i = 0; i < stored.length; i++) {
    const t = stored[i];
    if (t < cursor) continue;
    if (t >= to) break;
    add(cursor, t);
    cursor = nextBarOpen(t, tf);
  }
  add(cursor, to);
  return out;
}

/** How many bars of `tf` open in [from, to). */
export function barsIn(r: TimeRange, tf: Timeframe): number {
  let start = alignToTimeframe(r.from, tf);
  if (start < r.from) start = nextBarOpen(start, tf);
  if (start >= r.to) return 0;
  if (tf !== '1M') return Math.ceil((r.to - start) / timeframeMs(tf));
  let n = 0;
  for (let t = start; t < r.to; t = nextBarOpen(t, tf)) n++;
  return n;
}

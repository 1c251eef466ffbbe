import { alignToTimeframe, nextBarOpen, TIMEFRAME_MS, type Timeframe } from '../../shared/timeframe';
import { EngineError } from '../core/errors';
import { allocBarColumns, type BarColumns } from '../model/bars';

export interface Resampled {
  bars: BarColumns;
  /** The last bar does not cover its whole span yet (the source stops before its end, or `now` is inside it). */
  incompleteLast: boolean;
}

/** Whether bars of `source` tile bars of `target` exactly (every target boundary is a source boundary). */
export function canResample(source: Timeframe, target: Timeframe): boolean {
  if (source === target) return true;
  if (target === '1M') return source !== '1w' && source !== '1M' && TIMEFRAME_MS[source] <= TIMEFRAME_MS['1d'] && TIMEFRAME_MS['1d'] % TIMEFRAME_MS[source] === 0;
  if (source === '1M') return false;
  const s = TIMEFRAME_MS[source];
  const t = TIMEFRAME_MS[target];
  if (t <= s || t % s !== 0) return false;
  // Weeks open on Monday (epoch + 4 days): the source must divide a day to hit that boundary.
  return target !== '1w' || TIMEFRAME_MS['1d'] % s === 0;
}

/**
 * Aggregates ascending bars of `source` into `target` bars on UTC boundaries (weeks from Monday):
 * open = first, high = max, low = min, close = last, volume = sum. A target bar exists when at
 * least one source bar falls in it; missing source bars inside it are simply absent (the quality
 * report shows them as gaps).
 */
export function resampleBars(src: BarColumns, source: Timeframe, target: Timeframe, opts: { now?: number } = {}): Resampled {
  if (!canResample(source, target)) {
    throw new EngineError('INVALID_INPUT', `${source} bars cannot be resampled to ${target}: the target must be a larger timeframe whose bars are whole ${source} bars`);
  }
  const n = src.ts.length;
  const out = allocBarColumns(countBuckets(src.ts, target));
  let m = -1;
  let bucket = NaN;
  for (let i = 0; i < n; i++) {
    const b = alignToTimeframe(src.ts[i], target);
    if (b !== bucket) {
      bucket = b;
      m++;
      out.ts[m] = b;
      out.open[m] = src.open[i];
      out.high[m] = src.high[i];
      out.low[m] = src.low[i];
      out.close[m] = src.close[i];
      out.volume[m] = src.volume[i];
    } else {
      if (src.high[i] > out.high[m]) out.high[m] = src.high[i];
      if (src.low[i] < out.low[m]) out.low[m] = src.low[i];
      out.close[m] = src.close[i];
      out.volume[m] += src.volume[i];
    }
  }
  let incompleteLast = false;
  if (m >= 0) {
    const end = nextBarOpen(out.ts[m], target);
    incompleteLast = nextBarOpen(src.ts[n - 1], source) < end || (opts.now !== undefined && opts.now < end);
  }
  return { bars: out, incompleteLast };
}

function countBuckets(ts: Float64Array, target: Timeframe): number {
  let c = 0;
  let bucket = NaN;
  for (let i = 0; i < ts.length; i++) {
    const b = alignToTimeframe(ts[i], target);
    if (b !== bucket) {
      c++;
      bucket = b;
    }
  }
  return c;
}

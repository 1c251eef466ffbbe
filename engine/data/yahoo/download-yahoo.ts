import { alignToTimeframe, type Timeframe } from '../../../shared/timeframe';
import { EngineError, isEngineError } from '../../core/errors';
import type { FactorPoint } from '../csv/adj-factors';
import type { DownloadResult, DownloadSink } from '../download/download-ohlcv';
import { barsIn, missingRanges, type TimeRange } from '../download/missing-ranges';
import { withRetry, type RetryPolicy } from '../download/retry';
import { fetchYahooChart, yahooInterval, yahooMaxSpan } from './yahoo-chart';

export interface YahooDownloadOptions {
  symbol: string;
  timeframe: Timeframe;
  from: number;
  to: number;
  now: number;
  sink: DownloadSink;
  /** Stores the split/dividend factors the responses carry. */
  putFactors(points: FactorPoint[]): void;
  baseUrl?: string;
  signal?: AbortSignal;
  progress?: (done: number, total: number, message?: string) => void;
  skip?: readonly TimeRange[];
  retry?: RetryPolicy;
}

/**
 * Stocks, ETFs and indices from Yahoo Finance, incrementally like the exchange download. Markets
 * close at night and on weekends, so the missing ranges are merged into one span (cut to what one
 * request may cover for the interval) instead of one request per weekend; bars already stored
 * come back as replacements.
 */
export async function downloadYahoo(o: YahooDownloadOptions): Promise<DownloadResult> {
  yahooInterval(o.timeframe); // refuses unsupported timeframes before any request
  const to = Math.min(o.to, alignToTimeframe(o.now, o.timeframe));
  const result: DownloadResult = { missing: [], requests: 0, retries: 0, fetched: 0, inserted: 0, replaced: 0, unavailable: 0 };
  if (!(o.from < to)) return result;
  const missing = missingRanges(o.sink.storedTs(o.from, to), o.from, to, o.timeframe, o.skip);
  result.missing = missing.map((r) => ({ ...r }));
  if (!missing.length) return result;
  const span = { from: missing[0].from, to: missing[missing.length - 1].to };
  const max = yahooMaxSpan(o.timeframe);
  const windows: TimeRange[] = [];
  for (let a = span.from; a < span.to; a = Math.min(span.to, a + max)) windows.push({ from: a, to: Math.min(span.to, a + max) });
  const total = missing.reduce((s, r) => s + barsIn(r, o.timeframe), 0);
  o.progress?.(0, windows.length);
  for (const [k, w] of windows.entries()) {
    if (o.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled by the user');
    const chart = await withRetry(
      () => {
        result.requests++;
        return fetchYahooChart({ symbol: o.symbol, timeframe: o.timeframe, from: w.from, to: w.to, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), ...(o.signal ? { signal: o.signal } : {}) });
      },
      {
        retryable: (e) => isEngineError(e) && (e.code === 'UNAVAILABLE' || e.code === 'RATE_LIMITED'),
        ...(o.retry ? { policy: o.retry } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        onRetry: (attempt, delay) => {
          result.retries++;
          o.progress?.(k, windows.length, `retry ${attempt} in ${Math.round(delay / 100) / 10} s`);
        },
      },
    );
    if (chart.bars.ts.length) {
      const written = o.sink.write(chart.bars);
      result.fetched += chart.bars.ts.length;
      result.inserted += written.inserted;
      result.replaced += written.replaced;
    }
    if (chart.factors.length) o.putFactors(chart.factors);
    o.progress?.(k + 1, windows.length);
  }
  // Nights, weekends and holidays count as unavailable: Yahoo has no bars there.
  result.unavailable = Math.max(0, total - result.inserted);
  return result;
}

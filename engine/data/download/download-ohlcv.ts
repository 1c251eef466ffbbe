import type { Timeframe } from '../../../shared/timeframe';
import { alignToTimeframe, nextBarOpen, timeframeMs } from '../../../shared/timeframe';
import { EngineError } from '../../core/errors';
import { allocBarColumns, type BarColumns } from '../../model/bars';
import { fromCcxtError, isRetryable } from '../ccxt/errors';
import type { CcxtExchange } from '../ccxt/open-exchange';
import { barsIn, missingRanges, type TimeRange } from './missing-ranges';
import { withRetry, type RetryPolicy } from './retry';

/** Where downloaded bars go: the candle store of one series (the engine thread is its only writer). */
export interface DownloadSink {
  /** Bar opens already stored in [from, to), ascending. */
  storedTs(from: number, to: number): ArrayLike<number>;
  /** Writes one page (ascending, unique ts) in its own transaction; equal ts replaces. */
  write(bars: BarColumns): { inserted: number; replaced: number };
}

export interface DownloadOptions {
  exchange: CcxtExchange;
  symbol: string;
  timeframe: Timeframe;
  from: number;
  to: number;
  sink: DownloadSink;
  /** Current time: a bar that has not closed yet is not stored (it would freeze a partial bar). */
  now: number;
  signal?: AbortSignal;
  progress?: (done: number, total: number, message?: string) => void;
  /** Known gaps (marked by the user, e.g. an exchange outage) that are not asked for again. */
  skip?: readonly TimeRange[];
  retry?: RetryPolicy;
  /** Bars per request; default the exchange's maximum (ccxt's `features`), else 500. */
  pageLimit?: number;
  /** Requests in flight at once (default 3); ccxt's rate limiter spaces them either way. */
  concurrency?: number;
}

export interface DownloadResult {
  /** Ranges that were missing before the download. */
  missing: TimeRange[];
  requests: number;
  retries: number;
  fetched: number;
  inserted: number;
  replaced: number;
  /** Bars the exchange did not have inside the missing ranges (its own gaps). */
  unavailable: number;
}

/**
 * Incremental, resumable history download: asks only for the ranges the store lacks, page by
 * page (a few pages in flight), writing each page in its own transaction. An interruption (cancel, crash, network)
 * therefore loses at most one page, and the next run resumes from what is stored; equal
 * timestamps replace, so nothing is ever duplicated. Network and rate-limit errors wait with
 * exponential backoff and retry; ccxt's own rate limiter spaces the requests.
 */
export async function downloadOhlcv(o: DownloadOptions): Promise<DownloadResult> {
  const { exchange, symbol, timeframe: tf, sink } = o;
  // Only closed bars: the range ends at the open of the bar forming now.
  const to = Math.min(o.to, alignToTimeframe(o.now, tf));
  const from = o.from;
  const result: DownloadResult = { missing: [], requests: 0, retries: 0, fetched: 0, inserted: 0, replaced: 0, unavailable: 0 };
  if (!(from < to)) return result;
  const missing = missingRanges(sink.storedTs(from, to), from, to, tf, o.skip);
  result.missing = missing.map((r) => ({ ...r }));
  const total = missing.reduce((s, r) => s + barsIn(r, tf), 0);
  let done = 0;
  o.progress?.(0, total);
  const limit = o.pageLimit ?? exchange.features?.spot?.fetchOHLCV?.limit ?? 500;

  // Pages are fixed windows of `limit` bars, fetched `concurrency` at a time: ccxt's rate limiter
  // still spaces the requests, and the round trips and parsing overlap instead of adding up.
  const windows: TimeRange[] = missing.flatMap((r) => pageWindows(r, tf, limit));
  let next = 0;
  let failed = false;
  const fetchWindow = async (w: TimeRange): Promise<void> => {
    let since = w.from;
    while (since < w.to && !failed) {
      if (o.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled by the user');
      const rows = await withRetry(
        () => {
          result.requests++;
          return exchange.fetchOHLCV(symbol, tf, since, limit, { until: w.to - 1 });
        },
        {
          retryable: isRetryable,
          ...(o.retry ? { policy: o.retry } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
          onRetry: (attempt, delay) => {
            result.retries++;
            o.progress?.(done, total, `retry ${attempt} in ${Math.round(delay / 100) / 10} s`);
          },
        },
      ).catch((e: unknown) => {
        throw fromCcxtError(e, exchange.id, `candles of ${symbol}`);
      });
      if (failed || o.signal?.aborted) return;
      const page = toColumns(rows, since, w.to);
      const n = page.ts.length;
      if (n === 0) return; // the exchange has nothing more in this window
      const written = sink.write(page);
      result.fetched += n;
      result.inserted += written.inserted;
      result.replaced += written.replaced;
      done += n;
      o.progress?.(Math.min(done, total), total);
      // An exchange that returns fewer bars than asked for: continue inside the window.
      since = nextBarOpen(page.ts[n - 1], tf);
    }
  };
  const worker = async (): Promise<void> => {
    while (!failed && next < windows.length) {
      const w = windows[next++];
      try {
        await fetchWindow(w);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const workers = Array.from({ length: Math.min(o.concurrency ?? 3, windows.length) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (rejected) throw rejected.reason;
  result.unavailable = Math.max(0, total - result.inserted);
  o.progress?.(total, total);
  return result;
}

/** [from, to) cut into windows of at most `limit` bars. */
function pageWindows(r: TimeRange, tf: Timeframe, limit: number): TimeRange[] {
  const out: TimeRange[] = [];
  let a = r.from;
  while (a < r.to) {
    let b = a;
    if (tf === '1M') for (let k = 0; k < limit && b < r.to; k++) b = nextBarOpen(b, tf);
    else b = Math.min(r.to, a + limit * timeframeMs(tf));
    out.push({ from: a, to: Math.min(b, r.to) });
    a = b;
  }
  return out;
}

/** ccxt rows → columns: only bars in [from, to), sorted, one per timestamp, numbers checked. */
function toColumns(rows: number[][], from: number, to: number): BarColumns {
  const kept = rows.filter((r) => Array.isArray(r) && typeof r[0] === 'number' && r[0] >= from && r[0] < to).sort((a, b) => a[0] - b[0]);
  const unique = kept.filter((r, i) => i === 0 || r[0] !== kept[i - 1][0]);
  const out = allocBarColumns(unique.length);
  unique.forEach((r, i) => {
    out.ts[i] = r[0];
    out.open[i] = num(r[1]);
    out.high[i] = num(r[2]);
    out.low[i] = num(r[3]);
    out.close[i] = num(r[4]);
    out.volume[i] = num(r[5]);
  });
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : v == null ? NaN : Number(v));

import { alignToTimeframe, TIMEFRAME_MS, type Timeframe } from '../../../shared/timeframe';
import { EngineError } from '../../core/errors';
import { allocBarColumns, type BarColumns } from '../../model/bars';
import { changePoints, type FactorPoint } from '../csv/adj-factors';

export const YAHOO_BASE_URL = 'https://query1.finance.yahoo.com';
export const YAHOO_VENUE = 'yahoo';

/** Our timeframes in Yahoo's interval names (others: download a smaller one and resample). */
const INTERVALS: Partial<Record<Timeframe, string>> = { '1m': '1m', '5m': '5m', '15m': '15m', '30m': '30m', '1h': '60m', '1d': '1d', '1w': '1wk', '1M': '1mo' };
/** How far back one request may reach per interval (Yahoo refuses longer intraday spans). */
const MAX_SPAN_MS: Partial<Record<Timeframe, number>> = { '1m': 7 * 86_400_000, '5m': 59 * 86_400_000, '15m': 59 * 86_400_000, '30m': 59 * 86_400_000, '1h': 729 * 86_400_000 };

export function yahooInterval(tf: Timeframe): string {
  const i = INTERVALS[tf];
  if (!i) throw new EngineError('INVALID_INPUT', `Yahoo Finance has no ${tf} bars; it offers ${Object.keys(INTERVALS).join(', ')} (resample for others)`);
  return i;
}

export function yahooMaxSpan(tf: Timeframe): number {
  return MAX_SPAN_MS[tf] ?? Infinity;
}

interface ChartResponse {
  chart?: {
    result?: {
      meta?: { symbol?: string; currency?: string };
      timestamp?: number[];
      indicators?: { quote?: { open?: (number | null)[]; high?: (number | null)[]; low?: (number | null)[]; close?: (number | null)[]; volume?: (number | null)[] }[]; adjclose?: { adjclose?: (number | null)[] }[] };
    }[] | null;
    error?: { code?: string; description?: string } | null;
  };
}

export interface YahooChart {
  bars: BarColumns;
  /** Adj Close ÷ Close change points (dividends and splits), for adjustment on read. */
  factors: FactorPoint[];
  currency: string | null;
}

/**
 * One request to Yahoo Finance's public chart endpoint
 * (`/v8/finance/chart/{symbol}?period1=&period2=&interval=`) for bars in [from, to). Rows with
 * nulls (halts, holidays) are skipped; daily and longer bars (stamped at the session open) are
 * put on their UTC date, weeks on Monday, months on the 1st.
 */
export async function fetchYahooChart(o: { symbol: string; timeframe: Timeframe; from: number; to: number; baseUrl?: string; signal?: AbortSignal }): Promise<YahooChart> {
  const base = (o.baseUrl ?? YAHOO_BASE_URL).replace(/\/+$/, '');
  const url = `${base}/v8/finance/chart/${encodeURIComponent(o.symbol)}?period1=${Math.floor(o.from / 1000)}&period2=${Math.ceil(o.to / 1000)}&interval=${yahooInterval(o.timeframe)}&events=div%2Csplit&includeAdjustedClose=true`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { 'user-agent': 'Mozilla/5.0 (Quantdesk)', accept: 'application/json' }, ...(o.signal ? { signal: o.signal } : {}) });
  } catch (e) {
    if (o.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled by the user');
    throw new EngineError('UNAVAILABLE', `Yahoo Finance cannot be reached right now (${(e as Error).name})`);
  }
  if (res.status === 429) throw new EngineError('RATE_LIMITED', 'Yahoo Finance is limiting our requests; try again later');
  let body: ChartResponse;
  try {
    body = (await res.json()) as ChartResponse;
  } catch {
    throw new EngineError('UNAVAILABLE', `Yahoo Finance answered ${res.status} without a chart`);
  }
  const err = body.chart?.error;
  if (err || !res.ok) {
    const text = err?.description ?? `HTTP ${res.status}`;
    throw new EngineError(res.status === 404 || err?.code === 'Not Found' ? 'NOT_FOUND' : 'UNAVAILABLE', `Yahoo Finance: ${o.symbol}: ${text}`, { symbol: o.symbol });
  }
  const r = body.chart?.result?.[0];
  const ts = r?.timestamp ?? [];
  const q = r?.indicators?.quote?.[0] ?? {};
  const adj = r?.indicators?.adjclose?.[0]?.adjclose;
  const daily = o.timeframe === '1d' || o.timeframe === '1w' || o.timeframe === '1M';
  const rows: number[][] = [];
  for (let i = 0; i < ts.length; i++) {
    const v = [q.open?.[i], q.high?.[i], q.low?.[i], q.close?.[i], q.volume?.[i]];
    if (v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) continue;
    let t = ts[i] * 1000;
    if (daily) t = alignToTimeframe(o.timeframe === '1d' ? t : Math.floor(t / TIMEFRAME_MS['1d']) * TIMEFRAME_MS['1d'], o.timeframe);
    if (t < o.from || t >= o.to) continue;
    const a = adj?.[i];
    rows.push([t, ...(v as number[]), typeof a === 'number' ? a / (v[3] as number) : NaN]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  const unique = rows.filter((row, i) => i === 0 || row[0] !== rows[i - 1][0]);
  const bars = allocBarColumns(unique.length);
  unique.forEach((row, i) => {
    bars.ts[i] = row[0];
    bars.open[i] = row[1];
    bars.high[i] = row[2];
    bars.low[i] = row[3];
    bars.close[i] = row[4];
    bars.volume[i] = row[5];
  });
  let factors = changePoints(unique.filter((row) => row[6] > 0).map((row) => ({ ts: row[0], factor: row[6] })));
  if (factors.length === 1 && Math.abs(factors[0].factor - 1) < 1e-9) factors = [];
  return { bars, factors, currency: r?.meta?.currency ?? null };
}

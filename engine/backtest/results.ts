import type { LogEntry, ParamSpecs, ParamValues, Strategy } from '../strategy/api';
import type { Marker, StrategyRuntime } from '../strategy/context';
import { ArraySeries } from '../strategy/series';
import type { FillView, OrderView } from '../model/orders';
import { timeframeMs, type Timeframe } from '../../shared/timeframe';
import type { BacktestConfig } from './config';
import type { FeedInput, Feeds, Schedule } from './feeds';
import { computeMetrics, type Metrics } from './metrics';
import type { Portfolio } from './portfolio';
import type { ExposureTotals } from './loop';
import type { MarketProfile } from './profiles/types';
import type { SimBroker } from './sim-broker';
import type { Trade, TradeColumns } from './trades';

export const RESULT_VERSION = 1;

export interface PlotResult {
  kind: 'line' | 'level';
  name: string;
  pane: string;
  color: string | null;
  style: 'line' | 'histogram' | 'dots';
  /** The feed the line belongs to; `values[j]` belongs to that feed's bar `offset + j × stride` (warm-up bars left out; null where undefined). */
  symbol: string | null;
  timeframe: Timeframe | null;
  offset: number;
  stride: number;
  values: (number | null)[] | null;
  value: number | null;
}

/**
 * Everything a run produced, JSON-serialisable as is (no typed arrays, no NaN: undefined
 * values are null). Money is float64 in the run's currency. Curves have one point per step from
 * the first step the strategy saw (steps before it only warmed indicators up).
 */
export interface BacktestResult {
  resultVersion: number;
  strategy: { id: string; name: string; apiVersion: number; params: Record<string, unknown> };
  config: BacktestConfig;
  profile: string;
  symbols: string[];
  timeframe: Timeframe;
  /** First step's open and last step's close (UTC ms). */
  from: number;
  to: number;
  /** Bars the engine processed (all instruments) and steps (distinct times). */
  bars: number;
  steps: number;
  curve: {
    /** Points are every `stride`-th step plus the last (see config.maxCurvePoints). */
    stride: number;
    /** Step open time (UTC ms); the values are as of that step's close. */
    ts: number[];
    equity: number[];
    /** equity / running peak − 1. */
    drawdown: number[];
    /** Buy-and-hold of the benchmark instrument, scaled to the initial capital. */
    benchmark: number[];
  };
  benchmark: string;
  orders: OrderView[];
  fills: FillView[];
  trades: Trade[];
  metrics: Metrics;
  monthlyReturns: { month: string; return: number }[];
  final: { equity: number; cash: number; totalCommission: number; positions: { symbol: string; size: number; avgPrice: number | null }[] };
  plots: PlotResult[];
  markers: Marker[];
  logs: LogEntry[];
  droppedLogs: number;
}

export interface ResultParts {
  strategy: Strategy<ParamSpecs, unknown>;
  params: ParamValues<ParamSpecs>;
  config: BacktestConfig;
  profile: MarketProfile;
  feeds: Feeds;
  schedule: Schedule;
  firstActive: number;
  equity: Float64Array;
  exposure: ExposureTotals;
  benchMark: Float64Array;
  benchSymbol: string;
  broker: SimBroker;
  portfolio: Portfolio;
  trades: TradeColumns;
  /** Fills of the run (as counted by the trade tracker, which sees every one). */
  fillCount: number;
  runtime: StrategyRuntime;
  inputs: readonly FeedInput[];
}

const nullIfNaN = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Every `stride`-th value and, when `keepLast`, the last one, as a plain array.
 *
 * The array holds doubles from the start: an empty literal holds small integers until its first
 * fraction, and that change of element kind, at a different point in each of the few long calls
 * made here, kept them out of optimised code (10k points: ~6M instructions a call, ~1.3M now).
 */
export function decimate(a: Float64Array, stride: number, keepLast = true): number[] {
  const out = [0.5];
  out.pop();
  for (let i = 0; i < a.length; i += stride) out.push(a[i]);
  if (keepLast && a.length > 0 && (a.length - 1) % stride !== 0) out.push(a[a.length - 1]);
  return out;
}

/** The same keeping the last value, each as `times × value / over` in that order (the benchmark scaled to the capital). */
export function decimateScaled(a: Float64Array, stride: number, times: number, over: number): number[] {
  const out = [0.5];
  out.pop();
  for (let i = 0; i < a.length; i += stride) out.push((times * a[i]) / over);
  if (a.length > 0 && (a.length - 1) % stride !== 0) out.push((times * a[a.length - 1]) / over);
  return out;
}

/** How many orders, fills and trades (of which open) a result has. */
export interface ResultCounts {
  orders: number;
  fills: number;
  trades: number;
  openTrades: number;
}

// Counts of results whose lists are still columns: reading `result.fills.length` would make them.
const COUNTS = new WeakMap<BacktestResult, ResultCounts>();

/** The counts without making the lists' objects when they are not made yet (any result: a cloned or parsed one counts its arrays). */
export function resultCounts(r: BacktestResult): ResultCounts {
  const known = COUNTS.get(r);
  if (known) return known;
  let open = 0;
  for (const t of r.trades) if (t.open) open++;
  return { orders: r.orders.length, fills: r.fills.length, trades: r.trades.length, openTrades: open };
}

/**
 * Makes `key` of `target` an enumerable property computed on first read (then a plain data
 * property). JSON.stringify, structured clone and object spread read it like any other; a
 * caller that never does (the CLI prints counts) never pays for the objects.
 */
function lazy<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  const settle = (value: T[K]) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      settle(value);
      return value;
    },
    set: settle,
  });
}

export function buildResult(p: ResultParts): BacktestResult {
  const { schedule, firstActive, config, portfolio, broker, feeds } = p;
  const tfMs = timeframeMs(feeds.timeframe);
  const from = firstActive;
  const n = Math.max(0, schedule.steps - from);
  const ts = schedule.stepTs.subarray(from);
  const equity = p.equity.subarray(from);
  const benchPrices = p.benchMark.subarray(from);
  const stride = config.maxCurvePoints > 0 && n > config.maxCurvePoints ? Math.ceil(n / config.maxCurvePoints) : 1;
  const tradedNotional = broker.tradedNotional();
  const fromTs = n ? ts[0] : 0;
  const toTs = n ? ts[n - 1] + tfMs : 0;
  const { metrics, monthly, drawdownCurve } = computeMetrics({
    ts,
    equity,
    benchmark: benchPrices,
    stride,
    exposure: p.exposure,
    from: fromTs,
    to: toTs,
    initialCapital: config.initialCapital,
    annualDays: p.profile.annualDays,
    riskFreeRate: config.riskFreeRate,
    closedNetPnl: p.trades.closedNetPnl(),
    tradedNotional,
    totalCommission: portfolio.totalFees,
  });
  const result: BacktestResult = {
    resultVersion: RESULT_VERSION,
    strategy: { id: p.strategy.id, name: p.strategy.name, apiVersion: p.strategy.apiVersion, params: { ...p.params } },
    config,
    profile: p.profile.id,
    symbols: [...feeds.symbols],
    timeframe: feeds.timeframe,
    from: fromTs,
    to: toTs,
    bars: feeds.trading.reduce((a, f) => a + f.columns.ts.length, 0),
    steps: schedule.steps,
    curve: { stride, ts: decimate(ts, stride), equity: decimate(equity, stride), drawdown: drawdownCurve, benchmark: decimateScaled(benchPrices, stride, config.initialCapital, benchPrices[0]) },
    benchmark: p.benchSymbol,
    orders: [] as OrderView[], // made on first read (below)
    fills: [] as FillView[],
    trades: [] as Trade[],
    metrics,
    monthlyReturns: monthly,
    final: {
      equity: portfolio.equity(),
      cash: portfolio.cash,
      totalCommission: portfolio.totalFees,
      positions: feeds.symbols.map((symbol, k) => ({ symbol, size: portfolio.size[k], avgPrice: nullIfNaN(portfolio.avgPrice[k]) })),
    },
    plots: p.runtime.plots.map((d) => plotResult(d, feeds, stride)),
    markers: p.runtime.markers,
    logs: p.runtime.logs,
    droppedLogs: p.runtime.droppedLogs,
  };
  // The lists stay in the broker's logs and the trade columns until read; the logs go back to
  // the buffer pool once both lists are made (never read: they go with the broker).
  let unread = 2;
  const read = () => {
    if (--unread === 0) broker.release();
  };
  lazy(result, 'orders', () => {
    const v = broker.orderRecords();
    read();
    return v;
  });
  lazy(result, 'fills', () => {
    const v = broker.fillRecords();
    read();
    return v;
  });
  const tradeCols = p.trades;
  lazy(result, 'trades', () => tradeCols.toTrades());
  COUNTS.set(result, { orders: broker.orderCount(), fills: p.fillCount, trades: tradeCols.length, openTrades: tradeCols.open });
  RELEASE.set(result, () => {
    for (const key of ['orders', 'fills', 'trades'] as const) {
      if (Object.getOwnPropertyDescriptor(result, key)?.get) unreadable(result, key);
    }
    broker.release();
    tradeCols.release();
  });
  return result;
}

// How to give back the memory of a result's unread lists (releaseResult).
const RELEASE = new WeakMap<BacktestResult, () => void>();

/**
 * For a caller done with a result whose order, fill and trade lists it has not read (an optimiser
 * keeps the metrics): the logs they would be made from go back to the buffer pool, so the next run
 * in this thread writes its orders and fills into memory already there. Left to the garbage
 * collector instead, every 1M-bar sma-cross run faulted in ~12 MB of fresh log segments (~3.7 ms,
 * and the collections that external memory sets off). Reading an unread list afterwards throws.
 */
export function releaseResult(r: BacktestResult): void {
  const release = RELEASE.get(r);
  if (!release) return;
  RELEASE.delete(r);
  release();
}

/** A list that may no longer be made; it may still be replaced, as a lazy one may. */
function unreadable(target: BacktestResult, key: 'orders' | 'fills' | 'trades'): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      throw new Error(`this result's ${key} were released unread (releaseResult)`);
    },
    set(value: unknown) {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    },
  });
}

function plotResult(d: StrategyRuntime['plots'][number], feeds: Feeds, stride: number): PlotResult {
  let symbol: string | null = null;
  let timeframe: Timeframe | null = null;
  let values: (number | null)[] | null = null;
  let offset = 0;
  if (d.series instanceof ArraySeries) {
    const cursor = d.series.cursor;
    for (const f of feeds.byKey.values()) {
      if (f.cursor === cursor) {
        symbol = f.symbol;
        timeframe = f.timeframe;
      }
    }
    const v = d.series.values;
    while (offset < v.length && !Number.isFinite(v[offset])) offset++;
    const out = decimate(v.subarray(offset), stride, false) as (number | null)[];
    // Undefined values past the warm-up are rare: a check by the built-in first, the loop only if one is there.
    if (!out.every(Number.isFinite)) for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) out[i] = null;
    values = out;
  }
  return {
    kind: d.kind,
    name: d.name,
    pane: d.options.pane ?? 'price',
    color: d.options.color ?? null,
    style: d.options.style ?? 'line',
    symbol,
    timeframe,
    offset,
    stride,
    values,
    value: d.value ?? null,
  };
}

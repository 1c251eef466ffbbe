import type { LogEntry, ParamSpecs, ParamValues, Strategy } from '../strategy/api';
import type { Marker, StrategyRuntime } from '../strategy/context';
import { ArraySeries } from '../strategy/series';
import type { FillView, OrderView } from '../model/orders';
import type { Timeframe } from '../../shared/timeframe';
import type { BacktestConfig } from './config';
import type { FeedInput, Feeds, Schedule } from './feeds';
import { computeMetrics, type Metrics } from './metrics';
import type { Portfolio } from './portfolio';
import type { MarketProfile } from './profiles/types';
import type { SimBroker } from './sim-broker';
import type { Trade } from './trades';

export const RESULT_VERSION = 1;

export interface PlotResult {
  kind: 'line' | 'level';
  name: string;
  pane: string;
  color: string | null;
  style: 'line' | 'histogram' | 'dots';
  /** The feed the line belongs to; its values align with that feed's bars (null where undefined). */
  symbol: string | null;
  timeframe: Timeframe | null;
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
    /** Step open time (UTC ms); the values are as of that step's close. */
    ts: number[];
    equity: number[];
    /** equity / running peak − 1. */
    drawdown: number[];
    /** Gross exposure / equity. */
    exposure: number[];
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
  exposure: Float64Array;
  benchMark: Float64Array;
  benchSymbol: string;
  broker: SimBroker;
  portfolio: Portfolio;
  trades: Trade[];
  runtime: StrategyRuntime;
  inputs: readonly FeedInput[];
}

const nullIfNaN = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function buildResult(p: ResultParts): BacktestResult {
  const { schedule, firstActive, config, portfolio, broker, feeds } = p;
  const tfMs = feeds.trading[0].closeTs.length ? feeds.trading[0].closeTs[0] - feeds.trading[0].columns.ts[0] : 0;
  const from = firstActive;
  const n = Math.max(0, schedule.steps - from);
  const ts = Array.from(schedule.stepTs.subarray(from));
  const equity = Array.from(p.equity.subarray(from));
  const exposure = Array.from(p.exposure.subarray(from));
  const b0 = n ? p.benchMark[from] : NaN;
  const benchmark = new Array<number>(n);
  for (let i = 0; i < n; i++) benchmark[i] = (config.initialCapital * p.benchMark[from + i]) / b0;
  let tradedNotional = 0;
  for (const f of broker.fills) tradedNotional += f.size * f.price * portfolio.multiplier[feeds.symbols.indexOf(f.symbol)];
  const fromTs = n ? ts[0] : 0;
  const toTs = n ? ts[n - 1] + tfMs : 0;
  const { metrics, monthly, drawdownCurve } = computeMetrics({
    ts,
    equity,
    benchmark,
    exposure,
    from: fromTs,
    to: toTs,
    initialCapital: config.initialCapital,
    annualDays: p.profile.annualDays,
    riskFreeRate: config.riskFreeRate,
    trades: p.trades,
    tradedNotional,
    totalCommission: portfolio.totalFees,
  });
  return {
    resultVersion: RESULT_VERSION,
    strategy: { id: p.strategy.id, name: p.strategy.name, apiVersion: p.strategy.apiVersion, params: { ...p.params } },
    config,
    profile: p.profile.id,
    symbols: [...feeds.symbols],
    timeframe: feeds.timeframe,
    from: fromTs,
    to: toTs,
    bars: schedule.inst.length,
    steps: schedule.steps,
    curve: { ts, equity, drawdown: Array.from(drawdownCurve), exposure, benchmark },
    benchmark: p.benchSymbol,
    orders: broker.orders.map((o) => o.toJSON()),
    fills: broker.fills,
    trades: p.trades,
    metrics,
    monthlyReturns: monthly,
    final: {
      equity: portfolio.equity(),
      cash: portfolio.cash,
      totalCommission: portfolio.totalFees,
      positions: feeds.symbols.map((symbol, k) => ({ symbol, size: portfolio.size[k], avgPrice: nullIfNaN(portfolio.avgPrice[k]) })),
    },
    plots: p.runtime.plots.map((d) => plotResult(d, feeds)),
    markers: p.runtime.markers,
    logs: p.runtime.logs,
    droppedLogs: p.runtime.droppedLogs,
  };
}

function plotResult(d: StrategyRuntime['plots'][number], feeds: Feeds): PlotResult {
  let symbol: string | null = null;
  let timeframe: Timeframe | null = null;
  let values: (number | null)[] | null = null;
  if (d.series instanceof ArraySeries) {
    const cursor = d.series.cursor;
    for (const f of feeds.byKey.values()) {
      if (f.cursor === cursor) {
        symbol = f.symbol;
        timeframe = f.timeframe;
      }
    }
    values = Array.from(d.series.values, nullIfNaN);
  }
  return {
    kind: d.kind,
    name: d.name,
    pane: d.options.pane ?? 'price',
    color: d.options.color ?? null,
    style: d.options.style ?? 'line',
    symbol,
    timeframe,
    values,
    value: d.value ?? null,
  };
}

import { EngineError, isEngineError } from '../core/errors';
import type { InstrumentSpec } from '../model/instrument';
import type { FillView, OrderView } from '../model/orders';
import type { ParamSpecs, Strategy } from '../strategy/api';
import { interleave, separate, type ArraySeries, type FeedSeries } from '../strategy/series';
import { STRATEGY_API_VERSION } from '../strategy/api';
import { StrategyRuntime } from '../strategy/context';
import { resolveParams } from '../strategy/params';
import { PrecomputedIndicators } from '../strategy/precomputed-indicators';
import { timeframeMs } from '../../shared/timeframe';
import { CommissionModel, mergeCommission } from './commission';
import { parseBacktestConfig, type BacktestConfigInput } from './config';
import { releaseBuffer, takeBuffer } from './buffers';
import { buildFeeds, mergeByTime, type FeedInput } from './feeds';
import { Portfolio } from './portfolio';
import { MARKET_PROFILES } from './profiles';
import { runLoop } from './loop';
import { buildResult, type BacktestResult } from './results';
import { SimBroker } from './sim-broker';
import { anchorShapesOnce, keepShapes } from './shape-anchor';
import { SlippageModel } from './slippage';
import { TradeTracker } from './trades';

export interface BacktestInput {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  strategy: Strategy<any, any>;
  feeds: readonly FeedInput[];
  config?: BacktestConfigInput;
}

export interface BacktestProgress {
  phase: 'prepare' | 'run' | 'results';
  done: number;
  total: number;
}

/** How a host (worker, CLI, test) watches and stops a run. Neither is needed for correctness. */
export interface RunHooks {
  onProgress?: (p: BacktestProgress) => void;
  /** Polled every `checkEvery` steps; true stops the run with a CANCELLED error. */
  isCancelled?: () => boolean;
  /** Steps between progress reports and cancellation checks (default 65,536). */
  checkEvery?: number;
}

/**
 * Runs a backtest: a pure, deterministic function of (strategy, bars, config). No I/O, no clock,
 * no randomness; the same inputs give the same result, bit for bit. Runs in a worker unchanged.
 *
 * Semantics: bars of all instruments are merged by open time into steps. In each step, first the
 * working orders are matched against the new bars (orders from earlier steps only), then the
 * strategy's `onBar` runs once per instrument bar, seeing bars up to and including this one.
 */
export function runBacktest(input: BacktestInput, hooks: RunHooks = {}): BacktestResult {
  anchorShapesOnce(runBacktest);
  const { strategy } = input;
  if (strategy?.kind !== 'quantdesk.strategy' || typeof strategy.onBar !== 'function') throw new EngineError('INVALID_INPUT', 'not a strategy: wrap it in defineStrategy({...})');
  if (Math.floor(strategy.apiVersion) !== STRATEGY_API_VERSION) throw new EngineError('STRATEGY_ERROR', `strategy written for API version ${strategy.apiVersion}; this engine runs version ${STRATEGY_API_VERSION}`);
  const config = parseBacktestConfig(input.config);
  const params = resolveParams(strategy.params as ParamSpecs | undefined, config.params);
  const feeds = buildFeeds(input.feeds, strategy.timeframes?.[0]);
  const { symbols, trading } = feeds;
  const nInst = symbols.length;
  const tfMs = timeframeMs(feeds.timeframe);
  const schedule = mergeByTime(trading);
  const checkEvery = Math.max(1, hooks.checkEvery ?? 65_536);
  hooks.onProgress?.({ phase: 'prepare', done: 0, total: schedule.steps });

  const profile = MARKET_PROFILES[config.profile];
  const specs: InstrumentSpec[] = symbols.map((id) => ({ id, ...(config.instruments[id] ?? {}) }));
  const portfolio = new Portfolio(
    nInst,
    config.initialCapital,
    specs.map((s) => s.multiplier ?? 1),
    trading.map((f) => f.columns.close),
    trading.map((f) => f.cursor),
  );
  const trades = new TradeTracker(
    symbols,
    portfolio.multiplier,
    trading.map((f) => f.columns.high),
    trading.map((f) => f.columns.low),
  );
  const broker = new SimBroker({
    symbols,
    bars: trading.map((f) => f.columns),
    cursors: trading.map((f) => f.cursor),
    specs,
    profile,
    commission: new CommissionModel(mergeCommission(profile.commission, config.commission)),
    slippage: new SlippageModel(config.slippage),
    portfolio,
    trades,
    leverage: config.leverage,
    allowShort: config.allowShort ?? profile.allowShort,
    intrabar: config.intrabar,
    volumeCap: config.volumeCap,
    priceLimit: config.priceLimit ?? profile.priceLimit,
    useSession: tfMs < 86_400_000,
    currency: config.currency,
  });
  const ind = new PrecomputedIndicators();
  const ctx = new StrategyRuntime({ mode: 'backtest', params, symbols, timeframe: feeds.timeframe, trading, feeds: feeds.byKey, broker, ind });

  let hook = 'init';
  const fail = (e: unknown): never => {
    if (isEngineError(e) && e.code !== 'STRATEGY_ERROR') throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new EngineError('STRATEGY_ERROR', `strategy ${strategy.id} failed in ${hook}: ${message}`, { hook, symbol: ctx.symbol, time: ctx.time, bar: ctx.barIndex });
  };

  let state: unknown;
  const onOrder = strategy.onOrder;
  const onFill = strategy.onFill;
  if (onOrder || onFill) {
    broker.setListener({
      orderChanged(o: OrderView) {
        if (!onOrder) return;
        const outer = hook;
        hook = 'onOrder';
        try {
          onOrder(ctx, state, o);
        } catch (e) {
          fail(e);
        }
        hook = outer;
      },
      filled(f: FillView, inst: number) {
        if (!onFill) return;
        const outer = hook;
        const prevInst = ctx.inst;
        hook = 'onFill';
        ctx.setBar(inst, trading[inst].cursor.i, f.ts);
        try {
          onFill(ctx, state, f);
        } catch (e) {
          fail(e);
        }
        ctx.setBar(prevInst, trading[prevInst].cursor.i, f.ts);
        hook = outer;
      },
    });
  }

  try {
    state = strategy.init ? strategy.init(ctx) : undefined;
  } catch (e) {
    fail(e);
  }
  ind.open = false;
  const packed = interleaveIndicators(ind, trading, schedule.steps, schedule.aligned);
  const startup = config.startupBars ?? (typeof strategy.startupBars === 'function' ? strategy.startupBars(params) : (strategy.startupBars ?? 0));

  const steps = schedule.steps;
  const equity = takeBuffer(steps, false); // the loop writes every step
  const exposure = { stepsInMarket: 0, sum: 0 };
  const benchIdx = config.benchmark === undefined ? 0 : symbols.indexOf(config.benchmark);
  if (benchIdx < 0) throw new EngineError('INVALID_INPUT', `benchmark ${config.benchmark} is not one of the run's symbols`);
  // A benchmark with a bar at every step: its close column is its price at every step.
  const benchClose = trading[benchIdx].columns.close;
  const benchBuffer = benchClose.length === steps ? null : takeBuffer(steps, false);
  const benchMark = benchBuffer ?? benchClose;

  hook = 'onBar';
  hooks.onProgress?.({ phase: 'run', done: 0, total: steps });
  const firstActive = runLoop({
    schedule,
    trading,
    informative: feeds.informative,
    tfMs,
    startup,
    broker,
    portfolio,
    trades,
    ctx,
    onBar: strategy.onBar,
    state,
    dayRules: profile.tPlusOne || (config.priceLimit ?? profile.priceLimit) !== undefined,
    benchIdx,
    checkEvery,
    isCancelled: hooks.isCancelled,
    onProgress: hooks.onProgress && ((done, total) => hooks.onProgress?.({ phase: 'run', done, total })),
    fail,
    equity,
    exposure,
    benchMark: benchBuffer,
  });
  keepShapes([broker, ctx, trades, portfolio, feeds, schedule, ind, state, packed]);
  hook = 'onStop';
  if (strategy.onStop) {
    try {
      strategy.onStop(ctx, state);
    } catch (e) {
      fail(e);
    }
  }
  if (packed) {
    separate(packed.series);
    releaseBuffer(packed.buffer);
  }
  hooks.onProgress?.({ phase: 'results', done: steps, total: steps });
  const lastBar = new Int32Array(nInst);
  for (let k = 0; k < nInst; k++) lastBar[k] = trading[k].cursor.i;
  portfolio.refreshMarks();
  // Trades as columns (the tracker's pooled log goes back now); the result makes objects on demand.
  const tradeCols = trades.finish(lastBar, portfolio.mark);
  const fillCount = trades.fills;
  trades.release();
  const result = buildResult({
    strategy,
    params,
    config,
    profile,
    feeds,
    schedule,
    firstActive,
    equity,
    exposure,
    benchMark,
    benchSymbol: symbols[benchIdx],
    broker,
    portfolio,
    trades: tradeCols,
    fillCount,
    runtime: ctx,
    inputs: input.feeds,
  });
  // Scratch memory back to the pool: the result holds copies only (the broker's order and fill
  // logs go back once the result has made its lists from them, see buildResult).
  releaseBuffer(equity);
  if (benchBuffer) releaseBuffer(benchBuffer);
  return result;
}

/** Interleaved values beyond this many are not worth their memory (the columns stay as they are). */
const MAX_INTERLEAVED = 16_000_000;

/**
 * Several symbols with the same bar times: the indicators of the trading feeds are read from one
 * interleaved buffer during the loop (see `interleave`); their columns stay for everything else.
 */
function interleaveIndicators(ind: PrecomputedIndicators, trading: readonly FeedSeries[], steps: number, aligned: boolean): { series: ArraySeries[]; buffer: Float64Array } | null {
  if (!aligned || trading.length < 2) return null;
  const cursors = new Set(trading.map((f) => f.cursor));
  const series = ind.made.filter((s) => cursors.has(s.cursor) && s.values.length === steps);
  if (series.length < 2 || series.length * steps > MAX_INTERLEAVED) return null;
  const buffer = takeBuffer(series.length * steps, false);
  interleave(series, buffer);
  return { series, buffer };
}

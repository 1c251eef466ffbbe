import { EngineError } from '../core/errors';
import type { StrategyContext } from '../strategy/api';
import type { StrategyRuntime } from '../strategy/context';
import type { FeedSeries } from '../strategy/series';
import type { Schedule } from './feeds';
import type { Portfolio } from './portfolio';
import type { SimBroker } from './sim-broker';
import type { TradeTracker } from './trades';

/** Everything the event loop touches, prepared by `runBacktest`. */
export interface LoopEnv {
  schedule: Schedule;
  trading: readonly FeedSeries[];
  informative: readonly FeedSeries[];
  tfMs: number;
  startup: number;
  broker: SimBroker;
  portfolio: Portfolio;
  trades: TradeTracker;
  ctx: StrategyRuntime;
  onBar: (ctx: StrategyContext, state: unknown) => void;
  state: unknown;
  /** Exchange-day rules (T+1, price limits) need every bar, not only bars with working orders. */
  dayRules: boolean;
  benchIdx: number;
  checkEvery: number;
  isCancelled?: () => boolean;
  onProgress?: (done: number, total: number) => void;
  /** Turns an exception from strategy code into a STRATEGY_ERROR (engine errors pass through). */
  fail: (e: unknown) => never;
  // Outputs: equity and the benchmark's price at every step (the single-instrument loop leaves the
  // benchmark alone: it is the close column); exposure as running totals.
  equity: Float64Array;
  benchMark: Float64Array;
  exposure: ExposureTotals;
}

/** Exposure is summed as the loop goes (a per-step curve would cost a write and 8 bytes per bar). */
export interface ExposureTotals {
  /** Steps that ended with an open position. */
  stepsInMarket: number;
  /** Σ gross exposure / equity over steps. */
  sum: number;
}

/**
 * The event loop. Per step: (1) working orders meet the new bars, which the strategy has not seen;
 * (2) the bars close: cursors move, positions are marked, higher timeframes advance to the bars that have closed by now; (3) `onBar` for each instrument bar;
 * (4) equity is recorded. Nothing here allocates. Returns the first step the strategy saw.
 */
export function runLoop(env: LoopEnv): number {
  return env.trading.length === 1 && env.informative.length === 0 ? runSingle(env) : runMulti(env);
}

function cancelled(step: number): never {
  throw new EngineError('CANCELLED', 'backtest cancelled', { step });
}

/** One instrument, one timeframe: the common case, without the schedule's indirection. */
function runSingle(env: LoopEnv): number {
  const feed = env.trading[0];
  const { ts, close } = feed.columns;
  const cursor = feed.cursor;
  const n = ts.length;
  const { broker, portfolio, ctx, onBar, state, tfMs, startup, dayRules, checkEvery, equity } = env;
  const size = portfolio.size;
  const mark = portfolio.mark;
  const mult = portfolio.multiplier[0];
  let firstActive = -1;
  let inStrategy = false;
  let inMarket = 0;
  let exposureSum = 0;
  let countdown = checkEvery;
  ctx.setBar(0, -1, 0);
  try {
    for (let i = 0; i < n; i++) {
      const open = ts[i];
      if (broker.workingCount > 0 || dayRules) {
        broker.step = i;
        broker.now = open;
        if (dayRules) broker.beginBar(0, i);
        broker.processBar(0, i);
      }
      cursor.i = i;
      // The close is read only while a position is open (after this bar's fills): flat, equity is
      // the cash, and prices for sizing come from the cursor.
      if (size[0] !== 0) mark[0] = close[i];
      if (i >= startup) {
        if (firstActive < 0) firstActive = i;
        const now = open + tfMs;
        broker.step = i;
        broker.now = now;
        ctx.moveTo(i, now);
        inStrategy = true;
        onBar(ctx, state);
        inStrategy = false;
      }
      const pos = size[0];
      if (pos === 0) equity[i] = portfolio.cash;
      else {
        const value = pos * mark[0] * mult;
        const eq = portfolio.cash + value;
        equity[i] = eq;
        inMarket++;
        exposureSum += Math.abs(value) / eq;
      }
      if (--countdown === 0) {
        countdown = checkEvery;
        progress(env, i + 1, n);
      }
    }
  } catch (e) {
    if (inStrategy) env.fail(e);
    throw e;
  }
  env.exposure.stepsInMarket = inMarket;
  env.exposure.sum = exposureSum;
  return firstActive < 0 ? n : firstActive;
}

function progress(env: LoopEnv, done: number, total: number): void {
  if (env.isCancelled?.()) cancelled(done - 1);
  env.onProgress?.(done, total);
}

/** Several instruments and/or informative timeframes, merged by time. */
function runMulti(env: LoopEnv): number {
  const { steps, stepTs, stepStart, inst: entInst, bar: entBar } = env.schedule;
  const { broker, portfolio, ctx, onBar, state, tfMs, startup, dayRules, checkEvery, equity, benchMark, benchIdx, informative } = env;
  const trading = env.trading;
  const cursors = trading.map((f) => f.cursor);
  const closes = trading.map((f) => f.columns.close);
  const size = portfolio.size;
  const mark = portfolio.mark;
  const mult = portfolio.multiplier;
  const nInst = trading.length;
  const nInfo = informative.length;
  let firstActive = -1;
  let inStrategy = false;
  let inMarket = 0;
  let exposureSum = 0;
  try {
    for (let s = 0; s < steps; s++) {
      const a = stepStart[s];
      const b = stepStart[s + 1];
      const open = stepTs[s];
      broker.step = s;
      broker.now = open;
      if (broker.workingCount > 0 || dayRules) {
        for (let e = a; e < b; e++) {
          const k = entInst[e];
          if (dayRules) broker.beginBar(k, entBar[e]);
          broker.processBar(k, entBar[e]);
        }
      }
      for (let e = a; e < b; e++) {
        const k = entInst[e];
        const i = entBar[e];
        cursors[k].i = i;
        // Marks matter only for open positions and the benchmark (prices for sizing come from the
        // cursor): flat instruments skip the read, one memory stream less per symbol.
        if (size[k] !== 0 || k === benchIdx) mark[k] = closes[k][i];
      }
      const now = open + tfMs;
      for (let f = 0; f < nInfo; f++) {
        const feed = informative[f];
        const c = feed.cursor;
        const ct = feed.closeTs;
        while (c.i + 1 < ct.length && ct[c.i + 1] <= now) c.i++;
      }
      broker.now = now;
      for (let e = a; e < b; e++) {
        const i = entBar[e];
        if (i < startup) continue;
        if (firstActive < 0) firstActive = s;
        ctx.setBar(entInst[e], i, now);
        inStrategy = true;
        onBar(ctx, state);
        inStrategy = false;
      }
      // Mark to market (one pass for equity and gross exposure).
      let eq = portfolio.cash;
      let gross = 0;
      for (let k = 0; k < nInst; k++) {
        const q = size[k];
        if (q !== 0) {
          const v = q * mark[k] * mult[k];
          eq += v;
          gross += v < 0 ? -v : v;
        }
      }
      equity[s] = eq;
      if (gross > 0) {
        inMarket++;
        exposureSum += gross / eq;
      }
      benchMark[s] = mark[benchIdx];
      if ((s + 1) % checkEvery === 0) progress(env, s + 1, steps);
    }
  } catch (e) {
    if (inStrategy) env.fail(e);
    throw e;
  }
  env.exposure.stepsInMarket = inMarket;
  env.exposure.sum = exposureSum;
  return firstActive < 0 ? steps : firstActive;
}

import { EngineError } from '../core/errors';
import type { StrategyContext } from '../strategy/api';
import type { StrategyRuntime } from '../strategy/context';
import type { FeedSeries } from '../strategy/series';
import type { Schedule } from './feeds';
import { closeAtSteps, markMulti, markSingle, type MarkedInstrument } from './mark-to-market';
import { releaseBuffer, takeBuffer } from './buffers';
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
  // Outputs: equity and the benchmark's price at every step (`benchMark` null: the caller uses the
  // benchmark's close column, which has a bar at every step); exposure as totals.
  equity: Float64Array;
  benchMark: Float64Array | null;
  exposure: ExposureTotals;
}

/** Exposure as totals (a per-step curve would cost 8 bytes per step). */
export interface ExposureTotals {
  /** Steps that ended with an open position. */
  stepsInMarket: number;
  /** Σ gross exposure / equity over steps. */
  sum: number;
}

/**
 * The event loop. Per step: (1) working orders meet the new bars, which the strategy has not seen;
 * (2) the bars close: cursors move, higher timeframes advance to the bars that have closed by now;
 * (3) `onBar` for each instrument bar. Nothing here allocates. After the last step the equity
 * curve is made from the cash after each fill and marked from the position history
 * (mark-to-market.ts). Returns the first step the strategy saw.
 */
export function runLoop(env: LoopEnv): number {
  const single = env.trading.length === 1 && env.informative.length === 0;
  const firstActive = single ? runSingle(env) : env.schedule.aligned ? runAligned(env) : runMulti(env);
  markEquity(env);
  return firstActive;
}

function cancelled(step: number): never {
  throw new EngineError('CANCELLED', 'backtest cancelled', { step });
}

/** One instrument, one timeframe: the common case, without the schedule's indirection. */
function runSingle(env: LoopEnv): number {
  const feed = env.trading[0];
  const ts = feed.columns.ts;
  const cursor = feed.cursor;
  const n = ts.length;
  const { broker, ctx, onBar, state, tfMs, startup, dayRules, checkEvery } = env;
  let firstActive = -1;
  let inStrategy = false;
  let countdown = firstCheck(checkEvery);
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
      if (--countdown === 0) {
        countdown = checkEvery;
        progress(env, i + 1, n);
      }
    }
  } catch (e) {
    if (inStrategy) env.fail(e);
    throw e;
  }
  return firstActive < 0 ? n : firstActive;
}

/**
 * Steps before the first progress check: early, while the loop still runs unoptimised, so V8 has
 * seen the check's code when it optimises the loop. A first check at step 65,536 ran code the
 * optimised loop had no type feedback for, which threw the loop's optimised code away mid-run.
 */
function firstCheck(checkEvery: number): number {
  return Math.min(checkEvery, 256);
}

function progress(env: LoopEnv, done: number, total: number): void {
  if (env.isCancelled?.()) cancelled(done - 1);
  env.onProgress?.(done, total);
}

/** Several instruments with the same bar times (and/or informative timeframes): step s is bar s of every instrument. */
function runAligned(env: LoopEnv): number {
  const { steps, stepTs } = env.schedule;
  const { broker, ctx, onBar, state, tfMs, startup, dayRules, checkEvery, informative } = env;
  const cursors = env.trading.map((f) => f.cursor);
  const nInst = cursors.length;
  const nInfo = informative.length;
  let firstActive = -1;
  let inStrategy = false;
  let countdown = firstCheck(checkEvery);
  try {
    for (let s = 0; s < steps; s++) {
      const open = stepTs[s];
      broker.step = s;
      broker.now = open;
      if (broker.workingCount > 0 || dayRules) {
        for (let k = 0; k < nInst; k++) {
          if (dayRules) broker.beginBar(k, s);
          broker.processBar(k, s);
        }
      }
      for (let k = 0; k < nInst; k++) cursors[k].i = s;
      const now = open + tfMs;
      for (let f = 0; f < nInfo; f++) {
        const feed = informative[f];
        const c = feed.cursor;
        const ct = feed.closeTs;
        while (c.i + 1 < ct.length && ct[c.i + 1] <= now) c.i++;
      }
      broker.now = now;
      if (s >= startup) {
        if (firstActive < 0) firstActive = s;
        inStrategy = true;
        for (let k = 0; k < nInst; k++) {
          ctx.setBar(k, s, now);
          onBar(ctx, state);
        }
        inStrategy = false;
      }
      if (--countdown === 0) {
        countdown = checkEvery;
        progress(env, s + 1, steps);
      }
    }
  } catch (e) {
    if (inStrategy) env.fail(e);
    throw e;
  }
  return firstActive < 0 ? steps : firstActive;
}

/** Several instruments with different bar times (and/or informative timeframes), merged by time. */
function runMulti(env: LoopEnv): number {
  const { steps, stepTs, stepStart, inst: entInst, bar: entBar } = env.schedule;
  const { broker, ctx, onBar, state, tfMs, startup, dayRules, checkEvery, informative } = env;
  const cursors = env.trading.map((f) => f.cursor);
  const nInfo = informative.length;
  let firstActive = -1;
  let inStrategy = false;
  let countdown = firstCheck(checkEvery);
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
      for (let e = a; e < b; e++) cursors[entInst[e]].i = entBar[e];
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
      if (--countdown === 0) {
        countdown = checkEvery;
        progress(env, s + 1, steps);
      }
    }
  } catch (e) {
    if (inStrategy) env.fail(e);
    throw e;
  }
  return firstActive < 0 ? steps : firstActive;
}

/** Marks the equity curve from the fills and fills the benchmark's prices (see mark-to-market.ts). */
function markEquity(env: LoopEnv): void {
  const { trading, broker, portfolio, schedule, equity } = env;
  let totals;
  if (trading.length === 1 && env.informative.length === 0) {
    const { rows, fields } = broker.fillRows();
    totals = markSingle(equity, trading[0].columns.close, portfolio.multiplier[0], portfolio.initialCapital, rows, fields);
  } else {
    const { all, byInst } = broker.fillTracks();
    const insts: MarkedInstrument[] = trading.map((f, k) => ({ close: f.columns.close, ts: f.columns.ts, multiplier: portfolio.multiplier[k], fills: byInst[k] }));
    const gross = takeBuffer(schedule.steps, false);
    totals = markMulti(equity, gross, insts, schedule, portfolio.initialCapital, all);
    releaseBuffer(gross);
  }
  env.exposure.stepsInMarket = totals.stepsInMarket;
  env.exposure.sum = totals.sum;
  const bench = trading[env.benchIdx].columns;
  if (env.benchMark) closeAtSteps(env.benchMark, bench.close, bench.ts, schedule);
}

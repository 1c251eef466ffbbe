import { allocBarColumns } from '../model/bars';
import type { OrderView } from '../model/orders';
import { defineStrategy } from '../strategy/api';
import type { BacktestInput } from './engine';
import type { FeedInput } from './feeds';

/**
 * Keeps the objects of one small backtest alive for the life of the thread, so that optimised
 * engine code survives from one run to the next.
 *
 * V8's optimised code checks the shapes (maps) of the objects it was compiled for and holds them
 * weakly. When a run is over and a major GC collects its objects, the shapes of the engine's
 * classes (broker, orders, record logs, series, portfolio…) are collected with them, and V8
 * discards every optimised function that checked for one (`--trace-deopt`: "weak objects"). The
 * next run then starts from the interpreter again. A worker running backtest after backtest (an
 * optimisation) paid that whenever a GC fell between runs: 1M bars of sma-cross took 130–200 ms
 * instead of ~60. Objects of another run made by the same code have the same shapes, so keeping
 * those of a 64-bar run (a few kilobytes) keeps the shapes, and the code, alive.
 */
let kept: readonly unknown[] | null = null;
let anchoring = false;

/** Called by the engine with a run's objects: kept only while the anchor run runs. */
export function keepShapes(objects: readonly unknown[]): void {
  if (anchoring) kept = objects;
}

/**
 * Runs the anchor backtest once per thread, before the first real run: the shapes then live from
 * the start (a GC in the first run, between two orders, otherwise threw the order path away
 * mid-run), and the engine's first type feedback is for doubles (prices and sizes), the general
 * case, so a strategy trading whole units does not deoptimise it later, nor the reverse. With the
 * anchor first, 1M-bar sma-cross runs reached their steady ~60 ms by the third run of a process
 * instead of the fifth or sixth. `run` is the engine's runBacktest (passed in: this module is the
 * engine's import). Never fails the caller: a failing anchor run only leaves the shapes unanchored.
 */
export function anchorShapesOnce(run: (input: BacktestInput) => unknown): void {
  if (kept !== null || anchoring) return;
  anchoring = true;
  try {
    const result = run({ strategy: anchorStrategy, feeds: anchorFeeds(), config: { initialCapital: 10_000.5, commission: { percent: 0.001 } } });
    kept = [...(kept ?? []), result];
  } catch {
    kept = [];
  } finally {
    anchoring = false;
  }
}

/** For a process that runs one backtest and exits (the CLI): the anchor run would only cost it time (~10 ms, cold). */
export function skipShapeAnchor(): void {
  kept ??= [];
}

/** Whether this thread's shapes are anchored (for tests). */
export function shapesAnchored(): boolean {
  return kept !== null && kept.length > 1;
}

const BARS = 64;

/** Two symbols with the same bar times and fractional prices and volumes, as real data has (doubles, not small integers, in every field). */
function anchorFeeds(): FeedInput[] {
  return [0, 1].map((k) => {
    const c = allocBarColumns(BARS);
    for (let i = 0; i < BARS; i++) {
      const mid = 100.5 + 10.25 * Math.sin((i + k) / 5);
      c.ts[i] = 1_700_000_000_000 + i * 60_000;
      c.open[i] = mid - 0.25;
      c.close[i] = mid + 0.25;
      c.high[i] = mid + 1.5;
      c.low[i] = mid - 1.5;
      c.volume[i] = 1000.5 + i;
    }
    return { symbol: `ANCHOR${k}@anchor`, timeframe: '1m' as const, bars: c };
  });
}

/** Market, limit and stop orders, entries and exits, on both symbols; keeps the order objects it gets. */
const anchorStrategy = defineStrategy({
  id: 'shape-anchor',
  name: 'shape anchor',
  startupBars: 4,
  init: (ctx) => ({ fast: ctx.ind.sma(ctx.data(ctx.symbols[0]).close, 3), orders: [] as (OrderView | null)[] }),
  onBar(ctx, state) {
    const i = ctx.barIndex;
    if (i % 8 === 4 && ctx.position().size === 0) state.orders.push(ctx.buy(1.5, { tag: 'entry' }));
    else if (i % 8 === 6) state.orders.push(ctx.closePosition(undefined, 'exit'));
    else if (i % 16 === 7) state.orders.push(ctx.buy(0.5, { type: 'limit', limitPrice: Math.min(ctx.close(), state.fast.at(0)) - 0.5 }));
    else if (i % 16 === 15) state.orders.push(ctx.sell(0.5, { type: 'stop', stopPrice: ctx.close() - 0.75, reduceOnly: true }));
  },
});

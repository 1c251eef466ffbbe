// Backtest engine speed: sma-cross (10/30) over 1M one-minute bars, and over 10 symbols × 100k
// bars, data in memory. "loop" times the event loop alone (from the first step to the last, via
// the progress hook); "total" includes indicator precomputation and building the results.
// Figures are best-of-8 by wall clock (`value`) and by process CPU time (`cpu`).
import { runBacktest, type BacktestProgress } from '../engine/backtest/engine';
import type { FeedInput } from '../engine/backtest/feeds';
import { defineStrategy, type Strategy } from '../engine/strategy/api';
import smaCross from '../engine/strategy/builtins/sma-cross';
import { randomWalk } from './random-walk';
import { bestOf, report } from './report';

// The same two averages and cross logic without sending orders: the event loop's own cost.
const signalsOnly = defineStrategy({
  id: 'sma-signals',
  name: 'SMA signals only',
  startupBars: 29,
  init: (ctx) => ctx.symbols.map((s) => ({ fast: ctx.ind.sma(ctx.data(s).close, 10), slow: ctx.ind.sma(ctx.data(s).close, 30), side: 0, crosses: 0 })),
  onBar(ctx, state) {
    const s = state[ctx.symbolIndex];
    const diff = s.fast.at(0) - s.slow.at(0);
    if (!(diff > 0 || diff < 0)) return;
    const side = diff > 0 ? 1 : -1;
    if (side !== s.side && ctx.position().size === 0) s.crosses++;
    s.side = side;
  },
});

/** CPU time of this process in ms (user + system): less distorted than wall time by other load on a shared machine. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Each line carries the wall-clock rate as `value` and the CPU-time rate as `cpu`, both best-of-8.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function measure(name: string, feeds: FeedInput[], bars: number, strategy: Strategy<any, any> = smaCross): void {
  let loopMs = Infinity;
  let loopCpu = Infinity;
  let t0 = 0;
  let c0 = 0;
  const onProgress = (p: BacktestProgress): void => {
    if (p.phase === 'run' && p.done === 0) {
      t0 = performance.now();
      c0 = cpuMs();
    }
    if (p.phase === 'results') {
      loopMs = Math.min(loopMs, performance.now() - t0);
      loopCpu = Math.min(loopCpu, cpuMs() - c0);
    }
  };
  let fills = 0;
  let totalCpu = Infinity;
  const totalMs = bestOf(7, () => {
    const c = cpuMs();
    const r = runBacktest({ strategy, feeds, config: { initialCapital: 1_000_000, commission: { percent: 0.001 } } }, { onProgress });
    totalCpu = Math.min(totalCpu, cpuMs() - c);
    fills = r.fills.length;
  });
  const rate = (ms: number): number => Number((bars / (ms / 1000)).toPrecision(6));
  report(`backtest.${name}.loop`, rate(loopMs), 'bars/s', { cpu: rate(loopCpu), bars, fills });
  report(`backtest.${name}.total`, rate(totalMs), 'bars/s', { cpu: rate(totalCpu), bars, fills });
}

const one = [{ symbol: 'SYN@csv', timeframe: '1m' as const, bars: randomWalk(1_000_000, 7) }];
const ten = Array.from({ length: 10 }, (_, k) => ({ symbol: `S${k}@csv`, timeframe: '1m' as const, bars: randomWalk(100_000, 100 + k) }));
measure('sma-cross.1x1M', one, 1_000_000);
measure('sma-cross.10x100k', ten, 1_000_000);
measure('sma-signals-no-orders.1x1M', one, 1_000_000, signalsOnly);
measure('sma-signals-no-orders.10x100k', ten, 1_000_000, signalsOnly);

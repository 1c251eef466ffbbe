// Indicator throughput on 1M bars (bars/s). `batch.X`: the registry call every caller makes
// (fresh output arrays each run, so page faults included). `batch-into.X`: the same with a
// reused output array (the optimiser's loop). `stream.X`: one `update(bar)` per bar on the
// class the strategy API uses. `stream-generic.X`: the registry's createStreaming adapter (the
// chart's live feed). The machine is shared: each line carries the 1-minute load average and,
// beside the wall-clock rate (`value`, best of N), `cpuRate`: bars per second of this process's
// CPU time (best of N), which other engineers' jobs on the same cores disturb far less.
import { loadavg } from 'node:os';
import { report } from './report';
import { computeIndicator, createStreaming, ema, EmaStream, INDICATORS, rsi, RsiStream, sma, SmaStream, wma } from '../engine/indicators';
import { makeBars } from '../engine/indicators/testdata';
import type { BarLike } from '../engine/indicators';

const N = 1_000_000;
const bars = makeBars(N, 1);
const only = process.env.INDICATORS?.split(',');
const want = (name: string) => !only || only.includes(name);
// PARTS=batch,batch-into,stream,stream-generic picks sections (all by default)
const parts = process.env.PARTS?.split(',');
const part = (p: string) => !parts || parts.includes(p);
const rate = (ms: number) => N / (ms / 1000);
let lastCpuMs = NaN;
const extra = () => ({ bars: N, load1: Number(loadavg()[0].toFixed(2)), cpuRate: Number(rate(lastCpuMs).toPrecision(6)) });
/** Best wall time in ms of `rounds` runs after a warm-up (returned), best CPU time kept in lastCpuMs. */
function bestOf(rounds: number, fn: () => void): number {
  fn();
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    best = Math.min(best, t1 - t0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  lastCpuMs = Math.max(bestCpu, 1e-3);
  return best;
}
let sink = 0;
// warm the heap and the JIT once, so the first indicator measured is not charged for it
for (let r = 0; r < 3; r++) for (const name of ['SMA', 'EMA', 'ATR']) sink += computeIndicator(name, bars, {}).value[N - 1];

for (const name of Object.keys(INDICATORS)) {
  if (!want(name) || !part('batch')) continue;
  const ms = bestOf(11, () => {
    const out = computeIndicator(name, bars, {});
    for (const k in out) sink += out[k][N - 1];
  });
  report(`indicators.batch.${name}`, rate(ms), 'bars/s', extra());
}

const reuse = new Float64Array(N);
const into: [string, () => void][] = [
  ['SMA', () => sma(bars.close, 30, reuse)],
  ['EMA', () => ema(bars.close, 30, reuse)],
  ['WMA', () => wma(bars.close, 30, reuse)],
  ['RSI', () => rsi(bars.close, 14, reuse)],
];
for (const [name, fn] of into) {
  if (!want(name) || !part('batch-into')) continue;
  const ms = bestOf(15, () => {
    fn();
    sink += reuse[N - 1];
  });
  report(`indicators.batch-into.${name}`, rate(ms), 'bars/s', extra());
}

// streaming: a reused bar object gets the next close (what a feed hands over), then update(bar);
// one loop per class so each call site stays monomorphic, as in a strategy. Each loop function
// first runs 100 calls of 100 bars: called only with 1M bars (or first with 1,000), V8 compiled
// its loop on the stack from the feedback of its first iterations and the whole-function code
// then deoptimised on its first line (no feedback yet for `new`), so the figure measured that
// artefact of the harness (RSI 66M against 97M after short calls, EMA 89M against 126M, same
// host), not the update
const bar: BarLike = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
const close = bars.close;
function streamSma(n: number): number {
  const s = new SmaStream(30);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    bar.close = close[i];
    acc += s.update(bar);
  }
  return acc;
}
function streamEma(n: number): number {
  const s = new EmaStream(30);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    bar.close = close[i];
    acc += s.update(bar);
  }
  return acc;
}
function streamRsi(n: number): number {
  const s = new RsiStream(14);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    bar.close = close[i];
    acc += s.update(bar);
  }
  return acc;
}
for (const [name, fn] of [['SMA', streamSma], ['EMA', streamEma], ['RSI', streamRsi]] as const) {
  if (!want(name) || !part('stream')) continue;
  for (let w = 0; w < 100; w++) sink += fn(100);
  const ms = bestOf(15, () => {
    sink += fn(N);
  });
  report(`indicators.stream.${name}`, rate(ms), 'updates/s', extra());
}

// the generic adapter for every indicator (all fields of the bar set, as a feed would)
const { ts, open, high, low, volume, benchmark } = bars;
const full = bar as BarLike & { benchmark: number };
for (const name of Object.keys(INDICATORS)) {
  if (!want(name) || !part('stream-generic')) continue;
  const ms = bestOf(3, () => {
    const s = createStreaming(name, {});
    const o = s.outputs[0];
    for (let i = 0; i < N; i++) {
      full.ts = ts[i];
      full.open = open[i];
      full.high = high[i];
      full.low = low[i];
      full.close = close[i];
      full.volume = volume[i];
      full.benchmark = benchmark[i];
      sink += s.update(full)[o];
    }
  });
  report(`indicators.stream-generic.${name}`, rate(ms), 'updates/s', extra());
}
if (sink === 42) console.log('');

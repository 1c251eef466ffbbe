// Indicator throughput on 1M bars: every registered indicator in batch (bars/s, output arrays
// allocated each run, as callers get them), and the per-bar streaming update for the core ones.
import { bestOf, report } from './report';
import { computeIndicator, createStreaming, EmaStream, INDICATORS, RsiStream, SmaStream } from '../engine/indicators';
import { makeBars } from '../engine/indicators/testdata';
import type { BarLike } from '../engine/indicators';

const N = 1_000_000;
const bars = makeBars(N, 1);
const only = process.env.INDICATORS?.split(',');
const rate = (ms: number) => N / (ms / 1000);

let sink = 0;
for (const name of Object.keys(INDICATORS)) {
  if (only && !only.includes(name)) continue;
  const ms = bestOf(5, () => {
    const out = computeIndicator(name, bars, {});
    for (const k in out) sink += out[k][N - 1];
  });
  report(`indicators.batch.${name}`, rate(ms), 'bars/s', { bars: N });
}

// streaming: the classes the strategy API uses, fed one reused bar object (no allocation per bar)
const bar: BarLike = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
function feed(update: (b: BarLike) => number): number {
  let acc = 0;
  const { ts, open, high, low, close, volume } = bars;
  for (let i = 0; i < N; i++) {
    bar.ts = ts[i];
    bar.open = open[i];
    bar.high = high[i];
    bar.low = low[i];
    bar.close = close[i];
    bar.volume = volume[i];
    acc += update(bar);
  }
  return acc;
}
const streams: [string, () => (b: BarLike) => number][] = [
  ['SMA', () => { const s = new SmaStream(30); return (b) => s.update(b); }],
  ['EMA', () => { const s = new EmaStream(30); return (b) => s.update(b); }],
  ['RSI', () => { const s = new RsiStream(14); return (b) => s.update(b); }],
];
for (const [name, make] of streams) {
  if (only && !only.includes(name)) continue;
  const ms = bestOf(5, () => {
    sink += feed(make());
  });
  report(`indicators.stream.${name}`, rate(ms), 'updates/s', { bars: N });
}
// the generic adapter (createStreaming) for every indicator: what the chart's live feed uses
for (const name of Object.keys(INDICATORS)) {
  if (only && !only.includes(name)) continue;
  const ms = bestOf(3, () => {
    const s = createStreaming(name, {});
    const o = s.outputs[0];
    sink += feed((b) => s.update(b)[o]);
  });
  report(`indicators.stream-generic.${name}`, rate(ms), 'updates/s', { bars: N });
}
if (sink === 42) console.log('');

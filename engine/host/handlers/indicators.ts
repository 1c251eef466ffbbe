import type { InstrumentId } from '../../../shared/ids';
import type { Timeframe } from '../../../shared/timeframe';
import { indicatorMeta, indicatorWarmup, listIndicators, resolveIndicatorParams, type InputColumns } from '../../indicators';
import type { BarColumns } from '../../model/bars';
import type { EngineServices } from '../services';
import type { Handlers } from '../handler-types';

/** A column as JSON: NaN (warm-up, gaps) becomes null. */
function toNullable(a: Float64Array): (number | null)[] {
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = v === v ? v : null;
  }
  return out;
}

/** The benchmark's close on each of the bars' timestamps (NaN where it has no bar). */
function alignedClose(services: EngineServices, id: InstrumentId, timeframe: Timeframe, ts: Float64Array): Float64Array {
  const res = new Float64Array(ts.length).fill(NaN);
  if (ts.length === 0) return res;
  const other = services.stores.candles.read(id, timeframe, { from: ts[0], to: ts[ts.length - 1] + 1 });
  for (let i = 0, j = 0; i < ts.length && j < other.ts.length; ) {
    if (other.ts[j] < ts[i]) j++;
    else if (other.ts[j] > ts[i]) i++;
    else res[i++] = other.close[j++];
  }
  return res;
}

/** Buffers that a column owns whole (safe to move to the pool). */
function ownedBuffers(cols: InputColumns): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of Object.values(cols)) if (c && c.buffer instanceof ArrayBuffer && c.byteLength === c.buffer.byteLength) out.add(c.buffer);
  return [...out];
}

export const indicatorsHandlers: Pick<Handlers, 'indicators.list' | 'indicators.compute'> = {
  // enum options are readonly tuples in the library; the contract's arrays are plain copies
  'indicators.list': () => listIndicators().map((m) => ({ ...m, params: m.params.map((p) => (p.type === 'enum' ? { ...p, options: [...p.options] } : p)) })),

  // Params are checked here (cheap, before any read); the bars are read on the engine thread
  // (the store's owner) and their columns moved to a pool worker, which moves the outputs back.
  'indicators.compute': async (input, { services, signal }) => {
    const meta = indicatorMeta(input.name);
    const params = resolveIndicatorParams(input.name, input.params);
    const bars: BarColumns = services.stores.candles.read(input.instrumentId, input.timeframe, {
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.latest !== undefined ? { latest: input.latest } : {}),
    });
    const ts = Array.from(bars.ts);
    const columns: InputColumns = { open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume, ts: bars.ts.slice() };
    if (meta.inputs.includes('benchmark')) {
      columns.benchmark = input.benchmark ? alignedClose(services, input.benchmark, input.timeframe, bars.ts) : bars.close.slice();
    }
    const { outputs: computed } = await services.tasks.run('computeIndicator', { name: meta.name, params, columns }, { signal, transfer: ownedBuffers(columns) });
    const kijun = typeof params.kijun === 'number' ? params.kijun : undefined;
    return {
      instrumentId: input.instrumentId,
      timeframe: input.timeframe,
      name: meta.name,
      params,
      display: meta.display,
      ...(meta.range ? { range: meta.range } : {}),
      warmup: Math.min(indicatorWarmup(meta.name, params), ts.length),
      ts,
      outputs: meta.outputs.map((o) => ({
        name: o.name,
        values: toNullable(computed[o.name]),
        // The metadata's shift is the default displacement; Ichimoku's follows its kijun period.
        plotShift: o.plotShift ? Math.sign(o.plotShift) * (kijun ?? Math.abs(o.plotShift)) : 0,
        repaints: o.repaints ?? false,
      })),
    };
  },
};

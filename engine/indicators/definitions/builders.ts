import { adx, adxr, DirectionalStream, dx } from '../directional';
import { MA_TYPE_OPTIONS } from '../moving-averages';
import { column as col, define, fieldStream, int, periodParam, seriesOf, seriesStream, sourceParam, VALUE } from '../registry-helpers';
import { LinRegStream } from '../statistics';
import type { BarLike, IndicatorDef, IndicatorMeta, Params, Source } from '../types';

/** Builders for the indicator definitions: the common shapes (one series, bars, the directional family). */
export const SERIES = ['close'] as const;
export const HLC = ['high', 'low', 'close'] as const;
export const maTypeParam = { name: 'maType', type: 'enum', default: 0, options: MA_TYPE_OPTIONS, description: 'TA-Lib MA type: 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA, 8 T3' } as const;

export const num = (p: Params, k: string) => p[k] as number;
export const src = (p: Params) => p.source as Source;

/** A one-series, one-output indicator: the most common shape. */
export function seriesDef(
  meta: Omit<IndicatorMeta, 'inputs' | 'outputs' | 'params' | 'talib'> & { talib?: boolean; params: IndicatorMeta['params'] },
  warmup: (p: Params) => number,
  batch: (x: Float64Array, p: Params) => Float64Array,
  kernel: (p: Params) => { next(x: number): number },
): IndicatorDef {
  return define({
    ...meta,
    talib: meta.talib ?? true,
    inputs: [...SERIES],
    params: [sourceParam, ...meta.params],
    outputs: VALUE,
    warmup,
    compute: (inputs, p) => ({ value: batch(seriesOf(meta as IndicatorMeta, inputs, src(p)), p) }),
    stream: (p) => seriesStream(meta.name, kernel(p), src(p)),
  });
}

/** An indicator over high, low, close with one output read from a DirectionalStream field. */
export function directionalDef(name: string, title: string, field: 'adx' | 'adxr' | 'dx' | 'plusDI' | 'minusDI', batch: typeof adx, warmup: (p: number) => number, formula: string, min = 2): IndicatorDef {
  return define({
    name,
    title,
    group: 'trend',
    display: 'pane',
    range: [0, 100],
    talib: true,
    inputs: [...HLC],
    params: [periodParam(14, min)],
    outputs: VALUE,
    formula,
    warmup: (p) => warmup(num(p, 'period')),
    compute: (i, p) => ({ value: batch(col({ name }, i, 'high'), col({ name }, i, 'low'), col({ name }, i, 'close'), num(p, 'period')) }),
    stream: (p) => fieldStream(name, new DirectionalStream(num(p, 'period')), ['value'], { value: field }),
  });
}

export type Cols = Record<'open' | 'high' | 'low' | 'close' | 'volume' | 'ts' | 'benchmark', Float64Array>;

/** An indicator fed whole bars: its inputs are fetched (and required) by name. */
export function barDef(
  meta: Omit<IndicatorMeta, 'talib'> & { talib?: boolean },
  warmup: (p: Params) => number,
  batch: (c: Cols, p: Params) => Record<string, Float64Array> | Float64Array,
  stream: (p: Params) => { update(bar: BarLike): unknown },
  fields?: Record<string, string>,
): IndicatorDef {
  const full: IndicatorMeta = { ...meta, talib: meta.talib ?? true };
  return define({
    ...full,
    warmup,
    compute: (inputs, p) => {
      const c = {} as Cols;
      for (const name of meta.inputs) c[name] = col(full, inputs, name);
      const r = batch(c, p);
      return r instanceof Float64Array ? { value: r } : { ...r };
    },
    stream: (p) => fieldStream(meta.name, stream(p) as { update(bar: BarLike): unknown } & Record<string, number>, meta.outputs.map((o) => o.name), fields as Record<string, string> | undefined),
  });
}

export const OHLC = ['open', 'high', 'low', 'close'] as const;
export const HLCV = ['high', 'low', 'close', 'volume'] as const;
export const fastSlow = (fast: number, slow: number, min = 2) => [int('fast', fast, min, 1000, 'Fast period'), int('slow', slow, min, 1000, 'Slow period')];

export function linregField(name: string, title: string, field: 'slope' | 'intercept' | 'angle', batch: (x: Float64Array, p: number) => Float64Array, formula: string): IndicatorDef {
  return define({
    name,
    title,
    group: 'statistic',
    display: 'pane',
    talib: true,
    inputs: [...SERIES],
    params: [sourceParam, periodParam(14)],
    outputs: VALUE,
    formula,
    warmup: (p) => num(p, 'period') - 1,
    compute: (i, p) => ({ value: batch(seriesOf({ name }, i, src(p)), num(p, 'period')) }),
    stream: (p) => {
      const s = new LinRegStream(num(p, 'period'));
      const source = src(p);
      return seriesStream(name, { next: (x: number) => (s.next(x), s[field]) }, source);
    },
  });
}

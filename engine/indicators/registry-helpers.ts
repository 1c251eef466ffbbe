import { EngineError } from '../core/errors';
import type { BarLike, IndicatorDef, IndicatorMeta, InputColumns, InputName, OutputDef, ParamDef, Params, Source, StreamingIndicator } from './types';
import { SOURCES } from './types';
import { uninitialized } from './alloc';

/** Building blocks for the registry: parameter specs, input picking and stream adapters. */

export const sourceParam: ParamDef = { name: 'source', type: 'enum', default: 'close', options: SOURCES, description: 'Bar field (or price blend) the indicator reads' };

export function int(name: string, def: number, min: number, max: number, description: string): ParamDef {
  return { name, type: 'int', default: def, min, max, step: 1, description };
}
export function real(name: string, def: number, min: number, max: number, description: string, step = 0.1): ParamDef {
  return { name, type: 'float', default: def, min, max, step, description };
}
export const periodParam = (def: number, min = 2, max = 1000): ParamDef => int('period', def, min, max, 'Look-back length in bars');
export const out = (name: string, description: string, extra: Partial<OutputDef> = {}): OutputDef => ({ name, description, ...extra });
export const VALUE: OutputDef[] = [out('value', 'Indicator value')];

/** Fills in defaults and checks every parameter against its spec; unknown names are errors. */
export function resolveParams(meta: IndicatorMeta, params: Params | undefined): Params {
  const res: Params = {};
  const given = params ?? {};
  for (const key of Object.keys(given)) {
    if (!meta.params.some((p) => p.name === key)) {
      throw new EngineError('INVALID_INPUT', `${meta.name}: unknown parameter "${key}" (has ${meta.params.map((p) => p.name).join(', ') || 'none'})`, {
        indicator: meta.name,
        param: key,
      });
    }
  }
  for (const p of meta.params) {
    const v = given[p.name] ?? p.default;
    const bad = (why: string) => new EngineError('INVALID_INPUT', `${meta.name}: ${p.name} ${why}, got ${JSON.stringify(v)}`, { indicator: meta.name, param: p.name, value: v });
    if (p.type === 'enum') {
      if (!p.options.includes(v)) throw bad(`must be one of ${p.options.join(', ')}`);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('must be a finite number');
      if (p.type === 'int' && !Number.isInteger(v)) throw bad('must be an integer');
      if (v < p.min || v > p.max) throw bad(`must be in [${p.min}, ${p.max}]`);
    }
    // An int param as a small integer: V8 keeps param defaults (and values read from shared
    // object fields) as doubles, and a period that arrives as 14.0 makes every index built from it
    // a double in the kernels' loops (ADX through the registry: 32M bars/s against 44M direct).
    res[p.name] = p.type === 'int' ? (v as number) | 0 : v;
  }
  return res;
}

export function column(meta: { name: string }, inputs: InputColumns, name: InputName): Float64Array {
  const c = inputs[name];
  if (!(c instanceof Float64Array)) {
    throw new EngineError('INVALID_INPUT', `${meta.name}: input "${name}" (a Float64Array) is required`, { indicator: meta.name, input: name });
  }
  return c;
}

/** The series a single-series indicator reads: a bar field, or a blend computed once. */
export function seriesOf(meta: { name: string }, inputs: InputColumns, source: Source): Float64Array {
  switch (source) {
    case 'hl2':
    case 'hlc3':
    case 'ohlc4': {
      const h = column(meta, inputs, 'high');
      const l = column(meta, inputs, 'low');
      const c = source === 'hl2' ? h : column(meta, inputs, 'close');
      const o = source === 'ohlc4' ? column(meta, inputs, 'open') : h;
      const n = h.length;
      if (l.length !== n || c.length !== n || o.length !== n) {
        throw new EngineError('INVALID_INPUT', `${meta.name}: inputs have different lengths`, { indicator: meta.name });
      }
      const x = uninitialized(n);
      if (source === 'hl2') for (let i = 0; i < n; i++) x[i] = (h[i] + l[i]) / 2;
      else if (source === 'hlc3') for (let i = 0; i < n; i++) x[i] = (h[i] + l[i] + c[i]) / 3;
      else for (let i = 0; i < n; i++) x[i] = (o[i] + h[i] + l[i] + c[i]) / 4;
      return x;
    }
    default:
      return column(meta, inputs, source);
  }
}

export function sourceValue(bar: BarLike, source: Source): number {
  switch (source) {
    case 'close':
      return bar.close;
    case 'open':
      return bar.open;
    case 'high':
      return bar.high;
    case 'low':
      return bar.low;
    case 'volume':
      return bar.volume;
    case 'hl2':
      return (bar.high + bar.low) / 2;
    case 'hlc3':
      return (bar.high + bar.low + bar.close) / 3;
    case 'ohlc4':
      return (bar.open + bar.high + bar.low + bar.close) / 4;
  }
}

/** Adapts a one-series kernel (`next(x)`) to the generic streaming shape. */
export function seriesStream(name: string, kernel: { next(x: number): number }, source: Source): StreamingIndicator {
  const res = { value: NaN };
  return {
    name,
    outputs: ['value'],
    update(bar: BarLike) {
      res.value = kernel.next(sourceValue(bar, source));
      return res;
    },
  };
}

/**
 * Adapts a bar-fed stream whose fields hold its outputs; `fields` maps output name → field name
 * (by default each output reads the field of the same name).
 */
export function fieldStream<T extends { update(bar: BarLike): unknown }>(name: string, s: T, outputs: readonly string[], fields?: Record<string, keyof T & string>): StreamingIndicator {
  const res: Record<string, number> = {};
  const keys = outputs.map((o) => (fields?.[o] ?? o) as keyof T);
  for (const o of outputs) res[o] = NaN;
  return {
    name,
    outputs,
    update(bar: BarLike) {
      s.update(bar);
      for (let i = 0; i < outputs.length; i++) res[outputs[i]] = s[keys[i]] as unknown as number;
      return res;
    },
  };
}

/** Adapts a one-series kernel with several output fields (e.g. BBANDS over a chosen source). */
export function seriesFieldStream<T extends { next(x: number): unknown }>(name: string, s: T, source: Source, outputs: readonly string[]): StreamingIndicator {
  const res: Record<string, number> = {};
  for (const o of outputs) res[o] = NaN;
  return {
    name,
    outputs,
    update(bar: BarLike) {
      s.next(sourceValue(bar, source));
      for (const o of outputs) res[o] = (s as unknown as Record<string, number>)[o];
      return res;
    },
  };
}

export type DefSpec = Omit<IndicatorDef, 'compute' | 'stream' | 'warmup'> & {
  warmup(p: Params): number;
  compute(inputs: InputColumns, p: Params): Record<string, Float64Array>;
  stream(p: Params): StreamingIndicator;
};

/** Wraps a spec so compute/stream/warmup always see resolved, validated params. */
export function define(spec: DefSpec): IndicatorDef {
  return {
    ...spec,
    warmup: (p) => spec.warmup(resolveParams(spec, p)),
    compute: (inputs, p) => spec.compute(inputs, resolveParams(spec, p)),
    stream: (p) => spec.stream(resolveParams(spec, p)),
  };
}

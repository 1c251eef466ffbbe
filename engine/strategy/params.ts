import { EngineError } from '../core/errors';
import type { ParamSpec, ParamSpecs, ParamValues } from './api';

/**
 * The strategy's param values: declared defaults overridden by `given`. Unknown names, wrong
 * types and values outside min/max/options are refused with INVALID_INPUT (an optimiser or form bug
 * should not silently run another strategy than the one asked for).
 */
export function resolveParams<P extends ParamSpecs>(specs: P | undefined, given: Record<string, unknown> = {}): ParamValues<P> {
  const out: Record<string, unknown> = {};
  const declared = specs ?? ({} as P);
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new EngineError('INVALID_INPUT', `unknown strategy param "${name}"`, { param: name });
  }
  for (const [name, spec] of Object.entries(declared)) {
    const v = name in given ? given[name] : spec.default;
    checkParam(name, spec, v);
    out[name] = v;
  }
  return Object.freeze(out) as ParamValues<P>;
}

function checkParam(name: string, spec: ParamSpec, v: unknown): void {
  const bad = (why: string): never => {
    throw new EngineError('INVALID_INPUT', `strategy param "${name}" ${why}`, { param: name, value: v });
  };
  switch (spec.type) {
    case 'int':
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('must be a finite number');
      if (spec.type === 'int' && !Number.isInteger(v)) bad('must be an integer');
      if (spec.min !== undefined && (v as number) < spec.min) bad(`must be ≥ ${spec.min}`);
      if (spec.max !== undefined && (v as number) > spec.max) bad(`must be ≤ ${spec.max}`);
      return;
    case 'bool':
      if (typeof v !== 'boolean') bad('must be true or false');
      return;
    case 'enum':
      if (typeof v !== 'string' || !spec.options.includes(v)) bad(`must be one of ${spec.options.join(', ')}`);
      return;
  }
}

/** The grid of values an optimiser may try for one numeric param (min..max by step), or the options. */
export function paramGrid(spec: ParamSpec): readonly (number | boolean | string)[] {
  switch (spec.type) {
    case 'bool':
      return [false, true];
    case 'enum':
      return spec.options;
    default: {
      if (spec.min === undefined || spec.max === undefined) return [spec.default];
      const step = spec.step ?? (spec.type === 'int' ? 1 : (spec.max - spec.min) / 10);
      const out: number[] = [];
      // Counting steps (not adding) keeps float grids free of accumulated error.
      const n = Math.floor((spec.max - spec.min) / step + 1e-9);
      for (let k = 0; k <= n; k++) out.push(spec.type === 'int' ? Math.round(spec.min + k * step) : spec.min + k * step);
      return out;
    }
  }
}

import type { ParamSpecDto, ParamSpecsDto } from '../../../../shared/contract/strategies';

export type ParamValue = number | boolean | string;
export type ParamValuesDto = Record<string, ParamValue>;

export function defaultValues(specs: ParamSpecsDto): ParamValuesDto {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
}

/** Keeps the values the user set for params that still exist with the same type; the rest get defaults. */
export function mergeValues(specs: ParamSpecsDto, current: ParamValuesDto): ParamValuesDto {
  const out: ParamValuesDto = {};
  for (const [k, s] of Object.entries(specs)) {
    const v = current[k];
    out[k] = v !== undefined && problem(s, v) === null ? v : s.default;
  }
  return out;
}

/** Why a value does not fit its declaration (null when it does): the key of a message and its values. */
export function problem(spec: ParamSpecDto, value: ParamValue): { key: 'outOfRange' | 'notNumber' | 'notInteger' | 'notOption'; min?: number; max?: number } | null {
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean' ? null : { key: 'notOption' };
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value) ? null : { key: 'notOption' };
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { key: 'notNumber' };
      if (spec.type === 'int' && !Number.isInteger(value)) return { key: 'notInteger' };
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return { key: 'outOfRange', min: spec.min, max: spec.max };
      return null;
    }
  }
}

/** Params that differ from their defaults (what a run list shows). */
export function changedParams(specs: ParamSpecsDto, values: ParamValuesDto): string[] {
  return Object.keys(specs).filter((k) => values[k] !== specs[k].default);
}

/** `fast=12 slow=30` — a compact, stable rendering of a params object. */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v)}`)
    .join(' ');
}

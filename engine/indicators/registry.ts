import { EngineError } from '../core/errors';
import type { IndicatorDef, IndicatorMeta, InputColumns, Params, StreamingIndicator } from './types';
import { resolveParams } from './registry-helpers';
import { OVERLAP } from './definitions/overlap';
import { MOMENTUM } from './definitions/momentum';
import { TREND } from './definitions/trend';
import { VOLATILITY } from './definitions/volatility';
import { VOLUME } from './definitions/volume';
import { STATISTICS } from './definitions/statistics';
import { PRICE } from './definitions/price';

/**
 * The registry: every indicator's metadata and a generic way to compute or stream it by name, so
 * the chart, the contract and the optimiser need not know each indicator. Definitions live in
 * definitions/, one file per group; adding an indicator = copying a sibling entry.
 */
const defs: IndicatorDef[] = [...OVERLAP, ...MOMENTUM, ...TREND, ...VOLATILITY, ...VOLUME, ...STATISTICS, ...PRICE];

/** Every indicator by its TA-Lib-style name. */
export const INDICATORS: Record<string, IndicatorDef> = Object.fromEntries(defs.map((d) => [d.name, d]));

function lookup(name: string): IndicatorDef {
  const def = Object.prototype.hasOwnProperty.call(INDICATORS, name) ? INDICATORS[name] : undefined;
  if (!def) throw new EngineError('INVALID_INPUT', `unknown indicator "${name}"`, { indicator: name, known: Object.keys(INDICATORS) });
  return def;
}

/** The metadata of every indicator, JSON-serialisable (for `indicators.list`). */
export function listIndicators(): IndicatorMeta[] {
  return defs.map(({ name, title, group, display, inputs, params, outputs, range, talib, formula }) => ({
    name,
    title,
    group,
    display,
    inputs,
    params,
    outputs,
    ...(range ? { range } : {}),
    talib,
    formula,
  }));
}

/** Computes any indicator by name over bar columns; params default from the metadata. */
export function computeIndicator(name: string, inputs: InputColumns, params: Params = {}): Record<string, Float64Array> {
  return lookup(name).compute(inputs, params);
}

/** A fresh streaming instance of any indicator by name. */
export function createStreaming(name: string, params: Params = {}): StreamingIndicator {
  return lookup(name).stream(params);
}

/** Leading NaN bars of the first output for these params. */
export function indicatorWarmup(name: string, params: Params = {}): number {
  return lookup(name).warmup(params);
}

/** The params with defaults filled in, checked against the metadata (INVALID_INPUT when unknown or out of range). */
export function resolveIndicatorParams(name: string, params: Params = {}): Params {
  return resolveParams(lookup(name), params);
}

/** The metadata of one indicator (INVALID_INPUT when unknown). */
export function indicatorMeta(name: string): IndicatorMeta {
  return lookup(name);
}

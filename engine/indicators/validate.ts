import { EngineError } from '../core/errors';

/** Argument checks shared by every indicator: bad input throws INVALID_INPUT, never computes garbage. */

export function checkPeriod(indicator: string, param: string, value: number, min = 1, max = 100_000): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EngineError('INVALID_INPUT', `${indicator}: ${param} must be an integer in [${min}, ${max}], got ${String(value)}`, {
      indicator,
      param,
      value,
    });
  }
  return value;
}

export function checkReal(indicator: string, param: string, value: number, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new EngineError('INVALID_INPUT', `${indicator}: ${param} must be a finite number in [${min}, ${max}], got ${String(value)}`, {
      indicator,
      param,
      value,
    });
  }
  return value;
}

/** All inputs must be Float64Arrays of one length; returns that length. */
export function checkInputs(indicator: string, ...columns: Float64Array[]): number {
  const n = columns[0]?.length ?? 0;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (!(c instanceof Float64Array)) {
      throw new EngineError('INVALID_INPUT', `${indicator}: input ${i} must be a Float64Array`, { indicator, input: i });
    }
    if (c.length !== n) {
      throw new EngineError('INVALID_INPUT', `${indicator}: inputs have different lengths (${n} and ${c.length})`, {
        indicator,
        lengths: columns.map((x) => x.length),
      });
    }
  }
  return n;
}

/** Index of the first NaN in any of the columns, or n. */
export function firstNaN(n: number, ...columns: Float64Array[]): number {
  let cut = n;
  for (const c of columns) {
    for (let i = 0; i < cut; i++) {
      if (c[i] !== c[i]) {
        cut = i;
        break;
      }
    }
  }
  return cut;
}

/** A Float64Array of n NaNs: the output before its values are written. */
export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** TA-Lib's TA_IS_ZERO: treats |v| < 1e-14 as zero (used where TA-Lib does, to match it). */
export function isZero(v: number): boolean {
  return v > -1e-14 && v < 1e-14;
}

/** A caller-supplied output array: right length, not sharing memory with the input; its warm-up is (re)filled with NaN. */
export function checkOut(indicator: string, out: Float64Array, n: number, warm: number, input: Float64Array): Float64Array {
  if (!(out instanceof Float64Array) || out.length !== n) {
    throw new EngineError('INVALID_INPUT', `${indicator}: out must be a Float64Array of the input length ${n}`, { indicator });
  }
  if (out.buffer === input.buffer) {
    throw new EngineError('INVALID_INPUT', `${indicator}: out must not share memory with the input (the running sums read inputs after writing outputs)`, { indicator });
  }
  out.fill(NaN, 0, Math.min(warm, n));
  return out;
}

/**
 * An output of length n whose loop will write [warm, end): only the rest is pre-filled with NaN
 * (filling all of it first would touch every page twice).
 */
export function outArray(n: number, warm: number, end: number): Float64Array {
  const a = new Float64Array(n);
  const w = Math.min(warm, end);
  if (w > 0) a.fill(NaN, 0, w);
  if (end < n) a.fill(NaN, end, n);
  return a;
}

import { EngineError } from '../core/errors';
import { uninitialized } from './alloc';

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
  for (let lo = 0; lo < n; lo += NAN_BLOCK) {
    const hi = lo + NAN_BLOCK < n ? lo + NAN_BLOCK : n;
    const cut = firstNaNIn(columns, lo, hi);
    if (cut < hi) return cut;
  }
  return n;
}

const NAN_BLOCK = 1024;

/**
 * Index of the first NaN in any column within [lo, hi), or hi. A NaN makes a sum NaN, so each
 * column's block is summed in four lanes (no branch per value, several loads in flight) and only
 * a NaN sum is searched value by value; ±Infinity can also give a NaN sum (Inf - Inf), which the
 * exact search then dismisses. Blocks of a few KB: a chunked kernel that calls this right before
 * computing the block finds its inputs in L1.
 */
export function firstNaNIn(columns: readonly Float64Array[], lo: number, hi: number): number {
  let bad = false;
  for (let q = 0; q < columns.length; q++) {
    const c = columns[q];
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let i = lo;
    for (; i + 3 < hi; i += 4) {
      a0 += c[i];
      a1 += c[i + 1];
      a2 += c[i + 2];
      a3 += c[i + 3];
    }
    for (; i < hi; i++) a0 += c[i];
    const s = a0 + a1 + (a2 + a3);
    if (s !== s) bad = true;
  }
  if (!bad) return hi;
  let cut = hi;
  for (let q = 0; q < columns.length; q++) {
    const c = columns[q];
    for (let i = lo; i < cut; i++) {
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
  return uninitialized(n).fill(NaN);
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
  const a = uninitialized(n);
  const w = Math.min(warm, end);
  if (w > 0) a.fill(NaN, 0, w);
  if (end < n) a.fill(NaN, end, n);
  return a;
}

/** Index of the first bar where every column is defined (not NaN); n if there is none. */
export function firstValue(n: number, cols: readonly Float64Array[]): number {
  outer: for (let i = 0; i < n; i++) {
    for (const c of cols) if (c[i] !== c[i]) continue outer;
    return i;
  }
  return n;
}

function padFront(a: Float64Array, start: number, n: number): Float64Array {
  const r = uninitialized(n);
  r.fill(NaN, 0, start);
  r.set(a, start);
  return r;
}

/**
 * Leading NaNs — typically another indicator's warm-up, as in an SMA of an RSI — are not data:
 * the batch form runs on the bars from the first one where every input is defined (the
 * columns' views from there, no copy) and pads its outputs back with NaN. `columns` is how many
 * leading arguments are input columns; `outArg` the index of an optional output argument. The
 * common case (no NaN on the first bar) costs one comparison per column.
 */
export function skipLeadingNaN<F extends (...args: any[]) => any>(indicator: string, impl: F, columns: number, outArg = -1): F {
  const wrapped = (...args: any[]) => {
    let lead = false;
    for (let k = 0; k < columns; k++) {
      const c = args[k];
      if (c instanceof Float64Array && c.length > 0 && c[0] !== c[0]) lead = true;
    }
    if (!lead) return impl(...args);
    const cols = args.slice(0, columns) as Float64Array[];
    const n = checkInputs(indicator, ...cols);
    const start = firstValue(n, cols);
    const sub = args.slice();
    for (let k = 0; k < columns; k++) sub[k] = cols[k].subarray(start);
    const out = outArg >= 0 ? (args[outArg] as Float64Array | undefined) : undefined;
    if (out !== undefined) {
      checkOut(indicator, out, n, start, cols[0]);
      sub[outArg] = out.subarray(start);
      impl(...sub);
      return out;
    }
    const r = impl(...sub) as Float64Array | Record<string, Float64Array>;
    if (r instanceof Float64Array) return padFront(r, start, n);
    const padded: Record<string, Float64Array> = {};
    for (const key of Object.keys(r)) padded[key] = padFront(r[key], start, n);
    return padded;
  };
  return wrapped as F;
}

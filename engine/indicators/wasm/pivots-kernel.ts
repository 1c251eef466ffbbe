import { PIVOTS_WASM } from './pivots.wasm';
import { lazyWasm, type WasmMemory } from './instantiate';

/**
 * PIVOTS' period extremes by the WebAssembly kernel of scripts/gen-pivots-wasm.mjs (f64x2
 * pmax/pmin two bars at a time: branch-free, where V8's scalar `if (h > hi) hi = h` branches at
 * random on prices). The staged chunk lives in the module's memory, so the kernel reads the bars
 * where the JS loop stages them.
 */

export interface PivotsWasm {
  /** The module's memory as f64s (its 3 pages: 24,576 values); the staged chunk goes here. */
  readonly view: Float64Array;
  /**
   * The staged chunk's timestamps, highs, lows and closes are columns of length len from view
   * index 0. From bar i0, the run of bars before n whose timestamp lies in [from, to]: returns
   * its end; if it is not empty, view[out] = its highest high, view[out + 1] = its lowest low,
   * view[out + 2] = a sum of its highs, lows and closes (NaN if any is). Extremes exact up to the
   * sign of a zero.
   */
  run(len: number, i0: number, n: number, from: number, to: number, out: number): number;
}

const kernel = lazyWasm(PIVOTS_WASM, (e): PivotsWasm => ({ view: new Float64Array((e.memory as WasmMemory).buffer), run: e.run as PivotsWasm['run'] }));
let enabled = true;

/** Tests compare the two paths bit for bit; everything else leaves the kernel on. */
export function usePivotsWasm(on: boolean): void {
  enabled = on;
}

/** The kernel, instantiated once at first use; null where WebAssembly SIMD is missing or it is switched off. */
export function pivotsWasm(): PivotsWasm | null {
  const k = kernel();
  return enabled ? k : null;
}

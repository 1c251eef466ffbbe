import { PIVOTS_WASM } from './pivots.wasm';

/**
 * PIVOTS' period extremes by the WebAssembly kernel of scripts/gen-pivots-wasm.mjs (f64x2
 * pmax/pmin two bars at a time: branch-free, where V8's scalar `if (h > hi) hi = h` branches at
 * random on prices). The staged chunk lives in the module's memory, so the kernel reads the bars
 * where the JS loop stages them. Same declarations and fallback as ichimoku-kernel.ts.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
}

export interface PivotsWasm {
  /** The module's memory as f64s (its 3 pages: 24,576 values); staged bars go here. */
  readonly view: Float64Array;
  /**
   * Over staged bars [i0, i1), i1 - i0 >= 2, of the columns starting at view indices h, l, c:
   * view[out] = the highest high, view[out + 1] = the lowest low, view[out + 2] = a sum of every
   * high, low and close (NaN if any is). Extremes exact up to the sign of a zero.
   */
  extremes(h: number, l: number, c: number, i0: number, i1: number, out: number): void;
}

let kernel: PivotsWasm | null | undefined;
let enabled = true;

/** Tests compare the two paths bit for bit; everything else leaves the kernel on. */
export function usePivotsWasm(on: boolean): void {
  enabled = on;
}

/** The kernel, instantiated once at first use; null where WebAssembly SIMD is missing or it is switched off. */
export function pivotsWasm(): PivotsWasm | null {
  if (kernel === undefined) {
    kernel = null;
    try {
      const wa = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
      if (wa) {
        const e = new wa.Instance(new wa.Module(PIVOTS_WASM)).exports;
        const f = e.extremes as (h: number, l: number, c: number, i0: number, i1: number, out: number) => void;
        const view = new Float64Array((e.memory as WasmMemory).buffer);
        kernel = {
          view,
          extremes: (h, l, c, i0, i1, out) => f(h * 8, l * 8, c * 8, i0, i1, out * 8),
        };
      }
    } catch {
      kernel = null;
    }
  }
  return enabled ? kernel : null;
}

import { CCI_WASM } from './cci.wasm';
import { sizedWasm, type WasmMemory } from './instantiate';

/**
 * CCI's windows by the WebAssembly kernel of scripts/gen-cci-wasm.mjs: each f64x2 lane sums one
 * bar's window (values k = 0 .. p-1 in order) and its absolute deviations the same way, so the
 * values are bit-identical to oscillators.ts's cciWindow (and CciStream).
 */
type Kernel = (m: number, p: number, o: number) => void;

const kernel = sizedWasm(CCI_WASM, (e) => ({ memory: e.memory as WasmMemory, cci: e.cci as Kernel }));
let enabled = true;

/** Tests compare the two paths bit for bit; everything else leaves the kernel on. */
export function useCciWasm(on: boolean): void {
  enabled = on;
}

/** Whether the kernel compiles and instantiates here. */
export function cciWasmAvailable(): boolean {
  return kernel(0) !== null;
}

/** The module's memory as one work array: typical prices from 0, outputs from `out`. */
export interface CciWasmWork {
  readonly w: Float64Array;
  /** f64 index of the output region. */
  readonly out: number;
  /**
   * CCI of bars j = 0 .. m-1 (window w[j .. j+p)) into w[out + j], for j below m rounded down
   * to 8; returns that count (the caller computes the rest).
   */
  run(m: number): number;
}

/** Work memory for windows of p and chunks up to `cap` bars; null when unavailable or switched off. */
export function cciWasmWork(p: number, cap: number): CciWasmWork | null {
  p |= 0;
  cap |= 0;
  const tpLen = (cap + p + 7) & ~7;
  const total = tpLen + cap + 8;
  const ex = enabled ? kernel(8 * total) : null;
  if (!ex) return null;
  const w = new Float64Array(ex.memory.buffer, 0, total);
  const f = ex.cci;
  const ob = 8 * tpLen;
  return {
    w,
    out: tpLen,
    run(m: number): number {
      f(m, p, ob);
      return m & ~7;
    },
  };
}

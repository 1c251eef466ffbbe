import { AROON_WASM } from './aroon.wasm';
import { sizedWasm, type WasmMemory } from './instantiate';

/**
 * AROON/AROONOSC by the WebAssembly kernel of scripts/gen-aroon-wasm.mjs: frame.ts's van Herk
 * arg-extremes (argSuffix/aroonBlock) on (high, -low) pairs with compare masks and bitselect, no
 * data-dependent branch and no per-iteration typed-array checks. Same blocks, comparisons and
 * ties, and AroonStream's output arithmetic, so the outputs are bit-identical to the JS kernel.
 * Same declarations and fallback as ichimoku-kernel.ts.
 */
type Kernel = (m: number, p: number, lo: number, v: number, i: number, ou: number, od: number, osc: number, factor: number) => void;

const kernel = sizedWasm(AROON_WASM, (e) => ({ memory: e.memory as WasmMemory, aroon: e.aroon as Kernel }));
let enabled = true;

/** Tests compare the two paths bit for bit; everything else leaves the kernel on. */
export function useAroonWasm(on: boolean): void {
  enabled = on;
}

/** Whether the kernel compiles and instantiates here. */
export function aroonWasmAvailable(): boolean {
  return kernel(0) !== null;
}

/** Bars per chunk after the p look-back bars (frame.ts's SPAN). */
const CHUNK = 4096;
/** Longer periods stay with the JS kernel (the module's memory would grow past a few MB). */
const MAX_PERIOD = 1 << 15;

/**
 * Aroon(p) of bars [p, end) (NaN-free: end is the first NaN bar) into up and down, or the
 * oscillator into up when down is null, as oscillators.ts's aroonInto. False (nothing written)
 * when the kernel is unavailable, switched off, or p is beyond MAX_PERIOD.
 */
export function aroonWasmInto(high: Float64Array, low: Float64Array, end: number, p: number, up: Float64Array, down: Float64Array | null): boolean {
  if (!enabled || !(p >= 2 && p <= MAX_PERIOD)) return false;
  p |= 0;
  const cap = p + CHUNK;
  // regions in f64 units: highs, lows (cap each), value pairs and index pairs (2 cap each), up, down
  const ex = kernel(64 * cap);
  if (ex === null) return false;
  const view = new Float64Array(ex.memory.buffer, 0, 8 * cap);
  const f = ex.aroon;
  const B = 8 * cap;
  const osc = down === null ? 1 : 0;
  const factor = 100 / p;
  for (let lo = p; lo < end; lo += CHUNK) {
    const hi = lo + CHUNK < end ? lo + CHUNK : end;
    const m = hi - lo + p;
    view.set(high.subarray(lo - p, hi), 0);
    view.set(low.subarray(lo - p, hi), cap);
    f(m, p, B, 2 * B, 4 * B, 6 * B, 7 * B, osc, factor);
    up.set(view.subarray(6 * cap, 6 * cap + (hi - lo)), lo);
    if (down !== null) down.set(view.subarray(7 * cap, 7 * cap + (hi - lo)), lo);
  }
  return true;
}

import { ICHIMOKU_WASM } from './ichimoku.wasm';
import { sizedWasm, type WasmMemory } from './instantiate';

/**
 * The Ichimoku lines of one staged chunk by the WebAssembly kernel of
 * scripts/gen-ichimoku-wasm.mjs (f64x2.pmax over (high, -low) pairs: branch-free, where V8's
 * scalar max/min branches at random on prices). Same windows and the same arithmetic, in the same
 * operand order, as trend.ts's ichimokuComposed, so the outputs are bit-identical to it.
 */
type Kernel = (...args: number[]) => void;

const kernel = sizedWasm(ICHIMOKU_WASM, (e) => ({ memory: e.memory as WasmMemory, ichimoku: e.ichimoku as Kernel }));
let enabled = true;

/** Tests compare the two paths bit for bit; everything else leaves the kernel on. */
export function useIchimokuWasm(on: boolean): void {
  enabled = on;
}

/** Whether the kernel compiles and instantiates here. */
export function ichimokuWasmAvailable(): boolean {
  return kernel(0) !== null;
}

export interface IchimokuOutputs {
  tenkan: Float64Array;
  kijun: Float64Array;
  spanA: Float64Array;
  spanB: Float64Array;
}

/** One set of periods' layout in the module's memory; `run` takes chunk after chunk. */
export interface IchimokuWasmChunks {
  /**
   * Bars a0+lead .. b-1 of the four lines, from the highs and lows of bars [a0, b) (NaN-free:
   * the batch path stops at a NaN before it calls this).
   */
  run(high: Float64Array, low: Float64Array, a0: number, b: number, r: IchimokuOutputs): void;
}

/**
 * The kernel for periods that nest (kijun in 2-3 tenkan windows, span B in 2-3 kijun windows),
 * chunks of at most `cap` staged bars of which the first `lead` are look-back; null when the
 * kernel is unavailable or switched off.
 */
export function ichimokuWasmChunks(tenkan: number, kijun: number, spanB: number, lead: number, cap: number): IchimokuWasmChunks | null {
  const q = tenkan | 0;
  const k = kijun | 0;
  const sb = spanB | 0;
  lead |= 0;
  cap |= 0;
  // regions in f64 units: highs, lows (cap each), pairs, block suffixes, tenkan and kijun
  // extremes (2 cap each), then the four outputs (cap each); 14 cap in all
  const ex = enabled ? kernel(112 * cap) : null;
  if (!ex) return null;
  const view = new Float64Array(ex.memory.buffer, 0, 14 * cap);
  const f = ex.ichimoku;
  const d1 = q < k - q ? q : k - q;
  const d2 = k - q;
  const c1 = k < sb - k ? k : sb - k;
  const c2 = sb - k;
  const B = 8 * cap;
  return {
    run(high, low, a0, b, r) {
      const m = b - a0;
      const n = m - lead;
      view.set(high.subarray(a0, b), 0);
      view.set(low.subarray(a0, b), cap);
      f(m, q, k - 1, lead, d1, d2, c1, c2, B, 2 * B, 4 * B, 6 * B, 8 * B, 10 * B, 11 * B, 12 * B, 13 * B);
      const t = a0 + lead;
      r.tenkan.set(view.subarray(10 * cap, 10 * cap + n), t);
      r.kijun.set(view.subarray(11 * cap, 11 * cap + n), t);
      r.spanA.set(view.subarray(12 * cap, 12 * cap + n), t);
      r.spanB.set(view.subarray(13 * cap, 13 * cap + n), t);
    },
  };
}

/**
 * What the WebAssembly kernels share (their bytes come from scripts/gen-*-wasm.mjs). Only the
 * types used here are declared: the pure engine builds against ES2022 without DOM or Node types.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
}

/**
 * A kernel's exports, instantiated once, synchronously, at the first call; null where
 * WebAssembly or its SIMD is missing or a Content-Security-Policy forbids compiling (compiling the
 * module is the feature test). Callers then run their JS path, which gives the same bits.
 */
export function lazyWasm<T>(bytes: Uint8Array, pick: (exports: Record<string, unknown>) => T): () => T | null {
  let made: T | null | undefined;
  return () => {
    if (made === undefined) {
      made = null;
      try {
        const wa = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
        if (wa) made = pick(new wa.Instance(new wa.Module(bytes)).exports);
      } catch {
        made = null;
      }
    }
    return made;
  };
}

/**
 * What the WebAssembly kernels share (their bytes come from scripts/gen-*-wasm.mjs). Only the
 * types used here are declared: the pure engine builds against ES2022 without DOM or Node types.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
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
  return () => (made === undefined ? (made = instantiate(bytes, pick)) : made);
}

/**
 * A kernel whose work memory depends on its arguments: `get(bytes)` returns an instance whose
 * memory holds at least `bytes`, or null as lazyWasm. A larger need makes a new instance from the
 * same bytes with its memory declared that large (pages rounded up to a power of two), never
 * `memory.grow`: growing detaches the old ArrayBuffer, and the first detach in a process makes
 * V8 put a detached-buffer check on every typed-array access of all code it optimises afterwards
 * (MFI's loop: 16.7 ms per 1M bars before any grow, 21.2 ms after one; every indicator after the
 * first WebAssembly one in the bench paid it).
 */
export function sizedWasm<T extends { memory: WasmMemory }>(bytes: Uint8Array, pick: (exports: Record<string, unknown>) => T): (need: number) => T | null {
  let made: T | null | undefined;
  let capacity = 0;
  return (need) => {
    if (made === null || (made !== undefined && need <= capacity)) return made;
    let pages = 1;
    while (pages * 65536 < need) pages *= 2;
    const next = instantiate(withMemoryPages(bytes, pages), pick);
    if (made === undefined && next === null) return (made = null); // no WebAssembly (SIMD) here
    // out of memory, or a layout withMemoryPages does not know: the JS path for this call
    if (next === null || next.memory.buffer.byteLength < need) return null;
    made = next;
    capacity = next.memory.buffer.byteLength;
    return made;
  };
}

function instantiate<T>(bytes: Uint8Array, pick: (exports: Record<string, unknown>) => T): T | null {
  try {
    const wa = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    return wa ? pick(new wa.Instance(new wa.Module(bytes)).exports) : null;
  } catch {
    return null;
  }
}

/**
 * The module with its one memory's initial size set to `pages` (the memory section, id 5, of
 * scripts/wasm-encoder.mjs's modules: one memory, flags 0 = no maximum). Other layouts come back
 * unchanged (sizedWasm then finds the memory too small and answers null).
 */
export function withMemoryPages(bytes: Uint8Array, pages: number): Uint8Array {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, sizeLen] = readUleb(bytes, at + 1);
    const body = at + 1 + sizeLen;
    if (id === 5) {
      if (bytes[body] !== 1 || bytes[body + 1] !== 0) return bytes;
      const [, minLen] = readUleb(bytes, body + 2);
      if (2 + minLen !== size) return bytes;
      const content = [1, 0, ...uleb(pages)];
      return new Uint8Array([...bytes.subarray(0, at), 5, ...uleb(content.length), ...content, ...bytes.subarray(body + size)]);
    }
    at = body + size;
  }
  return bytes;
}

function readUleb(b: Uint8Array, at: number): [number, number] {
  let v = 0;
  let shift = 0;
  let len = 0;
  for (;;) {
    const byte = b[at + len++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [v, len];
  }
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

import { describe, expect, it, vi } from 'vitest';
import { sizedWasm, withMemoryPages } from './instantiate';
import { CCI_WASM } from './cci.wasm';
import { AROON_WASM } from './aroon.wasm';
import { ICHIMOKU_WASM } from './ichimoku.wasm';
import { aroon, cci, ichimoku } from '../index';
import { makeBars } from '../testdata';

// The kernels get larger work memory from a new instance, never memory.grow (which detaches the
// old buffer; one detach slows every typed-array loop V8 optimises afterwards).

// the engine's tsconfig has no WebAssembly types (no DOM or Node libs): the bits used here
interface WasmMemoryApi {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wa = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object) => { exports: Record<string, unknown> }; Memory: { prototype: WasmMemoryApi } } }).WebAssembly;

const memoryOf = (e: Record<string, unknown>) => ({ memory: e.memory as { buffer: ArrayBuffer } });

describe('sized WebAssembly memory', () => {
  for (const [name, bytes] of [['CCI', CCI_WASM], ['AROON', AROON_WASM], ['ICHIMOKU', ICHIMOKU_WASM]] as const) {
    it(`${name}: the module compiles with the memory size asked for`, () => {
      for (const pages of [1, 2, 64, 128, 300]) {
        const m = new wa.Instance(new wa.Module(withMemoryPages(bytes, pages))).exports.memory as WasmMemoryApi;
        expect(m.buffer.byteLength).toBe(pages * 65536);
      }
    });
  }

  it('a larger need makes a new instance and leaves the old buffer attached', () => {
    const get = sizedWasm(CCI_WASM, memoryOf);
    const small = get(1000)!;
    const buffer = small.memory.buffer;
    expect(buffer.byteLength).toBe(65536);
    expect(get(65536)).toBe(small);
    const big = get(65537)!;
    expect(big).not.toBe(small);
    expect(big.memory.buffer.byteLength).toBe(2 * 65536);
    expect(get(5 * 65536)!.memory.buffer.byteLength).toBe(8 * 65536);
    expect(buffer.byteLength).toBe(65536);
    expect(get(100)!.memory.buffer.byteLength).toBe(8 * 65536);
  });

  it('the indicators never grow a kernel memory, whatever their periods', () => {
    const b = makeBars(20000, 3);
    const grow = vi.spyOn(wa.Memory.prototype, 'grow');
    try {
      for (const p of [5, 200, 3000, 20000]) {
        cci(b.high, b.low, b.close, p);
        aroon(b.high, b.low, p);
      }
      ichimoku(b.high, b.low, b.close, 9, 26, 52);
      ichimoku(b.high, b.low, b.close, 90, 260, 520);
      expect(grow).not.toHaveBeenCalled();
    } finally {
      grow.mockRestore();
    }
  });
});

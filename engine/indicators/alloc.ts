/**
 * Output arrays without zero-filling. A zeroed 8 MB array is fresh pages from the kernel: about
 * 2,000 page faults, ~5 ms on this class of machine — more than SMA's whole loop over 1M bars.
 * Node's `Buffer.allocUnsafeSlow` takes the memory from malloc instead, which hands back the
 * already-mapped pages of arrays the collector freed. Every caller writes every element (the
 * poison test fills these arrays with a marker and checks none survives). Outside Node — a
 * browser worker has no Buffer — it is a plain Float64Array.
 */
interface UnsafeAllocator {
  allocUnsafeSlow(size: number): { buffer: ArrayBufferLike; byteOffset: number };
}
const nodeBuffer = (globalThis as { Buffer?: UnsafeAllocator }).Buffer;
let poison: number | undefined;

/** A Float64Array of n elements whose contents are undefined until written. */
export function uninitialized(n: number): Float64Array {
  if (nodeBuffer === undefined || n < 1024) return new Float64Array(n);
  const b = nodeBuffer.allocUnsafeSlow(n * 8);
  const a = new Float64Array(b.buffer as ArrayBuffer, b.byteOffset, n);
  if (poison !== undefined) a.fill(poison);
  return a;
}

/** Tests only: fill every uninitialized array with `value`, so an element a kernel forgets to write shows. */
export function poisonUninitialized(value: number | undefined): void {
  poison = value;
}

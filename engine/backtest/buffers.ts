/**
 * A small pool of Float64Array scratch buffers reused across runs in one thread. Fresh typed
 * arrays are fresh pages, and touching a page the first time costs the kernel a fault: in a
 * worker that runs backtest after backtest (an optimisation), reusing the equity curve and the
 * order/fill logs saves more time than the event loop spends on most strategies.
 * A reused buffer is filled with NaN first: cheap next to the page faults it saves, and a read
 * before a write shows up as NaN instead of a number from an earlier run. Callers that write every
 * value before reading any (record logs, the equity curve) skip the fill: for them it is the only
 * cost left of taking a buffer.
 */
const free: Float64Array[] = [];
let pooledBytes = 0;
const MAX_POOLED_BYTES = 256 * 1024 * 1024;

/** A buffer of exactly `n` values (zeros when new; when reused NaN, or the old values with `fillNaN` false). */
export function takeBuffer(n: number, fillNaN = true): Float64Array {
  for (let i = free.length - 1; i >= 0; i--) {
    if (free[i].length === n) {
      const b = free[i];
      free.splice(i, 1);
      pooledBytes -= b.byteLength;
      return fillNaN ? b.fill(NaN) : b;
    }
  }
  return new Float64Array(n);
}

/** Gives a buffer back; nothing may use it afterwards. */
export function releaseBuffer(b: Float64Array): void {
  if (b.byteLength === 0 || b.byteOffset !== 0 || b.length !== b.buffer.byteLength / 8) return; // views are not ours to pool
  if (pooledBytes + b.byteLength > MAX_POOLED_BYTES) return;
  free.push(b);
  pooledBytes += b.byteLength;
}

/** Drops every pooled buffer (for a worker about to idle). */
export function clearBufferPool(): void {
  free.length = 0;
  pooledBytes = 0;
}

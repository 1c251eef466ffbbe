import { closeSync, openSync, readv } from 'node:fs';
import { BAR_FIELDS, type BarColumns } from '../model/bars';

/** Below this many bytes of columns the thread hop costs more than the faults it takes over. */
export const PREFAULT_MIN_BYTES = 4 << 20;

/**
 * Has a libuv pool thread fault in the pages of bars [start, n) of fresh columns: the first write
 * to each page of a new allocation is a page fault (~2 µs here; the 96 MB of columns of 2M bars
 * are ~23,000 of them, ~50 ms), which the kernel then takes on the other core while this thread
 * goes on. One readv of zeros from /dev/zero, so the columns stay zero.
 *
 * The pool thread writes into that part until the promise settles: nothing may write there
 * before then. It never rejects; where there is no /dev/zero (Windows) or the read fails, the
 * pages are just faulted in later by whoever writes them.
 */
export function prefaultTail(c: BarColumns, start: number): Promise<void> {
  const n = c.ts.length;
  const from = Math.max(0, start);
  if (from >= n) return Promise.resolve();
  let fd: number;
  try {
    fd = openSync('/dev/zero', 'r');
  } catch {
    return Promise.resolve();
  }
  const tails = BAR_FIELDS.map((f) => new Uint8Array(c[f].buffer, c[f].byteOffset + from * 8, (n - from) * 8));
  return new Promise<void>((resolve) => {
    readv(fd, tails, null, () => {
      closeSync(fd);
      resolve();
    });
  });
}

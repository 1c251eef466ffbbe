/**
 * Staged chunk kernels. On Node 20 (V8 11.3) the optimised code of a hot loop re-checks the map
 * and reloads the base pointer and length of every typed array it touches on every iteration
 * (the loop's stack check counts as a call that might detach a buffer), so a loop over four
 * input columns and a few outputs pays that for each of them per bar. A staged kernel copies the
 * chunk's inputs (and the bars its windows look back on) into one work array with
 * `TypedArray.set` — a memcpy of data the loop reads anyway — and computes from there with its
 * state in locals. Outputs, on the other hand, are written straight to their columns: copying
 * staged outputs out again measured slower than the columns' per-iteration checks (an extra
 * pass over memory the size of every output). Stateful kernels run STEP bars per call (see
 * kernels.ts) and keep their state in the work array between calls.
 */

/**
 * Bars per chunk: the chunk's staged inputs and intermediates (a few hundred KB at most) stay in
 * L2 between the copy in and the passes over them.
 */
export const STAGE = 4096;

let work = new Float64Array(0);

/**
 * The shared work array, at least n long. Batch calls run one at a time (single-threaded, and
 * no kernel calls another while it holds the array), so one array serves every staged kernel.
 */
export function stagingArray(n: number): Float64Array {
  if (work.length < n) work = new Float64Array(Math.max(n, 2 * work.length));
  return work;
}

/**
 * Bars per chunk for windows looking back `lead` bars: every chunk re-copies its lead-in, so
 * long windows get longer chunks to keep that copy a small part of the work.
 */
export function stageLength(lead: number): number {
  return lead * 4 > STAGE ? lead * 4 : STAGE;
}

import { lazyWasm, type WasmMemory } from '../../indicators/wasm/instantiate';
import { CSV_ROWS_WASM, IN_AT, IN_CAP, MAX_FIELDS, OUT_AT, ROLES_AT, ROWS_CAP, STATE_AT } from './csv-rows.wasm';

/**
 * The plain rows of a CSV by the WebAssembly kernel of scripts/gen-csv-wasm.mjs. The bytes are
 * staged in the module's memory IN_CAP at a time and the rows come out in its six columns; a row
 * the kernel does not take is left to the JS pass (parse-rows-fast.ts), which gives the same bits.
 */
export interface CsvRowsKernel {
  readonly bytes: Uint8Array;
  readonly columns: Float64Array;
  readonly state: Int32Array;
  /**
   * The rows of bytes[p, end) (end just past a '\n'), at most maxRows, into row 0… of the
   * columns: how many; state[0] is where it stopped (at a row it did not take when that is before
   * end and fewer than maxRows were taken), state[1] the direction the rows set. inOrder 1: the
   * fields are ts, open, high, low, close, volume (need 6), read without the role table.
   */
  rows(p: number, end: number, maxRows: number, need: number, delim: number, unit: number, volumeScale: number, direction: number, lastTs: number, hasLast: number, inOrder: number): number;
  /** How many '\n' bytes[p, end) holds; the 16 bytes from end must be zeros. */
  lines(p: number, end: number): number;
}

export const KERNEL_UNIT = { ms: 0, s: 1, us: 2 } as const;
export { IN_AT, IN_CAP, MAX_FIELDS, ROLES_AT, ROWS_CAP };

const kernel = lazyWasm(CSV_ROWS_WASM, (e): CsvRowsKernel => {
  const buffer = (e.memory as WasmMemory).buffer;
  return {
    bytes: new Uint8Array(buffer),
    columns: new Float64Array(buffer, OUT_AT, 6 * ROWS_CAP),
    state: new Int32Array(buffer, STATE_AT, 2),
    rows: e.rows as CsvRowsKernel['rows'],
    lines: e.lines as CsvRowsKernel['lines'],
  };
});
let enabled = true;

/** Tests compare the kernel with the JS pass bit for bit; everything else leaves it on. */
export function useCsvRowsKernel(on: boolean): void {
  enabled = on;
}

/** The kernel (one per thread, instantiated at first use); null where WebAssembly is missing or it is switched off. */
export function csvRowsKernel(): CsvRowsKernel | null {
  return enabled ? kernel() : null;
}

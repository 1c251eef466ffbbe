import { endianness } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';

/**
 * How a run's result is packed in `backtest_runs.result`: its long number arrays (the curves and
 * the plots' values) as float64 columns after the JSON of the rest, all brotli at quality 1.
 *
 * A 2M-bar run's result is ~60k numbers and 4 KB besides. As JSON they cost ~64M instructions to
 * print and ~40M to compress (365 KB); as columns, a copy and ~25M to compress (357 KB).
 *
 * Reading gives exactly what JSON would: a column's NaN and ±Infinity come back null and −0
 * comes back 0. Older rows are read as they were written: gzip of the JSON (told apart by gzip's
 * magic bytes 1f 8b; a brotli stream with a 22-bit window starts with low bits 1011, never
 * 0x1f's 1111), or brotli of the JSON (it starts with "{", the packed form with MAGIC).
 *
 * Packed layout: MAGIC, the JSON's byte length (u32 LE), the JSON `{"columns":[[...path, length]...],
 * "result":{...}}` with each column's array left empty, zero padding to a multiple of 8, then the
 * columns' values in order as float64 LE.
 */
const MAGIC = Buffer.from('QDC1', 'latin1');
const WINDOW_BITS = 22;

type Path = (string | number)[];
type Column = { path: Path; values: readonly (number | null)[] };

export function encodeResult(result: object): Buffer {
  return compress(pack(result) ?? Buffer.from(JSON.stringify(result), 'utf8'));
}

export function isGzip(blob: Uint8Array): boolean {
  return blob.length >= 2 && blob[0] === 0x1f && blob[1] === 0x8b;
}

/** The result as JSON.parse(JSON.stringify(result)) would give it. */
export function decodeResult(blob: Buffer): unknown {
  const bytes = isGzip(blob) ? gunzipSync(blob) : brotliDecompressSync(blob);
  return bytes.subarray(0, MAGIC.length).equals(MAGIC) ? unpack(bytes) : JSON.parse(bytes.toString('utf8'));
}

function compress(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_LGWIN]: WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** The result's curves and plot values. */
function columnsOf(r: Record<string, unknown>): Column[] | null {
  const curve = r.curve as Record<string, unknown> | undefined;
  const plots = r.plots as { values?: unknown }[] | undefined;
  if (!curve || !Array.isArray(plots)) return null;
  const out: Column[] = [];
  for (const key of ['ts', 'equity', 'drawdown', 'benchmark']) {
    const v = curve[key];
    if (!Array.isArray(v)) return null;
    out.push({ path: ['curve', key], values: v });
  }
  plots.forEach((p, i) => {
    if (Array.isArray(p?.values)) out.push({ path: ['plots', i, 'values'], values: p.values });
  });
  return out;
}

function pack(result: object): Buffer | null {
  if (endianness() !== 'LE') return null;
  const r = result as Record<string, unknown>;
  const columns = columnsOf(r);
  if (!columns) return null;
  // The same object with each column emptied, its keys in the same order (spreads keep order).
  const curve = r.curve as Record<string, unknown>;
  const rest = {
    ...r,
    curve: { ...curve, ts: [], equity: [], drawdown: [], benchmark: [] },
    plots: (r.plots as Record<string, unknown>[]).map((p) => (Array.isArray(p?.values) ? { ...p, values: [] } : p)),
  };
  const json = Buffer.from(JSON.stringify({ columns: columns.map((c) => [...c.path, c.values.length]), result: rest }), 'utf8');
  const start = align8(MAGIC.length + 4 + json.length);
  let total = 0;
  for (const c of columns) total += c.values.length;
  const out = Buffer.alloc(start + total * 8);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  const values = new Float64Array(out.buffer, out.byteOffset + start, total);
  let k = 0;
  for (const c of columns) {
    // set() reads null as 0: a column with nulls (a plot's undefined values) goes value by value.
    if (!c.values.includes(null)) values.set(c.values as number[], k);
    else for (let i = 0; i < c.values.length; i++) values[k + i] = c.values[i] ?? NaN;
    k += c.values.length;
  }
  return out;
}

function unpack(bytes: Buffer): unknown {
  const length = bytes.readUInt32LE(MAGIC.length);
  const head = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as { columns: Path[]; result: Record<string, unknown> };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = align8(MAGIC.length + 4 + length);
  for (const spec of head.columns) {
    const n = spec[spec.length - 1] as number;
    const path = spec.slice(0, -1);
    const values = new Array<number | null>(n);
    for (let i = 0; i < n; i++, at += 8) {
      const x = view.getFloat64(at, true);
      // What JSON makes of a number: null when not finite, 0 for −0.
      values[i] = Number.isFinite(x) ? x + 0 : null;
    }
    let target = head.result as Record<string | number, unknown>;
    for (let j = 0; j < path.length - 1; j++) target = target[path[j]] as Record<string | number, unknown>;
    target[path[path.length - 1]] = values;
  }
  return head.result;
}

const align8 = (n: number): number => (n + 7) & ~7;

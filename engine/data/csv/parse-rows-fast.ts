import { allocBarColumns, BAR_FIELDS, type BarColumns } from '../../model/bars';
import { csvRowsKernel, IN_AT, IN_CAP, KERNEL_UNIT, MAX_FIELDS, ROLES_AT, ROWS_CAP, type CsvRowsKernel } from './csv-rows-kernel';
import { parseDecimal } from './numbers';
import { epochToMs } from './timestamps';

/** What the fast pass needs from the header and the first rows (parseOhlcvCsv works these out). */
export interface FastRowsPlan {
  /** Role of each of the first `need` fields (0 ts, 1–5 open…volume, −1 ignored). */
  roleOf: Int8Array;
  need: number;
  delim: number;
  unit: 's' | 'ms' | 'us';
  /** +1 oldest first, −1 newest first, 0 not known yet (the first two rows decide). */
  direction: number;
  volumeScale: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface FastRows {
  /** In time order (a newest-first file is reversed). */
  bars: BarColumns;
  reversed: boolean;
  rows: number;
}

const NL = 10;
const CR = 13;
const QUOTE = 34;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const PROGRESS_EVERY_ROWS = 1 << 16;
/** Bytes a word read may reach past the byte it starts at. */
const WORD_SLACK = 3;

/**
 * The body of a clean CSV (plain decimal numbers, epoch times, one row per line) read in one pass
 * straight into columns, or null as soon as anything is not plain: a quote, a space, an empty or
 * malformed field, high < low, a negative volume, a time out of order. The caller then parses the
 * whole file with the general row loop, which reports every problem with its line number — so this
 * pass never needs to describe a problem, and gives the same doubles as that loop (an exact
 * integer mantissa and the same single division; exponents and long mantissas go through the
 * same parseDecimal).
 */
export function parseRowsFast(b: Uint8Array, start: number, plan: FastRowsPlan): FastRows | null {
  const raw = readRowsFast(b, start, plan);
  if (!raw || raw.n === 0) return null;
  const { out, n } = raw;
  // Exact arrays, so their buffers can be transferred whole (the row loop promises the same).
  const bars = n === out.ts.length ? out : exactColumns(out, n);
  const reversed = raw.direction < 0;
  if (reversed) for (const f of BAR_FIELDS) bars[f].reverse();
  return { bars, reversed, rows: raw.rows };
}

/** What the fast pass read, before trimming and reversing: the first `n` rows of `out`, in file order. */
export interface RawRows {
  out: BarColumns;
  n: number;
  rows: number;
  /** The plan's direction, or the one the first two rows set when it had none (0: fewer than two rows). */
  direction: number;
}

/**
 * parseRowsFast without the last step, for callers that join parts (parse-split.ts) and copy once.
 * `into`: columns to fill from row 0 (the result's `out` is them unless the rows did not fit).
 */
export function readRowsFast(b: Uint8Array, start: number, plan: FastRowsPlan, into?: BarColumns): RawRows | null {
  const total = b.length;
  const kernel = kernelFor(plan);
  const out = into ?? allocBarColumns(rowsCapacity(b, start, plan));
  const st: RowsState = { n: 0, direction: plan.direction, out, cap: out.ts.length };
  const rows = kernel ? readWithKernel(kernel, b, start, plan, st) : readSpan(b, start, total, plan, st);
  if (rows < 0) return null;
  plan.onProgress?.(total, total);
  return { out: st.out, n: st.n, rows, direction: st.direction };
}

/**
 * The rows of b[start…) appended to st's columns (growing them if they are full), as one pass
 * over the whole file would read them after st.n rows: how many, or −1 when one is not plain.
 */
export function readRowsInto(b: Uint8Array, start: number, plan: FastRowsPlan, st: RowsState): number {
  const kernel = kernelFor(plan);
  return kernel ? readWithKernel(kernel, b, start, plan, st) : readSpan(b, start, b.length, plan, st);
}

/** The lines of b[start…) (its '\n' bytes, one more for a last line without one), counted by the kernel; null without it. */
export function countLinesFast(b: Uint8Array, start: number, plan: FastRowsPlan): number | null {
  const kernel = kernelFor(plan);
  return kernel ? countLines(kernel, b, start) : null;
}

/** The kernel, where it can read this plan's rows (it knows the six columns' roles, and −1, only). */
function kernelFor(plan: FastRowsPlan): CsvRowsKernel | null {
  return plan.need <= MAX_FIELDS && plan.roleOf.every((r) => r >= -1 && r <= 5) ? csvRowsKernel() : null;
}

/**
 * Rows to make room for in b[start…). With the kernel, its lines counted: the exact row count of a
 * file without blank lines, so the columns need no copy to trim them (a pass over fresh memory
 * costs more than the count, ~10 instructions per 16 bytes); never more than twice the estimate.
 */
export function rowsCapacity(b: Uint8Array, start: number, plan: FastRowsPlan): number {
  const estimate = estimateRows(b, start, b.length);
  const kernel = kernelFor(plan);
  if (!kernel) return estimate;
  const lines = countLines(kernel, b, start);
  return lines <= 2 * estimate ? lines : estimate;
}

/**
 * Rows of b[from, to) by the JS pass (`to` is b.length or just past a '\n'): how many, or −1. Digits
 * are read four bytes at a time, up to three bytes past a line's '\n': the lines read in place end
 * at a '\n' at least that far from the end of b, the rest is read from a padded copy.
 */
function readSpan(b: Uint8Array, from: number, to: number, plan: FastRowsPlan, st: RowsState): number {
  let lastNl = Math.min(to, b.length - WORD_SLACK) - 1;
  while (lastNl >= from && b[lastNl] !== NL) lastNl--;
  let rows = 0;
  if (lastNl >= from) {
    const r = parseRows(b, from, lastNl + 1, plan, st);
    if (r < 0) return -1;
    rows += r;
  }
  const rest = Math.max(from, lastNl + 1);
  if (rest < to) {
    // A last line without its '\n' gets one; zeros after it stop any digit run.
    const end = b[to - 1] === NL ? to - rest : to - rest + 1;
    const tail = new Uint8Array(end + WORD_SLACK);
    tail.set(b.subarray(rest, to));
    tail[end - 1] = NL;
    const r = parseRows(tail, 0, end, plan, st);
    if (r < 0) return -1;
    rows += r;
  }
  return rows;
}

/** Rows the kernel does not take before the JS pass reads all the rest itself (a file of exponents, say). */
const MAX_KERNEL_STOPS = 256;

/**
 * The rows of b[start…) by the WebAssembly kernel, IN_CAP bytes staged at a time, each row it
 * does not take read by the JS pass (readSpan): the same rows and numbers as readSpan alone.
 */
function readWithKernel(k: CsvRowsKernel, b: Uint8Array, start: number, plan: FastRowsPlan, st: RowsState): number {
  const total = b.length;
  const { need, delim, volumeScale, onProgress } = plan;
  const unit = KERNEL_UNIT[plan.unit];
  const inOrder = need === 6 && plan.roleOf.every((r, i) => r === i) ? 1 : 0;
  k.bytes.set(plan.roleOf.subarray(0, need), ROLES_AT);
  let rows = 0;
  let stops = 0;
  let nextProgress = PROGRESS_EVERY_ROWS;
  let p = start;
  while (p < total) {
    const e = total - p < IN_CAP ? total : b.lastIndexOf(NL, p + IN_CAP - 1) + 1;
    if (e <= p) {
      // A line longer than the stage.
      const r = readSpan(b, p, lineEnd(b, p), plan, st);
      if (r < 0) return -1;
      rows += r;
      p = lineEnd(b, p);
      continue;
    }
    let len = e - p;
    k.bytes.set(b.subarray(p, e), IN_AT);
    if (b[e - 1] !== NL) k.bytes[IN_AT + len++] = NL;
    const qe = IN_AT + len;
    let q = IN_AT;
    while (q < qe) {
      const n = st.n;
      const got = k.rows(q, qe, ROWS_CAP, need, delim, unit, volumeScale, st.direction, n > 0 ? st.out.ts[n - 1] : 0, n > 0 ? 1 : 0, inOrder);
      if (got > 0) takeRows(k, st, got);
      rows += got;
      st.direction = k.state[1];
      q = k.state[0];
      if (q < qe && got < ROWS_CAP) {
        // A row the kernel did not take.
        const ls = p + (q - IN_AT);
        if (++stops > MAX_KERNEL_STOPS) {
          const r = readSpan(b, ls, total, plan, st);
          return r < 0 ? -1 : rows + r;
        }
        const le = lineEnd(b, ls);
        const r = readSpan(b, ls, le, plan, st);
        if (r < 0) return -1;
        rows += r;
        if (le >= total) break;
        q = IN_AT + (le - p);
      }
      if (onProgress && rows >= nextProgress) {
        nextProgress += PROGRESS_EVERY_ROWS;
        onProgress(Math.min(p + (q - IN_AT), total), total);
      }
    }
    p = e;
  }
  return rows;
}

/** Lines of b[start…): its '\n' bytes, and one more for a last line without one. */
function countLines(k: CsvRowsKernel, b: Uint8Array, start: number): number {
  const total = b.length;
  let lines = 0;
  for (let p = start; p < total; p += IN_CAP) {
    const len = Math.min(IN_CAP, total - p);
    k.bytes.set(b.subarray(p, p + len), IN_AT);
    k.bytes.fill(0, IN_AT + len, IN_AT + len + 16);
    lines += k.lines(IN_AT, IN_AT + len);
  }
  return total > start && b[total - 1] !== NL ? lines + 1 : lines;
}

/** Just past the '\n' that ends the line at p, or b.length. */
function lineEnd(b: Uint8Array, p: number): number {
  const nl = b.indexOf(NL, p);
  return nl < 0 ? b.length : nl + 1;
}

/** The kernel's `got` rows appended to the columns. */
function takeRows(k: CsvRowsKernel, st: RowsState, got: number): void {
  if (st.n + got > st.cap) {
    st.cap = Math.max(Math.ceil(st.cap * 1.5) + 1024, st.n + got);
    st.out = grow(st.out, st.n, st.cap);
  }
  for (let f = 0; f < BAR_FIELDS.length; f++) st.out[BAR_FIELDS[f]].set(k.columns.subarray(f * ROWS_CAP, f * ROWS_CAP + got), st.n);
  st.n += got;
}

/** Columns being filled: rows [0, n) read, room for cap; the direction the rows so far set. */
export interface RowsState {
  n: number;
  direction: number;
  out: BarColumns;
  cap: number;
}

/** Rows of b[p, end) where b[end − 1] is '\n': how many, or −1 when one is not plain (see parseRowsFast). */
function parseRows(b: Uint8Array, p: number, end: number, plan: FastRowsPlan, st: RowsState): number {
  const { roleOf, need, delim, unit, volumeScale, onProgress } = plan;
  // The usual ts,open,high,low,close,volume needs no role lookup per field.
  const inOrder = need === 6 && roleOf.every((r, i) => r === i);
  // Digits are read four at a time (see below); readRowsFast leaves room for a word past a line's end.
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let { n, direction, out, cap } = st;
  let ts = out.ts;
  let open = out.open;
  let high = out.high;
  let low = out.low;
  let close = out.close;
  let volume = out.volume;
  let rows = 0;
  let nextProgress = PROGRESS_EVERY_ROWS;
  while (p < end) {
    let c = b[p];
    if (c === NL) {
      p++;
      continue;
    }
    if (c === CR && b[p + 1] === NL) {
      p += 2;
      continue;
    }
    // Values go straight into row n (a row that is not plain abandons the pass anyway): doubles
    // kept in locals across rows were boxed into heap numbers by the optimizer.
    if (n === cap) {
      cap = Math.ceil(cap * 1.5) + 1024;
      out = grow(out, n, cap);
      ts = out.ts;
      open = out.open;
      high = out.high;
      low = out.low;
      close = out.close;
      volume = out.volume;
    }
    for (let f = 0; f < need; f++) {
      const role = inOrder ? f : roleOf[f];
      if (role < 0) {
        c = b[p];
        if (c === QUOTE) return -1;
        while (c !== delim && c !== NL && c !== CR) c = b[++p];
      } else {
        const fieldStart = p;
        // A sign, the digits with at most one '.' among them, four bytes at a time into one
        // integer mantissa: exact below 2^53 and monotonic past it, so `> MAX_EXACT` still sends
        // the field to the general parser. Written out here, not called: a call that returns a
        // double allocates a heap number for it.
        let sign = 0;
        let mant = 0;
        let dot = -1;
        for (;;) {
          const x = dv.getUint32(p, true) ^ 0x30303030; // digits → byte values 0…9, anything else ≥ 10
          // High bit of every byte ≥ 10 (masked to 7 bits first, so no carry reaches the next byte).
          const other = (((x & 0x7f7f7f7f) + 0x76767676) | x) & 0x80808080;
          if (other === 0) {
            mant = mant * 1e4 + fourDigits(x);
            p += 4;
            continue;
          }
          const k = (31 - Math.clz32(other & -other)) >> 3; // digits before the first non-digit
          // The k digits moved to the top bytes; the zero bytes below read as leading zeros.
          if (k > 0) {
            mant = mant * POW10[k] + fourDigits(x << (32 - 8 * k));
            p += k;
          }
          c = ((x >>> (8 * k)) & 0xff) ^ 0x30;
          if (c === DOT && dot < 0) {
            dot = p++;
            continue;
          }
          if (p === fieldStart && (c === MINUS || c === PLUS)) {
            sign = c === MINUS ? -1 : 1;
            p++;
            continue;
          }
          break;
        }
        const scale = dot < 0 ? 0 : p - dot - 1;
        const digits = p - fieldStart - (sign === 0 ? 0 : 1) - (dot < 0 ? 0 : 1);
        const neg = sign < 0;
        let v: number;
        if (c === 101 || c === 69) {
          // An exponent: the general parser, exactly as the row loop would call it.
          while (c !== delim && c !== NL && c !== CR) c = b[++p];
          v = parseDecimal(b, fieldStart, p);
        } else {
          if (digits === 0) return -1;
          if (mant > MAX_EXACT || scale > 22) v = parseDecimal(b, fieldStart, p);
          else {
            v = scale === 0 ? mant : mant / POW10[scale];
            if (neg) v = -v;
          }
        }
        // NaN and ±Infinity both fail x − x === 0.
        if (v - v !== 0) return -1;
        if (role === 0) ts[n] = epochToMs(v, unit);
        else if (role === 1) open[n] = v;
        else if (role === 2) high[n] = v;
        else if (role === 3) low[n] = v;
        else if (role === 4) close[n] = v;
        else if (v < 0) return -1;
        else volume[n] = v * volumeScale;
      }
      if (f < need - 1) {
        if (c !== delim) return -1;
        p++;
      } else if (c !== delim && c !== NL && c !== CR) return -1;
    }
    // The rest of the line (extra columns) is not looked at, as in the row loop.
    while (c !== NL) c = b[++p];
    p++;
    rows++;
    if (high[n] < low[n]) return -1;
    const t = ts[n];
    if (n > 0) {
      const lastTs = ts[n - 1];
      if (t === lastTs) return -1;
      const dir = t > lastTs ? 1 : -1;
      if (direction === 0) direction = dir;
      else if (dir !== direction) return -1;
    }
    n++;
    if (onProgress && rows >= nextProgress) {
      nextProgress += PROGRESS_EVERY_ROWS;
      onProgress(p, b.length);
    }
  }
  st.n = n;
  st.direction = direction;
  st.out = out;
  st.cap = cap;
  return rows;
}

/** Four byte values 0…9, the first in the low byte, as the number they spell (SWAR: pairs, then the pair of pairs). */
function fourDigits(x: number): number {
  const pairs = (Math.imul(x, 10) + (x >>> 8)) & 0x00ff00ff;
  return Math.imul(pairs & 0xff, 100) + (pairs >>> 16);
}

/**
 * Rows to allocate for: the body's bytes over the shorter mean line length of the first and the
 * last 256 lines, plus 2%. Prices that drift to fewer digits make later lines shorter, so the
 * file's head alone would undercount and force copies.
 */
function estimateRows(b: Uint8Array, start: number, total: number): number {
  const SAMPLE = 256;
  let p = start;
  let lines = 0;
  while (p < total && lines < SAMPLE) {
    const nl = b.indexOf(NL, p);
    p = nl < 0 ? total : nl + 1;
    lines++;
  }
  if (p >= total) return Math.max(1, lines);
  const headMean = (p - start) / lines;
  let e = total - 1;
  let tailLines = 0;
  while (e > p && tailLines < SAMPLE) {
    const nl = b.lastIndexOf(NL, e - 1);
    if (nl < p) break;
    e = nl;
    tailLines++;
  }
  const tailMean = tailLines > 0 ? (total - 1 - e) / tailLines : headMean;
  return Math.ceil(((total - start) / Math.min(headMean, tailMean)) * 1.02) + 1024;
}

function grow(c: BarColumns, n: number, cap: number): BarColumns {
  const out = allocBarColumns(cap);
  for (const f of BAR_FIELDS) out[f].set(c[f].subarray(0, n));
  return out;
}

export function exactColumns(c: BarColumns, n: number): BarColumns {
  return { ts: c.ts.slice(0, n), open: c.open.slice(0, n), high: c.high.slice(0, n), low: c.low.slice(0, n), close: c.close.slice(0, n), volume: c.volume.slice(0, n) };
}

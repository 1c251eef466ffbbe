import { allocBarColumns, BAR_FIELDS, type BarColumns } from '../../model/bars';
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

/**
 * The body of a clean CSV (plain decimal numbers, epoch times, one row per line) read in one pass
 * straight into columns, or null as soon as anything is not plain: a quote, a space, an empty or
 * malformed field, high < low, a negative volume, a time out of order. The caller then parses the
 * whole file with the general row loop, which reports every problem with its line number — so this
 * pass never needs to describe a problem, and gives the same doubles as that loop (the same
 * digit accumulation and the same single division; exponents and long mantissas go through the
 * same parseDecimal).
 */
export function parseRowsFast(b: Uint8Array, start: number, plan: FastRowsPlan): FastRows | null {
  const total = b.length;
  let lastNl = total - 1;
  while (lastNl >= start && b[lastNl] !== NL) lastNl--;
  let cap = estimateRows(b, start, total);
  let out = allocBarColumns(cap);
  const state = { n: 0, lastTs: NaN, direction: plan.direction, out, cap };
  // Complete lines first (every scan stops at the '\n' ahead); then a last line without one, from a padded copy.
  let rows = 0;
  if (lastNl >= start) {
    const r = parseRows(b, start, lastNl + 1, plan, state);
    if (r < 0) return null;
    rows += r;
  }
  if (lastNl + 1 < total) {
    const tail = new Uint8Array(total - lastNl);
    tail.set(b.subarray(lastNl + 1));
    tail[tail.length - 1] = NL;
    const r = parseRows(tail, 0, tail.length, plan, state);
    if (r < 0) return null;
    rows += r;
  }
  plan.onProgress?.(total, total);
  out = state.out;
  cap = state.cap;
  const n = state.n;
  if (n === 0) return null;
  // Exact arrays, so their buffers can be transferred whole (the row loop promises the same).
  const bars = n === cap ? out : exact(out, n);
  const reversed = state.direction < 0;
  if (reversed) for (const f of BAR_FIELDS) bars[f].reverse();
  return { bars, reversed, rows };
}

interface State {
  n: number;
  lastTs: number;
  direction: number;
  out: BarColumns;
  cap: number;
}

/** Rows of b[p, end) where b[end − 1] is '\n': how many, or −1 when one is not plain (see parseRowsFast). */
function parseRows(b: Uint8Array, p: number, end: number, plan: FastRowsPlan, st: State): number {
  const { roleOf, need, delim, unit, volumeScale } = plan;
  const row = new Float64Array(6);
  let { n, lastTs, direction, out, cap } = st;
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
    for (let f = 0; f < need; f++) {
      const role = roleOf[f];
      const fieldStart = p;
      if (role < 0) {
        if (c === QUOTE) return -1;
        while (c !== delim && c !== NL && c !== CR) c = b[++p];
      } else {
        let neg = false;
        if (c === MINUS) {
          neg = true;
          c = b[++p];
        } else if (c === PLUS) c = b[++p];
        let mant = 0;
        let digits = 0;
        let scale = 0;
        while (c >= 48 && c <= 57) {
          mant = mant * 10 + (c - 48);
          digits++;
          c = b[++p];
        }
        if (c === DOT) {
          c = b[++p];
          while (c >= 48 && c <= 57) {
            mant = mant * 10 + (c - 48);
            scale++;
            c = b[++p];
          }
          digits += scale;
        }
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
        row[role] = role === 0 ? epochToMs(v, unit) : v;
      }
      if (f < need - 1) {
        if (c !== delim) return -1;
        c = b[++p];
      } else if (c !== delim && c !== NL && c !== CR) return -1;
    }
    // The rest of the line (extra columns) is not looked at, as in the row loop.
    while (c !== NL) c = b[++p];
    p++;
    rows++;
    const t = row[0];
    if (row[2] < row[3] || row[5] < 0) return -1;
    if (n > 0) {
      if (t === lastTs) return -1;
      const dir = t > lastTs ? 1 : -1;
      if (direction === 0) direction = dir;
      else if (dir !== direction) return -1;
    }
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
    ts[n] = t;
    open[n] = row[1];
    high[n] = row[2];
    low[n] = row[3];
    close[n] = row[4];
    volume[n] = row[5] * volumeScale;
    n++;
    lastTs = t;
    if (rows >= nextProgress) {
      nextProgress += PROGRESS_EVERY_ROWS;
      plan.onProgress?.(p, b.length);
    }
  }
  st.n = n;
  st.lastTs = lastTs;
  st.direction = direction;
  st.out = out;
  st.cap = cap;
  return rows;
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

function exact(c: BarColumns, n: number): BarColumns {
  return { ts: c.ts.slice(0, n), open: c.open.slice(0, n), high: c.high.slice(0, n), low: c.low.slice(0, n), close: c.close.slice(0, n), volume: c.volume.slice(0, n) };
}
